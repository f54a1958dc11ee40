// The payer's contact fields typed on the hosted page (spec §21.1, test-data.md §4): mobile number,
// e-mail and zip code, each normalised to the one spelling the rest of the system stores. Pure;
// nullopt/false = invalid.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "domain/payment.hpp"

namespace faktura::domain {

// "+<country code><number>", matching ^[+][0-9]+$ with 8–15 digits (E.164). Spaces and hyphens are
// ignored; a leading "00" means "+"; a number without either gets the payment's country code (SE
// +46 and FI +358 replace one leading trunk 0; NO +47 has no trunk prefix). "070-777 77 77" (SE) →
// "+46707777777".
std::optional<std::string> normalise_msisdn(Country country, std::string_view text);

// Pragmatic syntax check, not RFC 5322: at most 254 characters, exactly one '@', a non-empty local
// part, a domain with a dot that neither starts nor ends it, and no whitespace or control
// characters.
bool is_valid_email(std::string_view text);

// SE: 5 digits, optionally written "NNN NN"; NO: 4 digits; FI: 5 digits. Surrounding spaces are
// ignored and the result is digits only: "197 92" → "19792".
std::optional<std::string> normalise_zip_code(Country country, std::string_view text);

}  // namespace faktura::domain
