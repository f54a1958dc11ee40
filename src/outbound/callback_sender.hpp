// The callback sender on the wire: one POST of the §22 body to the payment's callbackUrl, signed
// with the Standard Webhooks headers when the merchant has secrets, through outbound::send. The
// answer becomes an app::CallbackAnswer; what to send, when and how often is the dispatcher's.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>

#include "app/callback_sender.hpp"

namespace faktura::outbound {

// At most this much of a merchant's answer is kept (CallbackAnswer::body_excerpt); the rest is not
// read.
inline constexpr std::size_t callback_answer_excerpt_bytes = 1024;
// The connect time-out of a callback: this, or the message's time-out when that is shorter.
inline constexpr std::chrono::milliseconds callback_connect_timeout_max{std::chrono::seconds{5}};

// {"payment":{"id":payment_path,"number":payment_number},
//  "transaction":{"id":transaction_path,"number":transaction_number}}, compact, in that order.
std::string callback_body(const app::CallbackMessage& message);

class HttpCallbackSender final : public app::CallbackSender {
  public:
    // POSTs callback_body(message) to message.url with Content-Type application/json;
    // charset=utf-8 and, when at least one of message.secrets is valid (is_valid_webhook_secret;
    // invalid ones are skipped), webhook-id, webhook-timestamp and webhook-signature. Redirects
    // are not followed. Blocks up to message.timeout. Thread-safe; never throws for network
    // trouble.
    app::CallbackAnswer send(const app::CallbackMessage& message) override;
};

}  // namespace faktura::outbound
