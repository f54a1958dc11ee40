// The callback outbox (spec §22) as pure rules: a delivery per announced transaction, its retry
// schedule (first attempt at once, then 30, 60, 360, 432, 864 and 1265 s after the transaction,
// optionally scaled for sandboxes), the lease a dispatcher holds while it sends, and what an
// attempt's outcome does to the delivery. No clock, no IO: the app passes the time in.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>

#include "domain/payment.hpp"
#include "domain/time.hpp"
#include "domain/transition.hpp"

namespace faktura::domain {

// pending: attempts remain. delivered: an attempt got a 2xx; nothing more is sent. failed: every
// scheduled attempt failed ("failed for good"); only a manual resend sends again.
enum class DeliveryState { pending, delivered, failed };

// What one attempt met: delivered (2xx), rejected (another status: 3xx, 4xx, 5xx), timed_out,
// refused (a private address while those are denied), unreachable (connection, DNS, TLS, bad URL).
enum class AttemptOutcome { delivered, rejected, timed_out, refused, unreachable };

struct CallbackDelivery {
    std::string id;              // Lowercase GUID: the webhook-id of every attempt.
    std::string transaction_id;  // Unique: one delivery per transaction.
    std::string payment_id;
    std::string payee_id;
    std::string url;       // The payment's urls.callbackUrl.
    std::string endpoint;  // "scheme://host:port" of url, lower-case: the unit of concurrency.
    std::string payment_path;
    std::int64_t payment_number = 0;
    std::string transaction_path;
    std::int64_t transaction_number = 0;
    TransactionType transaction_type = TransactionType::authorization;
    TransactionState transaction_state = TransactionState::completed;
    Timestamp created_at;  // The transaction's time: the schedule counts from it.
    DeliveryState state = DeliveryState::pending;
    std::int32_t attempts = 0;   // Attempts made, manual resends included.
    std::int32_t next_slot = 0;  // The schedule slot of the next scheduled attempt.
    Timestamp next_attempt_at;   // When that attempt is due (pending only).
    // The dispatcher sending it now: a claim token and the end of its lease. An expired lease (the
    // dispatcher died mid-send) makes the delivery claimable again.
    std::optional<std::string> claim;
    std::optional<Timestamp> lease_until;
    std::optional<Timestamp> delivered_at;

    bool operator==(const CallbackDelivery&) const = default;
};

struct CallbackAttempt {
    std::string delivery_id;
    std::int32_t number = 0;  // 1, 2, 3, … per delivery.
    Timestamp started_at;
    std::int64_t duration_ms = 0;
    AttemptOutcome outcome = AttemptOutcome::unreachable;
    std::optional<std::int64_t> status;  // When an HTTP status arrived.
    std::string error;                   // When none did: one line for the operator.
    std::string response_excerpt;        // The first 1 KiB of the response body at most.
    bool manual = false;                 // A resend asked for by the operator.

    bool operator==(const CallbackAttempt&) const = default;
};

// §22's retry offsets from the transaction time, after the immediate first attempt.
inline constexpr std::array<std::int64_t, 6> callback_retry_offsets_seconds{30,  60,  360,
                                                                            432, 864, 1265};
// Slot 0 is the immediate attempt; slots 1–6 the retries.
inline constexpr std::int32_t callback_slots = 7;

struct CallbackSchedule {
    // Multiplies every offset: 0.01 turns the 1265 s schedule into 12.65 s. Must be > 0.
    double scale = 1.0;

    // When slot `slot` (0–6) is due for a transaction at `transaction_time`.
    Timestamp slot_time(Timestamp transaction_time, std::int32_t slot) const;
};

// "scheme://host:port" of an http(s) URL, lower-case, the default port made explicit; empty when
// `url` is not an absolute http or https URL.
std::string callback_endpoint(std::string_view url);

// The delivery announcing `event` on `payment`, due at once; empty when the payment has no
// callbackUrl (the server sends callbacks only then, C-18).
std::optional<CallbackDelivery> delivery_for(const TransactionRecorded& event,
                                             const Payment& payment, std::string delivery_id);

// Whether a dispatcher may claim it at `now`: pending, due, and not held by an unexpired lease.
bool is_claimable(const CallbackDelivery& delivery, Timestamp now);

// The delivery held by `claim` until `lease_until`.
CallbackDelivery claimed(CallbackDelivery delivery, std::string claim, Timestamp lease_until);

// The delivery after a scheduled attempt that ended at `finished_at`: delivered on a 2xx; else the
// next slot still in the future (slots that passed while nobody could send are skipped, so a
// restart after an outage sends once, not once per missed slot), or failed when none is left. The
// claim is released either way.
CallbackDelivery after_attempt(CallbackDelivery delivery, AttemptOutcome outcome,
                               Timestamp finished_at, const CallbackSchedule& schedule);

// The delivery after an operator's resend: counted, delivered on a 2xx, the schedule untouched.
CallbackDelivery after_manual_attempt(CallbackDelivery delivery, AttemptOutcome outcome,
                                      Timestamp finished_at);

// The §22 path word of a transaction type: "authorizations", "captures", "cancellations",
// "reversals", "verifications".
std::string_view transaction_collection(TransactionType type);

}  // namespace faktura::domain
