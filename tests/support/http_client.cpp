#include "support/http_client.hpp"

#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace faktura::testing {
namespace {

char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return ascii_lower(x) == ascii_lower(y);
           });
}

bool icontains(std::string_view text, std::string_view word) {
    if (word.size() > text.size()) return false;
    for (std::size_t i = 0; i + word.size() <= text.size(); ++i) {
        if (iequals(text.substr(i, word.size()), word)) return true;
    }
    return false;
}

std::string_view trim(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    return text;
}

std::runtime_error failure(const std::string& what) {
    return std::runtime_error("http_client: " + what);
}

std::runtime_error system_failure(const std::string& what) {
    return failure(what + ": " + std::strerror(errno));
}

// Milliseconds left until `deadline`, as poll() wants them (never negative).
int remaining_ms(std::chrono::steady_clock::time_point deadline) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    return static_cast<int>(std::max<std::int64_t>(0, left.count()));
}

// Waits until fd is readable; false when the deadline passed first.
bool wait_readable(int fd, std::chrono::steady_clock::time_point deadline) {
    for (;;) {
        pollfd poll_fd{fd, POLLIN, 0};
        const int ready = ::poll(&poll_fd, 1, remaining_ms(deadline));
        if (ready > 0) return true;
        if (ready == 0) return false;
        if (errno != EINTR) throw system_failure("poll");
    }
}

bool has_body(int status, bool is_head) {
    return !is_head && status >= 200 && status != 204 && status != 304;
}

}  // namespace

std::optional<std::string> ClientResponse::header(std::string_view name) const {
    for (const auto& [header_name, value] : headers) {
        if (iequals(header_name, name)) return value;
    }
    return std::nullopt;
}

HttpClient::HttpClient(std::string host, std::uint16_t port)
    : host_(std::move(host)), port_(port) {}

HttpClient::~HttpClient() { close(); }

void HttpClient::close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
    buffer_.clear();
}

void HttpClient::connect() {
    close();
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_NUMERICSERV;
    addrinfo* addresses = nullptr;
    const std::string service = std::to_string(port_);
    if (const int error = ::getaddrinfo(host_.c_str(), service.c_str(), &hints, &addresses);
        error != 0) {
        throw failure("cannot resolve " + host_ + ": " + ::gai_strerror(error));
    }
    int connect_errno = 0;
    for (addrinfo* address = addresses; address != nullptr; address = address->ai_next) {
        const int fd = ::socket(address->ai_family, address->ai_socktype, address->ai_protocol);
        if (fd < 0) continue;
        if (::connect(fd, address->ai_addr, address->ai_addrlen) == 0) {
            fd_ = fd;
            break;
        }
        connect_errno = errno;
        ::close(fd);
    }
    ::freeaddrinfo(addresses);
    if (fd_ < 0) {
        errno = connect_errno;
        throw system_failure("cannot connect to " + host_ + ":" + service);
    }
    const int on = 1;
    ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
    ++connections_opened_;
}

void HttpClient::send_all(std::string_view bytes) {
    while (!bytes.empty()) {
        // MSG_NOSIGNAL: a server that closed the connection must not kill the test with SIGPIPE.
        const ssize_t sent = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
        if (sent < 0) {
            if (errno == EINTR) continue;
            throw system_failure("send");
        }
        bytes.remove_prefix(static_cast<std::size_t>(sent));
    }
}

bool HttpClient::receive_some() {
    const auto deadline = std::chrono::steady_clock::now() + receive_timeout_;
    for (;;) {
        if (!wait_readable(fd_, deadline)) throw failure("timed out waiting for the response");
        char chunk[16 * 1024];
        const ssize_t received = ::recv(fd_, chunk, sizeof chunk, 0);
        if (received > 0) {
            buffer_.append(chunk, static_cast<std::size_t>(received));
            return true;
        }
        if (received == 0) return false;
        if (errno == EINTR || errno == EAGAIN) continue;
        if (errno == ECONNRESET) return false;
        throw system_failure("recv");
    }
}

std::string HttpClient::take_line() {
    for (;;) {
        if (const std::size_t end = buffer_.find("\r\n"); end != std::string::npos) {
            std::string line = buffer_.substr(0, end);
            buffer_.erase(0, end + 2);
            return line;
        }
        if (!receive_some()) throw failure("connection closed in the middle of a line");
    }
}

std::string HttpClient::take_bytes(std::size_t count) {
    while (buffer_.size() < count) {
        if (!receive_some()) throw failure("connection closed in the middle of a body");
    }
    std::string bytes = buffer_.substr(0, count);
    buffer_.erase(0, count);
    return bytes;
}

