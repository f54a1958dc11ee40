// The two shapes every use case's write takes: a write that hands back what it decided, and the one
// way a transaction is recorded. Knows the Store interface, no backend.
#pragma once

#include <optional>
#include <utility>

#include "domain/result.hpp"
#include "domain/transition.hpp"
#include "storage/store.hpp"

namespace faktura::app {

// Runs `work(db)` in one database transaction and returns the Result it decided: commits when it
// holds a value, rolls back when it holds an Error. A backend that retries runs `work` again and
// the last decision wins. Use Store::write itself only when a failure must still commit something
// (a failed lookup that counts against the lookup limit).
template <typename T, typename Work>
domain::Result<T> write_result(storage::Store& store, Work&& work) {
    std::optional<domain::Result<T>> decided;
    store.write([&](storage::DbTransaction& db) {
        decided.emplace(work(db));
        return decided->has_value() ? storage::WorkOutcome::commit
                                    : storage::WorkOutcome::roll_back;
    });
    return std::move(*decided);
}

// Whether the transition's payment is new (a Recur payment, created with its authorization) or an
// existing row.
enum class PaymentRow { insert, update };

// The one path that records a transaction — authorize, verify, capture, cancel, reverse and Recur
// all end here: the payment, the transaction, what hangs off it (payer data, tokens, invoice), in
// one database transaction, together with the callback outbox's delivery of every event (when the
// payment has a callbackUrl): exactly one place where a state change and its announcement commit
// together.
void apply_transition(storage::DbTransaction& db, const domain::TransactionTransition& transition,
                      PaymentRow payment_row);

}  // namespace faktura::app
