// The transactions table's statements over a connection, mapped by rows::transaction_table.
#pragma once

#include <string_view>
#include <vector>

#include "domain/payment.hpp"
#include "storage/sqlite/connection.hpp"

namespace faktura::storage::sqlite::transaction_rows {

// Oldest first (by number).
std::vector<domain::Transaction> list_of_payment(Connection& connection,
                                                 std::string_view payment_id);
// The completed captures and reversals of the payee's payments created in [from, to), by time.
std::vector<domain::Transaction> list_settled(Connection& connection, std::string_view payee_id,
                                              domain::Timestamp from, domain::Timestamp to);
void insert(Connection& connection, const domain::Transaction& transaction);
// False when no transaction has this id.
bool update(Connection& connection, const domain::Transaction& transaction);

}  // namespace faktura::storage::sqlite::transaction_rows
