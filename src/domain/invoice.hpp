// The invoice a capture produces (spec §14, §26.3): its lines, VAT breakdown, number, dates and the
// payment reference the consumer pays with. Pure data.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/amount.hpp"
#include "domain/national_id.hpp"
#include "domain/payment.hpp"
#include "domain/payment_reference.hpp"

namespace faktura::domain {

struct ItemDescription {
    Amount amount;
    std::string description;

    bool operator==(const ItemDescription&) const = default;
};

struct VatSummaryLine {
    Amount amount;
    VatRate vat_percent;
    Amount vat_amount;

    bool operator==(const VatSummaryLine&) const = default;
};

struct Invoice {
    std::string transaction_id;  // The capture.
    std::string payment_id;
    std::int64_t invoice_number = 0;  // From the payee's own series.
    CivilDate issue_date;             // The capture date.
    CivilDate due_date;               // Issue date + the payee's due days.
    PaymentReference payment_reference;
    std::vector<ItemDescription> item_descriptions;
    std::vector<VatSummaryLine> vat_summary;

    bool operator==(const Invoice&) const = default;
};

// The credit note a completed reversal produces (a Faktura addition): its own number from the
// payee's invoice series, dated the reversal's local date, crediting one of the payment's invoices
// — the newest capture with an amount not yet credited. Its one line is the reversal, at the VAT
// rate its amount and VAT imply.
struct CreditNote {
    std::string transaction_id;  // The reversal.
    std::string payment_id;
    std::int64_t credit_note_number = 0;  // From the payee's invoice series.
    CivilDate issue_date;
    std::string credited_transaction_id;  // The capture whose invoice is credited.
    std::int64_t credited_invoice_number = 0;
    VatSummaryLine vat_line;  // amount and vat_amount of the reversal, with its rate.

    bool operator==(const CreditNote&) const = default;
};

}  // namespace faktura::domain
