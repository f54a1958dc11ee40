// HTML escaping with UTF-8 repair: a page must render whatever bytes a merchant or payer sent.
#include "pages/html_builder.hpp"

#include <cstdint>
#include <utility>

#include "pages/utf8.hpp"

namespace faktura::pages {

void append_escaped_html(std::string& out, std::string_view value) {
    out.reserve(out.size() + value.size());
    for_each_code_point(value, [&out](std::string_view sequence, char32_t code_point) {
        switch (code_point) {
            case U'&':
                out += "&amp;";
                return;
            case U'<':
                out += "&lt;";
                return;
            case U'>':
                out += "&gt;";
                return;
            case U'"':
                out += "&quot;";
                return;
            case U'\'':
                out += "&#39;";
                return;
            default:
                break;
        }
        // C0 controls and DEL are parse errors in HTML (and NUL is dropped or replaced by browsers
        // in different ways); tab, line feed and carriage return are ordinary white space.
        const bool is_control = (code_point < 0x20 && code_point != U'\t' && code_point != U'\n' &&
                                 code_point != U'\r') ||
                                code_point == 0x7f;
        if (code_point == replacement_character || is_control) {
            out += replacement_character_utf8;
        } else {
            out += sequence;
        }
    });
}

std::string escape_html(std::string_view value) {
    std::string out;
    append_escaped_html(out, value);
    return out;
}

HtmlBuilder& HtmlBuilder::markup(Markup literal) {
    html_ += literal.view();
    return *this;
}

HtmlBuilder& HtmlBuilder::text(std::string_view value) {
    append_escaped_html(html_, value);
    return *this;
}

HtmlBuilder& HtmlBuilder::attribute(Markup name, std::string_view value) {
    html_ += ' ';
    html_ += name.view();
    html_ += "=\"";
    append_escaped_html(html_, value);
    html_ += '"';
    return *this;
}

HtmlBuilder& HtmlBuilder::attribute(Markup name) {
    html_ += ' ';
    html_ += name.view();
    return *this;
}

std::string HtmlBuilder::take() { return std::exchange(html_, {}); }

}  // namespace faktura::pages
