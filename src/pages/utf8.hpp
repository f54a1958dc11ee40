// Walks UTF-8 text one code point at a time, turning every byte that starts no valid sequence
// (overlong forms, surrogates, values above U+10FFFF, truncated sequences) into U+FFFD. Shared by
// the HTML and JSON escapers (internal to pages/). Pure.
#pragma once

#include <cstddef>
#include <string_view>

namespace faktura::pages {

inline constexpr char32_t replacement_character = 0xFFFD;
inline constexpr std::string_view replacement_character_utf8 = "\xEF\xBF\xBD";

// Length of the valid sequence starting at text[0], or 0 if the first byte starts none.
constexpr std::size_t valid_sequence_length(std::string_view text) {
    const auto byte = [&text](std::size_t i) { return static_cast<unsigned char>(text[i]); };
    const auto is_continuation = [&](std::size_t i) {
        return i < text.size() && (byte(i) & 0xC0U) == 0x80U;
    };
    const unsigned char lead = byte(0);
    if (lead < 0x80U) return 1;
    if (lead >= 0xC2U && lead <= 0xDFU) return is_continuation(1) ? 1 + 1 : 0;
    if (lead >= 0xE0U && lead <= 0xEFU) {
        if (!is_continuation(1) || !is_continuation(2)) return 0;
        if (lead == 0xE0U && byte(1) < 0xA0U) return 0;   // Overlong.
        if (lead == 0xEDU && byte(1) >= 0xA0U) return 0;  // UTF-16 surrogate.
        return 3;
    }
    if (lead >= 0xF0U && lead <= 0xF4U) {
        if (!is_continuation(1) || !is_continuation(2) || !is_continuation(3)) return 0;
        if (lead == 0xF0U && byte(1) < 0x90U) return 0;   // Overlong.
        if (lead == 0xF4U && byte(1) >= 0x90U) return 0;  // Above U+10FFFF.
        return 4;
    }
    return 0;  // A stray continuation byte, C0/C1 (overlong) or F5..FF.
}

// Calls visit(sequence, code_point) for each code point; an invalid byte is passed as
// (replacement_character_utf8, replacement_character).
template <typename Visit>
void for_each_code_point(std::string_view text, Visit&& visit) {
    while (!text.empty()) {
        const std::size_t length = valid_sequence_length(text);
        if (length == 0) {
            visit(replacement_character_utf8, replacement_character);
            text.remove_prefix(1);
            continue;
        }
        const auto byte = [&text](std::size_t i) {
            return static_cast<char32_t>(static_cast<unsigned char>(text[i]));
        };
        char32_t code_point = 0;
        switch (length) {
            case 1:
                code_point = byte(0);
                break;
            case 2:
                code_point = ((byte(0) & 0x1FU) << 6U) | (byte(1) & 0x3FU);
                break;
            case 3:
                code_point =
                    ((byte(0) & 0x0FU) << 12U) | ((byte(1) & 0x3FU) << 6U) | (byte(2) & 0x3FU);
                break;
            default:
                code_point = ((byte(0) & 0x07U) << 18U) | ((byte(1) & 0x3FU) << 12U) |
                             ((byte(2) & 0x3FU) << 6U) | (byte(3) & 0x3FU);
                break;
        }
        visit(text.substr(0, length), code_point);
        text.remove_prefix(length);
    }
}

}  // namespace faktura::pages
