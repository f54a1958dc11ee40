// A settlement with one transaction of each kind in each currency, shared by the report tests.
#pragma once

#include <cstdint>
#include <string>

#include "domain/settlement.hpp"

namespace faktura::reports::testing_support {

inline domain::SettlementTransaction capture_of(std::int64_t number, domain::InvoiceType type,
                                                std::int64_t amount, std::int64_t vat,
                                                std::int64_t at_seconds) {
    domain::SettlementTransaction transaction;
    transaction.kind = domain::SettlementKind::capture;
    transaction.transaction_id = "tx-" + std::to_string(number);
    transaction.number = number;
    transaction.reconciliation_number = 739000;
    transaction.order_id = "ORDER-" + std::to_string(number);
    transaction.created_at = domain::timestamp_from_seconds(at_seconds);
    transaction.amount = domain::Amount{amount};
    transaction.vat_amount = domain::Amount{vat};
    transaction.invoice_type = type;
    transaction.currency = domain::currency_of(type);
    transaction.description = "Köp i webbutiken";
    transaction.product_category = "Böcker";
    transaction.vat_lines = {{domain::Amount{amount}, domain::VatRate{2500}, domain::Amount{vat}}};
    transaction.referenced_transaction_number = number - 1;
    transaction.payment_id = "payment-" + std::to_string(number);
    transaction.payment_number = number - 2;
    transaction.invoice_number = 1000 + number;
    return transaction;
}

inline domain::SettlementTransaction reversal_of(const domain::SettlementTransaction& capture,
                                                 std::int64_t number, std::int64_t amount,
                                                 std::int64_t vat, std::int64_t at_seconds) {
    domain::SettlementTransaction transaction = capture;
    transaction.kind = domain::SettlementKind::reversal;
    transaction.transaction_id = "tx-" + std::to_string(number);
    transaction.number = number;
    transaction.order_id = "REV-" + std::to_string(number);
    transaction.created_at = domain::timestamp_from_seconds(at_seconds);
    transaction.amount = domain::Amount{amount};
    transaction.vat_amount = domain::Amount{vat};
    transaction.vat_lines = {{domain::Amount{amount}, domain::VatRate{2500}, domain::Amount{vat}}};
    transaction.referenced_transaction_number = capture.number;
    transaction.invoice_number = std::nullopt;
    return transaction;
}

// 2024-01-05 12:00:00 UTC and onwards.
inline constexpr std::int64_t january_5th = 1704456000;

inline domain::SettlementReport example_settlement() {
    using domain::InvoiceType;
    domain::SettlementReport report;
    report.accounting_no = "R1005-0001";
    report.payee_id = "5cabf558-5283-482f-b252-4d58e06f6f3b";
    report.payee_name = "Åsa & Örjan's \"Bok\" AB";
    report.account_no = "69199739";
    report.from = domain::CivilDate{2024, 1, 1};
    report.to = domain::CivilDate{2024, 1, 31};
    const auto se = capture_of(101, InvoiceType::payex_financing_se, 12500, 2500, january_5th);
    report.transactions.push_back(se);
    auto mixed = capture_of(103, InvoiceType::payex_financing_se, 22400, 3400, january_5th + 60);
    mixed.vat_lines = {{domain::Amount{12500}, domain::VatRate{2500}, domain::Amount{2500}},
                       {domain::Amount{6720}, domain::VatRate{1200}, domain::Amount{720}},
                       {domain::Amount{3180}, domain::VatRate{600}, domain::Amount{180}}};
    mixed.product_category = std::nullopt;
    mixed.description = "A <b>\"quoted\"</b> & tabbed\tline, with comma";
    report.transactions.push_back(mixed);
    report.transactions.push_back(
        capture_of(105, InvoiceType::payex_financing_no, 50000, 10000, january_5th + 120));
    report.transactions.push_back(
        capture_of(107, InvoiceType::payex_financing_fi, 12400, 2400, january_5th + 180));
    report.transactions.push_back(reversal_of(se, 109, 5000, 1000, january_5th + 86400));
    return report;
}

}  // namespace faktura::reports::testing_support
