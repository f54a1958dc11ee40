// Export and import on PostgreSQL: a connection of their own (not the store's pool), the columns
// and their types from information_schema (bigint, boolean, text), rows read through a cursor.
#include "storage/postgres/dump.hpp"

#include <charconv>
#include <memory>
#include <unordered_map>
#include <vector>

#include "storage/postgres/connection.hpp"
#include "storage/postgres/postgres_store.hpp"
#include "storage/store.hpp"

namespace faktura::storage::postgres {
namespace {

constexpr std::string_view columns_sql =
    "SELECT column_name::text, data_type::text, is_nullable::text FROM information_schema.columns"
    " WHERE table_schema = current_schema() AND table_name::text = $1::text"
    " ORDER BY ordinal_position";
constexpr std::string_view sequence_sql = "SELECT next_value FROM sequences WHERE name = $1::text";
constexpr std::string_view raise_sequence_sql =
    "UPDATE sequences SET next_value = greatest(next_value, $1::bigint) WHERE name = $2::text";
constexpr std::string_view fetch_sql = "FETCH 1000 FROM faktura_dump";
constexpr std::string_view close_sql = "CLOSE faktura_dump";

// A connection to a migrated database and the statements built for its tables. The statement
// texts live in a node-based map as long as the connection: their addresses key its cache.
class Database {
  public:
    explicit Database(const std::string& url) {
        PostgresStore::migrate(url);
        connection_ = std::make_unique<Connection>(url);
    }

    Connection& connection() { return *connection_; }

    std::vector<dump::Column> columns(const dump::Table& table) {
        std::vector<dump::Column> columns;
        Statement statement = connection_->statement(columns_sql);
        statement.bind_text(1, table.name);
        while (statement.step()) {
            dump::Column column;
            column.name = statement.text(0);
            const std::string_view type = statement.text_view(1);
            if (type == "bigint") {
                column.type = dump::ColumnType::integer;
            } else if (type == "boolean") {
                column.type = dump::ColumnType::flag;
            } else if (type == "text") {
                column.type = dump::ColumnType::text;
            } else {
                statement.fail_on_content("column " + column.name + " of " +
                                          std::string(table.name) + " has type " +
                                          std::string(type) + ", not bigint, boolean or text");
            }
            column.nullable = statement.text_view(2) == "YES";
            columns.push_back(std::move(column));
        }
        if (columns.empty()) {
            throw StoreError("postgres: the database has no table " + std::string(table.name));
        }
        return columns;
    }

    template <typename Build>
    const std::string& sql(std::string_view purpose, const dump::Table& table, Build build) {
        const std::string key = std::string(purpose) + " " + std::string(table.name);
        auto found = sql_.find(key);
        if (found == sql_.end()) found = sql_.emplace(key, build()).first;
        return found->second;
    }

    std::int64_t sequence_value(std::string_view name) {
        Statement statement = connection_->statement(sequence_sql);
        statement.bind_text(1, name);
        if (!statement.step()) {
            throw StoreError("postgres: the sequences table has no row " + std::string(name));
        }
        return statement.int64(0);
    }

  private:
    std::unordered_map<std::string, std::string> sql_;
    std::unique_ptr<Connection> connection_;
};

std::string column_list(const std::vector<dump::Column>& columns) {
    std::string list;
    for (const dump::Column& column : columns) {
        if (!list.empty()) list += ", ";
        list += column.name;
    }
    return list;
}

// Text compared byte by byte ("C"), as SQLite's BINARY does, so both backends order rows alike.
std::string order_by(const dump::Table& table, const std::vector<dump::Column>& columns) {
    std::string list;
    for (const std::string_view name : table.order_by) {
        if (!list.empty()) list += ", ";
        list += name;
        for (const dump::Column& column : columns) {
            if (column.name == name && column.type == dump::ColumnType::text) {
                list += " COLLATE \"C\"";
            }
        }
    }
    return list;
}

struct ResultDeleter {
    void operator()(PGresult* result) const { PQclear(result); }
};
using Result = std::unique_ptr<PGresult, ResultDeleter>;

// One value of the current FETCH result, in text form, as its column's type.
dump::Value value_of(const PGresult* result, int row, int column, dump::ColumnType type,
                     std::string_view sql) {
    if (PQgetisnull(result, row, column) == 1) return std::monostate{};
    const char* data = PQgetvalue(result, row, column);
    const std::string_view text(data, static_cast<std::size_t>(PQgetlength(result, row, column)));
    switch (type) {
        case dump::ColumnType::integer: {
            std::int64_t value = 0;
            const auto [end, error] =
                std::from_chars(text.data(), text.data() + text.size(), value);
            if (error != std::errc{} || end != text.data() + text.size()) {
                throw StoreError("postgres: unexpected content: '" + std::string(text) +
                                 "' is not a 64-bit integer in: " + std::string(sql));
            }
            return value;
        }
        case dump::ColumnType::flag:
            if (text == "t") return true;
            if (text == "f") return false;
            throw StoreError("postgres: unexpected content: '" + std::string(text) +
                             "' is not a boolean in: " + std::string(sql));
        case dump::ColumnType::text:
            return std::string(text);
    }
    return std::monostate{};
}

class PostgresTarget final : public dump::RowTarget {
  public:
    explicit PostgresTarget(Database& database) : database_(database) {}

