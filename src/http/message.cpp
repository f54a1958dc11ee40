#include "http/message.hpp"

#include <algorithm>

namespace faktura::http {
namespace {

char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

std::optional<std::string_view> find_header(const std::vector<Header>& headers,
                                            std::string_view name) {
    for (const Header& header : headers) {
        if (iequals(header.name, name)) return std::string_view{header.value};
    }
    return std::nullopt;
}

}  // namespace

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return ascii_lower(x) == ascii_lower(y);
           });
}

std::string lowercase(std::string text) {
    for (char& c : text) c = ascii_lower(c);
    return text;
}

std::optional<std::string_view> Request::header(std::string_view name) const {
    return find_header(headers, name);
}

std::optional<std::string_view> RequestHead::header(std::string_view name) const {
    for (const HeaderView& header : headers) {
        if (iequals(header.name, name)) return header.value;
    }
    return std::nullopt;
}

std::optional<std::string_view> Response::header(std::string_view name) const {
    return find_header(headers, name);
}

void Response::set_header(std::string name, std::string value) {
    for (Header& header : headers) {
        if (iequals(header.name, name)) {
            header.value = std::move(value);
            return;
        }
    }
    headers.push_back(Header{std::move(name), std::move(value)});
}

}  // namespace faktura::http
