// The callback outbox tables' statements over a connection, mapped by rows::callback_delivery_table
// and rows::callback_attempt_table.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "domain/callback.hpp"
#include "storage/sqlite/connection.hpp"
#include "storage/store.hpp"

namespace faktura::storage::sqlite::callback_rows {

std::optional<domain::CallbackDelivery> find_delivery(Connection& connection, std::string_view id);
// Oldest first.
std::vector<domain::CallbackDelivery> list_deliveries_of_payment(Connection& connection,
                                                                 std::string_view payment_id);
// Newest first, at most filter.limit.
std::vector<domain::CallbackDelivery> list_deliveries(Connection& connection,
                                                      const CallbackFilter& filter);
// Pending, due at `now` and not under an unexpired lease: the most overdue first.
std::vector<domain::CallbackDelivery> list_claimable(Connection& connection, domain::Timestamp now,
                                                     std::int32_t limit);
std::optional<domain::Timestamp> next_due(Connection& connection);
// A delivery for a transaction that has one already is a StoreError (the unique index).
void insert_delivery(Connection& connection, const domain::CallbackDelivery& delivery);
// False when no delivery has this id.
bool update_delivery(Connection& connection, const domain::CallbackDelivery& delivery);

std::vector<domain::CallbackAttempt> list_attempts(Connection& connection,
                                                   std::string_view delivery_id);
void insert_attempt(Connection& connection, const domain::CallbackAttempt& attempt);

}  // namespace faktura::storage::sqlite::callback_rows
