// National identity numbers of the three invoice countries (test-data.md §2): parsing into one
// canonical form, checksum and calendar validation, and the masked form shown back to merchants.
// Pure: "today" is a parameter.
#pragma once

#include <compare>
#include <optional>
#include <string>
#include <string_view>

#include "domain/payment.hpp"
#include "domain/result.hpp"

namespace faktura::domain {

// A calendar date without a time zone; months and days count from 1.
struct CivilDate {
    int year = 1970;
    int month = 1;
    int day = 1;

    friend constexpr auto operator<=>(const CivilDate&, const CivilDate&) = default;
};

bool is_real_date(CivilDate date);
// "2026-12-01": four, two and two digits, and a real date; nullopt for anything else.
std::optional<CivilDate> parse_iso_date(std::string_view text);

struct NationalId {
    Country country = Country::se;
    // SE: 12 digits YYYYMMDDNNNC; NO: 11 digits DDMMYYIIIKK; FI: DDMMYYCZZZQ upper-case.
    // Coordination numbers (SE day + 60), D-numbers (NO day + 40) and NO synthetic numbers (month +
    // 40/+ 80) keep their written digits here; `birth_date` holds the real date.
    std::string canonical;
    CivilDate birth_date;

    bool operator==(const NationalId&) const = default;
};

// Accepts every spelling of test-data.md §2 (spaces are ignored; FI letters in either case).
// `today` decides the century of a 10-digit Swedish number and rejects birth dates in the future.
// On failure the Error has code request_invalid and a detail from
// national_id_invalid_description(country); the caller names the field.
Result<NationalId> parse_national_id(Country country, std::string_view text, CivilDate today);

// "The social security number is not valid for SE."
std::string national_id_invalid_description(Country country);

// The form shown where the full number must not appear (e.g. the paid resource's token name):
// SE "600307-****", NO "260267*****", FI "100584-****".
std::string format_national_id_masked(const NationalId& id);

}  // namespace faktura::domain
