// Settlement (spec §26): the captures and reversals of one payee in a period, as the transaction
// list and the balance report book them. Pure data and pure arithmetic; the files themselves are
// rendered by reports/ (XML, CSV, SIE) and documents/ (the balance report PDF).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/amount.hpp"
#include "domain/invoice.hpp"
#include "domain/merchant.hpp"  // LedgerAccounts.
#include "domain/national_id.hpp"
#include "domain/payment.hpp"
#include "domain/time.hpp"

namespace faktura::domain {

enum class SettlementKind { capture, reversal };

// One row of the transaction list: a completed capture (a debit) or reversal (a credit).
struct SettlementTransaction {
    SettlementKind kind = SettlementKind::capture;
    std::string transaction_id;
    std::int64_t number = 0;                 // TransactionNo.
    std::int64_t reconciliation_number = 0;  // PayexBatchNo.
    std::string order_id;                    // The transaction's payeeReference (OrderId).
    Timestamp created_at;                    // DateCreated (and DateModified for invoice).
    Amount amount;      // Positive for both kinds; the files sign a reversal negative.
    Amount vat_amount;  // Positive for both kinds.
    Currency currency = Currency::sek;
    InvoiceType invoice_type = InvoiceType::payex_financing_se;  // ServiceName per country.
    std::string description;
    std::optional<std::string> product_category;  // payeeInfo.productCategory (MerchantProductNo).
    // The amount split by VAT rate: a capture's VAT summary; a reversal's one line (its rate
    // inferred from amount and VAT). The lines add up to amount and vat_amount.
    std::vector<VatSummaryLine> vat_lines;
    // ReferencedTransaction: a capture's authorization, a reversal's reversed capture (its latest
    // capture before the reversal; 0 when unknown).
    std::int64_t referenced_transaction_number = 0;
    std::string payment_id;
    std::int64_t payment_number = 0;
    std::optional<std::int64_t> invoice_number;  // Captures: the invoice it produced.

    bool operator==(const SettlementTransaction&) const = default;
};

// One payee's settlement for a period of local dates [from, to] (both included).
struct SettlementReport {
    std::string accounting_no;  // "R<payment-area>-<n>": the balance report's number.
    std::string payee_id;
    std::string payee_name;
    std::string account_no;  // The merchant's account number at the provider (PayExAccountNo).
    CivilDate from;
    CivilDate to;
    std::vector<SettlementTransaction> transactions;  // Oldest first.
    LedgerAccounts accounts;

    bool operator==(const SettlementReport&) const = default;
};

// The balance report's sums (§26.1 "Balance Report"): per currency, then per service (invoice
// type), the number of debits and credits and the net amount; the VAT; and the totals.
struct BalanceLine {
    Currency currency = Currency::sek;
    InvoiceType invoice_type = InvoiceType::payex_financing_se;
    std::int64_t debits = 0;   // Captures.
    std::int64_t credits = 0;  // Reversals.
    Amount captured;           // Sum of the captures.
    Amount reversed;           // Sum of the reversals (positive).
    Amount net;                // captured − reversed.
    Amount vat;                // VAT of the captures − VAT of the reversals.

    bool operator==(const BalanceLine&) const = default;
};

struct BalanceCurrencyTotal {
    Currency currency = Currency::sek;
    std::int64_t debits = 0;
    std::int64_t credits = 0;
    Amount captured;
    Amount reversed;
    Amount net;
    Amount vat;

    bool operator==(const BalanceCurrencyTotal&) const = default;
};

struct BalanceReport {
    std::string accounting_no;
    std::string payee_id;
    std::string payee_name;
    CivilDate from;
    CivilDate to;
    std::vector<BalanceLine> lines;            // Ordered by currency, then invoice type.
    std::vector<BalanceCurrencyTotal> totals;  // One per currency present, ordered by currency.

    bool operator==(const BalanceReport&) const = default;
};

// The service a transaction is settled under, as the transaction list and the balance report name
// it: "PayEx Faktura SE", "PayEx Faktura NO", "PayEx Faktura FI".
std::string_view service_name(InvoiceType type);

// The balance of a settlement: exact integer sums of its transactions.
BalanceReport balance_of(const SettlementReport& report);

}  // namespace faktura::domain
