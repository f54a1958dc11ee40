// The invoices table's statements over a connection, mapped by rows::invoice_table.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "domain/invoice.hpp"
#include "storage/sqlite/connection.hpp"

namespace faktura::storage::sqlite::invoice_rows {

std::optional<domain::Invoice> find_by_transaction_id(Connection& connection,
                                                      std::string_view transaction_id);
// The payment's invoices, by invoice number.
std::vector<domain::Invoice> list_of_payment(Connection& connection, std::string_view payment_id);
// Throws std::logic_error for a date outside years 0–9999 (a bug in the caller).
void insert(Connection& connection, const domain::Invoice& invoice);

// The credit_notes table, mapped by rows::credit_note_table.
std::optional<domain::CreditNote> find_credit_note(Connection& connection,
                                                   std::string_view transaction_id);
std::vector<domain::CreditNote> list_credit_notes_of_payment(Connection& connection,
                                                             std::string_view payment_id);
void insert_credit_note(Connection& connection, const domain::CreditNote& note);

}  // namespace faktura::storage::sqlite::invoice_rows
