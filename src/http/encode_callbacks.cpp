#include "http/encode_callbacks.hpp"

#include "domain/time.hpp"
#include "http/json_writer.hpp"
#include "http/wire_spelling.hpp"

namespace faktura::http {
namespace {

void write_attempt(JsonWriter& out, const domain::CallbackAttempt& attempt) {
    out.begin_object()
        .field("number", std::int64_t{attempt.number})
        .field("started", domain::format_timestamp(attempt.started_at))
        .field("durationMs", attempt.duration_ms)
        .field("outcome", to_wire(attempt.outcome));
    if (attempt.status) out.field("status", *attempt.status);
    if (!attempt.error.empty()) out.field("error", attempt.error);
    if (!attempt.response_excerpt.empty()) out.field("response", attempt.response_excerpt);
    out.field("manual", attempt.manual).end_object();
}

}  // namespace

std::string encode_callbacks(std::string_view payment_id,
                             const std::vector<app::CallbackHistory>& callbacks) {
    const std::string payment_path = "/psp/invoice/payments/" + std::string(payment_id);
    JsonWriter out;
    out.begin_object()
        .field("payment", payment_path)
        .key("callbacks")
        .begin_object()
        .field("id", payment_path + "/callbacks")
        .key("callbackList")
        .begin_array();
    for (const app::CallbackHistory& entry : callbacks) {
        const domain::CallbackDelivery& delivery = entry.delivery;
        out.begin_object()
            .field("id", delivery.id)
            .field("url", delivery.url)
            .field("state", to_wire(delivery.state))
            .key("transaction")
            .begin_object()
            .field("id", delivery.transaction_path)
            .field("number", delivery.transaction_number)
            .field("type", to_wire(delivery.transaction_type))
            .field("state", to_wire(delivery.transaction_state))
            .end_object()
            .field("created", domain::format_timestamp(delivery.created_at))
            .field("attempts", std::int64_t{delivery.attempts});
        if (delivery.state == domain::DeliveryState::pending) {
            out.field("nextAttempt", domain::format_timestamp(delivery.next_attempt_at));
        }
        if (delivery.delivered_at) {
            out.field("delivered", domain::format_timestamp(*delivery.delivered_at));
        }
        out.key("attemptList").begin_array();
        for (const domain::CallbackAttempt& attempt : entry.attempts) write_attempt(out, attempt);
        out.end_array().end_object();
    }
    out.end_array().end_object().end_object();
    return out.take();
}

}  // namespace faktura::http
