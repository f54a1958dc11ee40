// Tests the masked legal address against every row of the spec §11.3 table, plus edge cases, as
// tables of input and expected output.
#include "domain/masking.hpp"

#include <gtest/gtest.h>

#include <ostream>
#include <string>

namespace faktura::domain {
namespace {

struct MaskCase {
    std::string name;
    std::string text;
    std::string masked;
};

std::ostream& operator<<(std::ostream& out, const MaskCase& c) { return out << c.name; }

class MaskAddressWords : public testing::TestWithParam<MaskCase> {};

TEST_P(MaskAddressWords, KeepsWordEndsAndMasksTheMiddle) {
    EXPECT_EQ(mask_address_words(GetParam().text), GetParam().masked);
}

INSTANTIATE_TEST_SUITE_P(
    SpecTable, MaskAddressWords,
    testing::Values(MaskCase{"helgestavagen", "Helgestavägen 9", "Hel•••••••gen •"},
                    MaskCase{"hokvagen", "Hökvägen 5", "Hö••••en •"}, MaskCase{"bro", "Bro", "B•o"},
                    MaskCase{"jarfalla", "Järfälla", "Jä••••la"}),
    [](const auto& test_case) { return test_case.param.name; });

INSTANTIATE_TEST_SUITE_P(
    EdgeCases, MaskAddressWords,
    testing::Values(MaskCase{"empty", "", ""}, MaskCase{"one_letter", "a", "•"},
                    MaskCase{"two_letters", "ab", "••"},
                    MaskCase{"two_letters_multibyte", "Ää", "••"},
                    MaskCase{"three_letters_multibyte_ends", "äbö", "ä•ö"},
                    MaskCase{"four_letters", "Gata", "G••a"},
                    MaskCase{"seven_letters_keeps_one", "Vaxholm", "V•••••m"},
                    MaskCase{"seven_letters_saltnes", "Saltnes", "S•••••s"},
                    MaskCase{"multiple_spaces_kept", "Gata  535", "G••a  5•5"},
                    MaskCase{"leading_and_trailing_space", " Bro ", " B•o "},
                    MaskCase{"short_words", "c/o AB 12", "c•o •• ••"},
                    MaskCase{"street_with_two_digit_number", "Kiannonkatu 88", "Ki•••••••tu ••"},
                    MaskCase{"emoji_is_one_character", "a😀b", "a•b"},
                    MaskCase{"invalid_utf8_byte_counts_as_one",
                             "a\xFF"
                             "b",
                             "a•b"}),
    [](const auto& test_case) { return test_case.param.name; });

class MaskZipCode : public testing::TestWithParam<MaskCase> {};

TEST_P(MaskZipCode, KeepsFirstDigitAndLastTwo) {
    EXPECT_EQ(mask_zip_code(GetParam().text), GetParam().masked);
}

INSTANTIATE_TEST_SUITE_P(Table, MaskZipCode,
                         testing::Values(MaskCase{"bro", "19792", "1••92"},
                                         MaskCase{"jarfalla", "17674", "1••74"},
                                         MaskCase{"norwegian_four_digits", "1642", "1•42"},
                                         MaskCase{"space_removed_first", "197 92", "1••92"},
                                         MaskCase{"three_characters_all_masked", "123", "•••"},
                                         MaskCase{"empty", "", ""}),
                         [](const auto& test_case) { return test_case.param.name; });

TEST(MaskAddress, MasksEverythingButAddresseeAndCountry) {
    const Address azra{.addressee = "Azra Oliveira",
                       .co_address = std::nullopt,
                       .street_address = "Helgestavägen 9",
                       .zip_code = "19792",
                       .city = "Bro",
                       .country = Country::se};
    const MaskedAddress expected{.addressee = "Azra Oliveira",
                                 .co_address = std::nullopt,
                                 .street_address = "Hel•••••••gen •",
                                 .zip_code = "1••92",
                                 .city = "B•o",
                                 .country = Country::se};
    EXPECT_EQ(mask_address(azra), expected);
}

TEST(MaskAddress, MasksTheCoAddressLikeAStreet) {
    const Address leia{.addressee = "Leia Ahlström",
                       .co_address = "c/o Nyhuus",
                       .street_address = "Hökvägen 5",
                       .zip_code = "17674",
                       .city = "Järfälla",
                       .country = Country::se};
    const MaskedAddress masked = mask_address(leia);
    EXPECT_EQ(masked.addressee, "Leia Ahlström");
    EXPECT_EQ(masked.co_address, "c•o N••••s");
    EXPECT_EQ(masked.street_address, "Hö••••en •");
    EXPECT_EQ(masked.zip_code, "1••74");
    EXPECT_EQ(masked.city, "Jä••••la");
}

}  // namespace
}  // namespace faktura::domain
