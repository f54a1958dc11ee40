// The invoices table: the invoice a capture produced; its lines and VAT summary are JSON text,
// its dates calendar dates (the backend chooses how a date is stored).
#pragma once

#include "domain/invoice.hpp"
#include "storage/json_columns.hpp"
#include "storage/rows/column.hpp"

namespace faktura::storage::rows {

// One column a line, in the table's order: clang-format 14 would break each lambda over two.
// clang-format off
inline constexpr auto invoice_table = table<domain::Invoice>(
    "invoices",
    column("transaction_id", [](auto& i) -> auto& { return i.transaction_id; }),
    column("payment_id", [](auto& i) -> auto& { return i.payment_id; }),
    column("invoice_number", [](auto& i) -> auto& { return i.invoice_number; }),
    column("issue_date", [](auto& i) -> auto& { return i.issue_date; }),
    column("due_date", [](auto& i) -> auto& { return i.due_date; }),
    column("payment_reference_kind", [](auto& i) -> auto& { return i.payment_reference.kind; }),
    column("payment_reference", [](auto& i) -> auto& { return i.payment_reference.reference; }),
    column("rf_reference", [](auto& i) -> auto& { return i.payment_reference.rf_reference; }),
    column_with("item_descriptions", [](auto& i) -> auto& { return i.item_descriptions; },
                ItemDescriptionsJson{}),
    column_with("vat_summary", [](auto& i) -> auto& { return i.vat_summary; }, VatSummaryJson{}));
// clang-format on

}  // namespace faktura::storage::rows
