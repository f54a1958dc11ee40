// Our own request and response types: what handlers see of HTTP, including why the server may
// answer by itself (ProtocolError) and the media types we send. No Beast types leave server.cpp.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace faktura::http {

struct Header {
    std::string name;
    std::string value;
};

struct Request {
    std::string method;  // As received, e.g. "GET".
    std::string target;  // Origin-form as received: path and query, e.g. "/psp/x?$expand=urls".
    std::vector<Header> headers;
    std::string body;
    std::string remote_address;  // Peer IP literal, e.g. "127.0.0.1".

    // First header with this name, compared case-insensitively.
    std::optional<std::string_view> header(std::string_view name) const;
};

// A request's header while its body is still unread, as ServerOptions::check_header sees it:
// views into the server's parser, valid only during the call; no copies on the hot path.
struct HeaderView {
    std::string_view name;
    std::string_view value;
};
struct RequestHead {
    std::string_view method;
    std::string_view target;
    std::span<const HeaderView> headers;

    // First header with this name, compared case-insensitively.
    std::optional<std::string_view> header(std::string_view name) const;
};

struct Response {
    int status = 200;
    std::vector<Header> headers;  // Content-Length, Date and Connection are added by the server.
    std::string body;

    void set_header(std::string name, std::string value);
    std::optional<std::string_view> header(std::string_view name) const;
};

using Handler = std::function<Response(const Request&)>;

// Why the server itself answers without calling the handler.
enum class ProtocolError {
    body_too_large,    // 413
    header_too_large,  // 431
    bad_request,       // 400: unparsable HTTP
    overloaded,        // 503: connection limit reached
    handler_failed,    // 500: the handler threw
};

inline constexpr std::string_view json_content_type = "application/json; charset=utf-8";
inline constexpr std::string_view problem_content_type = "application/problem+json; charset=utf-8";
inline constexpr std::string_view html_content_type = "text/html; charset=utf-8";

// ASCII case-insensitive comparison, as HTTP names and the API's paths and enums are compared.
bool iequals(std::string_view a, std::string_view b);
// `text` with ASCII A–Z lowered; other bytes unchanged (ids and GUIDs are ASCII).
std::string lowercase(std::string text);

}  // namespace faktura::http
