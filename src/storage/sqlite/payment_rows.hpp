// The payments table's statements over a connection, mapped by rows::payment_table.
#pragma once

#include <optional>
#include <string_view>

#include "domain/payment.hpp"
#include "storage/sqlite/connection.hpp"

namespace faktura::storage::sqlite::payment_rows {

std::optional<domain::Payment> find_by_id(Connection& connection, std::string_view payment_id);
std::optional<domain::Payment> find_by_front_end_token(Connection& connection,
                                                       std::string_view front_end_token);
void insert(Connection& connection, const domain::Payment& payment);
// False when no payment has this id.
bool update(Connection& connection, const domain::Payment& payment);

}  // namespace faktura::storage::sqlite::payment_rows
