// The SQL of one described table (storage/rows/) in PostgreSQL's spelling ($1 parameters), built
// once from its column list, and the few generic operations on it: write a row with every column
// bound, find one row or all rows. So a SELECT, an INSERT and an UPDATE cannot disagree on the
// columns or their order. The same shapes as storage/sqlite/table_sql.hpp.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "storage/json_columns.hpp"
#include "storage/postgres/column_values.hpp"
#include "storage/postgres/connection.hpp"
#include "storage/rows/column.hpp"

namespace faktura::storage::postgres {

// Statement texts built from a table descriptor. Keep each in a static (the *_sql() functions of
// db_transaction.cpp): their addresses key the connections' statement caches.
template <typename Descriptor>
struct TableSql {
    using Row = typename Descriptor::row_type;

    const Descriptor& table;
    std::vector<std::string> columns = rows::column_names(table);
    std::string select;  // "SELECT <columns> FROM <table> " (callers append WHERE/ORDER BY).
    std::string insert;
    std::string update;  // Sets every column but the first (the key), WHERE key = $1.
    std::string upsert;  // Inserts, or on a duplicate key sets every other column (as update).

    explicit TableSql(const Descriptor& descriptor) : table(descriptor) {
        const std::string name(table.name);
        std::string names;
        std::string parameters;
        std::string assignments;
        std::string assignments_from_excluded;
        for (std::size_t i = 0; i < columns.size(); ++i) {
            const std::string separator = i == 0 ? "" : ", ";
            const std::string parameter = "$" + std::to_string(i + 1);
            names += separator + columns[i];
            parameters += separator + parameter;
            if (i > 0) {
                const std::string assignment_separator = i == 1 ? "" : ", ";
                assignments += assignment_separator + columns[i] + " = " + parameter;
                assignments_from_excluded +=
                    assignment_separator + columns[i] + " = excluded." + columns[i];
            }
        }
        select = "SELECT " + names + " FROM " + name + " ";
        insert = "INSERT INTO " + name + " (" + names + ") VALUES (" + parameters + ")";
        update = "UPDATE " + name + " SET " + assignments + " WHERE " + columns[0] + " = $1";
        upsert =
            insert + " ON CONFLICT (" + columns[0] + ") DO UPDATE SET " + assignments_from_excluded;
    }
};

// The row of the current result of `statement`, a SELECT of sql.select's columns. A column whose
// content cannot be read is a StoreError naming the statement.
template <typename Descriptor>
typename Descriptor::row_type read_row(const Statement& statement,
                                       const TableSql<Descriptor>& sql) {
    typename Descriptor::row_type row{};
    StatementSource source(statement, sql.columns);
    try {
        rows::read_columns(row, sql.table.columns, source);
    } catch (const ColumnContentError& error) {
        statement.fail_on_content(error.what());
    }
    return row;
}

// Runs `statement_text` (sql.insert, update, upsert or one built from them) with every column of
// `row` bound as $1, $2, …; returns the rows changed.
template <typename Descriptor>
std::int64_t write_row(Connection& connection, const TableSql<Descriptor>& sql,
                       const std::string& statement_text,
                       const typename Descriptor::row_type& row) {
    Statement statement = connection.statement(statement_text);
    StatementSink sink(statement);
    rows::write_columns(row, sql.table.columns, sink);
    statement.run();
    return statement.changes();
}

// The row `statement_text` finds with `key` bound as $1, if any.
template <typename Descriptor>
std::optional<typename Descriptor::row_type> find_one(Connection& connection,
                                                      const TableSql<Descriptor>& sql,
                                                      const std::string& statement_text,
                                                      std::string_view key) {
    Statement statement = connection.statement(statement_text);
    statement.bind_text(1, key);
    if (!statement.step()) return std::nullopt;
    return read_row(statement, sql);
}

// Every row `statement_text` finds, with the `keys` bound as $1, $2, …
template <typename Descriptor, typename... Keys>
std::vector<typename Descriptor::row_type> find_all(Connection& connection,
                                                    const TableSql<Descriptor>& sql,
                                                    const std::string& statement_text,
                                                    const Keys&... keys) {
    Statement statement = connection.statement(statement_text);
    [[maybe_unused]] int parameter = 1;  // Unread when there are no keys.
    (statement.bind_text(parameter++, std::string_view(keys)), ...);
    std::vector<typename Descriptor::row_type> found;
    while (statement.step()) found.push_back(read_row(statement, sql));
    return found;
}

}  // namespace faktura::storage::postgres
