// The merchants table's statements over a connection, mapped by rows::merchant_table.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "domain/merchant.hpp"
#include "storage/sqlite/connection.hpp"

namespace faktura::storage::sqlite::merchant_rows {

std::optional<domain::Merchant> find_by_payee_id(Connection& connection, std::string_view payee_id);
std::optional<domain::Merchant> find_by_token_hash(Connection& connection,
                                                   std::string_view token_sha256_hex);
// Oldest first, then by payee id.
std::vector<domain::Merchant> list(Connection& connection);
// False when the payee id or the token hash is taken already.
bool insert_unless_taken(Connection& connection, const domain::Merchant& merchant);
// False when no merchant has this payee id.
bool update(Connection& connection, const domain::Merchant& merchant);

}  // namespace faktura::storage::sqlite::merchant_rows
