// The payments table's statements, built once from rows::payment_table.
#include "storage/sqlite/payment_rows.hpp"

#include <string>

#include "storage/rows/payment_row.hpp"
#include "storage/sqlite/table_sql.hpp"

namespace faktura::storage::sqlite::payment_rows {
namespace {

struct PaymentSql {
    TableSql<decltype(rows::payment_table)> table{rows::payment_table};
    std::string by_id = table.select + "WHERE id = ?1";
    std::string by_front_end_token = table.select + "WHERE front_end_token = ?1";
};

const PaymentSql& sql() {
    static const PaymentSql sql;
    return sql;
}

}  // namespace

std::optional<domain::Payment> find_by_id(Connection& connection, std::string_view payment_id) {
    return find_one(connection, sql().table, sql().by_id, payment_id);
}

std::optional<domain::Payment> find_by_front_end_token(Connection& connection,
                                                       std::string_view front_end_token) {
    return find_one(connection, sql().table, sql().by_front_end_token, front_end_token);
}

void insert(Connection& connection, const domain::Payment& payment) {
    write_row(connection, sql().table, sql().table.insert, payment);
}

bool update(Connection& connection, const domain::Payment& payment) {
    return write_row(connection, sql().table, sql().table.update, payment) == 1;
}

}  // namespace faktura::storage::sqlite::payment_rows
