// Tests national identity number parsing with tables: every spelling and worked example of
// test-data.md §2 must parse to its canonical form and birth date, and each kind of bad number must
// be rejected.
#include "domain/national_id.hpp"

#include <gtest/gtest.h>

#include <ostream>
#include <string>

namespace faktura::domain {
namespace {

// A fixed "today", so the century of 10-digit Swedish numbers does not change with the calendar.
constexpr CivilDate today{2024, 6, 15};

struct ValidCase {
    std::string name;
    Country country;
    std::string text;
    std::string canonical;
    CivilDate birth_date;
    std::string masked;
};

std::ostream& operator<<(std::ostream& out, const ValidCase& c) { return out << c.name; }

class ParseNationalIdAccepts : public testing::TestWithParam<ValidCase> {};

TEST_P(ParseNationalIdAccepts, ReturnsCanonicalFormAndBirthDate) {
    const ValidCase& c = GetParam();
    const Result<NationalId> id = parse_national_id(c.country, c.text, today);
    ASSERT_TRUE(id) << id.error().detail;
    EXPECT_EQ(id->country, c.country);
    EXPECT_EQ(id->canonical, c.canonical);
    EXPECT_EQ(id->birth_date, c.birth_date);
    EXPECT_EQ(format_national_id_masked(*id), c.masked);
}

INSTANTIATE_TEST_SUITE_P(
    Sweden, ParseNationalIdAccepts,
    testing::Values(
        // Azra Oliveira, every accepted spelling.
        ValidCase{"azra_10_hyphen",
                  Country::se,
                  "600307-1161",
                  "196003071161",
                  {1960, 3, 7},
                  "600307-****"},
        ValidCase{
            "azra_10", Country::se, "6003071161", "196003071161", {1960, 3, 7}, "600307-****"},
        ValidCase{
            "azra_12", Country::se, "196003071161", "196003071161", {1960, 3, 7}, "600307-****"},
        ValidCase{"azra_12_hyphen",
                  Country::se,
                  "19600307-1161",
                  "196003071161",
                  {1960, 3, 7},
                  "600307-****"},
        ValidCase{"azra_spaces",
                  Country::se,
                  " 600307 1161 ",
                  "196003071161",
                  {1960, 3, 7},
                  "600307-****"},
        ValidCase{"azra_plus_is_a_century_earlier",
                  Country::se,
                  "600307+1161",
                  "186003071161",
                  {1860, 3, 7},
                  "600307-****"},
        // Leia Ahlström.
        ValidCase{"leia_10_hyphen",
                  Country::se,
                  "971020-2392",
                  "199710202392",
                  {1997, 10, 20},
                  "971020-****"},
        ValidCase{
            "leia_10", Country::se, "9710202392", "199710202392", {1997, 10, 20}, "971020-****"},
        ValidCase{
            "leia_12", Country::se, "199710202392", "199710202392", {1997, 10, 20}, "971020-****"},
        ValidCase{"leia_12_hyphen",
                  Country::se,
                  "19971020-2392",
                  "199710202392",
                  {1997, 10, 20},
                  "971020-****"},
        ValidCase{
            "leia_plus", Country::se, "971020+2392", "189710202392", {1897, 10, 20}, "971020-****"},
        // Leo 6.
        ValidCase{
            "leo_12", Country::se, "194810205957", "194810205957", {1948, 10, 20}, "481020-****"},
        ValidCase{"leo_10_hyphen",
                  Country::se,
                  "481020-5957",
                  "194810205957",
                  {1948, 10, 20},
                  "481020-****"},
        ValidCase{
            "leo_10", Country::se, "4810205957", "194810205957", {1948, 10, 20}, "481020-****"},
        ValidCase{"leo_12_hyphen",
                  Country::se,
                  "19481020-5957",
                  "194810205957",
                  {1948, 10, 20},
                  "481020-****"},
        ValidCase{
            "leo_plus", Country::se, "481020+5957", "184810205957", {1848, 10, 20}, "481020-****"},
        // Rules.
        ValidCase{"samordningsnummer_day_plus_60",
                  Country::se,
                  "600367-1168",
                  "196003671168",
                  {1960, 3, 7},
                  "600367-****"},
        ValidCase{"born_yesterday_this_century",
                  Country::se,
                  "240614-1230",
                  "202406141230",
                  {2024, 6, 14},
                  "240614-****"},
        ValidCase{"birthday_later_this_year_is_a_century_back",
                  Country::se,
                  "240616-1238",
                  "192406161238",
                  {1924, 6, 16},
                  "240616-****"},
        ValidCase{"leap_day_2000",
                  Country::se,
                  "000229-1235",
                  "200002291235",
                  {2000, 2, 29},
                  "000229-****"}),
    [](const auto& test_case) { return test_case.param.name; });

INSTANTIATE_TEST_SUITE_P(Norway, ParseNationalIdAccepts,
                         testing::Values(ValidCase{"olivia",
                                                   Country::no,
                                                   "26026708248",
                                                   "26026708248",
                                                   {1967, 2, 26},
                                                   "260267*****"},
                                         ValidCase{"olivia_spaced",
                                                   Country::no,
                                                   "260267 082 48",
                                                   "26026708248",
                                                   {1967, 2, 26},
                                                   "260267*****"},
                                         ValidCase{"d_number_day_plus_40",
                                                   Country::no,
                                                   "66026708231",
                                                   "66026708231",
                                                   {1967, 2, 26},
                                                   "660267*****"},
                                         ValidCase{"synthetic_month_plus_40",
                                                   Country::no,
                                                   "26426700025",
                                                   "26426700025",
                                                   {1967, 2, 26},
                                                   "264267*****"},
                                         ValidCase{"synthetic_month_plus_80",
                                                   Country::no,
                                                   "26826700008",
                                                   "26826700008",
                                                   {1967, 2, 26},
                                                   "268267*****"},
                                         ValidCase{"individual_500_to_999_with_yy_to_39_is_2000s",
                                                   Country::no,
                                                   "01010550048",
                                                   "01010550048",
                                                   {2005, 1, 1},
                                                   "010105*****"},
                                         ValidCase{"individual_500_to_749_with_yy_from_54_is_1800s",
                                                   Country::no,
                                                   "01016050012",
                                                   "01016050012",
                                                   {1860, 1, 1},
                                                   "010160*****"},
                                         ValidCase{"individual_900_to_999_with_yy_from_40_is_1900s",
                                                   Country::no,
                                                   "01014590001",
                                                   "01014590001",
                                                   {1945, 1, 1},
                                                   "010145*****"}),
                         [](const auto& test_case) { return test_case.param.name; });

INSTANTIATE_TEST_SUITE_P(
    Finland, ParseNationalIdAccepts,
    testing::Values(
        ValidCase{"kimmo", Country::fi, "100584-451P", "100584-451P", {1984, 5, 10}, "100584-****"},
        ValidCase{"kimmo_lower_case",
                  Country::fi,
                  "100584-451p",
                  "100584-451P",
                  {1984, 5, 10},
                  "100584-****"},
        ValidCase{"kimmo_spaced",
                  Country::fi,
                  " 100584-451P ",
                  "100584-451P",
                  {1984, 5, 10},
                  "100584-****"},
        ValidCase{"sign_y_is_1900s",
                  Country::fi,
                  "100584Y451P",
                  "100584Y451P",
                  {1984, 5, 10},
                  "100584Y****"},
        ValidCase{"sign_u_is_1900s",
                  Country::fi,
                  "100584u451p",
                  "100584U451P",
                  {1984, 5, 10},
                  "100584U****"},
        ValidCase{"sign_a_is_2000s",
                  Country::fi,
                  "010105A123P",
                  "010105A123P",
                  {2005, 1, 1},
                  "010105A****"},
        ValidCase{"sign_b_is_2000s",
                  Country::fi,
                  "010105B123P",
                  "010105B123P",
                  {2005, 1, 1},
                  "010105B****"},
        ValidCase{"sign_plus_is_1800s_and_002_the_lowest_individual",
                  Country::fi,
                  "311299+0029",
                  "311299+0029",
                  {1899, 12, 31},
                  "311299+****"},
        ValidCase{"individual_999_test_identity",
                  Country::fi,
                  "100584-999C",
                  "100584-999C",
                  {1984, 5, 10},
                  "100584-****"}),
    [](const auto& test_case) { return test_case.param.name; });

struct InvalidCase {
    std::string name;
    Country country;
    std::string text;
};

std::ostream& operator<<(std::ostream& out, const InvalidCase& c) { return out << c.name; }

class ParseNationalIdRejects : public testing::TestWithParam<InvalidCase> {};

TEST_P(ParseNationalIdRejects, WithRequestInvalidAndTheCountrysDescription) {
    const InvalidCase& c = GetParam();
    const Result<NationalId> id = parse_national_id(c.country, c.text, today);
    ASSERT_FALSE(id) << id->canonical;
    EXPECT_EQ(id.error().code, ErrorCode::request_invalid);
    EXPECT_EQ(id.error().detail, national_id_invalid_description(c.country));
    EXPECT_TRUE(id.error().problems.empty());
}

INSTANTIATE_TEST_SUITE_P(
    Sweden, ParseNationalIdRejects,
    testing::Values(InvalidCase{"empty", Country::se, ""},
                    InvalidCase{"only_spaces", Country::se, "   "},
                    InvalidCase{"wrong_check_digit", Country::se, "600307-1162"},
                    InvalidCase{"wrong_check_digit_12", Country::se, "196003071160"},
                    InvalidCase{"transposed_digits", Country::se, "600370-1161"},
                    InvalidCase{"nine_digits", Country::se, "600307116"},
                    InvalidCase{"eleven_digits", Country::se, "60030711610"},
                    InvalidCase{"thirteen_digits", Country::se, "1960030711610"},
                    InvalidCase{"separator_misplaced", Country::se, "6003071-161"},
                    InvalidCase{"twelve_digit_form_with_plus", Country::se, "19600307+1161"},
                    InvalidCase{"two_separators", Country::se, "600307--1161"},
                    InvalidCase{"letter", Country::se, "600307-116A"},
                    InvalidCase{"february_30_luhn_valid", Country::se, "600230-1163"},
                    InvalidCase{"month_13_luhn_valid", Country::se, "601301-1165"},
                    InvalidCase{"day_45_luhn_valid", Country::se, "600345-1165"},
                    InvalidCase{"february_29_of_a_common_year", Country::se, "010229-1234"},
                    InvalidCase{"born_in_the_future", Country::se, "203001011232"},
                    InvalidCase{"century_00", Country::se, "006003071161"},
                    InvalidCase{"century_17", Country::se, "176003071161"},
                    InvalidCase{"norwegian_number", Country::se, "26026708248"},
                    InvalidCase{"finnish_number", Country::se, "100584-451P"},
                    InvalidCase{"far_too_long", Country::se, std::string(100, '1')}),
    [](const auto& test_case) { return test_case.param.name; });

INSTANTIATE_TEST_SUITE_P(
    Norway, ParseNationalIdRejects,
    testing::Values(
        InvalidCase{"empty", Country::no, ""}, InvalidCase{"wrong_k1", Country::no, "26026708258"},
        InvalidCase{"wrong_k2", Country::no, "26026708249"},
        InvalidCase{"k1_would_be_10", Country::no, "26026700800"},
        InvalidCase{"ten_digits", Country::no, "2602670824"},
        InvalidCase{"twelve_digits", Country::no, "260267082480"},
        InvalidCase{"hyphen", Country::no, "260267-08248"},
        InvalidCase{"letter", Country::no, "2602670824A"},
        InvalidCase{"february_30_checksums_valid", Country::no, "30026700260"},
        InvalidCase{"individual_750_to_899_with_yy_from_40", Country::no, "01014575053"},
        InvalidCase{"born_in_the_future", Country::no, "01013050038"},
        InvalidCase{"swedish_number_from_the_postman_no_environment", Country::no, "196003071161"},
        InvalidCase{"swedish_10_digit", Country::no, "6003071161"},
        InvalidCase{"finnish_number", Country::no, "100584-451P"}),
    [](const auto& test_case) { return test_case.param.name; });

INSTANTIATE_TEST_SUITE_P(
    Finland, ParseNationalIdRejects,
    testing::Values(InvalidCase{"empty", Country::fi, ""},
                    InvalidCase{"wrong_check_character", Country::fi, "100584-451N"},
                    InvalidCase{"check_character_never_used", Country::fi, "100584-451G"},
                    InvalidCase{"unknown_century_sign", Country::fi, "100584G451P"},
                    InvalidCase{"no_century_sign", Country::fi, "100584451P"},
                    InvalidCase{"individual_000", Country::fi, "100584-0005"},
                    InvalidCase{"individual_001", Country::fi, "100584-0016"},
                    InvalidCase{"february_30_check_valid", Country::fi, "300284-4516"},
                    InvalidCase{"letter_in_date", Country::fi, "10O584-451P"},
                    InvalidCase{"too_long", Country::fi, "100584-451PP"},
                    InvalidCase{"born_in_the_future", Country::fi, "010130A1235"},
                    InvalidCase{"swedish_number", Country::fi, "600307-1161"},
                    InvalidCase{"norwegian_number", Country::fi, "26026708248"}),
    [](const auto& test_case) { return test_case.param.name; });

TEST(NationalIdInvalidDescription, NamesTheCountry) {
    EXPECT_EQ(national_id_invalid_description(Country::se),
              "The social security number is not valid for SE.");
    EXPECT_EQ(national_id_invalid_description(Country::no),
              "The social security number is not valid for NO.");
    EXPECT_EQ(national_id_invalid_description(Country::fi),
              "The social security number is not valid for FI.");
}

TEST(IsRealDate, KnowsMonthLengthsAndLeapYears) {
    EXPECT_TRUE(is_real_date({2000, 2, 29}));
    EXPECT_FALSE(is_real_date({1900, 2, 29}));
    EXPECT_TRUE(is_real_date({2024, 2, 29}));
    EXPECT_FALSE(is_real_date({2023, 2, 29}));
    EXPECT_FALSE(is_real_date({2023, 4, 31}));
    EXPECT_TRUE(is_real_date({2023, 12, 31}));
    EXPECT_FALSE(is_real_date({2023, 0, 1}));
    EXPECT_FALSE(is_real_date({2023, 1, 0}));
}

}  // namespace
}  // namespace faktura::domain

namespace faktura::domain {
namespace {

TEST(ParseIsoDate, TakesRealDatesInTheirOneSpelling) {
    EXPECT_EQ((CivilDate{2026, 12, 1}), parse_iso_date("2026-12-01"));
    EXPECT_EQ((CivilDate{2024, 2, 29}), parse_iso_date("2024-02-29"));
    for (const char* text : {"2026-02-30", "2025-02-29", "2026-13-01", "2026-1-01", "20261201",
                             "2026-12-01 ", "", "abcd-ef-gh", "2026/12/01"}) {
        EXPECT_EQ(std::nullopt, parse_iso_date(text)) << text;
    }
}

}  // namespace
}  // namespace faktura::domain
