// Tests the business identifiers with real-looking valid numbers and the same numbers with one
// digit changed (a checksum must catch every single-digit error), plus the spellings people type.
#include "domain/business_identity.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <string>

namespace faktura::domain {
namespace {

TEST(Iban, AcceptsValidNumbersOfTheNordicAndNeighbouringCountries) {
    EXPECT_EQ(normalise_iban("FI37 1590 3000 0007 76"), "FI3715903000000776");
    EXPECT_EQ(normalise_iban("gb82 west 1234 5698 7654 32"), "GB82WEST12345698765432");
    EXPECT_EQ(normalise_iban("DE89 3704 0044 0532 0130 00"), "DE89370400440532013000");
    EXPECT_EQ(normalise_iban("SE45 5000 0000 0583 9825 7466"), "SE4550000000058398257466");
    EXPECT_EQ(normalise_iban("NO93 8601 1117 947"), "NO9386011117947");
    EXPECT_EQ(normalise_iban("DK50 0040 0440 1162 43"), "DK5000400440116243");
}

TEST(Iban, RejectsWrongChecksumsLengthsAndCountries) {
    EXPECT_EQ(normalise_iban("FI37 1590 3000 0007 77"), std::nullopt);
    EXPECT_EQ(normalise_iban("GB82 WEST 1234 5698 7654 33"), std::nullopt);
    EXPECT_EQ(normalise_iban("FI37 1590 3000 0007 7"), std::nullopt);   // One digit short.
    EXPECT_EQ(normalise_iban("NO93 8601 1117 9470"), std::nullopt);     // One digit long.
    EXPECT_EQ(normalise_iban("ZZ37 1590 3000 0007 76"), std::nullopt);  // No such country.
    EXPECT_EQ(normalise_iban("FI37-1590-3000-0007-76"), std::nullopt);  // Dashes are not IBAN.
    EXPECT_EQ(normalise_iban(""), std::nullopt);
}

TEST(Iban, FormatsInGroupsOfFour) {
    EXPECT_EQ(format_iban_grouped("FI3715903000000776"), "FI37 1590 3000 0007 76");
    EXPECT_EQ(format_iban_grouped("GB82WEST12345698765432"), "GB82 WEST 1234 5698 7654 32");
}

TEST(Bic, AcceptsEightOrElevenCharacters) {
    EXPECT_EQ(normalise_bic("NDEAFIHH"), "NDEAFIHH");
    EXPECT_EQ(normalise_bic("ndea fi hh"), "NDEAFIHH");
    EXPECT_EQ(normalise_bic("DEUTDEFF500"), "DEUTDEFF500");
    EXPECT_EQ(normalise_bic("SWEDSESS"), "SWEDSESS");
    EXPECT_EQ(normalise_bic("NDEAFIH"), std::nullopt);
    EXPECT_EQ(normalise_bic("NDEAFIHH5"), std::nullopt);
    EXPECT_EQ(normalise_bic("NDEA1IHH"), std::nullopt);  // The country must be letters.
    EXPECT_EQ(normalise_bic("NDEAFIH-"), std::nullopt);
}

TEST(SwedishOrganisationNumber, AcceptsLegalPersonsInEverySpelling) {
    EXPECT_EQ(normalise_swedish_organisation_number("556036-0793"), "556036-0793");
    EXPECT_EQ(normalise_swedish_organisation_number("5560360793"), "556036-0793");
    EXPECT_EQ(normalise_swedish_organisation_number("16556036-0793"), "556036-0793");
    EXPECT_EQ(normalise_swedish_organisation_number("202100-5489"), "202100-5489");
}

TEST(SwedishOrganisationNumber, RejectsBadChecksumsAndPersons) {
    EXPECT_EQ(normalise_swedish_organisation_number("556036-0794"), std::nullopt);
    EXPECT_EQ(normalise_swedish_organisation_number("556036-079"), std::nullopt);
    // A valid personnummer (test-data.md §2.2): the third digit is a month, so not a company.
    EXPECT_EQ(normalise_swedish_organisation_number("600307-1161"), std::nullopt);
    EXPECT_EQ(normalise_swedish_organisation_number("556036-079X"), std::nullopt);
}

TEST(NorwegianOrganisationNumber, ChecksModulus11) {
    EXPECT_EQ(normalise_norwegian_organisation_number("923609016"), "923609016");
    EXPECT_EQ(normalise_norwegian_organisation_number("923 609 016"), "923609016");
    EXPECT_EQ(normalise_norwegian_organisation_number("923609017"), std::nullopt);
    EXPECT_EQ(normalise_norwegian_organisation_number("92360901"), std::nullopt);
    EXPECT_EQ(format_norwegian_organisation_number_grouped("923609016"), "923 609 016");
}

TEST(FinnishBusinessId, ChecksModulus11WithItsWeights) {
    EXPECT_EQ(normalise_finnish_business_id("2617416-4"), "2617416-4");
    EXPECT_EQ(normalise_finnish_business_id("26174164"), "2617416-4");
    EXPECT_EQ(normalise_finnish_business_id("737540-3"), "0737540-3");  // Issued with six digits.
    EXPECT_EQ(normalise_finnish_business_id("2617416-5"), std::nullopt);
    // 1000008: Σ mod 11 = 1, so no check digit makes it valid.
    for (char check = '0'; check <= '9'; ++check) {
        EXPECT_EQ(normalise_finnish_business_id(std::string("1000008-") + check), std::nullopt);
    }
}

TEST(VatNumber, DerivesFromTheOrganisationNumber) {
    EXPECT_EQ(swedish_vat_number("556036-0793"), "SE556036079301");
    EXPECT_EQ(norwegian_vat_number("923609016"), "NO923609016MVA");
    EXPECT_EQ(finnish_vat_number("2617416-4"), "FI26174164");
}

TEST(VatNumber, AcceptsTheCountrysSpellings) {
    EXPECT_EQ(normalise_swedish_vat_number("SE556036079301"), "SE556036079301");
    EXPECT_EQ(normalise_swedish_vat_number("se 556036-0793 01"), "SE556036079301");
    EXPECT_EQ(normalise_norwegian_vat_number("923609016 MVA"), "NO923609016MVA");
    EXPECT_EQ(normalise_norwegian_vat_number("NO 923 609 016 MVA"), "NO923609016MVA");
    EXPECT_EQ(normalise_finnish_vat_number("FI26174164"), "FI26174164");
    EXPECT_EQ(normalise_finnish_vat_number("fi 2617416-4"), "FI26174164");
}

TEST(VatNumber, RejectsWrongSuffixesAndOrganisationNumbers) {
    EXPECT_EQ(normalise_swedish_vat_number("SE556036079302"), std::nullopt);
    EXPECT_EQ(normalise_swedish_vat_number("SE556036079401"), std::nullopt);
    EXPECT_EQ(normalise_swedish_vat_number("556036079301"), std::nullopt);
    EXPECT_EQ(normalise_norwegian_vat_number("923609016"), std::nullopt);
    EXPECT_EQ(normalise_norwegian_vat_number("923609017MVA"), std::nullopt);
    EXPECT_EQ(normalise_finnish_vat_number("FI26174165"), std::nullopt);
    EXPECT_EQ(normalise_finnish_vat_number("SE26174164"), std::nullopt);
}

TEST(Bankgiro, ChecksLuhnAndFormatsByLength) {
    EXPECT_EQ(normalise_bankgiro("5050-1055"), "5050-1055");
    EXPECT_EQ(normalise_bankgiro("50501055"), "5050-1055");
    EXPECT_EQ(normalise_bankgiro("991-2346"), "991-2346");
    EXPECT_EQ(normalise_bankgiro("5050-1056"), std::nullopt);
    EXPECT_EQ(normalise_bankgiro("123-455"), std::nullopt);  // Six digits.
    EXPECT_EQ(normalise_bankgiro("123456789"), std::nullopt);
}

TEST(Plusgiro, ChecksLuhnAndPrintsTheCheckDigitApart) {
    EXPECT_EQ(normalise_plusgiro("28 65 43-4"), "286543-4");
    EXPECT_EQ(normalise_plusgiro("902005-8"), "902005-8");
    EXPECT_EQ(normalise_plusgiro("28 65 43-5"), std::nullopt);
    EXPECT_EQ(normalise_plusgiro("1"), std::nullopt);
    EXPECT_EQ(normalise_plusgiro("123456789"), std::nullopt);
}

TEST(NorwegianAccountNumber, ChecksModulus11AndGroups) {
    EXPECT_EQ(normalise_norwegian_account_number("86011117947"), "8601 11 17947");
    EXPECT_EQ(normalise_norwegian_account_number("8601.11.17947"), "8601 11 17947");
    EXPECT_EQ(normalise_norwegian_account_number("8601 11 17947"), "8601 11 17947");
    EXPECT_EQ(normalise_norwegian_account_number("86011117948"), std::nullopt);
    EXPECT_EQ(normalise_norwegian_account_number("8601111794"), std::nullopt);
}

}  // namespace
}  // namespace faktura::domain
