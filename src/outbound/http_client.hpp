// The one outbound HTTP client (libcurl behind our own types): the credit provider and, later, the
// callback dispatcher send through it. Network trouble is a value (OutboundResponse::Outcome),
// never an exception; only running out of memory throws.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace faktura::outbound {

inline constexpr std::size_t response_body_limit_bytes_default = 1024 * 1024;

enum class HttpMethod { get, post };

struct OutboundRequest {
    HttpMethod method = HttpMethod::post;
    std::string url{};   // http:// or https:// only; other schemes fail.
    std::string body{};  // Sent with post; ignored for get.
    // Sent as given (e.g. {"Content-Type", "application/json"}); a name or value holding CR or LF
    // fails the request instead of being sent.
    std::vector<std::pair<std::string, std::string>> headers{};
    std::chrono::milliseconds timeout{std::chrono::seconds{10}};  // The whole exchange.
    // Reaching the server (TCP and TLS); never longer than `timeout`.
    std::chrono::milliseconds connect_timeout{std::chrono::seconds{5}};
    // A longer response body fails the request rather than being read on.
    std::size_t response_body_limit_bytes = response_body_limit_bytes_default;
};

struct OutboundResponse {
    // answered: an HTTP response arrived, whatever its status (redirects are not followed, so a
    // 3xx is an answer too). timed_out: `timeout` or `connect_timeout` passed first. failed:
    // anything else (refused, DNS, TLS, bad URL, oversize body, broken connection).
    enum class Outcome { answered, timed_out, failed };

    Outcome outcome = Outcome::failed;
    int status = 0;       // Set when answered.
    std::string body{};   // Set when answered.
    std::string error{};  // Set when not answered: for the log, not for merchants or payers.
};

// Blocks for at most about request.timeout. Thread-safe. Each calling thread keeps its own
// connections open between calls (keep-alive), so a caller that may not reuse connections should
// send "Connection: close". Proxy settings in the environment are ignored.
OutboundResponse send(const OutboundRequest& request);

}  // namespace faktura::outbound
