// The credit_notes table: the credit note a reversal produced (a Faktura addition), its one VAT
// line flattened into three columns.
#pragma once

#include "domain/invoice.hpp"
#include "storage/rows/column.hpp"

namespace faktura::storage::rows {

// One column a line, in the table's order: clang-format 14 would break each lambda over two.
// clang-format off
inline constexpr auto credit_note_table = table<domain::CreditNote>(
    "credit_notes",
    column("transaction_id", [](auto& c) -> auto& { return c.transaction_id; }),
    column("payment_id", [](auto& c) -> auto& { return c.payment_id; }),
    column("credit_note_number", [](auto& c) -> auto& { return c.credit_note_number; }),
    column("issue_date", [](auto& c) -> auto& { return c.issue_date; }),
    column("credited_transaction_id", [](auto& c) -> auto& { return c.credited_transaction_id; }),
    column("credited_invoice_number", [](auto& c) -> auto& { return c.credited_invoice_number; }),
    column("amount", [](auto& c) -> auto& { return c.vat_line.amount; }),
    column("vat_percent",
           [](auto& c) -> auto& { return c.vat_line.vat_percent.hundredths_of_percent; }),
    column("vat_amount", [](auto& c) -> auto& { return c.vat_line.vat_amount; }));
// clang-format on

}  // namespace faktura::storage::rows
