// The invoices table's statements, built once from rows::invoice_table.
#include "storage/sqlite/invoice_rows.hpp"

#include <string>

#include "storage/rows/invoice_row.hpp"
#include "storage/sqlite/table_sql.hpp"

namespace faktura::storage::sqlite::invoice_rows {
namespace {

struct InvoiceSql {
    TableSql<decltype(rows::invoice_table)> table{rows::invoice_table};
    std::string by_transaction_id = table.select + "WHERE transaction_id = ?1";
};

const InvoiceSql& sql() {
    static const InvoiceSql sql;
    return sql;
}

}  // namespace

std::optional<domain::Invoice> find_by_transaction_id(Connection& connection,
                                                      std::string_view transaction_id) {
    return find_one(connection, sql().table, sql().by_transaction_id, transaction_id);
}

void insert(Connection& connection, const domain::Invoice& invoice) {
    write_row(connection, sql().table, sql().table.insert, invoice);
}

}  // namespace faktura::storage::sqlite::invoice_rows