ClientResponse HttpClient::read_response(bool is_head) {
    ClientResponse response;
    bool keeps_alive = true;
    // Interim 1xx responses (100 Continue) come before the real one; skip them.
    do {
        response = ClientResponse{};
        const std::string status_line = take_line();
        // "HTTP/1.1 200 OK"
        if (status_line.size() < 12 || status_line.compare(0, 5, "HTTP/") != 0) {
            throw failure("bad status line: " + status_line);
        }
        response.status = std::stoi(status_line.substr(9, 3));
        keeps_alive = status_line.compare(0, 8, "HTTP/1.1") == 0;
        for (std::string line = take_line(); !line.empty(); line = take_line()) {
            const std::size_t colon = line.find(':');
            if (colon == std::string::npos) throw failure("bad header line: " + line);
            response.headers.emplace_back(
                line.substr(0, colon), std::string{trim(std::string_view{line}.substr(colon + 1))});
        }
    } while (response.status >= 100 && response.status < 200);

    if (const auto connection = response.header("Connection")) {
        if (icontains(*connection, "close")) keeps_alive = false;
        if (icontains(*connection, "keep-alive")) keeps_alive = true;
    }
    const auto transfer_encoding = response.header("Transfer-Encoding");
    const auto content_length = response.header("Content-Length");
    if (!has_body(response.status, is_head)) {
        // No body.
    } else if (transfer_encoding && icontains(*transfer_encoding, "chunked")) {
        for (;;) {
            const std::string size_line = take_line();
            const std::size_t size = std::stoul(size_line, nullptr, 16);  // Extensions ignored.
            if (size == 0) break;
            response.body += take_bytes(size);
            if (!take_line().empty()) throw failure("chunk not followed by CRLF");
        }
        while (!take_line().empty()) {
            // Trailer fields are read and dropped.
        }
    } else if (content_length) {
        response.body = take_bytes(std::stoul(*content_length));
    } else {
        // Delimited by the end of the connection.
        while (receive_some()) {
        }
        response.body = std::move(buffer_);
        buffer_.clear();
        keeps_alive = false;
    }
    if (!keeps_alive) close();
    return response;
}

ClientResponse HttpClient::request(std::string method, std::string target, std::string body,
                                   HeaderList headers) {
    const bool is_head = method == "HEAD";
    const bool sends_length =
        !body.empty() || method == "POST" || method == "PUT" || method == "PATCH";
    bool has_length = false;
    bool has_host = false;
    for (const auto& [name, value] : headers) {
        has_length =
            has_length || iequals(name, "Content-Length") || iequals(name, "Transfer-Encoding");
        has_host = has_host || iequals(name, "Host");
    }
    std::string message = method + " " + target + " HTTP/1.1\r\n";
    if (!has_host) message += "Host: " + host_ + ":" + std::to_string(port_) + "\r\n";
    for (const auto& [name, value] : headers) message += name + ": " + value + "\r\n";
    if (sends_length && !has_length)
        message += "Content-Length: " + std::to_string(body.size()) + "\r\n";
    message += "\r\n";
    message += body;

    // A kept-alive connection may have been closed by the server (idle timeout) just before we
    // wrote; when nothing at all comes back on a reused connection, retry once on a new one.
    for (int attempt = 0;; ++attempt) {
        const bool is_reused = fd_ >= 0;
        if (!is_reused) connect();
        try {
            send_all(message);
            if (buffer_.empty() && !receive_some())
                throw failure("connection closed before a response");
            return read_response(is_head);
        } catch (const std::runtime_error&) {
            const bool nothing_received = buffer_.empty();
            close();
            if (!is_reused || !nothing_received || attempt > 0) throw;
        }
    }
}

std::string HttpClient::send_raw(std::string_view bytes, std::chrono::milliseconds quiet) {
    if (fd_ < 0) connect();
    send_all(bytes);
    std::string received = std::move(buffer_);
    buffer_.clear();
    for (;;) {
        if (!wait_readable(fd_, std::chrono::steady_clock::now() + quiet)) return received;
        char chunk[16 * 1024];
        const ssize_t count = ::recv(fd_, chunk, sizeof chunk, 0);
        if (count > 0) {
            received.append(chunk, static_cast<std::size_t>(count));
            continue;
        }
        if (count < 0 && (errno == EINTR || errno == EAGAIN)) continue;
        close();  // End of stream or reset: the server is done with this connection.
        return received;
    }
}

bool HttpClient::wait_until_closed_by_server(std::chrono::milliseconds timeout) {
    if (fd_ < 0) return true;
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        if (!wait_readable(fd_, deadline)) return false;
        char chunk[4096];
        const ssize_t count = ::recv(fd_, chunk, sizeof chunk, 0);
        if (count > 0) continue;
        if (count < 0 && (errno == EINTR || errno == EAGAIN)) continue;
        close();
        return true;
    }
}

ClientResponse http_request(const std::string& host, std::uint16_t port, std::string method,
                            std::string target, std::string body, HeaderList headers) {
    HttpClient client(host, port);
    return client.request(std::move(method), std::move(target), std::move(body),
                          std::move(headers));
}

}  // namespace faktura::testing
