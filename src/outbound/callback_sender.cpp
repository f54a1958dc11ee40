// HttpCallbackSender: the callback body (Boost.JSON), the webhook-* headers and the mapping of an
// OutboundResponse to a CallbackAnswer.
#include "outbound/callback_sender.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <cstdint>
#include <utility>
#include <vector>

#include "outbound/http_client.hpp"
#include "outbound/webhook_signature.hpp"

namespace faktura::outbound {

namespace json = boost::json;

std::string callback_body(const app::CallbackMessage& message) {
    json::object payment;
    payment["id"] = message.payment_path;
    payment["number"] = message.payment_number;
    json::object transaction;
    transaction["id"] = message.transaction_path;
    transaction["number"] = message.transaction_number;
    json::object body;
    body["payment"] = std::move(payment);
    body["transaction"] = std::move(transaction);
    return json::serialize(body);
}

app::CallbackAnswer HttpCallbackSender::send(const app::CallbackMessage& message) {
    using Answer = app::CallbackAnswer;
    OutboundRequest request{
        .method = HttpMethod::post,
        .url = message.url,
        .body = callback_body(message),
        .headers = {{"Content-Type", "application/json; charset=utf-8"}},
        .timeout = message.timeout,
        .connect_timeout = std::min(message.timeout, callback_connect_timeout_max),
        .response_body_limit_bytes = callback_answer_excerpt_bytes,
        .truncate_long_body = true,
        .deny_private_addresses = message.deny_private_addresses,
    };
    const std::int64_t timestamp = message.sent_at.unix_100ns / domain::ticks_per_second;
    // Invalid secrets are skipped; with none left the callback goes unsigned.
    const std::string signature =
        webhook_signature_header(message.secrets, message.delivery_id, timestamp, request.body);
    if (!signature.empty()) {
        request.headers.emplace_back("webhook-id", message.delivery_id);
        request.headers.emplace_back("webhook-timestamp", std::to_string(timestamp));
        request.headers.emplace_back("webhook-signature", signature);
    }

    OutboundResponse response = outbound::send(request);
    switch (response.outcome) {
        case OutboundResponse::Outcome::answered:
            return Answer{.outcome = Answer::Outcome::answered,
                          .status = response.status,
                          .body_excerpt = std::move(response.body),
                          .error = {}};
        case OutboundResponse::Outcome::timed_out:
            return Answer{.outcome = Answer::Outcome::timed_out,
                          .status = 0,
                          .body_excerpt = {},
                          .error = std::move(response.error)};
        case OutboundResponse::Outcome::refused:
            return Answer{.outcome = Answer::Outcome::refused,
                          .status = 0,
                          .body_excerpt = {},
                          .error = std::move(response.error)};
        case OutboundResponse::Outcome::failed:
            break;
    }
    return Answer{.outcome = Answer::Outcome::failed,
                  .status = 0,
                  .body_excerpt = {},
                  .error = std::move(response.error)};
}

}  // namespace faktura::outbound
