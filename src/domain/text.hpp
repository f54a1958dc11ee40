// Small text tests and conversions every layer needs, written once: ASCII digits, GUIDs, ASCII
// lower case. Pure; bytes outside ASCII are left as they are.
#pragma once

#include <algorithm>
#include <string>
#include <string_view>

namespace faktura::domain {

constexpr bool is_ascii_digit(char c) { return c >= '0' && c <= '9'; }

// One or more ASCII digits and nothing else.
constexpr bool is_digits(std::string_view text) {
    return !text.empty() && std::all_of(text.begin(), text.end(), is_ascii_digit);
}

constexpr bool is_hex_digit(char c) {
    return is_ascii_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx" in hex digits of either case (§3.4).
constexpr bool is_guid(std::string_view text) {
    if (text.size() != 36) return false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const bool dash_position = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash_position ? text[i] != '-' : !is_hex_digit(text[i])) return false;
    }
    return true;
}

constexpr char ascii_lower(char c) {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
}

inline std::string ascii_lowercase(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(), ascii_lower);
    return text;
}

}  // namespace faktura::domain
