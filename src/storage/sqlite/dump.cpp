// Export and import on a SQLite file: a connection of their own (not the store's writer), the
// columns and their types from pragma_table_info, flags (INTEGER 0/1) told apart by dump::Table.
#include "storage/sqlite/dump.hpp"

#include <chrono>
#include <memory>
#include <unordered_map>
#include <vector>

#include "storage/sqlite/connection.hpp"
#include "storage/sqlite/sqlite_store.hpp"
#include "storage/store.hpp"

namespace faktura::storage::sqlite {
namespace {

constexpr std::chrono::milliseconds busy_timeout{5000};

constexpr std::string_view columns_sql =
    "SELECT name, type, \"notnull\" FROM pragma_table_info(?1) ORDER BY cid";
constexpr std::string_view sequence_sql = "SELECT next_value FROM sequences WHERE name = ?1";
constexpr std::string_view raise_sequence_sql =
    "UPDATE sequences SET next_value = max(next_value, ?1) WHERE name = ?2";

// A connection to a migrated database and the statements built for its tables. The statement
// texts live in a node-based map as long as the connection: their addresses key its cache.
class Database {
  public:
    explicit Database(const std::string& path) {
        // Creates the file (0600) and its directory if missing, and applies the migrations.
        SqliteStore::open(path).reset();
        connection_ = std::make_unique<Connection>(path, busy_timeout);
        connection_->execute("PRAGMA foreign_keys = ON");
        connection_->execute("PRAGMA synchronous = FULL");
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
            if (type == "INTEGER") {
                column.type =
                    table.is_flag(column.name) ? dump::ColumnType::flag : dump::ColumnType::integer;
            } else if (type == "TEXT") {
                column.type = dump::ColumnType::text;
            } else {
                statement.fail_on_content("column " + column.name + " of " +
                                          std::string(table.name) + " has type " +
                                          std::string(type) + ", not INTEGER or TEXT");
            }
            column.nullable = statement.int64(2) == 0;
            columns.push_back(std::move(column));
        }
        if (columns.empty()) {
            throw StoreError("sqlite: the database has no table " + std::string(table.name));
        }
        return columns;
    }

    // The text of a statement for `table`, built by `build` the first time.
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
            throw StoreError("sqlite: the sequences table has no row " + std::string(name));
        }
        return statement.int64(0);
    }

  private:
    std::unordered_map<std::string, std::string> sql_;
    std::unique_ptr<Connection> connection_;  // After sql_: closed while the texts still exist.
};

std::string column_list(const std::vector<dump::Column>& columns) {
    std::string list;
    for (const dump::Column& column : columns) {
        if (!list.empty()) list += ", ";
        list += column.name;
    }
    return list;
}

std::string order_by(const dump::Table& table) {
    std::string list;
    for (const std::string_view column : table.order_by) {
        if (!list.empty()) list += ", ";
        list += column;
    }
    return list;
}

class SqliteTarget final : public dump::RowTarget {
  public:
    explicit SqliteTarget(Database& database) : database_(database) {}

    std::vector<dump::Column> columns(const dump::Table& table) override {
        std::vector<dump::Column> columns = database_.columns(table);
        insert_sql_[std::string(table.name)] = &database_.sql("insert", table, [&] {
            std::string parameters;
            for (std::size_t i = 0; i < columns.size(); ++i) {
                parameters += (i == 0 ? "?" : ", ?") + std::to_string(i + 1);
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
        if (database_.connection().changes() != 1) {
            throw StoreError("sqlite: the sequences table has no row " + std::string(name));
        }
    }

    std::int64_t sequence_value(std::string_view name) override {
        return database_.sequence_value(name);
    }

  private:
    Database& database_;
    std::unordered_map<std::string, const std::string*> insert_sql_;
};

}  // namespace

void export_dump(const std::string& path, dump::RowSink& sink) {
    Database database(path);
    Connection& connection = database.connection();
    // Deferred: the first read takes the snapshot (WAL), and every read after sees the same one.
    connection.execute("BEGIN");
    try {
        for (const dump::Table& table : dump::tables()) {
            std::vector<dump::Column> columns = database.columns(table);
            const std::string& sql = database.sql("select", table, [&] {
                return "SELECT " + column_list(columns) + " FROM " + std::string(table.name) +
                       " ORDER BY " + order_by(table);
            });
            const std::vector<dump::Column> types = columns;
            sink.begin_table(table, std::move(columns));
            std::vector<dump::Value> values(types.size());
            Statement statement = connection.statement(sql);
            while (statement.step()) {
                for (std::size_t i = 0; i < types.size(); ++i) {
                    const int column = static_cast<int>(i);
                    if (statement.is_null(column)) {
                        values[i] = std::monostate{};
                        continue;
                    }
                    switch (types[i].type) {
                        case dump::ColumnType::integer:
                            values[i] = statement.int64(column);
                            break;
                        case dump::ColumnType::flag: {
                            const std::int64_t flag = statement.int64(column);
                            if (flag != 0 && flag != 1) {
                                statement.fail_on_content(types[i].name + " holds " +
                                                          std::to_string(flag) + ", not 0 or 1");
                            }
                            values[i] = flag == 1;
                            break;
                        }
                        case dump::ColumnType::text:
                            values[i] = statement.text(column);
                            break;
                    }
                }
                sink.row(values);
            }
        }
        sink.sequence(dump::number_sequence, database.sequence_value(dump::number_sequence));
        connection.execute("COMMIT");
    } catch (...) {
        connection.roll_back_quietly();
        throw;
    }
}

dump::Summary import_dump(const std::string& path, std::istream& in,
                          const dump::ProgressCallback& progress) {
    Database database(path);
    Connection& connection = database.connection();
    // IMMEDIATE: the write lock from the start, so no other process writes between the check
    // that the database is empty and the COMMIT.
    connection.execute("BEGIN IMMEDIATE");
    try {
        SqliteTarget target(database);
        dump::Summary summary = dump::load(in, target, progress);
        connection.execute("COMMIT");
        return summary;
    } catch (...) {
        connection.roll_back_quietly();
        throw;
    }
}

}  // namespace faktura::storage::sqlite
