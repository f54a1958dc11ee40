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

}  // namespace faktura::domain
