// SQL of the counter tables. Each statement is one round trip and runs inside the caller's
// transaction; none of them has columns worth a row descriptor.
#include "storage/sqlite/counters.hpp"

namespace faktura::storage::sqlite::counters {
namespace {

constexpr std::string_view reserve_payee_reference_sql =
    "INSERT INTO payee_references (payee_id, payee_reference) VALUES (?1, ?2) "
    "ON CONFLICT DO NOTHING";

// next_value is the first number nobody has taken (drawn in a write, or reserved in a block).
constexpr std::string_view advance_number_sequence_sql =
    "UPDATE sequences SET next_value = max(next_value, ?1) + ?2 WHERE name = 'number' "
    "RETURNING next_value - ?2";

constexpr std::string_view give_back_numbers_sql =
    "UPDATE sequences SET next_value = ?1 WHERE name = 'number' AND next_value = ?2";

// A payee's first call inserts its row already advanced past 1; every later call advances it. Both
// paths return the value before the advance, so the series is 1, 2, 3, … Concurrent requests are
// serialised by the one write transaction they share (or wait for), so no two get the same value.
constexpr std::string_view next_invoice_sequence_sql =
    "INSERT INTO invoice_sequences (payee_id, next_value) VALUES (?1, 2) "
    "ON CONFLICT (payee_id) DO UPDATE SET next_value = next_value + 1 "
    "RETURNING next_value - 1";

constexpr std::string_view find_setting_sql = "SELECT value FROM settings WHERE name = ?1";

// The first value stays: a later insert under the same name changes nothing (changes() == 0).
constexpr std::string_view insert_setting_if_absent_sql =
    "INSERT INTO settings (name, value) VALUES (?1, ?2) ON CONFLICT DO NOTHING";

// Steps a statement whose RETURNING gives one integer, to completion so the change is finished
// before the next statement.
std::int64_t returned_integer(Statement& statement, std::string_view missing_row_problem) {
    if (!statement.step()) statement.fail_on_content(missing_row_problem);
    const std::int64_t value = statement.int64(0);
    statement.run();
    return value;
}

}  // namespace

bool reserve_payee_reference(Connection& connection, std::string_view payee_id,
                             std::string_view payee_reference) {
    Statement statement = connection.statement(reserve_payee_reference_sql);
    statement.bind_text(1, payee_id);
    statement.bind_text(2, payee_reference);
    statement.run();
    return connection.changes() == 1;
}

std::int64_t advance_number_sequence(Connection& connection, std::int64_t floor,
                                     std::int64_t count) {
    Statement statement = connection.statement(advance_number_sequence_sql);
    statement.bind_int64(1, floor);
    statement.bind_int64(2, count);
    return returned_integer(statement, "the 'number' sequence row is missing");
}

bool give_back_numbers(Connection& connection, std::int64_t next, std::int64_t end) {
    Statement statement = connection.statement(give_back_numbers_sql);
    statement.bind_int64(1, next);
    statement.bind_int64(2, end);
    statement.run();
    return connection.changes() == 1;
}

std::int64_t next_invoice_sequence(Connection& connection, std::string_view payee_id) {
    Statement statement = connection.statement(next_invoice_sequence_sql);
    statement.bind_text(1, payee_id);
    return returned_integer(statement, "the invoice sequence upsert returned no row");
}

std::optional<std::string> find_setting(Connection& connection, std::string_view name) {
    Statement statement = connection.statement(find_setting_sql);
    statement.bind_text(1, name);
    if (!statement.step()) return std::nullopt;
    return statement.text(0);
}

bool insert_setting_if_absent(Connection& connection, std::string_view name,
                              std::string_view value) {
    Statement statement = connection.statement(insert_setting_if_absent_sql);
    statement.bind_text(1, name);
    statement.bind_text(2, value);
    statement.run();
    return connection.changes() == 1;
}

}  // namespace faktura::storage::sqlite::counters
