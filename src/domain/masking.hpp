// The masked approved legal address shown to the payer and served by GET
// …/maskedapprovedlegaladdress (spec §11.3). Pure string work; lengths count Unicode code points,
// never bytes.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "domain/address.hpp"

namespace faktura::domain {

// A separate type from Address, so an unmasked address cannot be served where a masked one belongs.
struct MaskedAddress {
    std::string addressee;  // Not masked.
    std::optional<std::string> co_address;
    std::string street_address;
    std::string zip_code;
    std::string city;
    Country country = Country::se;  // Not masked.

    bool operator==(const MaskedAddress&) const = default;
};

// Per space-separated word: 1–2 code points → all '•'; n ≥ 3 → keep max(1, ⌊n/4⌋) code points at
// each end and '•' between. "Helgestavägen 9" → "Hel•••••••gen •". Runs of spaces are kept as they
// are. Input is UTF-8; a byte that starts no valid sequence counts as one character.
std::string mask_address_words(std::string_view text);

// Spaces removed, then first digit, '•' × (n − 3), last two digits: "19792" → "1••92", "1642" →
// "1•42". Codes of 3 characters or fewer would show everything that way, so they become all '•'.
std::string mask_zip_code(std::string_view zip_code);

MaskedAddress mask_address(const Address& address);

}  // namespace faktura::domain
