// A small blocking HTTP/1.1 client for tests, on plain POSIX sockets. It deliberately shares no
// code with the server under test (no Beast), and every read has a timeout so a test cannot hang.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace faktura::testing {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

struct ClientResponse {
    int status = 0;
    HeaderList headers;  // In the order received.
    std::string body;    // Decoded when the response was chunked.

    // First header with this name, compared case-insensitively.
    std::optional<std::string> header(std::string_view name) const;
};

// One connection, kept alive between requests and reopened when the server has closed it.
// Not thread-safe: use one client per thread. Throws std::runtime_error on connection failures,
// timeouts and responses it cannot parse.
class HttpClient {
  public:
    HttpClient(std::string host, std::uint16_t port);
    ~HttpClient();
    HttpClient(const HttpClient&) = delete;
    HttpClient& operator=(const HttpClient&) = delete;

    // Sends Host and, when there is a body or the method usually has one, Content-Length (unless
    // given in headers). A HEAD response is read without a body.
    ClientResponse request(std::string method, std::string target, std::string body = {},
                           HeaderList headers = {});

    // Writes the bytes as they are on the current connection (opening one if needed) and returns
    // everything received until the server closes the connection or nothing arrives for `quiet`.
    // For protocol tests: malformed requests, pipelining, Expect: 100-continue.
    std::string send_raw(std::string_view bytes,
                         std::chrono::milliseconds quiet = std::chrono::milliseconds{1500});

    // True once the server has closed the connection (an orderly close or a reset), waiting up to
    // `timeout` for it to happen. Unread response bytes are discarded.
    bool wait_until_closed_by_server(std::chrono::milliseconds timeout);

    void close();
    bool is_connected() const { return fd_ >= 0; }
    // How many TCP connections this client has opened; keep-alive tests check it stays at one.
    int connections_opened() const { return connections_opened_; }
    // Bounds every wait for response bytes in request(); 5 s unless changed.
    void set_receive_timeout(std::chrono::milliseconds timeout) { receive_timeout_ = timeout; }

  private:
    void connect();
    void send_all(std::string_view bytes);
    // Appends at least one byte to buffer_; false on end of stream. Throws on timeout or error.
    bool receive_some();
    ClientResponse read_response(bool is_head);
    std::string take_line();  // A CRLF-terminated line from buffer_, reading more as needed.
    std::string take_bytes(std::size_t count);

    std::string host_;
    std::uint16_t port_;
    int fd_ = -1;
    int connections_opened_ = 0;
    std::string buffer_;  // Bytes received and not yet consumed.
    std::chrono::milliseconds receive_timeout_{5000};
};

// One request on a fresh connection.
ClientResponse http_request(const std::string& host, std::uint16_t port, std::string method,
                            std::string target, std::string body = {}, HeaderList headers = {});

}  // namespace faktura::testing
