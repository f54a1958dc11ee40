// Our own request and response types: what handlers see of HTTP. No Beast types leave server.cpp.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
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

struct Response {
    int status = 200;
    std::vector<Header> headers;  // Content-Length, Date and Connection are added by the server.
    std::string body;

    void set_header(std::string name, std::string value);
    std::optional<std::string_view> header(std::string_view name) const;
};

using Handler = std::function<Response(const Request&)>;

bool iequals(std::string_view a, std::string_view b);

}  // namespace faktura::http
