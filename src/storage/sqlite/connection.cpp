// One SQLite connection and its cache of prepared statements; every sqlite3 call of the store
// except the writer's and readers' orchestration lives here, and every failure becomes a
// StoreError.
#include "storage/sqlite/connection.hpp"

#include <limits>
#include <string>

#include "storage/store.hpp"

namespace faktura::storage::sqlite {
namespace {

// An empty string_view may have a null data pointer, and sqlite3_bind_text binds NULL for a null
// pointer; an empty text must stay an empty text.
const char* non_null(std::string_view text) { return text.data() == nullptr ? "" : text.data(); }

std::string error_text(sqlite3* db, int result_code, std::string_view sql) {
    std::string message = "sqlite: ";
    // sqlite3_errmsg describes the most recent failing call on this connection; when the failure
    // happened before a connection existed it is null.
    message += db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(result_code);
    message += " (";
    message += sqlite3_errstr(result_code);
    message += ", code ";
    message += std::to_string(result_code);
    message += ") in: ";
    message += sql;
    return message;
}

}  // namespace

Statement::Statement(Connection& connection, sqlite3_stmt* statement, std::string_view sql)
    : connection_(connection), statement_(statement), sql_(sql) {}

Statement::~Statement() {
    // Both only report the error of the last step, which step() has already turned into an
    // exception; they cannot fail on their own.
    sqlite3_reset(statement_);
    sqlite3_clear_bindings(statement_);
}

void Statement::bind_int64(int index, std::int64_t value) {
    const int result = sqlite3_bind_int64(statement_, index, value);
    if (result != SQLITE_OK) connection_.fail(result, sql_);
}

void Statement::bind_text(int index, std::string_view value) {
    // Lengths beyond int are refused by SQLite anyway (SQLITE_TOOBIG); the cast cannot lose a
    // value SQLite would accept.
    const int result = sqlite3_bind_text(statement_, index, non_null(value),
                                         static_cast<int>(value.size()), SQLITE_STATIC);
    if (result != SQLITE_OK) connection_.fail(result, sql_);
}

void Statement::bind_text_copy(int index, std::string_view value) {
    const int result = sqlite3_bind_text(statement_, index, non_null(value),
                                         static_cast<int>(value.size()), SQLITE_TRANSIENT);
    if (result != SQLITE_OK) connection_.fail(result, sql_);
}

void Statement::bind_optional_text(int index, const std::optional<std::string>& value) {
    if (value) {
        bind_text(index, *value);
    } else {
        bind_null(index);
    }
}

void Statement::bind_optional_int64(int index, const std::optional<std::int64_t>& value) {
    if (value) {
        bind_int64(index, *value);
    } else {
        bind_null(index);
    }
}

void Statement::bind_null(int index) {
    const int result = sqlite3_bind_null(statement_, index);
    if (result != SQLITE_OK) connection_.fail(result, sql_);
}

bool Statement::step() {
    const int result = sqlite3_step(statement_);
    if (result == SQLITE_ROW) return true;
    if (result == SQLITE_DONE) return false;
    connection_.fail(result, sql_);
}

void Statement::run() {
    while (step()) {
    }
}

bool Statement::is_null(int column) const {
    return sqlite3_column_type(statement_, column) == SQLITE_NULL;
}

std::int64_t Statement::int64(int column) const { return sqlite3_column_int64(statement_, column); }

std::int32_t Statement::int32(int column) const {
    const std::int64_t value = int64(column);
    if (value < std::numeric_limits<std::int32_t>::min() ||
        value > std::numeric_limits<std::int32_t>::max()) {
        fail_on_content("column " + std::to_string(column) + " holds " + std::to_string(value) +
                        ", beyond a 32-bit integer");
    }
    return static_cast<std::int32_t>(value);
}

std::string Statement::text(int column) const { return std::string(text_view(column)); }

std::string_view Statement::text_view(int column) const {
    // sqlite3_column_text before sqlite3_column_bytes: the documented order for a correct length.
    const unsigned char* data = sqlite3_column_text(statement_, column);
    if (data == nullptr) return {};
    const int size = sqlite3_column_bytes(statement_, column);
    return {reinterpret_cast<const char*>(data), static_cast<std::size_t>(size)};
}

std::optional<std::string> Statement::optional_text(int column) const {
    if (is_null(column)) return std::nullopt;
    return text(column);
}

std::optional<std::int64_t> Statement::optional_int64(int column) const {
    if (is_null(column)) return std::nullopt;
    return int64(column);
}

void Statement::fail_on_content(std::string_view problem) const {
    std::string message = "sqlite: unexpected content: ";
    message += problem;
    message += " in: ";
    message += sql_;
    throw StoreError(message);
}

Connection::Connection(const std::string& path, std::chrono::milliseconds busy_timeout) {
    // Before SQLite initialises (its first open): no memory statistics, which would otherwise take
    // one global mutex on every allocation of every connection, readers and writer alike.
    static const bool configured = [] {
        sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
        return true;
    }();
    (void)configured;
    // NOMUTEX: the owner hands a connection to one thread at a time, so SQLite's own per-connection
    // mutex would only cost time.
    const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX |
                      SQLITE_OPEN_URI | SQLITE_OPEN_EXRESCODE;
    const int result = sqlite3_open_v2(path.c_str(), &db_, flags, nullptr);
    if (result != SQLITE_OK) {
        std::string message = error_text(db_, result, "open " + path);
        sqlite3_close_v2(db_);  // Even a failed open allocates a handle (or leaves it null).
        db_ = nullptr;
        throw StoreError(message);
    }
    const auto timeout_ms = busy_timeout.count();
    sqlite3_busy_timeout(db_, timeout_ms > std::numeric_limits<int>::max()
                                  ? std::numeric_limits<int>::max()
                                  : static_cast<int>(timeout_ms));
}

Connection::~Connection() {
    for (const auto& [sql, statement] : statements_) sqlite3_finalize(statement);
    // close_v2 cannot fail once every statement is finalized.
    sqlite3_close_v2(db_);
}

Statement Connection::statement(std::string_view sql) {
    const auto found = statements_.find(sql.data());
    if (found != statements_.end()) return Statement(*this, found->second, sql);
    sqlite3_stmt* prepared = nullptr;
    const int result = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                          SQLITE_PREPARE_PERSISTENT, &prepared, nullptr);
    if (result != SQLITE_OK) fail(result, sql);
    statements_.emplace(sql.data(), prepared);
    return Statement(*this, prepared, sql);
}

