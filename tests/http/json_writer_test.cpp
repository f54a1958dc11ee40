// The response JSON writer: key order as written, commas, escaping, and invalid UTF-8 replaced.
#include "http/json_writer.hpp"

#include <gtest/gtest.h>

namespace faktura::http {
namespace {

TEST(JsonWriter, KeepsKeyOrderAndNesting) {
    JsonWriter out;
    out.begin_object()
        .field("b", std::int64_t{1})
        .key("a")
        .begin_array()
        .integer(2)
        .boolean(true)
        .null()
        .end_array()
        .link("c", "/x")
        .field("d", "text")
        .key("e")
        .raw_number("3.1")
        .end_object();
    EXPECT_EQ(R"({"b":1,"a":[2,true,null],"c":{"id":"/x"},"d":"text","e":3.1})", out.text());
}

TEST(JsonWriter, EscapesControlCharactersQuotesAndBackslashes) {
    JsonWriter out;
    out.string(
        "a\"b\\c\nd\te\x01"
        "f</script>");
    EXPECT_EQ(R"("a\"b\\c\nd\te\u0001f</script>")", out.text());
}

TEST(JsonWriter, KeepsUtf8AndReplacesInvalidBytes) {
    JsonWriter out;
    out.begin_array()
        .string("Helgestavägen •")
        .string("bad\xff\xc3(")
        .string("\xed\xa0\x80")
        .end_array();
    EXPECT_EQ(
        "[\"Helgestavägen •\",\"bad\xef\xbf\xbd\xef\xbf\xbd(\","
        "\"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\"]",
        out.text());
}

}  // namespace
}  // namespace faktura::http
