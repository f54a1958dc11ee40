// The payer data tables' statements over a connection: approved legal addresses, authorization
// details, payer tokens and payer inputs, mapped by their rows:: descriptors.
#pragma once

#include <optional>
#include <string_view>

#include "domain/payer.hpp"
#include "storage/sqlite/connection.hpp"

namespace faktura::storage::sqlite::payer_rows {

std::optional<domain::ApprovedLegalAddress> find_approved_legal_address(
    Connection& connection, std::string_view payment_id);
// Inserts, or replaces the payment's earlier address.
void save_approved_legal_address(Connection& connection,
                                 const domain::ApprovedLegalAddress& address);

std::optional<domain::AuthorizationDetails> find_authorization_details(
    Connection& connection, std::string_view transaction_id);
void insert_authorization_details(Connection& connection,
                                  const domain::AuthorizationDetails& details);

std::optional<domain::PayerToken> find_payer_token(Connection& connection, std::string_view token);
void insert_payer_token(Connection& connection, const domain::PayerToken& token);
// False when no payer token has this token.
bool update_payer_token(Connection& connection, const domain::PayerToken& token);

std::optional<domain::PayerInput> find_payer_input(Connection& connection,
                                                   std::string_view payment_id);
// Inserts, or replaces the payment's earlier input.
void save_payer_input(Connection& connection, const domain::PayerInput& input);

}  // namespace faktura::storage::sqlite::payer_rows
