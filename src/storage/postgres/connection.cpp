// One libpq connection and its cache of prepared statements; every libpq call of the store except
// the pool's orchestration lives here, and every failure becomes a PostgresError.
#include "storage/postgres/connection.hpp"

#include <charconv>
#include <limits>
#include <stdexcept>
#include <string>

namespace faktura::storage::postgres {
namespace {

constexpr int text_format = 0;
constexpr int binary_format = 1;

// libpq's messages end in a newline; the StoreError's text is one line.
std::string trimmed(const char* message) {
    std::string text = message != nullptr ? message : "";
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
    return text;
}

std::string error_text(std::string_view message, std::string_view sqlstate, std::string_view sql) {
    std::string text = "postgres: ";
    text += message.empty() ? std::string_view("unknown error") : message;
    if (!sqlstate.empty()) {
        text += " (SQLSTATE ";
        text += sqlstate;
        text += ")";
    }
    text += " in: ";
    text += sql;
    return text;
}

}  // namespace

bool is_retryable(std::string_view sqlstate) { return sqlstate == "40001" || sqlstate == "40P01"; }

Statement::Statement(Connection& connection, const std::string& name, std::string_view sql,
                     std::size_t parameter_count)
    : connection_(connection),
      name_(name),
      sql_(sql),
      values_(parameter_count, nullptr),
      lengths_(parameter_count, 0),
      formats_(parameter_count, text_format),
      owned_(parameter_count) {}

Statement::~Statement() { PQclear(result_); }

std::size_t Statement::slot(int index) const {
    if (index < 1 || static_cast<std::size_t>(index) > values_.size()) {
        throw std::logic_error("postgres: parameter $" + std::to_string(index) + " of " +
                               std::to_string(values_.size()) + " in: " + std::string(sql_));
    }
    return static_cast<std::size_t>(index - 1);
}

void Statement::bind_int64(int index, std::int64_t value) {
    const std::size_t i = slot(index);
    owned_[i] = std::to_string(value);
    values_[i] = owned_[i].c_str();
    formats_[i] = text_format;
}

void Statement::bind_bool(int index, bool value) {
    const std::size_t i = slot(index);
    values_[i] = value ? "t" : "f";
    formats_[i] = text_format;
}

void Statement::bind_text(int index, std::string_view value) {
    const std::size_t i = slot(index);
    if (value.size() > static_cast<std::size_t>(std::numeric_limits<int>::max())) {
        throw PostgresError(error_text("a text parameter is too long", "", sql_), "");
    }
    // A non-null pointer even for an empty text: a null one is SQL NULL.
    values_[i] = value.data() != nullptr ? value.data() : "";
    lengths_[i] = static_cast<int>(value.size());
    formats_[i] = binary_format;
}

void Statement::bind_text_copy(int index, std::string_view value) {
    const std::size_t i = slot(index);
    owned_[i] = std::string(value);
    bind_text(index, owned_[i]);
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
    const std::size_t i = slot(index);
    values_[i] = nullptr;
    formats_[i] = text_format;
}

bool Statement::step() {
    if (result_ == nullptr) {
        PGresult* result =
            PQexecPrepared(connection_.handle(), name_.c_str(), static_cast<int>(values_.size()),
                           values_.data(), lengths_.data(), formats_.data(), text_format);
        const ExecStatusType status = PQresultStatus(result);
        if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) connection_.fail(result, sql_);
        result_ = result;
    }
    ++row_;
    return row_ < PQntuples(result_);
}

void Statement::run() {
    if (result_ == nullptr) step();
}

std::int64_t Statement::changes() const {
    if (result_ == nullptr) return 0;
    const char* tuples = PQcmdTuples(result_);
    std::int64_t count = 0;
    const std::string_view text = tuples != nullptr ? tuples : "";
    std::from_chars(text.data(), text.data() + text.size(), count);
    return count;
}

bool Statement::is_null(int column) const { return PQgetisnull(result_, row_, column) == 1; }

std::int64_t Statement::int64(int column) const {
    const std::string_view text = text_view(column);
    std::int64_t value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc{} || end != text.data() + text.size()) {
        fail_on_content("column " + std::to_string(column) + " holds '" + std::string(text) +
                        "', not a 64-bit integer");
    }
    return value;
}

std::int32_t Statement::int32(int column) const {
    const std::int64_t value = int64(column);
    if (value < std::numeric_limits<std::int32_t>::min() ||
        value > std::numeric_limits<std::int32_t>::max()) {
        fail_on_content("column " + std::to_string(column) + " holds " + std::to_string(value) +
                        ", beyond a 32-bit integer");
    }
    return static_cast<std::int32_t>(value);
}

