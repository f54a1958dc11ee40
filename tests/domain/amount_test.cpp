// The one number format behind every printed amount: grouping, decimal mark, the sign, and the most
// negative amount without overflow.
#include "domain/amount.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>

namespace faktura::domain {
namespace {

TEST(FormatMinorUnits, GroupsThousandsAndWritesTwoDecimals) {
    EXPECT_EQ("1,234.56", format_minor_units(Amount{123456}, ",", "."));
    EXPECT_EQ("1\u00A0234\u00A0567,89", format_minor_units(Amount{123456789}, "\u00A0", ","));
    EXPECT_EQ("1234.50", format_minor_units(Amount{123450}, "", "."));
    EXPECT_EQ("0.05", format_minor_units(Amount{5}, ",", "."));
    EXPECT_EQ("-10.01", format_minor_units(Amount{-1001}, ",", "."));
    EXPECT_EQ("-92,233,720,368,547,758.08",
              format_minor_units(Amount{std::numeric_limits<std::int64_t>::min()}, ",", "."));
}

TEST(GroupThousands, PutsTheSeparatorBetweenGroupsOfThree) {
    EXPECT_EQ("0", group_thousands(0, " "));
    EXPECT_EQ("999", group_thousands(999, " "));
    EXPECT_EQ("1 000", group_thousands(1000, " "));
    EXPECT_EQ("12 345 678", group_thousands(12345678, " "));
}

}  // namespace
}  // namespace faktura::domain
