// The one outbound HTTP client (libcurl behind our own types): the credit provider and the callback
// sender send through it. Network trouble is a value (OutboundResponse::Outcome), never an
// exception; only running out of memory throws.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>
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
    // A longer response body fails the request rather than being read on (unless
    // truncate_long_body).
    std::size_t response_body_limit_bytes = response_body_limit_bytes_default;
    // A longer body is not a failure: its first response_body_limit_bytes are kept, the rest is
    // not read (the transfer stops there) and the answer carries the status that arrived. For
    // callers that want an excerpt of whatever a peer sends (callbacks).
    bool truncate_long_body = false;
    // Refuse loopback, link-local, private, unique-local and unspecified addresses, IPv4 and IPv6
    // (IPv4-mapped included; see is_denied_address): each address curl is about to connect to is
    // checked after name resolution, so a denied one is never connected to, and the connection
    // actually used (a kept-alive one too) is checked again before the request is written.
    // Outcome::refused.
    bool deny_private_addresses = false;
};

struct OutboundResponse {
    // answered: an HTTP response arrived, whatever its status (redirects are not followed, so a
    // 3xx is an answer too). timed_out: `timeout` or `connect_timeout` passed first. refused:
    // deny_private_addresses is set and the address is one it denies; no request was sent and
    // `error` names the address. failed: anything else (refused connection, DNS, TLS, bad URL,
    // oversize body, broken connection).
    enum class Outcome { answered, timed_out, refused, failed };

    Outcome outcome = Outcome::failed;
    int status = 0;       // Set when answered.
    std::string body{};   // Set when answered.
    std::string error{};  // Set when not answered: for the log, not for merchants or payers.
};

// Blocks for at most about request.timeout. Thread-safe. Each calling thread keeps its own
// connections open between calls (keep-alive), so a caller that may not reuse connections should
// send "Connection: close". Proxy settings in the environment are ignored.
OutboundResponse send(const OutboundRequest& request);

// True for an IP literal (dotted IPv4, or IPv6 without brackets; an IPv6 zone such as "%eth0" is
// ignored) in a range deny_private_addresses refuses: loopback (127.0.0.0/8, ::1), link-local
// (169.254.0.0/16, fe80::/10), private (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16), unique-local
// (fc00::/7), unspecified (0.0.0.0/8, ::) and those IPv4 ranges as IPv4-mapped IPv6
// (::ffff:a.b.c.d). True as well for text that is no IP literal: the check fails closed.
bool is_denied_address(std::string_view numeric_address);

}  // namespace faktura::outbound
