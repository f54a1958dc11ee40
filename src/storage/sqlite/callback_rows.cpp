// The callback outbox tables' statements, built once from their rows:: descriptors.
#include "storage/sqlite/callback_rows.hpp"

#include <string>

#include "storage/rows/callback_row.hpp"
#include "storage/sql_spelling.hpp"
#include "storage/sqlite/table_sql.hpp"

namespace faktura::storage::sqlite::callback_rows {
namespace {

struct DeliverySql {
    TableSql<decltype(rows::callback_delivery_table)> table{rows::callback_delivery_table};
    std::string by_id = table.select + "WHERE id = ?1";
    std::string by_payment = table.select + "WHERE payment_id = ?1 ORDER BY created_at, id";
    std::string filtered = table.select +
                           "WHERE (?1 = '' OR payee_id = ?1) AND (?2 = '' OR state = ?2) "
                           "ORDER BY created_at DESC, id LIMIT ?3";
    // The partial index callback_deliveries_due serves both.
    std::string claimable = table.select +
                            "WHERE state = 'pending' AND next_attempt_at <= ?1 "
                            "AND (lease_until IS NULL OR lease_until <= ?1) "
                            "ORDER BY next_attempt_at, id LIMIT ?2";
    std::string next_due =
        "SELECT min(max(next_attempt_at, coalesce(lease_until, 0))) FROM callback_deliveries "
        "WHERE state = 'pending'";
};

const DeliverySql& delivery_sql() {
    static const DeliverySql sql;
    return sql;
}

struct AttemptSql {
    TableSql<decltype(rows::callback_attempt_table)> table{rows::callback_attempt_table};
    std::string by_delivery = table.select + "WHERE delivery_id = ?1 ORDER BY number";
};

const AttemptSql& attempt_sql() {
    static const AttemptSql sql;
    return sql;
}

}  // namespace

std::optional<domain::CallbackDelivery> find_delivery(Connection& connection, std::string_view id) {
    const auto& sql = delivery_sql();
    return find_one(connection, sql.table, sql.by_id, id);
}

std::vector<domain::CallbackDelivery> list_deliveries_of_payment(Connection& connection,
                                                                 std::string_view payment_id) {
    const auto& sql = delivery_sql();
    return find_all(connection, sql.table, sql.by_payment, payment_id);
}

std::vector<domain::CallbackDelivery> list_deliveries(Connection& connection,
                                                      const CallbackFilter& filter) {
    const auto& sql = delivery_sql();
    Statement statement = connection.statement(sql.filtered);
    const std::string payee = filter.payee_id.value_or("");
    statement.bind_text(1, payee);
    statement.bind_text(2, filter.state ? to_sql(*filter.state) : std::string_view{});
    statement.bind_int64(3, filter.limit);
    std::vector<domain::CallbackDelivery> found;
    while (statement.step()) found.push_back(read_row(statement, sql.table));
    return found;
}

std::vector<domain::CallbackDelivery> list_claimable(Connection& connection, domain::Timestamp now,
                                                     std::int32_t limit) {
    const auto& sql = delivery_sql();
    Statement statement = connection.statement(sql.claimable);
    statement.bind_int64(1, now.unix_100ns);
    statement.bind_int64(2, limit);
    std::vector<domain::CallbackDelivery> found;
    while (statement.step()) found.push_back(read_row(statement, sql.table));
    return found;
}

std::optional<domain::Timestamp> next_due(Connection& connection) {
    Statement statement = connection.statement(delivery_sql().next_due);
    if (!statement.step() || statement.is_null(0)) return std::nullopt;
    return domain::Timestamp{statement.int64(0)};
}

void insert_delivery(Connection& connection, const domain::CallbackDelivery& delivery) {
    const auto& sql = delivery_sql();
    write_row(connection, sql.table, sql.table.insert, delivery);
}

bool update_delivery(Connection& connection, const domain::CallbackDelivery& delivery) {
    const auto& sql = delivery_sql();
    return write_row(connection, sql.table, sql.table.update, delivery) == 1;
}

std::vector<domain::CallbackAttempt> list_attempts(Connection& connection,
                                                   std::string_view delivery_id) {
    const auto& sql = attempt_sql();
    return find_all(connection, sql.table, sql.by_delivery, delivery_id);
}

void insert_attempt(Connection& connection, const domain::CallbackAttempt& attempt) {
    const auto& sql = attempt_sql();
    write_row(connection, sql.table, sql.table.insert, attempt);
}

}  // namespace faktura::storage::sqlite::callback_rows
