// Money as strong integer types: minor units (öre, øre, cent) and VAT rates in hundredths of a
// percent. Pure: never a double, never a bare integer at an interface.
#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

namespace faktura::domain {

struct Amount {
    std::int64_t minor = 0;  // 1500 = 15.00 SEK.

    friend constexpr auto operator<=>(Amount, Amount) = default;
    friend constexpr Amount operator+(Amount a, Amount b) { return Amount{a.minor + b.minor}; }
    friend constexpr Amount operator-(Amount a, Amount b) { return Amount{a.minor - b.minor}; }
    constexpr Amount& operator+=(Amount other) {
        minor += other.minor;
        return *this;
    }
    constexpr Amount& operator-=(Amount other) {
        minor -= other.minor;
        return *this;
    }
    constexpr bool is_zero() const { return minor == 0; }
};

// The largest amount the wire accepts (the real service binds amounts to a signed 32-bit integer).
inline constexpr Amount amount_max{2147483647};

struct VatRate {
    std::int32_t hundredths_of_percent = 0;  // 2500 = 25.00 %.

    friend constexpr auto operator<=>(VatRate, VatRate) = default;
};

// The digits of `value` with `separator` between groups of three: 1234567, " " → "1 234 567".
std::string group_thousands(std::uint64_t value, std::string_view separator);

// Minor units as a number with two decimals, the integer part grouped by `thousands` (empty: not
// grouped): {-123456}, ",", "." → "-1,234.56". Every language's amount format is this with its
// own marks; the magnitude is unsigned, so the most negative amount does not overflow.
std::string format_minor_units(Amount amount, std::string_view thousands,
                               std::string_view decimal_mark);

}  // namespace faktura::domain
