// The merchants table's statements, built once from rows::merchant_table.
#include "storage/sqlite/merchant_rows.hpp"

#include <string>

#include "storage/rows/merchant_row.hpp"
#include "storage/sqlite/table_sql.hpp"

namespace faktura::storage::sqlite::merchant_rows {
namespace {

struct MerchantSql {
    TableSql<decltype(rows::merchant_table)> table{rows::merchant_table};
    // A duplicate payee id or token hash is an expected outcome, reported by changes() == 0.
    std::string insert_unless_taken = table.insert + " ON CONFLICT DO NOTHING";
    std::string by_payee_id = table.select + "WHERE payee_id = ?1";
    std::string by_token_hash = table.select + "WHERE token_sha256_hex = ?1";
    std::string all = table.select + "ORDER BY created_at, payee_id";
};

const MerchantSql& sql() {
    static const MerchantSql sql;
    return sql;
}

}  // namespace

std::optional<domain::Merchant> find_by_payee_id(Connection& connection,
                                                 std::string_view payee_id) {
    return find_one(connection, sql().table, sql().by_payee_id, payee_id);
}

std::optional<domain::Merchant> find_by_token_hash(Connection& connection,
                                                   std::string_view token_sha256_hex) {
    return find_one(connection, sql().table, sql().by_token_hash, token_sha256_hex);
}

std::vector<domain::Merchant> list(Connection& connection) {
    return find_all(connection, sql().table, sql().all);
}

bool insert_unless_taken(Connection& connection, const domain::Merchant& merchant) {
    return write_row(connection, sql().table, sql().insert_unless_taken, merchant) == 1;
}

bool update(Connection& connection, const domain::Merchant& merchant) {
    return write_row(connection, sql().table, sql().table.update, merchant) == 1;
}

}  // namespace faktura::storage::sqlite::merchant_rows
