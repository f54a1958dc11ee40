// The transactions table's statements, built once from rows::transaction_table.
#include "storage/sqlite/transaction_rows.hpp"

#include <string>

#include "storage/rows/transaction_row.hpp"
#include "storage/sqlite/table_sql.hpp"

namespace faktura::storage::sqlite::transaction_rows {
namespace {

struct TransactionSql {
    TableSql<decltype(rows::transaction_table)> table{rows::transaction_table};
    std::string of_payment = table.select + "WHERE payment_id = ?1 ORDER BY number";
};

const TransactionSql& sql() {
    static const TransactionSql sql;
    return sql;
}

}  // namespace

std::vector<domain::Transaction> list_of_payment(Connection& connection,
                                                 std::string_view payment_id) {
    return find_all(connection, sql().table, sql().of_payment, payment_id);
}

void insert(Connection& connection, const domain::Transaction& transaction) {
    write_row(connection, sql().table, sql().table.insert, transaction);
}

bool update(Connection& connection, const domain::Transaction& transaction) {
    return write_row(connection, sql().table, sql().table.update, transaction) == 1;
}

}  // namespace faktura::storage::sqlite::transaction_rows