bool Statement::boolean(int column) const {
    const std::string_view text = text_view(column);
    if (text == "t") return true;
    if (text == "f") return false;
    fail_on_content("column " + std::to_string(column) + " holds '" + std::string(text) +
                    "', not a boolean");
}

std::string Statement::text(int column) const { return std::string(text_view(column)); }

std::string_view Statement::text_view(int column) const {
    const char* data = PQgetvalue(result_, row_, column);
    if (data == nullptr) return {};
    return {data, static_cast<std::size_t>(PQgetlength(result_, row_, column))};
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
    std::string message = "postgres: unexpected content: ";
    message += problem;
    message += " in: ";
    message += sql_;
    throw StoreError(message);
}

Connection::Connection(const std::string& conninfo) {
    // Defaults first; with expand_dbname the URL's or conninfo's own values override them. A
    // server that never answers fails the connect after 10 s instead of hanging a pool thread, and
    // a peer that vanished (a failover) is noticed by TCP keepalives within about half a minute.
    const char* const keywords[] = {"connect_timeout",
                                    "keepalives_idle",
                                    "keepalives_interval",
                                    "keepalives_count",
                                    "dbname",
                                    "fallback_application_name",
                                    nullptr};
    const char* const values[] = {"10", "10", "5", "3", conninfo.c_str(), "faktura", nullptr};
    connection_ = PQconnectdbParams(keywords, values, 1);
    if (connection_ == nullptr) {
        throw PostgresError("postgres: out of memory while connecting", "");
    }
    if (PQstatus(connection_) != CONNECTION_OK) {
        const std::string message =
            "postgres: cannot connect: " + trimmed(PQerrorMessage(connection_));
        PQfinish(connection_);
        connection_ = nullptr;
        throw PostgresError(message, "");
    }
    // Notices (CREATE … IF NOT EXISTS that skipped) are no errors and go nowhere, not to stderr.
    PQsetNoticeProcessor(
        connection_, [](void*, const char*) {}, nullptr);
}

Connection::~Connection() {
    // Closing also rolls back an open transaction on the server's side.
    if (connection_ != nullptr) PQfinish(connection_);
}

Statement Connection::statement(std::string_view sql) {
    auto found = statements_.find(sql.data());
    if (found == statements_.end()) {
        Prepared prepared{"s" + std::to_string(statements_.size() + 1), 0};
        const std::string terminated(sql);
        PGresult* result =
            PQprepare(connection_, prepared.name.c_str(), terminated.c_str(), 0, nullptr);
        if (PQresultStatus(result) != PGRES_COMMAND_OK) fail(result, sql);
        PQclear(result);
        // The server inferred the parameters' types; their number sizes each execution's arrays.
        result = PQdescribePrepared(connection_, prepared.name.c_str());
        if (PQresultStatus(result) != PGRES_COMMAND_OK) fail(result, sql);
        prepared.parameter_count = static_cast<std::size_t>(PQnparams(result));
        PQclear(result);
        found = statements_.emplace(sql.data(), std::move(prepared)).first;
    }
    return Statement(*this, found->second.name, sql, found->second.parameter_count);
}

void Connection::execute(std::string_view sql) {
    const std::string terminated(sql);
    PGresult* result = PQexec(connection_, terminated.c_str());
    const ExecStatusType status = PQresultStatus(result);
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) fail(result, sql);
    PQclear(result);
}

bool Connection::in_failed_transaction() const {
    return PQtransactionStatus(connection_) == PQTRANS_INERROR;
}

bool Connection::is_idle() const { return PQtransactionStatus(connection_) == PQTRANS_IDLE; }

bool Connection::is_broken() const { return PQstatus(connection_) != CONNECTION_OK; }

void Connection::roll_back_quietly() noexcept {
    if (is_broken() || is_idle()) return;
    PQclear(PQexec(connection_, "ROLLBACK"));
}

void Connection::fail(PGresult* result, std::string_view sql) {
    const char* state = result != nullptr ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
    last_sqlstate_ = state != nullptr ? state : "";
    std::string message =
        trimmed(result != nullptr ? PQresultErrorMessage(result) : PQerrorMessage(connection_));
    if (message.empty()) message = trimmed(PQerrorMessage(connection_));
    if (result != nullptr && PQresultStatus(result) != PGRES_FATAL_ERROR && message.empty()) {
        message = std::string("unexpected result ") + PQresStatus(PQresultStatus(result));
    }
    PQclear(result);
    if (is_broken()) message += " (the connection to the server is lost)";
    throw PostgresError(error_text(message, last_sqlstate_, sql), last_sqlstate_);
}

}  // namespace faktura::storage::postgres
