// libcurl's easy interface behind outbound::send: the only file that includes curl. Each thread
// keeps one easy handle so its connections stay open between requests; curl's codes become
// OutboundResponse values here and nowhere else.
#include "outbound/http_client.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string_view>

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
    bool over_limit = false;
};

std::size_t append_body(char* data, std::size_t size, std::size_t count, void* user) {
    auto* sink = static_cast<BodySink*>(user);
    const std::size_t bytes = size * count;
    if (bytes > sink->limit_bytes - sink->body.size()) {
        sink->over_limit = true;
        return 0;  // Anything but `bytes` makes curl stop with CURLE_WRITE_ERROR.
    }
    sink->body.append(data, bytes);
    return bytes;
}

bool has_line_break(std::string_view text) {
    return text.find_first_of("\r\n") != std::string_view::npos;
}

OutboundResponse failure(OutboundResponse::Outcome outcome, std::string error) {
    return OutboundResponse{.outcome = outcome, .status = 0, .body = {}, .error = std::move(error)};
}

std::string curl_message(CURLcode code, const char* error_buffer) {
    std::string message = curl_easy_strerror(code);
    if (error_buffer[0] != '\0') message += ": " + std::string(error_buffer);
    return message;
}

}  // namespace

OutboundResponse send(const OutboundRequest& request) {
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

    BodySink sink{
        .body = {}, .limit_bytes = request.response_body_limit_bytes, .over_limit = false};
    char error_buffer[CURL_ERROR_SIZE] = {};
    // curl reads 0 as "no limit"; a request always has one.
    const long timeout_ms = std::max(1L, static_cast<long>(request.timeout.count()));
    const long connect_timeout_ms =
        std::clamp(static_cast<long>(request.connect_timeout.count()), 1L, timeout_ms);

    // Options whose setting can only fail on an out-of-date libcurl; the build requires one that
    // has them all (7.85 for CURLOPT_PROTOCOLS_STR).
    curl_easy_setopt(curl, CURLOPT_URL, request.url.c_str());
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");  // No file://, no gopher:// ….
    curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(curl, CURLOPT_PROXY, "");     // Ignore http_proxy and friends.
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);  // Required with several threads.
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, timeout_ms);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, connect_timeout_ms);
    curl_easy_setopt(curl, CURLOPT_MAXFILESIZE_LARGE,
                     static_cast<curl_off_t>(request.response_body_limit_bytes));
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

}  // namespace faktura::outbound
