// Timestamp formatting: the wire's seven fractional digits, UTC, also before 1970 and at leap days.
#include "domain/time.hpp"

#include <gtest/gtest.h>

namespace faktura::domain {
namespace {

TEST(FormatTimestamp, WritesSevenFractionalDigits) {
    EXPECT_EQ("2020-05-22T08:45:42.8097921Z",
              format_timestamp(Timestamp{1590137142LL * ticks_per_second + 8097921}));
    EXPECT_EQ("1970-01-01T00:00:00.0000000Z", format_timestamp(Timestamp{0}));
    EXPECT_EQ("2024-02-29T23:59:59.9999999Z",
              format_timestamp(Timestamp{1709251199LL * ticks_per_second + 9999999}));
    EXPECT_EQ("1969-12-31T23:59:59.9999999Z", format_timestamp(Timestamp{-1}));
}

TEST(FormatDate, WritesTheUtcCalendarDate) {
    EXPECT_EQ("2020-05-22", format_date(timestamp_from_seconds(1590137142)));
    EXPECT_EQ("1969-12-31", format_date(Timestamp{-1}));
}

}  // namespace
}  // namespace faktura::domain
