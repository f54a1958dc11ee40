// One SQLite connection and its cache of prepared statements; the only wrapper of the sqlite3 C
// API. Every SQLite failure leaves this file as a StoreError naming the SQLite message and the SQL.
// Not thread-safe: a Connection is used by one thread at a time (the owner serialises access).
#pragma once

#include <sqlite3.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace faktura::storage::sqlite {

class Connection;

// A cached prepared statement, borrowed for one execution. Resets the statement and clears its
// bindings when destroyed, so text bound without copying (bind_text) must outlive this object:
// declare the bound strings before the Statement.
class Statement {
  public:
    Statement(Connection& connection, sqlite3_stmt* statement, std::string_view sql);
    ~Statement();
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    // Parameters are numbered from 1, as in SQL's ?1. Text is bound without a copy.
    void bind_int64(int index, std::int64_t value);
    void bind_bool(int index, bool value) { bind_int64(index, value ? 1 : 0); }
    void bind_text(int index, std::string_view value);
    // Copies the text first: for a value computed for this bind (JSON, a date), which dies
    // before the statement runs.
    void bind_text_copy(int index, std::string_view value);
    void bind_optional_text(int index, const std::optional<std::string>& value);
    void bind_optional_int64(int index, const std::optional<std::int64_t>& value);
    void bind_null(int index);

    // True while a row is available; false when the statement is done. Throws StoreError.
    bool step();
    // Steps a statement that returns no rows (INSERT, UPDATE, control statements).
    void run();

    // Columns are numbered from 0, as in sqlite3_column_*.
    bool is_null(int column) const;
    std::int64_t int64(int column) const;
    std::int32_t int32(int column) const;  // Throws StoreError when the value does not fit.
    bool boolean(int column) const { return int64(column) != 0; }
    std::string text(int column) const;
    std::string_view text_view(int column) const;  // Valid until the next step or reset.
    std::optional<std::string> optional_text(int column) const;
    std::optional<std::int64_t> optional_int64(int column) const;

    // Names the statement in an error about a column's content (a corrupt or foreign row).
    [[noreturn]] void fail_on_content(std::string_view problem) const;

  private:
    Connection& connection_;
    sqlite3_stmt* statement_;
    std::string_view sql_;
};

class Connection {
  public:
    // Opens (creating if missing) the database at `path`; "file:" URIs are accepted.
    // Throws StoreError.
    Connection(const std::string& path, std::chrono::milliseconds busy_timeout);
    ~Connection();
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    // Borrows the prepared statement for `sql`, preparing it on first use. The cache is keyed by
    // the address of the text, so `sql` must have static storage duration (a constant or a string
    // built once): the same text at another address only costs a second cache entry.
    Statement statement(std::string_view sql);

    // Runs one or more statements without caching them: pragmas and migrations. Throws StoreError.
    void execute(std::string_view sql);
    // Runs a statement returning one text or integer value (a pragma). Throws StoreError.
    std::string query_text(std::string_view sql);
    std::int64_t query_int64(std::string_view sql);

    // True unless a transaction is open. SQLite may roll back a whole transaction by itself after
    // an I/O or out-of-memory error; this is how the caller notices.
    bool is_autocommit() const;
    // Ends whatever transaction is open without throwing, for the paths where a failure is already
    // being reported. A connection that stays inside a transaction shows in is_autocommit().
    void roll_back_quietly();
    // Rows changed by the last INSERT, UPDATE or DELETE.
    std::int64_t changes() const;

    // Throws StoreError carrying the connection's last error message, its code and `sql`.
    [[noreturn]] void fail(int result_code, std::string_view sql) const;

    sqlite3* handle() const { return db_; }

  private:
    sqlite3* db_ = nullptr;
    std::unordered_map<const char*, sqlite3_stmt*> statements_;
};

}  // namespace faktura::storage::sqlite
