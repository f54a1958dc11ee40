// The invoices table's statements, built once from rows::invoice_table.
#include "storage/sqlite/invoice_rows.hpp"

#include <string>

#include "storage/rows/credit_note_row.hpp"
#include "storage/rows/invoice_row.hpp"
#include "storage/sqlite/table_sql.hpp"

namespace faktura::storage::sqlite::invoice_rows {
namespace {

struct InvoiceSql {
    TableSql<decltype(rows::invoice_table)> table{rows::invoice_table};
    std::string by_transaction_id = table.select + "WHERE transaction_id = ?1";
    std::string of_payment = table.select + "WHERE payment_id = ?1 ORDER BY invoice_number";
    TableSql<decltype(rows::credit_note_table)> notes{rows::credit_note_table};
    std::string note_by_transaction_id = notes.select + "WHERE transaction_id = ?1";
    std::string notes_of_payment =
        notes.select + "WHERE payment_id = ?1 ORDER BY credit_note_number";
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

std::vector<domain::Invoice> list_of_payment(Connection& connection, std::string_view payment_id) {
    return find_all(connection, sql().table, sql().of_payment, payment_id);
}

void insert(Connection& connection, const domain::Invoice& invoice) {
    write_row(connection, sql().table, sql().table.insert, invoice);
}

std::optional<domain::CreditNote> find_credit_note(Connection& connection,
                                                   std::string_view transaction_id) {
    return find_one(connection, sql().notes, sql().note_by_transaction_id, transaction_id);
}

std::vector<domain::CreditNote> list_credit_notes_of_payment(Connection& connection,
                                                             std::string_view payment_id) {
    return find_all(connection, sql().notes, sql().notes_of_payment, payment_id);
}

void insert_credit_note(Connection& connection, const domain::CreditNote& note) {
    write_row(connection, sql().notes, sql().notes.insert, note);
}

}  // namespace faktura::storage::sqlite::invoice_rows
