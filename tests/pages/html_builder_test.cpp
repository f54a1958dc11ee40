// Tests HtmlBuilder's escaping: the five HTML-significant characters, UTF-8 repair, control
// characters, and that raw markup can only be a literal (checked at compile time).
#include "pages/html_builder.hpp"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <type_traits>

namespace faktura::pages {
namespace {

// markup() takes string literals only: runtime strings do not convert to Markup.
static_assert(std::is_constructible_v<Markup, const char (&)[4]>);
static_assert(!std::is_constructible_v<Markup, std::string>);
static_assert(!std::is_constructible_v<Markup, std::string_view>);
static_assert(!std::is_constructible_v<Markup, const char*>);

TEST(EscapeHtml, WritesTheFiveSignificantCharactersAsReferences) {
    EXPECT_EQ(escape_html("<script>alert(1)</script>\"'&"),
              "&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;");
}

TEST(EscapeHtml, KeepsValidUtf8) {
    EXPECT_EQ(escape_html("Järfälla • 1 234,56 € 😀"), "Järfälla • 1 234,56 € 😀");
}

TEST(EscapeHtml, KeepsTabsAndLineBreaks) { EXPECT_EQ(escape_html("a\tb\nc\r\n"), "a\tb\nc\r\n"); }

TEST(EscapeHtml, ReplacesInvalidUtf8ByteByByte) {
    EXPECT_EQ(escape_html("a\xFF"
                          "b"),
              "a\uFFFD"
              "b");
    EXPECT_EQ(escape_html("\xC3"), "\uFFFD");                      // Truncated 2-byte sequence.
    EXPECT_EQ(escape_html("\xC0\xBC"), "\uFFFD\uFFFD");            // Overlong '<'.
    EXPECT_EQ(escape_html("\xED\xA0\x80"), "\uFFFD\uFFFD\uFFFD");  // A UTF-16 surrogate.
    EXPECT_EQ(escape_html("\xF4\x90\x80\x80"), "\uFFFD\uFFFD\uFFFD\uFFFD");  // Above U+10FFFF.
    EXPECT_EQ(escape_html("\x80<"), "\uFFFD&lt;");  // A stray continuation byte hides nothing.
}

TEST(EscapeHtml, ReplacesControlCharacters) {
    EXPECT_EQ(escape_html(std::string_view{"a\0b\x1b\x7f", 5}),
              "a\uFFFD"
              "b\uFFFD\uFFFD");
}

TEST(HtmlBuilder, EscapesTextAndAttributesButNotMarkup) {
    HtmlBuilder page;
    page.markup("<a").attribute("href", "/x?a=1&b=\"2\"").attribute("hidden").markup(">");
    page.text("<b>").markup("</a>");
    EXPECT_EQ(page.take(), "<a href=\"/x?a=1&amp;b=&quot;2&quot;\" hidden>&lt;b&gt;</a>");
}

TEST(HtmlBuilder, TakeLeavesTheBuilderEmpty) {
    HtmlBuilder page;
    page.markup("<p>");
    EXPECT_EQ(page.take(), "<p>");
    EXPECT_EQ(page.take(), "");
}

}  // namespace
}  // namespace faktura::pages
