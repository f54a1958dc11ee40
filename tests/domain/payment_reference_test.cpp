// Tests the invoice payment references: every worked example of test-data.md §5 as a table, then
// properties of make_payment_reference checked with validators written independently of the code
// under test.
#include "domain/payment_reference.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <ostream>
#include <string>

namespace faktura::domain {
namespace {

struct WorkedExample {
    std::string name;
    std::string (*compute)(std::string_view);
    std::string input;
    std::string expected;
};

std::ostream& operator<<(std::ostream& out, const WorkedExample& c) { return out << c.name; }

class PaymentReferenceWorkedExample : public testing::TestWithParam<WorkedExample> {};

TEST_P(PaymentReferenceWorkedExample, MatchesTestData) {
    const WorkedExample& c = GetParam();
    EXPECT_EQ(c.compute(c.input), c.expected);
}

std::string kid_mod11_or_dash(std::string_view payload) {
    return kid_mod11(payload).value_or(std::string(payload) + "-");
}

INSTANTIATE_TEST_SUITE_P(
    TestData, PaymentReferenceWorkedExample,
    testing::Values(
        WorkedExample{"kid_mod10", kid_mod10, "2345678", "23456783"},
        WorkedExample{"kid_mod11", kid_mod11_or_dash, "2345678", "23456788"},
        WorkedExample{"kid_mod11_dash", kid_mod11_or_dash, "8765432", "8765432-"},
        WorkedExample{"ocr_luhn", ocr_luhn, "123456789", "1234567897"},
        WorkedExample{"ocr_with_length_digit", ocr_with_length_digit, "12345678", "1234567806"},
        WorkedExample{"finnish_reference_1232", finnish_reference, "1232", "12328"},
        WorkedExample{"finnish_reference_123456", finnish_reference, "123456", "1234561"},
        WorkedExample{"finnish_grouped_7", format_finnish_reference_grouped, "1234561", "12 34561"},
        WorkedExample{"finnish_grouped_5", format_finnish_reference_grouped, "12328", "12328"},
        WorkedExample{"finnish_grouped_10", format_finnish_reference_grouped, "1234567890",
                      "12345 67890"},
        WorkedExample{"finnish_grouped_11", format_finnish_reference_grouped, "12345678901",
                      "1 23456 78901"},
        WorkedExample{"rf_iso_example", rf_creditor_reference, "539007547034", "RF18539007547034"},
        WorkedExample{"rf_of_finnish_reference", rf_creditor_reference, "12328", "RF5212328"},
        WorkedExample{"rf_grouped_iso_example", format_rf_grouped, "RF18539007547034",
                      "RF18 5390 0754 7034"},
        WorkedExample{"rf_grouped_short", format_rf_grouped, "RF5212328", "RF52 1232 8"},
        WorkedExample{"rf_letters", rf_creditor_reference, "ABC123", "RF47ABC123"}),
    [](const auto& test_case) { return test_case.param.name; });

TEST(KidMod11, ReturnsNothingWhenTheCheckWouldBeADash) {
    EXPECT_EQ(kid_mod11("8765432"), std::nullopt);
}

TEST(LuhnCheckDigit, MatchesTheSwedishIdentityNumberExamples) {
    EXPECT_EQ(luhn_check_digit("600307116"), '1');
    EXPECT_EQ(luhn_check_digit("971020239"), '2');
    EXPECT_EQ(luhn_check_digit("481020595"), '7');
}

struct RfCase {
    std::string text;
    bool valid;
};

std::ostream& operator<<(std::ostream& out, const RfCase& c) { return out << c.text; }

class IsValidRf : public testing::TestWithParam<RfCase> {};

TEST_P(IsValidRf, Decides) { EXPECT_EQ(is_valid_rf(GetParam().text), GetParam().valid); }

INSTANTIATE_TEST_SUITE_P(
    Table, IsValidRf,
    testing::Values(RfCase{"RF71 2348 231", true}, RfCase{"RF712348231", true},
                    RfCase{"RF18 5390 0754 7034", true}, RfCase{"rf18539007547034", true},
                    RfCase{"RF52 1232 8", true}, RfCase{"RF47ABC123", true},
                    RfCase{"RF47abc123", true},
                    RfCase{"RF72 2348 231", false},        // Check digits off by one.
                    RfCase{"RF18 5390 0754 7043", false},  // Transposed digits.
                    RfCase{"RF18", false},                 // No reference part.
                    RfCase{"XX18539007547034", false}, RfCase{"RF1X539007547034", false},
                    RfCase{"RF18-5390", false}, RfCase{"", false},
                    RfCase{"RF00 1234 5678 9012 3456 7890 12", false}));  // 22-character reference.

// An independent Luhn validator: doubles every second digit counted from the right, check digit
// included.
bool passes_luhn(const std::string& number) {
    int sum = 0;
    for (std::size_t i = 0; i < number.size(); ++i) {
        int digit = number[number.size() - 1 - i] - '0';
        if (i % 2 == 1) digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
        sum += digit;
    }
    return sum % 10 == 0;
}

// An independent MOD11 validator: weights 1 for the check digit, then 2..7 cycling, total ≡ 0
// mod 11.
bool passes_mod11(const std::string& number) {
    int sum = 0;
    for (std::size_t i = 0; i < number.size(); ++i) {
        const int digit = number[number.size() - 1 - i] - '0';
        const int weight = i == 0 ? 1 : static_cast<int>((i - 1) % 6) + 2;
        sum += digit * weight;
    }
    return sum % 11 == 0;
}

// An independent 7-3-1 validator over the whole Finnish reference: base weights plus the check
// digit.
bool passes_finnish(const std::string& reference) {
    const int weights[] = {7, 3, 1};
    int sum = 0;
    for (std::size_t i = 1; i < reference.size(); ++i) {
        sum += (reference[reference.size() - 1 - i] - '0') * weights[(i - 1) % 3];
    }
    return (sum + reference.back() - '0') % 10 == 0;
}

bool all_digits(const std::string& text) {
    return !text.empty() && text.find_first_not_of("0123456789") == std::string::npos;
}

// Invoice numbers across the magnitudes the sequences produce, including the largest int64.
const std::int64_t invoice_numbers[] = {
    100,      101,      999,      1000,        8765432,         2345678,
    10000000, 12345678, 99999999, 41100171205, 123456789012345, 9223372036854775807};

TEST(MakePaymentReference, NorwayMod10KidPassesLuhnAndStartsWithTheInvoiceNumber) {
    for (const std::int64_t number : invoice_numbers) {
        const PaymentReference reference =
            make_payment_reference(Country::no, number, KidAlgorithm::mod10);
        EXPECT_EQ(reference.kind, PaymentReferenceKind::kid);
        EXPECT_TRUE(passes_luhn(reference.reference)) << reference.reference;
        EXPECT_EQ(reference.reference.size(), std::to_string(number).size() + 1);
        EXPECT_TRUE(reference.reference.starts_with(std::to_string(number)));
        EXPECT_EQ(reference.rf_reference, std::nullopt);
    }
}

TEST(MakePaymentReference, NorwayMod11KidNeverEndsInADash) {
    for (std::int64_t number = 1; number <= 3000; ++number) {
        const PaymentReference reference =
            make_payment_reference(Country::no, number, KidAlgorithm::mod11);
        ASSERT_TRUE(all_digits(reference.reference)) << number;
        ASSERT_TRUE(passes_mod11(reference.reference)) << reference.reference;
        ASSERT_TRUE(reference.reference.starts_with(std::to_string(number)));
        ASSERT_LE(reference.reference.size(), 25u);
    }
}

TEST(MakePaymentReference, NorwayMod11AppendsAZeroWhenThePayloadGivesADash) {
    const PaymentReference reference =
        make_payment_reference(Country::no, 8765432, KidAlgorithm::mod11);
    EXPECT_EQ(reference.reference.substr(0, 8), "87654320");
    EXPECT_EQ(reference.reference, kid_mod11("87654320"));
}

TEST(MakePaymentReference, NorwayMod11KeepsAPayloadWithoutDash) {
    EXPECT_EQ(make_payment_reference(Country::no, 2345678, KidAlgorithm::mod11).reference,
              "23456788");
}

TEST(MakePaymentReference, SwedenOcrCarriesItsLengthAndPassesLuhn) {
    EXPECT_EQ(make_payment_reference(Country::se, 12345678, KidAlgorithm::mod10).reference,
              "1234567806");
    for (const std::int64_t number : invoice_numbers) {
        const PaymentReference reference =
            make_payment_reference(Country::se, number, KidAlgorithm::mod11);
        EXPECT_EQ(reference.kind, PaymentReferenceKind::ocr);
        EXPECT_TRUE(passes_luhn(reference.reference)) << reference.reference;
        const std::size_t length = reference.reference.size();
        EXPECT_EQ(reference.reference[length - 2] - '0', static_cast<int>(length % 10));
        EXPECT_EQ(reference.rf_reference, std::nullopt);
    }
}

TEST(MakePaymentReference, FinlandReferenceAndItsRfFormBothValidate) {
    const PaymentReference example = make_payment_reference(Country::fi, 1232, KidAlgorithm::mod10);
    EXPECT_EQ(example.reference, "12328");
    EXPECT_EQ(example.rf_reference, "RF5212328");
    for (const std::int64_t number : invoice_numbers) {
        const PaymentReference reference =
            make_payment_reference(Country::fi, number, KidAlgorithm::mod10);
        EXPECT_EQ(reference.kind, PaymentReferenceKind::finnish_reference);
        EXPECT_TRUE(passes_finnish(reference.reference)) << reference.reference;
        EXPECT_LE(reference.reference.size(), 20u);
        ASSERT_TRUE(reference.rf_reference);
        EXPECT_TRUE(is_valid_rf(*reference.rf_reference)) << *reference.rf_reference;
        EXPECT_EQ(reference.rf_reference->substr(4), reference.reference);
    }
}

}  // namespace
}  // namespace faktura::domain
