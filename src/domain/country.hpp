// The ISO 3166 code of each invoice country: a property of the country, used alike by the API's
// countryCode, the credit provider's contract and the address box of the hosted page.
#pragma once

#include <optional>
#include <string_view>

#include "domain/payment.hpp"

namespace faktura::domain {

constexpr std::string_view iso_code(Country country) {
    switch (country) {
        case Country::se:
            return "SE";
        case Country::no:
            return "NO";
        case Country::fi:
            return "FI";
    }
    return {};
}

// "SE", "se", … → Country; nothing for another country.
constexpr std::optional<Country> country_of_iso_code(std::string_view code) {
    for (const Country country : {Country::se, Country::no, Country::fi}) {
        const std::string_view known = iso_code(country);
        if (code.size() == 2 && (code[0] | 0x20) == (known[0] | 0x20) &&
            (code[1] | 0x20) == (known[1] | 0x20)) {
            return country;
        }
    }
    return std::nullopt;
}

}  // namespace faktura::domain
