// The callback outbox tables: callback_deliveries (one per announced transaction, its schedule and
// lease) and callback_attempts (every attempt's time, duration and answer).
#pragma once

#include "domain/callback.hpp"
#include "storage/rows/column.hpp"

namespace faktura::storage::rows {

// One column a line, in the table's order: clang-format 14 would break each lambda over two.
// clang-format off
inline constexpr auto callback_delivery_table = table<domain::CallbackDelivery>(
    "callback_deliveries",
    column("id", [](auto& d) -> auto& { return d.id; }),
    column("transaction_id", [](auto& d) -> auto& { return d.transaction_id; }),
    column("payment_id", [](auto& d) -> auto& { return d.payment_id; }),
    column("payee_id", [](auto& d) -> auto& { return d.payee_id; }),
    column("url", [](auto& d) -> auto& { return d.url; }),
    column("endpoint", [](auto& d) -> auto& { return d.endpoint; }),
    column("payment_path", [](auto& d) -> auto& { return d.payment_path; }),
    column("payment_number", [](auto& d) -> auto& { return d.payment_number; }),
    column("transaction_path", [](auto& d) -> auto& { return d.transaction_path; }),
    column("transaction_number", [](auto& d) -> auto& { return d.transaction_number; }),
    column("transaction_type", [](auto& d) -> auto& { return d.transaction_type; }),
    column("transaction_state", [](auto& d) -> auto& { return d.transaction_state; }),
    column("created_at", [](auto& d) -> auto& { return d.created_at; }),
    column("state", [](auto& d) -> auto& { return d.state; }),
    column("attempts", [](auto& d) -> auto& { return d.attempts; }),
    column("next_slot", [](auto& d) -> auto& { return d.next_slot; }),
    column("next_attempt_at", [](auto& d) -> auto& { return d.next_attempt_at; }),
    column("claim", [](auto& d) -> auto& { return d.claim; }),
    column("lease_until", [](auto& d) -> auto& { return d.lease_until; }),
    column("delivered_at", [](auto& d) -> auto& { return d.delivered_at; }));

inline constexpr auto callback_attempt_table = table<domain::CallbackAttempt>(
    "callback_attempts",
    column("delivery_id", [](auto& a) -> auto& { return a.delivery_id; }),
    column("number", [](auto& a) -> auto& { return a.number; }),
    column("started_at", [](auto& a) -> auto& { return a.started_at; }),
    column("duration_ms", [](auto& a) -> auto& { return a.duration_ms; }),
    column("outcome", [](auto& a) -> auto& { return a.outcome; }),
    column("status", [](auto& a) -> auto& { return a.status; }),
    column("error", [](auto& a) -> auto& { return a.error; }),
    column("response_excerpt", [](auto& a) -> auto& { return a.response_excerpt; }),
    column("manual", [](auto& a) -> auto& { return a.manual; }));
// clang-format on

}  // namespace faktura::storage::rows
