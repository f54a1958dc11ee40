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
    // Completed captures and reversals of one payee's payments in [from, to), oldest first.
    std::string settled = table.select +
                          "WHERE payment_id IN (SELECT id FROM payments WHERE payee_id = ?1) "
                          "AND type IN ('" +
                          std::string(to_sql(domain::TransactionType::capture)) + "', '" +
                          std::string(to_sql(domain::TransactionType::reversal)) +
                          "') AND state = '" +
                          std::string(to_sql(domain::TransactionState::completed)) +
                          "' AND created_at >= ?2 AND created_at < ?3 ORDER BY created_at, number";
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

std::vector<domain::Transaction> list_settled(Connection& connection, std::string_view payee_id,
                                              domain::Timestamp from, domain::Timestamp to) {
    Statement statement = connection.statement(sql().settled);
    statement.bind_text(1, payee_id);
    statement.bind_int64(2, from.unix_100ns);
    statement.bind_int64(3, to.unix_100ns);
    std::vector<domain::Transaction> found;
    while (statement.step()) found.push_back(read_row(statement, sql().table));
    return found;
}

void insert(Connection& connection, const domain::Transaction& transaction) {
    write_row(connection, sql().table, sql().table.insert, transaction);
}

bool update(Connection& connection, const domain::Transaction& transaction) {
    return write_row(connection, sql().table, sql().table.update, transaction) == 1;
}

}  // namespace faktura::storage::sqlite::transaction_rows