void Connection::execute(std::string_view sql) {
    // sqlite3_exec needs a terminated string; migrations are run once, the copy is free enough.
    const std::string terminated(sql);
    const int result = sqlite3_exec(db_, terminated.c_str(), nullptr, nullptr, nullptr);
    if (result != SQLITE_OK) fail(result, sql);
}

std::string Connection::query_text(std::string_view sql) {
    sqlite3_stmt* prepared = nullptr;
    int result =
        sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &prepared, nullptr);
    if (result != SQLITE_OK) fail(result, sql);
    std::string value;
    result = sqlite3_step(prepared);
    if (result == SQLITE_ROW) {
        const unsigned char* data = sqlite3_column_text(prepared, 0);
        if (data != nullptr) value = reinterpret_cast<const char*>(data);
        result = SQLITE_DONE;
    }
    if (result != SQLITE_DONE) {
        const std::string message = error_text(db_, result, sql);
        sqlite3_finalize(prepared);
        throw StoreError(message);
    }
    sqlite3_finalize(prepared);
    return value;
}

std::int64_t Connection::query_int64(std::string_view sql) {
    const std::string value = query_text(sql);
    try {
        return std::stoll(value);
    } catch (const std::exception&) {
        throw StoreError("sqlite: expected an integer, got '" + value +
                         "' from: " + std::string(sql));
    }
}

bool Connection::is_autocommit() const { return sqlite3_get_autocommit(db_) != 0; }

void Connection::roll_back_quietly() {
    if (is_autocommit()) return;
    try {
        statement("ROLLBACK").run();
    } catch (const StoreError&) {
    }
}

std::int64_t Connection::changes() const { return sqlite3_changes64(db_); }

void Connection::fail(int result_code, std::string_view sql) const {
    throw StoreError(error_text(db_, result_code, sql));
}

}  // namespace faktura::storage::sqlite
