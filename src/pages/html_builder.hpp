// Builds HTML so that every value is escaped by construction (DESIGN example 8): text() and
// attribute() escape, and markup() accepts only string literals written in this repository, never a
// runtime string. Pure.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace faktura::pages {

// A piece of raw HTML that is a string literal. The consteval constructor rejects std::string,
// std::string_view and pointers, so payer or merchant data cannot become markup by accident.
class Markup {
  public:
    template <std::size_t size>
    consteval Markup(const char (&literal)[size])  // NOLINT(google-explicit-constructor)
        : text_{literal, size - 1} {}

    constexpr std::string_view view() const { return text_; }

  private:
    std::string_view text_;
};

// Appends `value` to `out` with & < > " ' written as character references, invalid UTF-8 and
// control characters (other than tab, line feed and carriage return) replaced by U+FFFD. Safe both
// in element content and in quoted attribute values.
void append_escaped_html(std::string& out, std::string_view value);
std::string escape_html(std::string_view value);

class HtmlBuilder {
  public:
    // Raw markup: a literal only (see Markup).
    HtmlBuilder& markup(Markup literal);
    // Element content, escaped.
    HtmlBuilder& text(std::string_view value);
    // ` name="value"` with the value escaped; the name is a literal.
    HtmlBuilder& attribute(Markup name, std::string_view value);
    // ` name` (a boolean attribute such as autofocus).
    HtmlBuilder& attribute(Markup name);

    // The document so far; the builder is empty afterwards.
    std::string take();

  private:
    std::string html_;
};

}  // namespace faktura::pages
