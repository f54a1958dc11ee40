// Instants as integer ticks of 100 ns since the Unix epoch: the resolution of the wire's 7-digit
// fractional seconds. Pure: the domain receives time, it never reads a clock.
#pragma once

#include <compare>
#include <cstdint>
#include <string>

namespace faktura::domain {

struct Timestamp {
    std::int64_t unix_100ns = 0;

    friend constexpr auto operator<=>(Timestamp, Timestamp) = default;
};

inline constexpr std::int64_t ticks_per_second = 10'000'000;

constexpr Timestamp timestamp_from_seconds(std::int64_t unix_seconds) {
    return Timestamp{unix_seconds * ticks_per_second};
}

// "2020-05-22T08:45:42.8097921Z": UTC, always seven fractional digits (spec §3.4).
std::string format_timestamp(Timestamp at);

// "2020-05-22": the UTC calendar date of an instant.
std::string format_date(Timestamp at);

}  // namespace faktura::domain
