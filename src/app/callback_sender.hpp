// How one callback attempt reaches the merchant: the dispatcher (app/callback_dispatcher) decides
// what to send and when; a CallbackSender puts it on the wire (outbound/callback_sender: libcurl,
// the §22 body, the Standard Webhooks signature headers). Calls block for at most the time-out, so
// they are made outside any database write.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "domain/time.hpp"

namespace faktura::app {

struct CallbackMessage {
    std::string delivery_id;  // The webhook-id header: the same on every attempt of a delivery.
    std::string url;          // The payment's urls.callbackUrl.
    // The §22 body: {"payment":{"id":payment_path,"number":…},"transaction":{"id":…,"number":…}}.
    std::string payment_path;  // "/psp/invoice/payments/{id}"
    std::int64_t payment_number = 0;
    std::string transaction_path;  // "/psp/invoice/payments/{id}/captures/{tx}"
    std::int64_t transaction_number = 0;
    // "whsec_<base64>" each; empty: unsigned, exactly the real service's wire. Several while a
    // secret is rotated: one signature per secret in webhook-signature, space-separated.
    std::vector<std::string> secrets{};
    domain::Timestamp sent_at;  // webhook-timestamp (Unix seconds of it).
    std::chrono::milliseconds timeout{std::chrono::seconds{10}};
    // Refuse loopback, link-local, private and unique-local addresses, checked on the address
    // actually connected to (after name resolution): for operators, off for local development.
    bool deny_private_addresses = false;
};

struct CallbackAnswer {
    // answered: an HTTP status arrived (3xx included: redirects are not followed). timed_out: no
    // answer within the time-out. refused: the address is private and deny_private_addresses is
    // set; nothing was sent. failed: anything else (refused connection, DNS, TLS, bad URL).
    enum class Outcome { answered, timed_out, refused, failed };

    Outcome outcome = Outcome::failed;
    int status = 0;              // When answered.
    std::string body_excerpt{};  // When answered: the first 1 KiB of the response body at most.
    std::string error{};         // When not answered: for the operator, one line.

    bool delivered() const { return outcome == Outcome::answered && status >= 200 && status < 300; }
};

class CallbackSender {
  public:
    virtual ~CallbackSender() = default;
    // Never throws for network trouble: that is an Outcome. Thread-safe.
    virtual CallbackAnswer send(const CallbackMessage& message) = 0;
};

}  // namespace faktura::app
