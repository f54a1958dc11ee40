// The payer data tables' statements, built once from their rows:: descriptors.
#include "storage/sqlite/payer_rows.hpp"

#include <string>

#include "storage/rows/approved_legal_address_row.hpp"
#include "storage/rows/authorization_details_row.hpp"
#include "storage/rows/payer_input_row.hpp"
#include "storage/rows/payer_token_row.hpp"
#include "storage/sqlite/table_sql.hpp"

namespace faktura::storage::sqlite::payer_rows {
namespace {

struct ApprovedLegalAddressSql {
    TableSql<decltype(rows::approved_legal_address_table)> table{
        rows::approved_legal_address_table};
    std::string by_payment_id = table.select + "WHERE payment_id = ?1";
};

const ApprovedLegalAddressSql& approved_legal_address_sql() {
    static const ApprovedLegalAddressSql sql;
    return sql;
}

struct AuthorizationDetailsSql {
    TableSql<decltype(rows::authorization_details_table)> table{rows::authorization_details_table};
    std::string by_transaction_id = table.select + "WHERE transaction_id = ?1";
};

const AuthorizationDetailsSql& authorization_details_sql() {
    static const AuthorizationDetailsSql sql;
    return sql;
}

struct PayerTokenSql {
    TableSql<decltype(rows::payer_token_table)> table{rows::payer_token_table};
    std::string by_token = table.select + "WHERE token = ?1";
};

const PayerTokenSql& payer_token_sql() {
    static const PayerTokenSql sql;
    return sql;
}

struct PayerInputSql {
    TableSql<decltype(rows::payer_input_table)> table{rows::payer_input_table};
    std::string by_payment_id = table.select + "WHERE payment_id = ?1";
};

const PayerInputSql& payer_input_sql() {
    static const PayerInputSql sql;
    return sql;
}

}  // namespace

std::optional<domain::ApprovedLegalAddress> find_approved_legal_address(
    Connection& connection, std::string_view payment_id) {
    const auto& sql = approved_legal_address_sql();
    return find_one(connection, sql.table, sql.by_payment_id, payment_id);
}

void save_approved_legal_address(Connection& connection,
                                 const domain::ApprovedLegalAddress& address) {
    const auto& sql = approved_legal_address_sql();
    write_row(connection, sql.table, sql.table.upsert, address);
}

std::optional<domain::AuthorizationDetails> find_authorization_details(
    Connection& connection, std::string_view transaction_id) {
    const auto& sql = authorization_details_sql();
    return find_one(connection, sql.table, sql.by_transaction_id, transaction_id);
}

void insert_authorization_details(Connection& connection,
                                  const domain::AuthorizationDetails& details) {
    const auto& sql = authorization_details_sql();
    write_row(connection, sql.table, sql.table.insert, details);
}

std::optional<domain::PayerToken> find_payer_token(Connection& connection, std::string_view token) {
    const auto& sql = payer_token_sql();
    return find_one(connection, sql.table, sql.by_token, token);
}

void insert_payer_token(Connection& connection, const domain::PayerToken& token) {
    const auto& sql = payer_token_sql();
    write_row(connection, sql.table, sql.table.insert, token);
}

bool update_payer_token(Connection& connection, const domain::PayerToken& token) {
    const auto& sql = payer_token_sql();
    return write_row(connection, sql.table, sql.table.update, token) == 1;
}

std::optional<domain::PayerInput> find_payer_input(Connection& connection,
                                                   std::string_view payment_id) {
    const auto& sql = payer_input_sql();
    return find_one(connection, sql.table, sql.by_payment_id, payment_id);
}

void save_payer_input(Connection& connection, const domain::PayerInput& input) {
    const auto& sql = payer_input_sql();
    write_row(connection, sql.table, sql.table.upsert, input);
}

}  // namespace faktura::storage::sqlite::payer_rows
