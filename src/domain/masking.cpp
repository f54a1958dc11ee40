// Masking rules derived from the hosted-page screenshots (spec §11.3). Words are cut at code-point
// boundaries so a masked "Järfälla" never ends in half of an 'ä'.
#include "domain/masking.hpp"

#include <algorithm>
#include <cstddef>
#include <vector>

namespace faktura::domain {
namespace {

constexpr std::string_view mask_character = "\u2022";  // '•', three bytes in UTF-8.

// Byte length of the UTF-8 sequence that starts at text[at]. A malformed or truncated sequence
// counts as one byte, so every input splits into characters and nothing is dropped.
std::size_t sequence_length(std::string_view text, std::size_t at) {
    const auto lead = static_cast<unsigned char>(text[at]);
    std::size_t length = 1;
    if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4;
    }
    if (at + length > text.size()) return 1;
    for (std::size_t i = 1; i < length; ++i) {
        if ((static_cast<unsigned char>(text[at + i]) & 0xC0) != 0x80) return 1;
    }
    return length;
}

// Offsets of each character's first byte, then the end: character i is [starts[i], starts[i + 1]).
std::vector<std::size_t> character_starts(std::string_view text) {
    std::vector<std::size_t> starts;
    for (std::size_t at = 0; at < text.size(); at += sequence_length(text, at))
        starts.push_back(at);
    starts.push_back(text.size());
    return starts;
}

std::string mask_word(std::string_view word) {
    const std::vector<std::size_t> starts = character_starts(word);
    const std::size_t characters = starts.size() - 1;

    std::string masked;
    if (characters <= 2) {
        for (std::size_t i = 0; i < characters; ++i) masked += mask_character;
        return masked;
    }
    const std::size_t kept = std::max<std::size_t>(1, characters / 4);  // At each end.
    masked += word.substr(0, starts[kept]);
    for (std::size_t i = kept; i < characters - kept; ++i) masked += mask_character;
    masked += word.substr(starts[characters - kept]);
    return masked;
}

}  // namespace

std::string mask_address_words(std::string_view text) {
    std::string masked;
    masked.reserve(text.size() * 3);
    std::size_t word_start = 0;
    while (word_start <= text.size()) {
        const std::size_t space = std::min(text.find(' ', word_start), text.size());
        masked += mask_word(text.substr(word_start, space - word_start));
        if (space == text.size()) break;
        masked.push_back(' ');
        word_start = space + 1;
    }
    return masked;
}

std::string mask_zip_code(std::string_view zip_code) {
    std::string compact;
    for (char c : zip_code) {
        if (c != ' ') compact.push_back(c);
    }
    // Zip codes are ASCII digits, but a byte count would still be wrong for anything else: count
    // characters.
    const std::vector<std::size_t> starts = character_starts(compact);
    const std::size_t characters = starts.size() - 1;

    std::string masked;
    if (characters <= 3) {
        for (std::size_t i = 0; i < characters; ++i) masked += mask_character;
        return masked;
    }
    masked += compact.substr(0, starts[1]);
    for (std::size_t i = 1; i < characters - 2; ++i) masked += mask_character;
    masked += compact.substr(starts[characters - 2]);
    return masked;
}

MaskedAddress mask_address(const Address& address) {
    return MaskedAddress{
        .addressee = address.addressee,
        .co_address = address.co_address ? std::optional(mask_address_words(*address.co_address))
                                         : std::nullopt,
        .street_address = mask_address_words(address.street_address),
        .zip_code = mask_zip_code(address.zip_code),
        .city = mask_address_words(address.city),
        .country = address.country,
    };
}

}  // namespace faktura::domain
