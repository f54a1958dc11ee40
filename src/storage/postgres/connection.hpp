// One libpq connection and its cache of prepared statements; the only wrapper of the libpq C API.
// Every failure leaves this file as a PostgresError (a StoreError) naming the server's message,
// its SQLSTATE and the SQL. Not thread-safe: a Connection is used by one thread at a time.
#pragma once

#include <libpq-fe.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "storage/store.hpp"

namespace faktura::storage::postgres {

// A StoreError that knows its SQLSTATE (empty when the failure came from the client side, such as
// a lost connection), so the store can tell a serialization failure from a broken server.
class PostgresError : public StoreError {
  public:
    PostgresError(const std::string& message, std::string sqlstate)
        : StoreError(message), sqlstate_(std::move(sqlstate)) {}
    const std::string& sqlstate() const { return sqlstate_; }

  private:
    std::string sqlstate_;
};

// A serialization failure (40001) or a deadlock (40P01): the transaction was rolled back by the
// server, and running it again may well succeed.
bool is_retryable(std::string_view sqlstate);

class Connection;

// One execution of a prepared statement: bind the parameters, then step through the result rows
// (the first step() sends the statement and waits for the whole result). Text is bound without a
// copy, so it must outlive the execution: declare the bound strings before the Statement.
class Statement {
  public:
    Statement(Connection& connection, const std::string& name, std::string_view sql,
              std::size_t parameter_count);
    ~Statement();
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    // Parameters are numbered from 1, as in SQL's $1. Text is sent in binary form (its bytes, with
    // their length), so a NUL byte is refused by the server instead of cutting the text short.
    void bind_int64(int index, std::int64_t value);
    void bind_bool(int index, bool value);
    void bind_text(int index, std::string_view value);
    // Copies the text first: for a value computed for this bind (JSON, a date).
    void bind_text_copy(int index, std::string_view value);
    void bind_optional_text(int index, const std::optional<std::string>& value);
    void bind_optional_int64(int index, const std::optional<std::int64_t>& value);
    void bind_null(int index);

    // Runs the statement on the first call; true while a row is available. Throws PostgresError.
    bool step();
    // Runs a statement whose rows (if any) nobody reads.
    void run();
    // Rows changed by an INSERT, UPDATE or DELETE (its command tag); after run() or step().
    std::int64_t changes() const;

    // Columns are numbered from 0 in the current row.
    bool is_null(int column) const;
    std::int64_t int64(int column) const;  // Throws StoreError when the text is no integer.
    std::int32_t int32(int column) const;  // Throws StoreError when the value does not fit.
    bool boolean(int column) const;
    std::string text(int column) const;
    std::string_view text_view(int column) const;  // Valid as long as this Statement.
    std::optional<std::string> optional_text(int column) const;
    std::optional<std::int64_t> optional_int64(int column) const;

    [[noreturn]] void fail_on_content(std::string_view problem) const;

  private:
    std::size_t slot(int index) const;  // Throws std::logic_error beyond the parameters.

    Connection& connection_;
    const std::string& name_;
    std::string_view sql_;
    std::vector<const char*> values_;
    std::vector<int> lengths_;
    std::vector<int> formats_;
    // Integers in text form and copied text, one slot per parameter: sized once, so the pointers
    // in values_ stay valid.
    std::vector<std::string> owned_;
    PGresult* result_ = nullptr;
    int row_ = -1;
};

class Connection {
  public:
    // Connects with a libpq conninfo string or a postgresql:// URL. Throws PostgresError.
    explicit Connection(const std::string& conninfo);
    ~Connection();
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    // Borrows the prepared statement for `sql` ($1, $2, … parameters), preparing it on first use.
    // Keyed by the address of the text, so `sql` must have static storage duration (a constant, or
    // a string built once).
    Statement statement(std::string_view sql);

    // Runs one or more statements without parameters or caching (transaction control, migrations):
    // the simple query protocol. Throws PostgresError.
    void execute(std::string_view sql);

    // Where the server's session stands: idle, inside a transaction, inside a failed one; and
    // whether the connection itself is gone.
    bool in_failed_transaction() const;
    bool is_idle() const;
    bool is_broken() const;
    // Ends whatever transaction is open without throwing, for the paths where a failure is already
    // being reported.
    void roll_back_quietly() noexcept;

    // The SQLSTATE of the last statement that failed on this connection (empty if none did, or if
    // the failure was on the client side); reset by forget_failure().
    const std::string& last_sqlstate() const { return last_sqlstate_; }
    void forget_failure() { last_sqlstate_.clear(); }

    // Throws PostgresError for a failed `result` (or, when it is null, the connection's own error),
    // remembering its SQLSTATE. Frees `result`.
    [[noreturn]] void fail(PGresult* result, std::string_view sql);

    PGconn* handle() const { return connection_; }

  private:
    struct Prepared {
        std::string name;
        std::size_t parameter_count = 0;
    };

    PGconn* connection_ = nullptr;
    std::unordered_map<const char*, Prepared> statements_;
    std::string last_sqlstate_;
};

}  // namespace faktura::storage::postgres
