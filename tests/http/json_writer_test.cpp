// The response JSON writer: key order as written, commas, escaping, and invalid UTF-8 replaced.
#include "http/json_writer.hpp"

#include <gtest/gtest.h>

#include <string>

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

// Plain text is checked sixteen (or eight) bytes at a time, the tail by a block that overlaps the
// one before: a byte that needs escaping is found at every position of every length up to 40 (two
// sixteen-byte blocks and the overlapping tail, or five words and the tail).
TEST(JsonWriter, FindsTheByteToEscapeAtEveryPositionOfShortAndLongStrings) {
    for (std::size_t length = 1; length <= 40; ++length) {
        for (std::size_t at = 0; at < length; ++at) {
            for (const char special : {'"', '\\', '\n', '\x7f', '\x80'}) {
                std::string text(length, 'x');
                text[at] = special;
                JsonWriter out;
                out.string(text);
                std::string expected = "\"" + std::string(at, 'x');
                if (special == '"') expected += "\\\"";
                if (special == '\\') expected += "\\\\";
                if (special == '\n') expected += "\\n";
                if (special == '\x7f') expected += "\x7f";
                if (special == '\x80') expected += "\xef\xbf\xbd";
                expected += std::string(length - at - 1, 'x') + "\"";
                EXPECT_EQ(out.text(), expected) << "length " << length << ", at " << at;
            }
        }
    }
}

// The writer writes into room it keeps ahead and grows that room as it goes: a document many times
// the first room, with values on both sides of each growth and nested ten deep, comes out whole,
// and take() hands over exactly the text.
TEST(JsonWriter, WritesDocumentsLargerThanItsFirstRoomWholeAtAnyDepth) {
    JsonWriter out;
    std::string expected;
    for (int depth = 0; depth < 10; ++depth) {
        out.begin_array();
        expected += depth == 0 ? "[" : ",[";
        for (int i = 0; i < 300; ++i) {
            const std::string text = "value " + std::to_string(i) + std::string(i % 17, 'y');
            out.string(text).integer(i);
            expected += (i == 0 ? "\"" : ",\"") + text + "\"," + std::to_string(i);
        }
    }
    for (int depth = 0; depth < 10; ++depth) {
        out.end_array();
        expected += "]";
    }
    ASSERT_GT(expected.size(), 10 * 2048u);
    EXPECT_EQ(out.text(), expected);
    EXPECT_EQ(out.take(), expected);
}

}  // namespace
}  // namespace faktura::http
