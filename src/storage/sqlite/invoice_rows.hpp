// The invoices table's statements over a connection, mapped by rows::invoice_table.
#pragma once

#include <optional>
#include <string_view>

#include "domain/invoice.hpp"
#include "storage/sqlite/connection.hpp"

namespace faktura::storage::sqlite::invoice_rows {

std::optional<domain::Invoice> find_by_transaction_id(Connection& connection,
                                                      std::string_view transaction_id);
// Throws std::logic_error for a date outside years 0–9999 (a bug in the caller).
void insert(Connection& connection, const domain::Invoice& invoice);

}  // namespace faktura::storage::sqlite::invoice_rows
