// Tests the shared spellings of the settlement files with literal examples.
#include "reports/format.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>

#include "domain/invoice.hpp"
#include "domain/settlement.hpp"

namespace faktura::reports {
namespace {

TEST(FormatDecimal, WritesTwoDecimalsWithAPoint) {
    EXPECT_EQ(format_decimal(domain::Amount{123450}), "1234.50");
    EXPECT_EQ(format_decimal(domain::Amount{0}), "0.00");
    EXPECT_EQ(format_decimal(domain::Amount{5}), "0.05");
    EXPECT_EQ(format_decimal(domain::Amount{-19800}), "-198.00");
    EXPECT_EQ(format_decimal(domain::Amount{-1}), "-0.01");
    EXPECT_EQ(format_decimal(domain::Amount{std::numeric_limits<std::int64_t>::min()}),
              "-92233720368547758.08");
}

TEST(FormatDateTime, WritesUtcToTheSecond) {
    EXPECT_EQ(format_date_time(domain::Timestamp{1704456000LL * 10'000'000 + 9'999'999}),
              "2024-01-05 12:00:00");
    EXPECT_EQ(format_iso_date(domain::CivilDate{2024, 1, 5}), "2024-01-05");
    EXPECT_EQ(format_compact_date(domain::CivilDate{2024, 1, 5}), "20240105");
}

TEST(ServiceName, NamesTheInvoiceOfEachCountry) {
    EXPECT_EQ(domain::service_name(domain::InvoiceType::payex_financing_se), "PayEx Faktura SE");
    EXPECT_EQ(domain::service_name(domain::InvoiceType::payex_financing_no), "PayEx Faktura NO");
    EXPECT_EQ(domain::service_name(domain::InvoiceType::payex_financing_fi), "PayEx Faktura FI");
    EXPECT_EQ(currency_code(domain::Currency::nok), "NOK");
}

TEST(VatPercentage, IsTheOneRateOrZero) {
    domain::SettlementTransaction transaction;
    EXPECT_EQ(format_vat_percentage(transaction), "0");
    transaction.vat_lines = {{domain::Amount{125}, domain::VatRate{2500}, domain::Amount{25}},
                             {domain::Amount{250}, domain::VatRate{2500}, domain::Amount{50}}};
    EXPECT_EQ(format_vat_percentage(transaction), "25.00");
    transaction.vat_lines.push_back(
        {domain::Amount{112}, domain::VatRate{1200}, domain::Amount{12}});
    EXPECT_EQ(format_vat_percentage(transaction), "0");
    transaction.vat_lines = {{domain::Amount{100}, domain::VatRate{0}, domain::Amount{0}}};
    EXPECT_EQ(format_vat_percentage(transaction), "0");
    transaction.vat_lines = {{domain::Amount{114}, domain::VatRate{1400}, domain::Amount{14}}};
    EXPECT_EQ(format_vat_percentage(transaction), "14.00");
}

TEST(SignedAmount, IsNegativeForReversals) {
    domain::SettlementTransaction transaction;
    transaction.amount = domain::Amount{500};
    transaction.vat_amount = domain::Amount{100};
    EXPECT_EQ(signed_amount(transaction), domain::Amount{500});
    transaction.kind = domain::SettlementKind::reversal;
    EXPECT_EQ(signed_amount(transaction), domain::Amount{-500});
    EXPECT_EQ(signed_vat_amount(transaction), domain::Amount{-100});
}

}  // namespace
}  // namespace faktura::reports