    std::vector<dump::Column> columns(const dump::Table& table) override {
        std::vector<dump::Column> columns = database_.columns(table);
        insert_sql_[std::string(table.name)] = &database_.sql("insert", table, [&] {
            std::string parameters;
            for (std::size_t i = 0; i < columns.size(); ++i) {
                parameters += (i == 0 ? "$" : ", $") + std::to_string(i + 1);
            }
            return "INSERT INTO " + std::string(table.name) + " (" + column_list(columns) +
                   ") VALUES (" + parameters + ")";
        });
        return columns;
    }

    std::uint64_t row_count(const dump::Table& table) override {
        const std::string& sql = database_.sql(
            "count", table, [&] { return "SELECT count(*) FROM " + std::string(table.name); });
        Statement statement = database_.connection().statement(sql);
        if (!statement.step()) statement.fail_on_content("no count");
        return static_cast<std::uint64_t>(statement.int64(0));
    }

    void remove_rows(const dump::Table& table) override {
        const std::string& sql = database_.sql(
            "delete", table, [&] { return "DELETE FROM " + std::string(table.name); });
        database_.connection().statement(sql).run();
    }

    void insert(const dump::Table& table, std::span<const dump::Value> values) override {
        Statement statement =
            database_.connection().statement(*insert_sql_.at(std::string(table.name)));
        for (std::size_t i = 0; i < values.size(); ++i) {
            const int index = static_cast<int>(i + 1);
            const dump::Value& value = values[i];
            if (const auto* integer = std::get_if<std::int64_t>(&value)) {
                statement.bind_int64(index, *integer);
            } else if (const auto* flag = std::get_if<bool>(&value)) {
                statement.bind_bool(index, *flag);
            } else if (const auto* text = std::get_if<std::string>(&value)) {
                statement.bind_text(index, *text);
            } else {
                statement.bind_null(index);
            }
        }
        statement.run();
    }

    void raise_sequence(std::string_view name, std::int64_t at_least) override {
        Statement statement = database_.connection().statement(raise_sequence_sql);
        statement.bind_int64(1, at_least);
        statement.bind_text(2, name);
        statement.run();
        if (statement.changes() != 1) {
            throw StoreError("postgres: the sequences table has no row " + std::string(name));
        }
    }

    std::int64_t sequence_value(std::string_view name) override {
        return database_.sequence_value(name);
    }

  private:
    Database& database_;
    std::unordered_map<std::string, const std::string*> insert_sql_;
};

// The table's rows, 1000 a FETCH, each handed to `sink`.
void export_table(Connection& connection, const std::string& select,
                  const std::vector<dump::Column>& columns, dump::RowSink& sink) {
    connection.execute("DECLARE faktura_dump NO SCROLL CURSOR FOR " + select);
    std::vector<dump::Value> values(columns.size());
    for (;;) {
        Result result(PQexec(connection.handle(), std::string(fetch_sql).c_str()));
        if (PQresultStatus(result.get()) != PGRES_TUPLES_OK) {
            connection.fail(result.release(), fetch_sql);
        }
        const int rows = PQntuples(result.get());
        if (rows == 0) break;
        if (PQnfields(result.get()) != static_cast<int>(columns.size())) {
            throw StoreError("postgres: unexpected content: the cursor's columns changed in: " +
                             select);
        }
        for (int row = 0; row < rows; ++row) {
            for (std::size_t i = 0; i < columns.size(); ++i) {
                values[i] =
                    value_of(result.get(), row, static_cast<int>(i), columns[i].type, select);
            }
            sink.row(values);
        }
    }
    connection.execute(close_sql);
}

}  // namespace

void export_dump(const std::string& url, dump::RowSink& sink) {
    Database database(url);
    Connection& connection = database.connection();
    // Every statement of a REPEATABLE READ transaction sees the snapshot of its first.
    connection.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    try {
        for (const dump::Table& table : dump::tables()) {
            std::vector<dump::Column> columns = database.columns(table);
            const std::string select = "SELECT " + column_list(columns) + " FROM " +
                                       std::string(table.name) + " ORDER BY " +
                                       order_by(table, columns);
            sink.begin_table(table, columns);
            export_table(connection, select, columns, sink);
        }
        sink.sequence(dump::number_sequence, database.sequence_value(dump::number_sequence));
        connection.execute("COMMIT");
    } catch (...) {
        connection.roll_back_quietly();
        throw;
    }
}

dump::Summary import_dump(const std::string& url, std::istream& in,
                          const dump::ProgressCallback& progress) {
    Database database(url);
    Connection& connection = database.connection();
    connection.execute("BEGIN ISOLATION LEVEL READ COMMITTED");
    try {
        // Until COMMIT no other session writes these tables, so the emptiness checked first and the
        // counts compared last stay true; reads go on.
        std::string tables;
        for (const dump::Table& table : dump::tables()) {
            if (!tables.empty()) tables += ", ";
            tables += table.name;
        }
        connection.execute("LOCK TABLE " + tables + " IN EXCLUSIVE MODE");
        PostgresTarget target(database);
        dump::Summary summary = dump::load(in, target, progress);
        connection.execute("COMMIT");
        return summary;
    } catch (...) {
        connection.roll_back_quietly();
        throw;
    }
}

}  // namespace faktura::storage::postgres
