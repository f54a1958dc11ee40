// Tests normalisation of the hosted page's contact fields (mobile number, e-mail, zip code) as
// tables of typed input and the stored spelling, or rejection.
#include "domain/contact.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <ostream>
#include <string>

namespace faktura::domain {
namespace {

struct NormaliseCase {
    std::string name;
    Country country;
    std::string text;
    std::optional<std::string> normalised;  // nullopt: rejected.
};

std::ostream& operator<<(std::ostream& out, const NormaliseCase& c) { return out << c.name; }

class NormaliseMsisdn : public testing::TestWithParam<NormaliseCase> {};

TEST_P(NormaliseMsisdn, ReturnsPlusAndDigits) {
    EXPECT_EQ(normalise_msisdn(GetParam().country, GetParam().text), GetParam().normalised);
}

INSTANTIATE_TEST_SUITE_P(
    Table, NormaliseMsisdn,
    testing::Values(
        NormaliseCase{"se_international_kept", Country::se, "+46739000001", "+46739000001"},
        NormaliseCase{"se_national_drops_trunk_zero", Country::se, "0739000001", "+46739000001"},
        NormaliseCase{"se_spaces_and_hyphens", Country::se, "070-777 77 77", "+46707777777"},
        NormaliseCase{"se_double_zero_prefix", Country::se, "0046707777777", "+46707777777"},
        NormaliseCase{"no_documented_spaced", Country::no, "+47 98765432", "+4798765432"},
        NormaliseCase{"no_national_gets_47", Country::no, "98765432", "+4798765432"},
        NormaliseCase{"no_postman", Country::no, "+4745612345", "+4745612345"},
        NormaliseCase{"fi_international", Country::fi, "+358501234567", "+358501234567"},
        NormaliseCase{"fi_national_drops_trunk_zero", Country::fi, "050 123 4567", "+358501234567"},
        NormaliseCase{"other_country_code_kept", Country::se, "+4798765432", "+4798765432"},
        NormaliseCase{"empty", Country::se, "", std::nullopt},
        NormaliseCase{"only_plus", Country::se, "+", std::nullopt},
        NormaliseCase{"only_zero", Country::se, "0", std::nullopt},
        NormaliseCase{"letters", Country::se, "+4673900000A", std::nullopt},
        NormaliseCase{"plus_inside", Country::se, "46+739000001", std::nullopt},
        NormaliseCase{"two_plus", Country::se, "++46739000001", std::nullopt},
        NormaliseCase{"parentheses", Country::se, "(08) 123 456", std::nullopt},
        NormaliseCase{"too_short", Country::se, "+4612345", std::nullopt},
        NormaliseCase{"shortest_accepted", Country::se, "+46123456", "+46123456"},
        NormaliseCase{"longest_accepted", Country::se, "+123456789012345", "+123456789012345"},
        NormaliseCase{"too_long", Country::se, "+1234567890123456", std::nullopt},
        NormaliseCase{"far_too_long", Country::se, std::string(100, ' ') + "+46739000001",
                      std::nullopt}),
    [](const auto& test_case) { return test_case.param.name; });

class NormaliseZipCode : public testing::TestWithParam<NormaliseCase> {};

TEST_P(NormaliseZipCode, ReturnsDigitsOnly) {
    EXPECT_EQ(normalise_zip_code(GetParam().country, GetParam().text), GetParam().normalised);
}

INSTANTIATE_TEST_SUITE_P(
    Table, NormaliseZipCode,
    testing::Values(NormaliseCase{"se_five_digits", Country::se, "19792", "19792"},
                    NormaliseCase{"se_space_after_three", Country::se, "197 92", "19792"},
                    NormaliseCase{"se_surrounding_spaces", Country::se, " 17674 ", "17674"},
                    NormaliseCase{"se_space_elsewhere", Country::se, "1979 2", std::nullopt},
                    NormaliseCase{"se_two_spaces", Country::se, "197  92", std::nullopt},
                    NormaliseCase{"se_four_digits", Country::se, "1979", std::nullopt},
                    NormaliseCase{"se_six_digits", Country::se, "197920", std::nullopt},
                    NormaliseCase{"se_letter", Country::se, "1979A", std::nullopt},
                    NormaliseCase{"no_four_digits", Country::no, "1642", "1642"},
                    NormaliseCase{"no_five_digits", Country::no, "16420", std::nullopt},
                    NormaliseCase{"no_spaced", Country::no, "16 42", std::nullopt},
                    NormaliseCase{"fi_five_digits", Country::fi, "90500", "90500"},
                    NormaliseCase{"fi_swedish_spacing_not_accepted", Country::fi, "905 00",
                                  std::nullopt},
                    NormaliseCase{"fi_four_digits", Country::fi, "9050", std::nullopt},
                    NormaliseCase{"empty", Country::se, "", std::nullopt}),
    [](const auto& test_case) { return test_case.param.name; });

struct EmailCase {
    std::string text;
    bool valid;
};

std::ostream& operator<<(std::ostream& out, const EmailCase& c) { return out << c.text; }

class IsValidEmail : public testing::TestWithParam<EmailCase> {};

TEST_P(IsValidEmail, Decides) { EXPECT_EQ(is_valid_email(GetParam().text), GetParam().valid); }

INSTANTIATE_TEST_SUITE_P(
    Table, IsValidEmail,
    testing::Values(EmailCase{"olivia.nyhuus@payex.com", true},
                    EmailCase{"someExample@payex.com", true},
                    EmailCase{"a+tag@sub.example.se", true}, EmailCase{"åsa@exempel.se", true},
                    EmailCase{"", false}, EmailCase{"payex.com", false},
                    EmailCase{"@payex.com", false}, EmailCase{"azra@", false},
                    EmailCase{"azra@payex", false}, EmailCase{"azra@.payex.com", false},
                    EmailCase{"azra@payex.com.", false}, EmailCase{"az ra@payex.com", false},
                    EmailCase{"azra@pay@ex.com", false}, EmailCase{"azra@payex.com\n", false},
                    EmailCase{std::string(242, 'a') + "@example.com", true},     // 254 characters.
                    EmailCase{std::string(243, 'a') + "@example.com", false}));  // 255 characters.

}  // namespace
}  // namespace faktura::domain
