// A postal address as the population register holds it: the approved legal address of a payment
// (§11). Pure data.
#pragma once

#include <optional>
#include <string>

#include "domain/payment.hpp"

namespace faktura::domain {

struct Address {
    std::string addressee;  // The person's name, family name first where the register writes it so.
    std::optional<std::string> co_address;
    std::string street_address;
    std::string zip_code;
    std::string city;
    Country country = Country::se;

    bool operator==(const Address&) const = default;
};

}  // namespace faktura::domain
