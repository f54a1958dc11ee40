// libcurl's easy interface behind outbound::send: the only file that includes curl. Each thread
// keeps one easy handle so its connections stay open between requests; curl's codes become
// OutboundResponse values here and nowhere else. Also the address check of deny_private_addresses.
#include "outbound/http_client.hpp"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <memory>
#include <mutex>
#include <stdexcept>

#include "runtime/fiber.hpp"

namespace faktura::outbound {
namespace {

void initialise_curl_once() {
    static std::once_flag once;
    std::call_once(once, [] {
        // Not thread-safe in curl itself, hence call_once; never cleaned up, because threads may
        // still hold handles while the process exits.
        if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
            throw std::runtime_error("curl_global_init failed");
        }
    });
}

struct EasyHandleDeleter {
    void operator()(CURL* handle) const { curl_easy_cleanup(handle); }
};
using EasyHandle = std::unique_ptr<CURL, EasyHandleDeleter>;

struct SlistDeleter {
    void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
using Slist = std::unique_ptr<curl_slist, SlistDeleter>;

// The calling thread's handle, reset after each use: curl_easy_reset clears every option but keeps
// the connection cache, so a worker that calls the same peer again skips the TCP and TLS
// handshakes. Null only if curl could not allocate one.
CURL* thread_handle() {
    thread_local EasyHandle handle{curl_easy_init()};
    if (!handle) handle.reset(curl_easy_init());
    return handle.get();
}

struct BodySink {
    std::string body;
    std::size_t limit_bytes = 0;
    bool truncate = false;  // Keep the first limit_bytes of a longer body instead of failing.
    bool over_limit = false;
    bool truncated = false;  // The body was cut at limit_bytes and the transfer stopped.
};

std::size_t append_body(char* data, std::size_t size, std::size_t count, void* user) {
    auto* sink = static_cast<BodySink*>(user);
    const std::size_t bytes = size * count;
    const std::size_t room = sink->limit_bytes - sink->body.size();
    if (bytes > room) {
        if (sink->truncate) {
            sink->body.append(data, room);
            sink->truncated = true;
        } else {
            sink->over_limit = true;
        }
        return 0;  // Anything but `bytes` makes curl stop with CURLE_WRITE_ERROR.
    }
    sink->body.append(data, bytes);
    return bytes;
}

// What deny_private_addresses refuses, by range; null for an address it lets through.
const char* denied_ipv4_kind(std::uint32_t address) {  // Host byte order.
    const auto in = [address](std::uint32_t network, int prefix_bits) {
        return (address >> (32 - prefix_bits)) == (network >> (32 - prefix_bits));
    };
    if (in(0x00000000, 8)) return "unspecified";  // Linux reaches the host itself at 0.0.0.0.
    if (in(0x7f000000, 8)) return "loopback";
    if (in(0xa9fe0000, 16)) return "link-local";
    if (in(0x0a000000, 8) || in(0xac100000, 12) || in(0xc0a80000, 16)) return "private";
    return nullptr;
}

const char* denied_ipv6_kind(const std::array<unsigned char, 16>& address) {
    const auto zeros = [&address](std::size_t count) {
        return std::all_of(address.begin(), address.begin() + static_cast<std::ptrdiff_t>(count),
                           [](unsigned char byte) { return byte == 0; });
    };
    if (zeros(16)) return "unspecified";
    if (zeros(15) && address[15] == 1) return "loopback";
    if (address[0] == 0xfe && (address[1] & 0xc0) == 0x80) return "link-local";  // fe80::/10
    if ((address[0] & 0xfe) == 0xfc) return "unique-local";                      // fc00::/7
    if (zeros(10) && address[10] == 0xff && address[11] == 0xff) {               // ::ffff:0:0/96
        return denied_ipv4_kind((std::uint32_t{address[12]} << 24) |
                                (std::uint32_t{address[13]} << 16) |
                                (std::uint32_t{address[14]} << 8) | std::uint32_t{address[15]});
    }
    return nullptr;
}

// The range of an IP literal that deny_private_addresses refuses, "not an IP address" for other
// text, null for an address it lets through.
const char* denied_kind(std::string_view numeric_address) {
    const std::string text(numeric_address.substr(0, numeric_address.find('%')));
    in_addr ipv4{};
    if (inet_pton(AF_INET, text.c_str(), &ipv4) == 1) return denied_ipv4_kind(ntohl(ipv4.s_addr));
    std::array<unsigned char, 16> ipv6{};
    if (inet_pton(AF_INET6, text.c_str(), ipv6.data()) == 1) return denied_ipv6_kind(ipv6);
    return "not an IP address";
}

// What the two address callbacks share with send(): why an address was refused, when one was.
struct AddressGuard {
    std::string refusal;
};

std::string refusal_text(std::string_view address, const char* kind) {
    return "refused to connect to " + std::string(address) + ": " + kind +
           " address (deny_private_addresses)";
}

// CURLOPT_OPENSOCKETFUNCTION: called with each resolved address before curl connects to it, so a
// denied address is never connected to. Otherwise opens the socket as curl itself would.
curl_socket_t open_allowed_socket(void* user, curlsocktype, curl_sockaddr* address) {
    auto* guard = static_cast<AddressGuard*>(user);
    char text[INET6_ADDRSTRLEN] = "?";
    const char* kind = "not an IP address";
    // curl's storage behind `address->addr` holds addrlen bytes, a sockaddr_in6 for IPv6.
    if (address->family == AF_INET && address->addrlen >= sizeof(sockaddr_in)) {
        sockaddr_in ipv4{};
        std::memcpy(&ipv4, &address->addr, sizeof ipv4);
        inet_ntop(AF_INET, &ipv4.sin_addr, text, sizeof text);
        kind = denied_ipv4_kind(ntohl(ipv4.sin_addr.s_addr));
    } else if (address->family == AF_INET6 && address->addrlen >= sizeof(sockaddr_in6)) {
        sockaddr_in6 ipv6{};
        std::memcpy(&ipv6, &address->addr, sizeof ipv6);
        inet_ntop(AF_INET6, &ipv6.sin6_addr, text, sizeof text);
        std::array<unsigned char, 16> bytes{};
        std::memcpy(bytes.data(), &ipv6.sin6_addr, bytes.size());
        kind = denied_ipv6_kind(bytes);
    }
    if (kind != nullptr) {
        guard->refusal = refusal_text(text, kind);
        return CURL_SOCKET_BAD;  // curl gives up on this address: CURLE_COULDNT_CONNECT.
    }
    return ::socket(address->family, address->socktype, address->protocol);
}

// CURLOPT_PREREQFUNCTION: called with the address of the connection about to carry the request,
// a new one or a kept-alive one (which may have been opened without deny_private_addresses).
int check_connected_address(void* user, char* primary_ip, char*, int, int) {
    auto* guard = static_cast<AddressGuard*>(user);
    const std::string_view address = primary_ip == nullptr ? "" : primary_ip;
    if (const char* kind = denied_kind(address)) {
        guard->refusal = refusal_text(address, kind);
        return CURL_PREREQFUNC_ABORT;  // CURLE_ABORTED_BY_CALLBACK, nothing written.
    }
    return CURL_PREREQFUNC_OK;
}

bool has_line_break(std::string_view text) {
    return text.find_first_of("\r\n") != std::string_view::npos;
}

OutboundResponse failure(OutboundResponse::Outcome outcome, std::string error) {
    return OutboundResponse{.outcome = outcome, .status = 0, .body = {}, .error = std::move(error)};
}

// curl's detailed message when it wrote one (it names the host and port), else the code's text.
std::string curl_message(CURLcode code, const char* error_buffer) {
    if (error_buffer[0] != '\0') return error_buffer;
    return curl_easy_strerror(code);
}

}  // namespace

bool is_denied_address(std::string_view numeric_address) {
    return denied_kind(numeric_address) != nullptr;
}

namespace {

OutboundResponse send_here(const OutboundRequest& request) {
    using Outcome = OutboundResponse::Outcome;
    for (const auto& [name, value] : request.headers) {
        if (name.empty() || has_line_break(name) || has_line_break(value)) {
            return failure(Outcome::failed, "header '" + name + "' holds a line break or no name");
        }
    }
    initialise_curl_once();
    CURL* curl = thread_handle();
    if (curl == nullptr) return failure(Outcome::failed, "curl_easy_init failed");

    Slist headers;
    const auto add_header = [&headers](const std::string& line) {
        curl_slist* appended = curl_slist_append(headers.get(), line.c_str());
        if (appended == nullptr) throw std::bad_alloc();
        static_cast<void>(headers.release());
        headers.reset(appended);
    };
    for (const auto& [name, value] : request.headers) add_header(name + ": " + value);
    // curl would otherwise send "Expect: 100-continue" for large bodies (over 1 MiB in 7.88, 1 KiB
    // in older versions) and wait up to a second for an interim answer many peers never send.
    add_header("Expect:");

    BodySink sink{.body = {},
                  .limit_bytes = request.response_body_limit_bytes,
                  .truncate = request.truncate_long_body,
                  .over_limit = false,
                  .truncated = false};
    AddressGuard guard;
    char error_buffer[CURL_ERROR_SIZE] = {};
    // curl reads 0 as "no limit"; a request always has one.
    const long timeout_ms = std::max(1L, static_cast<long>(request.timeout.count()));
    const long connect_timeout_ms =
        std::clamp(static_cast<long>(request.connect_timeout.count()), 1L, timeout_ms);

    // Options whose setting can only fail on an out-of-date libcurl; the build requires one that
    // has them all (7.85 for CURLOPT_PROTOCOLS_STR, 7.80 for CURLOPT_PREREQFUNCTION).
    curl_easy_setopt(curl, CURLOPT_URL, request.url.c_str());
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");  // No file://, no gopher:// ….
    curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(curl, CURLOPT_PROXY, "");     // Ignore http_proxy and friends.
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);  // Required with several threads.
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, timeout_ms);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, connect_timeout_ms);
    if (!request.truncate_long_body) {
        // Fails early on a declared Content-Length; truncation must read the first bytes instead.
        curl_easy_setopt(curl, CURLOPT_MAXFILESIZE_LARGE,
                         static_cast<curl_off_t>(request.response_body_limit_bytes));
    }
    if (request.deny_private_addresses) {
        curl_easy_setopt(curl, CURLOPT_OPENSOCKETFUNCTION, open_allowed_socket);
        curl_easy_setopt(curl, CURLOPT_OPENSOCKETDATA, &guard);
        curl_easy_setopt(curl, CURLOPT_PREREQFUNCTION, check_connected_address);
        curl_easy_setopt(curl, CURLOPT_PREREQDATA, &guard);
    }
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers.get());
    curl_easy_setopt(curl, CURLOPT_USERAGENT, "Faktura");
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, append_body);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &sink);
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error_buffer);
    switch (request.method) {
        case HttpMethod::get:
            curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
            break;
        case HttpMethod::post:
            curl_easy_setopt(curl, CURLOPT_POST, 1L);
            curl_easy_setopt(curl, CURLOPT_POSTFIELDS, request.body.data());
            curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE,
                             static_cast<curl_off_t>(request.body.size()));
            break;
    }

    const CURLcode code = curl_easy_perform(curl);
    long status = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    // The handle outlives this call, so it must not keep pointers into this frame.
    curl_easy_reset(curl);

    if (!guard.refusal.empty() &&
        (code == CURLE_COULDNT_CONNECT || code == CURLE_ABORTED_BY_CALLBACK)) {
        return failure(Outcome::refused, std::move(guard.refusal));
    }
    if (sink.truncated) {
        return OutboundResponse{.outcome = Outcome::answered,
                                .status = static_cast<int>(status),
                                .body = std::move(sink.body),
                                .error = {}};
    }
    if (sink.over_limit || code == CURLE_FILESIZE_EXCEEDED) {
        return failure(Outcome::failed, "response body exceeds " +
                                            std::to_string(request.response_body_limit_bytes) +
                                            " bytes");
    }
    if (code == CURLE_OPERATION_TIMEDOUT) {
        return failure(Outcome::timed_out, curl_message(code, error_buffer));
    }
    if (code != CURLE_OK) return failure(Outcome::failed, curl_message(code, error_buffer));

    return OutboundResponse{.outcome = Outcome::answered,
                            .status = static_cast<int>(status),
                            .body = std::move(sink.body),
                            .error = {}};
}

}  // namespace

// A request's fiber must not hold its io thread for a network round trip: libcurl's blocking call
// runs on the server's pool for blocking work while the fiber waits (runtime::run_blocking).
// Outside a fiber (the callback dispatcher) it runs right here.
OutboundResponse send(const OutboundRequest& request) {
    return runtime::blocking([&] { return send_here(request); });
}

}  // namespace faktura::outbound
