// Tests the Finnish bank barcode against the published vectors (the issue's, and the worked
// invoices of Finanssiala's Bank Bar Code Guide 5.3 as collected by open-source implementations),
// then the rules for what cannot be encoded.
#include "domain/bank_barcode.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <ostream>
#include <string>

namespace faktura::domain {
namespace {

struct Vector {
    std::string name;
    std::string iban;
    std::string reference;
    Amount euros;
    std::optional<CivilDate> due_date;
    std::string expected;
};

std::ostream& operator<<(std::ostream& out, const Vector& v) { return out << v.name; }

class BankBarcodeVector : public testing::TestWithParam<Vector> {};

TEST_P(BankBarcodeVector, MatchesThePublishedDigits) {
    const Vector& v = GetParam();
    const std::optional<std::string> barcode =
        finnish_bank_barcode(v.iban, v.reference, v.euros, v.due_date);
    ASSERT_TRUE(barcode.has_value());
    EXPECT_EQ(*barcode, v.expected);
    EXPECT_EQ(barcode->size(), 54u);
}

INSTANTIATE_TEST_SUITE_P(
    Published, BankBarcodeVector,
    testing::Values(
        Vector{"issue_v4", "FI37 1590 3000 0007 76", "11112", Amount{1225}, CivilDate{2016, 12, 21},
               "437159030000007760000122500000000000000000011112161221"},
        Vector{"issue_v5", "FI37 1590 3000 0007 76", "RF98 11112", Amount{110},
               CivilDate{2017, 1, 1}, "537159030000007760000011098000000000000000011112170101"},
        Vector{"guide_invoice_1_v4", "FI79 4405 2020 0360 82", "86851 62596 19897", Amount{488315},
               CivilDate{2010, 6, 12}, "479440520200360820048831500000000868516259619897100612"},
        Vector{"guide_invoice_2_v4", "FI58 1017 1000 0001 22", "55958 22432 94671", Amount{48299},
               CivilDate{2012, 1, 31}, "458101710000001220004829900000000559582243294671120131"},
        Vector{"guide_invoice_3_v4", "FI02 5000 4640 0013 02", "69 87567 20834 35364",
               Amount{69380}, CivilDate{2011, 7, 24},
               "402500046400013020006938000000069875672083435364110724"},
        Vector{"guide_no_due_date_v4", "FI16 8000 1400 0502 67", "78 77767 96566 28687",
               Amount{93585}, std::nullopt,
               "416800014000502670009358500000078777679656628687000000"},
        Vector{"guide_no_amount_v4", "FI73 3131 3001 0000 58", "8 68624", Amount{0},
               CivilDate{2013, 8, 9}, "473313130010000580000000000000000000000000868624130809"},
        Vector{"guide_invoice_1_v5", "FI79 4405 2020 0360 82", "RF09 8685 1625 9619 897",
               Amount{488315}, CivilDate{2010, 6, 12},
               "579440520200360820048831509000000868516259619897100612"},
        Vector{"guide_small_amount_v5", "FI39 3636 3002 0924 92", "RF66 5907 3839 0", Amount{103},
               CivilDate{2023, 3, 11}, "539363630020924920000010366000000000000590738390230311"},
        Vector{"largest_amount_v5", "FI4950009420028730", "RF92 1234 2345", Amount{99999999},
               CivilDate{2020, 12, 12}, "549500094200287309999999992000000000000012342345201212"}),
    [](const testing::TestParamInfo<Vector>& vector) { return vector.param.name; });

TEST(BankBarcode, UsesTheInvoiceReferenceInTheChosenVersion) {
    const PaymentReference reference{PaymentReferenceKind::finnish_reference, "11112", "RF9811112"};
    EXPECT_EQ(finnish_bank_barcode("FI3715903000000776", reference,
                                   BankBarcodeVersion::national_reference, Amount{1225},
                                   CivilDate{2016, 12, 21}),
              "437159030000007760000122500000000000000000011112161221");
    EXPECT_EQ(finnish_bank_barcode("FI3715903000000776", reference,
                                   BankBarcodeVersion::creditor_reference, Amount{110},
                                   CivilDate{2017, 1, 1}),
              "537159030000007760000011098000000000000000011112170101");
}

TEST(BankBarcode, Version5NeedsAnRfReference) {
    const PaymentReference reference{PaymentReferenceKind::finnish_reference, "11112",
                                     std::nullopt};
    EXPECT_EQ(finnish_bank_barcode("FI3715903000000776", reference,
                                   BankBarcodeVersion::creditor_reference, Amount{110},
                                   CivilDate{2017, 1, 1}),
              std::nullopt);
}

TEST(BankBarcode, WritesZerosForAnAmountAboveTheField) {
    // The guide's rule: an amount the six euro digits cannot hold is left for the payer to type.
    EXPECT_EQ(finnish_bank_barcode("FI37 1590 3000 0007 76", "11112", Amount{100'000'000},
                                   CivilDate{2016, 12, 21}),
              "437159030000007760000000000000000000000000011112161221");
}

TEST(BankBarcode, RejectsWhatCannotBeEncoded) {
    const CivilDate due{2016, 12, 21};
    // Another country's IBAN, and a Finnish one with a wrong check digit.
    EXPECT_EQ(finnish_bank_barcode("SE45 5000 0000 0583 9825 7466", "11112", Amount{1}, due),
              std::nullopt);
    EXPECT_EQ(finnish_bank_barcode("FI38 1590 3000 0007 76", "11112", Amount{1}, due),
              std::nullopt);
    EXPECT_EQ(finnish_bank_barcode("FI37 1590 3000 0007 76", "11112", Amount{-1}, due),
              std::nullopt);
    // A wrong 7-3-1 check digit; too short; too long.
    EXPECT_EQ(finnish_bank_barcode("FI37 1590 3000 0007 76", "11113", Amount{1}, due),
              std::nullopt);
    EXPECT_EQ(finnish_bank_barcode("FI37 1590 3000 0007 76", "123", Amount{1}, due), std::nullopt);
    EXPECT_EQ(
        finnish_bank_barcode("FI37 1590 3000 0007 76", "123456789012345678901", Amount{1}, due),
        std::nullopt);
    // A wrong RF check, and a valid RF reference with letters (the barcode holds digits only).
    EXPECT_EQ(finnish_bank_barcode("FI37 1590 3000 0007 76", "RF97 11112", Amount{1}, due),
              std::nullopt);
    EXPECT_EQ(
        finnish_bank_barcode("FI37 1590 3000 0007 76", "RF71 2348 231", Amount{1}, due).has_value(),
        true);
    EXPECT_EQ(finnish_bank_barcode("FI37 1590 3000 0007 76", "RF45 G72U UR", Amount{1}, due),
              std::nullopt);
    EXPECT_EQ(
        finnish_bank_barcode("FI37 1590 3000 0007 76", "11112", Amount{1}, CivilDate{2017, 2, 29}),
        std::nullopt);
}

}  // namespace
}  // namespace faktura::domain
