// Money as strong integer types: minor units (öre, øre, cent) and VAT rates in hundredths of a
// percent. Pure: never a double, never a bare integer at an interface.
#pragma once

#include <compare>
#include <cstdint>

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

}  // namespace faktura::domain
