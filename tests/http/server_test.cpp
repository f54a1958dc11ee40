// Tests the HTTP server over loopback: a real Server on port 0 with an echoing test handler, driven
// by the blocking test client and, for protocol edge cases, by raw bytes.
#include "http/server.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <memory>
#include <mutex>
#include <string>
#include <system_error>
#include <thread>
#include <vector>

#include "runtime/fiber.hpp"
#include "support/http_client.hpp"

namespace faktura::http {
namespace {

using faktura::testing::ClientResponse;
using faktura::testing::http_request;
using faktura::testing::HttpClient;
using std::chrono::milliseconds;

constexpr const char* loopback = "127.0.0.1";
// The body /slow returns: large enough to need several writes.
const std::string slow_body(256 * 1024, 's');

std::string protocol_error_name(ProtocolError error) {
    switch (error) {
        case ProtocolError::body_too_large:
            return "body_too_large";
        case ProtocolError::header_too_large:
            return "header_too_large";
        case ProtocolError::bad_request:
            return "bad_request";
        case ProtocolError::overloaded:
            return "overloaded";
        case ProtocolError::handler_failed:
            return "handler_failed";
    }
    return "unknown";
}

// Marks its responses, so a test can tell the server asked it rather than answering on its own.
Response test_protocol_error_response(ProtocolError error, const std::string& target) {
    static const std::vector<std::pair<ProtocolError, int>> statuses{
        {ProtocolError::body_too_large, 413}, {ProtocolError::header_too_large, 431},
        {ProtocolError::bad_request, 400},    {ProtocolError::overloaded, 503},
        {ProtocolError::handler_failed, 500},
    };
    Response response;
    for (const auto& [candidate, status] : statuses) {
        if (candidate == error) response.status = status;
    }
    response.set_header("Content-Type", "text/plain");
    response.set_header("X-Protocol-Error", protocol_error_name(error));
    response.body = protocol_error_name(error) + " " + target;
    return response;
}

// Holds /slow requests until the test lets them go: `entered` is set when one arrives, `release()`
// lets every held one answer. A forgotten release ends the wait after ten seconds, so a failing
// test cannot hang the suite.
struct SlowGate {
    std::atomic<bool> entered{false};
    std::promise<void> opened;
    std::shared_future<void> open = opened.get_future().share();
    void release() { opened.set_value(); }
};

// /throw throws; /fixed returns a fixed body; /slow sets `gate->entered`, waits for the gate and
// returns slow_body; anything else echoes the request in X-* headers and the body.
Handler test_handler(std::shared_ptr<SlowGate> gate) {
    return [gate](const Request& request) {
        Response response;
        response.set_header("Content-Type", "text/plain");
        if (request.target == "/throw") throw std::runtime_error("the test handler throws");
        if (request.target == "/fixed") {
            response.body = "fixed body";
            return response;
        }
        if (request.target == "/slow") {
            gate->entered.store(true);
            // A handler that blocks hands its wait to the pool for blocking work.
            runtime::run_blocking([&] { gate->open.wait_for(std::chrono::seconds{10}); });
            response.body = slow_body;
            return response;
        }
        std::string headers;
        for (const Header& header : request.headers)
            headers += header.name + "=" + header.value + ";";
        response.set_header("X-Method", request.method);
        response.set_header("X-Target", request.target);
        response.set_header("X-Remote-Address", request.remote_address);
        response.set_header("X-Headers", headers);
        response.body = request.body;
        return response;
    };
}

ServerOptions test_options() {
    return ServerOptions{
        .address = loopback,
        .port = 0,
        .io_threads = 2,
        .worker_threads = 8,
        .check_header = nullptr,
        .protocol_error_response = test_protocol_error_response,
    };
}

std::unique_ptr<Server> started_server(
    ServerOptions options = test_options(),
    std::shared_ptr<SlowGate> gate = std::make_shared<SlowGate>()) {
    auto server = std::make_unique<Server>(std::move(options), test_handler(std::move(gate)));
    server->start();
    return server;
}

bool starts_with(const std::string& text, const std::string& prefix) {
    return text.compare(0, prefix.size(), prefix) == 0;
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

// Polls `condition` until it holds or two seconds pass.
template <typename Condition>
bool eventually(Condition condition) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds{2};
    while (std::chrono::steady_clock::now() < deadline) {
        if (condition()) return true;
        std::this_thread::sleep_for(milliseconds{5});
    }
    return condition();
}

TEST(Server, EchoesMethodTargetHeadersBodyAndPeerAddress) {
    const auto server = started_server();
    const ClientResponse response =
        http_request(loopback, server->port(), "PUT", "/psp/x?$expand=urls&a=b", "the body",
                     {{"X-First", "1"}, {"X-Second", "two words"}});

    EXPECT_EQ(response.status, 200);
    EXPECT_EQ(response.header("X-Method"), "PUT");
    EXPECT_EQ(response.header("X-Target"), "/psp/x?$expand=urls&a=b");
    EXPECT_EQ(response.header("X-Remote-Address"), "127.0.0.1");
    EXPECT_TRUE(
        contains(response.header("X-Headers").value_or(""), "X-First=1;X-Second=two words;"));
    EXPECT_EQ(response.header("Content-Type"), "text/plain");
    EXPECT_EQ(response.body, "the body");
}

TEST(Server, KeepsTheConnectionAliveBetweenRequests) {
    const auto server = started_server();
    HttpClient client(loopback, server->port());

    EXPECT_EQ(client.request("POST", "/one", "1").body, "1");
    EXPECT_EQ(client.request("POST", "/two", "2").body, "2");
    EXPECT_EQ(client.connections_opened(), 1);
}

TEST(Server, AddsContentLengthAndAnImfFixdate) {
    const auto server = started_server();
    const ClientResponse response = http_request(loopback, server->port(), "POST", "/", "hello");

    EXPECT_EQ(response.header("Content-Length"), "5");
    const std::string date = response.header("Date").value_or("");
    ASSERT_EQ(date.size(), 29u) << date;  // "Sun, 06 Nov 1994 08:49:37 GMT"
    EXPECT_EQ(date[3], ',');
    EXPECT_EQ(date.substr(25), " GMT");
}

TEST(Server, AnswersHeadWithTheLengthOfGetButNoBody) {
    const auto server = started_server();
    HttpClient client(loopback, server->port());
    const ClientResponse head = client.request("HEAD", "/fixed");
    EXPECT_EQ(head.status, 200);
    EXPECT_EQ(head.header("Content-Length"), "10");
    EXPECT_EQ(head.body, "");

    // The raw bytes end with the head: nothing follows the blank line.
    const std::string raw =
        client.send_raw("HEAD /fixed HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
    EXPECT_TRUE(starts_with(raw, "HTTP/1.1 200 OK\r\n")) << raw;
    EXPECT_EQ(raw.substr(raw.size() - 4), "\r\n\r\n") << raw;
}

TEST(Server, ClosesAnHttp10ConnectionAfterTheResponse) {
    const auto server = started_server();
    HttpClient client(loopback, server->port());
    const auto before = std::chrono::steady_clock::now();
    const std::string raw = client.send_raw("GET /fixed HTTP/1.0\r\n\r\n");

    EXPECT_TRUE(starts_with(raw, "HTTP/1.0 200 OK\r\n")) << raw;
    EXPECT_TRUE(contains(raw, "Connection: close\r\n")) << raw;
    EXPECT_TRUE(raw.ends_with("fixed body"));
    EXPECT_LT(std::chrono::steady_clock::now() - before,
              milliseconds{1000});  // Not the quiet wait.
    EXPECT_FALSE(client.is_connected());
}

TEST(Server, KeepsAnHttp10ConnectionAliveWhenAsked) {
    const auto server = started_server();
    HttpClient client(loopback, server->port());
    const std::string raw =
        client.send_raw("GET /fixed HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", milliseconds{200});

    EXPECT_TRUE(starts_with(raw, "HTTP/1.0 200 OK\r\n")) << raw;
    EXPECT_TRUE(contains(raw, "Connection: keep-alive\r\n")) << raw;
    EXPECT_TRUE(client.is_connected());
}

TEST(Server, AnswersPipelinedRequestsInOrder) {
    const auto server = started_server();
    HttpClient client(loopback, server->port());
    const std::string raw = client.send_raw(
        "GET /first HTTP/1.1\r\nHost: a\r\n\r\n"
        "POST /second HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nabc"
        "GET /third HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");

    const std::size_t first = raw.find("X-Target: /first");
    const std::size_t second = raw.find("X-Target: /second");
    const std::size_t third = raw.find("X-Target: /third");
    ASSERT_NE(third, std::string::npos) << raw;
    EXPECT_LT(first, second);
    EXPECT_LT(second, third);
    EXPECT_TRUE(contains(raw, "\r\n\r\nabc")) << raw;
}

TEST(Server, ReadsAChunkedRequestBody) {
    const auto server = started_server();
    HttpClient client(loopback, server->port());
    const std::string raw = client.send_raw(
        "POST /chunked HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nConnection: "
        "close\r\n\r\n"
        "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n");

    EXPECT_TRUE(starts_with(raw, "HTTP/1.1 200 OK\r\n")) << raw;
    EXPECT_TRUE(raw.ends_with("\r\n\r\nhello world")) << raw;
}

TEST(Server, SendsContinueBeforeReadingAnExpectedBody) {
    const auto server = started_server();
    HttpClient client(loopback, server->port());
    const std::string interim = client.send_raw(
        "POST /upload HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nExpect: 100-continue\r\n"
        "Connection: close\r\n\r\n",
        milliseconds{300});
    EXPECT_EQ(interim, "HTTP/1.1 100 Continue\r\n\r\n");

    const std::string final_response = client.send_raw("hello");
    EXPECT_TRUE(starts_with(final_response, "HTTP/1.1 200 OK\r\n")) << final_response;
    EXPECT_TRUE(final_response.ends_with("hello")) << final_response;
}

TEST(Server, RejectsABodyOverTheLimitWith413AndCloses) {
    ServerOptions options = test_options();
    options.body_limit_bytes = 1024;
    const auto server = started_server(options);
    HttpClient client(loopback, server->port());

    const ClientResponse response = client.request("POST", "/upload", std::string(4096, 'x'));
    EXPECT_EQ(response.status, 413);
    EXPECT_EQ(response.header("X-Protocol-Error"), "body_too_large");
    EXPECT_EQ(response.body, "body_too_large /upload");
    EXPECT_EQ(response.header("Connection"), "close");
    EXPECT_FALSE(client.is_connected());

    // At the limit is fine.
    EXPECT_EQ(client.request("POST", "/upload", std::string(1024, 'x')).status, 200);
}

TEST(Server, RejectsAChunkedBodyThatGrowsOverTheLimit) {
    ServerOptions options = test_options();
    options.body_limit_bytes = 8;
    const auto server = started_server(options);
    HttpClient client(loopback, server->port());
    const std::string raw = client.send_raw(
        "POST /chunked HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
        "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n");

    EXPECT_TRUE(starts_with(raw, "HTTP/1.1 413 ")) << raw;
}

TEST(Server, RejectsAHeaderOverTheLimitWith431) {
    ServerOptions options = test_options();
    options.header_limit_bytes = 1024;
    const auto server = started_server(options);

    const ClientResponse response =
        http_request(loopback, server->port(), "GET", "/", {}, {{"X-Big", std::string(4000, 'h')}});
    EXPECT_EQ(response.status, 431);
    EXPECT_EQ(response.header("X-Protocol-Error"), "header_too_large");
    EXPECT_EQ(response.header("Connection"), "close");
}

// The limit holds however the header arrives: in one write whole, not only across reads.
TEST(Server, TheHeaderLimitHoldsForAHeaderSentInOneWrite) {
    const auto server = started_server();  // 16 KiB.
    for (const std::size_t size : {std::size_t{17'900}, std::size_t{21'700}}) {
        HttpClient client(loopback, server->port());
        const std::string raw = client.send_raw(
            "GET /fixed HTTP/1.1\r\nHost: a\r\nX-Big: " + std::string(size, 'h') + "\r\n\r\n");
        EXPECT_TRUE(starts_with(raw, "HTTP/1.1 431 ")) << size << ": " << raw.substr(0, 40);
    }
    // Many lines add up as well as one long one.
    std::string many;
    for (int line = 0; line < 200; ++line) {
        many += "X-Line-" + std::to_string(line) + ": " + std::string(90, 'v') + "\r\n";
    }
    {
        HttpClient client(loopback, server->port());
        const std::string raw =
            client.send_raw("GET /fixed HTTP/1.1\r\nHost: a\r\n" + many + "\r\n");
        EXPECT_TRUE(starts_with(raw, "HTTP/1.1 431 ")) << raw.substr(0, 40);
    }
    HttpClient client(loopback, server->port());
    const std::string raw =
        client.send_raw("GET /fixed HTTP/1.1\r\nHost: a\r\nConnection: close\r\nX-Fits: " +
                        std::string(16'000, 'h') + "\r\n\r\n");
    EXPECT_TRUE(starts_with(raw, "HTTP/1.1 200 ")) << raw.substr(0, 40);
}

TEST(Server, RejectsAnUnparsableRequestWith400AndCloses) {
    const auto server = started_server();
    HttpClient client(loopback, server->port());
    const std::string raw = client.send_raw("NOT A REQUEST\r\n\r\n");

    EXPECT_TRUE(starts_with(raw, "HTTP/1.1 400 Bad Request\r\n")) << raw;
    EXPECT_TRUE(contains(raw, "X-Protocol-Error: bad_request\r\n")) << raw;
    EXPECT_TRUE(contains(raw, "Connection: close\r\n")) << raw;
    EXPECT_FALSE(client.is_connected());
}

TEST(Server, AnswersAThrowingHandlerWith500AndStaysUsable) {
    const auto server = started_server();
    HttpClient client(loopback, server->port());

    const ClientResponse failed = client.request("GET", "/throw");
    EXPECT_EQ(failed.status, 500);
    EXPECT_EQ(failed.header("X-Protocol-Error"), "handler_failed");
    EXPECT_TRUE(failed.header("Request-Id").has_value());
    EXPECT_EQ(client.request("GET", "/fixed").body, "fixed body");
    EXPECT_EQ(client.connections_opened(), 1);
}

TEST(Server, AnswersConnectionsOverTheLimitWith503WhenNoneIsIdle) {
    ServerOptions options = test_options();
    options.connections_max = 2;
    auto gate = std::make_shared<SlowGate>();
    const auto server = started_server(options, gate);
    const std::uint16_t port = server->port();
    // Two requests in progress: neither connection is idle.
    auto first = std::async(std::launch::async,
                            [port] { return http_request(loopback, port, "GET", "/slow"); });
    auto second = std::async(std::launch::async,
                             [port] { return http_request(loopback, port, "GET", "/slow"); });
    ASSERT_TRUE(eventually([&] { return gate->entered.load(); }));
    ASSERT_TRUE(eventually([&] {
        // Both are in: a third is refused (each probe closes again, so it is not counted).
        HttpClient probe(loopback, port);
        return starts_with(probe.send_raw("GET /fixed HTTP/1.1\r\nHost: a\r\n\r\n"),
                           "HTTP/1.1 503 ");
    }));
    HttpClient third(loopback, port);
    const std::string raw = third.send_raw("GET /fixed HTTP/1.1\r\nHost: a\r\n\r\n");
    EXPECT_TRUE(starts_with(raw, "HTTP/1.1 503 ")) << raw;
    EXPECT_TRUE(contains(raw, "X-Protocol-Error: overloaded\r\n")) << raw;
    EXPECT_TRUE(contains(raw, "Connection: close\r\n")) << raw;
    EXPECT_FALSE(third.is_connected());

    gate->release();
    EXPECT_EQ(first.get().status, 200);
    EXPECT_EQ(second.get().status, 200);
    // A freed slot is usable again.
    EXPECT_TRUE(
        eventually([&] { return http_request(loopback, port, "GET", "/fixed").status == 200; }));
}

// Under pressure the connection idle the longest gives up its slot: idle or silent connections
// (slowloris) cannot keep a client that has a request from being served.
TEST(Server, AtTheLimitTheLongestIdleConnectionGivesWayToANewOne) {
    ServerOptions options = test_options();
    options.connections_max = 2;
    const auto server = started_server(options);
    HttpClient first(loopback, server->port());
    HttpClient second(loopback, server->port());
    ASSERT_EQ(first.request("GET", "/fixed").status, 200);
    ASSERT_EQ(second.request("GET", "/fixed").status, 200);  // Both now idle, first the longest.

    HttpClient third(loopback, server->port());
    EXPECT_EQ(third.request("GET", "/fixed").status, 200);
    // The first was closed for it; the second kept its connection.
    EXPECT_TRUE(first.wait_until_closed_by_server(milliseconds{2000}));
    EXPECT_EQ(second.request("GET", "/fixed").status, 200);
    EXPECT_EQ(second.connections_opened(), 1);
}

// A client trickling its header (slowloris) holds its slot for header_timeout, not read_timeout.
TEST(Server, AHeaderThatDoesNotArriveInTimeEndsTheConnection) {
    ServerOptions options = test_options();
    options.header_timeout = std::chrono::seconds{1};
    const auto server = started_server(options);
    HttpClient client(loopback, server->port());
    const auto sent = std::chrono::steady_clock::now();
    // Half a header, then silence (send_raw stops listening after 200 ms of quiet).
    EXPECT_EQ("", client.send_raw("GET /fixed HTTP/1.1\r\nHost: a\r\nX-Slow: ", milliseconds{200}));
    EXPECT_TRUE(client.wait_until_closed_by_server(milliseconds{2500}));
    const auto held = std::chrono::steady_clock::now() - sent;
    EXPECT_GE(held, milliseconds{900});
    EXPECT_LT(held, std::chrono::seconds{5}) << "read_timeout (30 s) is not what ended it";
}

// A request refused by its header is answered before its body is read, and the connection closed.
TEST(Server, ARequestRefusedByItsHeaderIsAnsweredBeforeItsBody) {
    ServerOptions options = test_options();
    options.check_header = [](const RequestHead& head) -> std::optional<Response> {
        if (!head.header("Authorization")) {
            Response refusal;
            refusal.status = 401;
            refusal.body = "no token";
            return refusal;
        }
        return std::nullopt;
    };
    const auto server = started_server(options);
    HttpClient client(loopback, server->port());
    // Announces a megabyte and sends none of it: the answer cannot wait for the body.
    const std::string raw =
        client.send_raw("POST /psp/x HTTP/1.1\r\nHost: a\r\nContent-Length: 1000000\r\n\r\n");
    EXPECT_TRUE(starts_with(raw, "HTTP/1.1 401 ")) << raw;
    EXPECT_TRUE(contains(raw, "Connection: close\r\n")) << raw;
    EXPECT_TRUE(contains(raw, "no token")) << raw;
    // With the header it asks for, the request is read and handled.
    const ClientResponse passed = http_request(loopback, server->port(), "POST", "/psp/x", "hello",
                                               {{"Authorization", "Bearer t"}});
    EXPECT_EQ(200, passed.status);
    EXPECT_EQ("hello", passed.body);
}

// The bodies being read at once share one memory budget: a client announcing more than is left
// is answered 503 from its header, and the budget comes back when a request is done.
TEST(Server, BodiesInFlightShareOneMemoryBudget) {
    ServerOptions options = test_options();
    options.bodies_in_flight_max_bytes = 1000;
    const auto server = started_server(options);
    HttpClient holder(loopback, server->port());
    // 800 bytes announced, 10 sent: the reservation holds while the rest is awaited.
    EXPECT_EQ("", holder.send_raw("POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 800\r\n\r\n"
                                  "0123456789",
                                  milliseconds{200}));
    const std::string refused =
        http_request(loopback, server->port(), "POST", "/echo", std::string(800, 'b'))
            .header("X-Protocol-Error")
            .value_or("");
    EXPECT_EQ("overloaded", refused);
    EXPECT_EQ(200,
              http_request(loopback, server->port(), "POST", "/echo", std::string(100, 's')).status)
        << "what is left of the budget still serves";
    // The first request completes; its 800 bytes come back.
    const std::string answered = holder.send_raw(std::string(790, 'a'), milliseconds{500});
    EXPECT_TRUE(starts_with(answered, "HTTP/1.1 200 ")) << answered.substr(0, 40);
    EXPECT_TRUE(eventually([&] {
        return http_request(loopback, server->port(), "POST", "/echo", std::string(800, 'b'))
                   .status == 200;
    }));
}

// A handler still running when the drain gives up runs to its end; the log says what became of it.
TEST(Server, ARequestThatOutlivesTheDrainIsFinishedAndLogged) {
    ServerOptions options = test_options();
    options.drain_timeout = std::chrono::seconds{1};
    auto gate = std::make_shared<SlowGate>();
    const auto server = started_server(options, gate);
    const std::uint16_t port = server->port();
    auto in_flight = std::async(std::launch::async, [port] {
        try {
            return http_request(loopback, port, "GET", "/slow").status;
        } catch (const std::runtime_error&) {
            return 0;  // The drain closed the connection: no answer.
        }
    });
    ASSERT_TRUE(eventually([&] { return gate->entered.load(); }));
    ::testing::internal::CaptureStderr();
    auto stopping = std::async(std::launch::async, [&server] { server->stop(); });
    // Past the drain: the connection is closed while the handler still waits at the gate.
    EXPECT_EQ(0, in_flight.get());
    gate->release();
    stopping.get();
    const std::string log = ::testing::internal::GetCapturedStderr();
    EXPECT_NE(std::string::npos, log.find("still busy after the drain timeout")) << log;
    EXPECT_NE(std::string::npos,
              log.find("shutdown: a GET request of 127.0.0.1 finished with 200 after the drain "
                       "closed its connection; the answer was not delivered, and what it changed "
                       "is committed"))
        << log;
}

// One client address holds at most its share of the slots: the others stay open for other clients.
TEST(Server, OneClientAddressHoldsAtMostItsShareOfTheConnections) {
    ServerOptions options = test_options();
    options.connections_max = 100;
    options.connections_per_peer_max = 2;
    const auto server = started_server(options);
    HttpClient first(loopback, server->port());
    HttpClient second(loopback, server->port());
    ASSERT_EQ(first.request("GET", "/fixed").status, 200);
    ASSERT_EQ(second.request("GET", "/fixed").status, 200);

    HttpClient third(loopback, server->port());
    const std::string raw = third.send_raw("GET /fixed HTTP/1.1\r\nHost: a\r\n\r\n");
    EXPECT_TRUE(starts_with(raw, "HTTP/1.1 503 ")) << raw;
    EXPECT_TRUE(contains(raw, "X-Protocol-Error: overloaded\r\n")) << raw;

    // The address's count goes down with its connections.
    first.close();
    EXPECT_TRUE(eventually(
        [&] { return http_request(loopback, server->port(), "GET", "/fixed").status == 200; }));
}

TEST(Server, ClosesAnIdleKeptAliveConnection) {
    ServerOptions options = test_options();
    options.idle_timeout = std::chrono::seconds{1};
    const auto server = started_server(options);
    HttpClient client(loopback, server->port());
    ASSERT_EQ(client.request("GET", "/fixed").status, 200);
    const auto answered = std::chrono::steady_clock::now();

    EXPECT_TRUE(client.wait_until_closed_by_server(milliseconds{2500}));
    EXPECT_GE(std::chrono::steady_clock::now() - answered, milliseconds{900});
}

TEST(Server, StopLetsARequestInFlightFinish) {
    auto gate = std::make_shared<SlowGate>();
    const auto server = started_server(test_options(), gate);
    const std::uint16_t port = server->port();
    auto in_flight = std::async(std::launch::async,
                                [port] { return http_request(loopback, port, "GET", "/slow"); });
    ASSERT_TRUE(eventually([&] { return gate->entered.load(); }));

    // While stop() waits for the held request, the server takes no new connection.
    auto stopping = std::async(std::launch::async, [&server] { server->stop(); });
    EXPECT_TRUE(eventually([port] {
        try {
            http_request(loopback, port, "GET", "/fixed");
            return false;
        } catch (const std::runtime_error&) {
            return true;
        }
    }));
    EXPECT_EQ(stopping.wait_for(milliseconds{0}), std::future_status::timeout);

    gate->release();
    stopping.get();
    const ClientResponse response = in_flight.get();
    EXPECT_EQ(response.status, 200);
    EXPECT_EQ(response.body, slow_body);
    EXPECT_EQ(response.header("Connection"), "close");
    EXPECT_THROW(http_request(loopback, port, "GET", "/fixed"), std::runtime_error);
}

TEST(Server, StopClosesIdleConnectionsAtOnce) {
    const auto server = started_server();
    HttpClient client(loopback, server->port());
    ASSERT_EQ(client.request("GET", "/fixed").status, 200);

    const auto before = std::chrono::steady_clock::now();
    server->stop();
    EXPECT_LT(std::chrono::steady_clock::now() - before, milliseconds{500});
    EXPECT_TRUE(client.wait_until_closed_by_server(milliseconds{500}));
}

TEST(Server, StopIsIdempotentAndReleasesWaitFromAnotherThread) {
    const auto server = started_server();
    auto waiter = std::async(std::launch::async, [&] { server->wait(); });
    std::thread stopper([&] { server->stop(); });
    stopper.join();
    EXPECT_EQ(waiter.wait_for(std::chrono::seconds{2}), std::future_status::ready);
    server->stop();
    server->wait();
}

TEST(Server, AnswersManyConcurrentClients) {
    constexpr int client_count = 32;
    constexpr int requests_per_client = 50;
    const auto server = started_server();
    std::atomic<int> answered{0};
    std::vector<std::thread> clients;
    for (int c = 0; c < client_count; ++c) {
        clients.emplace_back([&, c] {
            HttpClient client(loopback, server->port());
            for (int r = 0; r < requests_per_client; ++r) {
                const std::string body = std::to_string(c) + "-" + std::to_string(r);
                const ClientResponse response = client.request("POST", "/echo", body);
                if (response.status == 200 && response.body == body) ++answered;
            }
        });
    }
    for (std::thread& client : clients) client.join();
    EXPECT_EQ(answered.load(), client_count * requests_per_client);
}

// A waiting request is a suspended fiber, not a held thread: with one io thread and one thread for
// blocking work, a hundred requests wait (as for a group commit) while another is answered, and
// all are answered once woken from another thread (as the commit's writer wakes its batch).
TEST(Server, RequestsWaitingInFibersDoNotHoldTheirIoThread) {
    struct Waiting {
        std::mutex mutex;
        std::vector<runtime::Event*> events;
    };
    auto waiting = std::make_shared<Waiting>();
    ServerOptions options = test_options();
    options.io_threads = 1;
    options.worker_threads = 1;
    Server server(options, [waiting](const Request& request) {
        Response response;
        if (request.target == "/wait") {
            runtime::Event event;
            {
                const std::lock_guard lock(waiting->mutex);
                waiting->events.push_back(&event);
            }
            event.wait();
            response.body = "woken";
        } else {
            response.body = "fixed";
        }
        return response;
    });
    server.start();
    const std::uint16_t port = server.port();
    constexpr std::size_t waiter_count = 100;
    std::vector<std::future<ClientResponse>> held;
    for (std::size_t i = 0; i < waiter_count; ++i) {
        held.push_back(std::async(std::launch::async,
                                  [port] { return http_request(loopback, port, "GET", "/wait"); }));
    }
    ASSERT_TRUE(eventually([&] {
        const std::lock_guard lock(waiting->mutex);
        return waiting->events.size() == waiter_count;
    }));
    EXPECT_EQ(http_request(loopback, port, "GET", "/fixed").body, "fixed");

    std::thread waker([&] {
        const std::lock_guard lock(waiting->mutex);
        for (runtime::Event* event : waiting->events) event->notify();
    });
    for (auto& response : held) {
        const ClientResponse answered = response.get();
        EXPECT_EQ(answered.status, 200);
        EXPECT_EQ(answered.body, "woken");
    }
    waker.join();
}

TEST(Server, ListensOnAnIpv6Literal) {
    ServerOptions options = test_options();
    options.address = "::1";
    auto server = std::make_unique<Server>(options, test_handler(std::make_shared<SlowGate>()));
    try {
        server->start();
    } catch (const std::system_error& error) {
        GTEST_SKIP() << "no IPv6 loopback here: " << error.what();
    }
    const ClientResponse response = http_request("::1", server->port(), "GET", "/");
    EXPECT_EQ(response.status, 200);
    EXPECT_EQ(response.header("X-Remote-Address"), "::1");
}

TEST(Server, StartThrowsSystemErrorWhenThePortIsTaken) {
    const auto first = started_server();
    ServerOptions options = test_options();
    options.port = first->port();
    Server second(options, test_handler(std::make_shared<SlowGate>()));
    // SO_REUSEADDR does not let two listeners share a port on Linux.
    EXPECT_THROW(second.start(), std::system_error);
}

TEST(Server, AnswersProtocolErrorsItselfWithoutAResponseBuilder) {
    ServerOptions options = test_options();
    options.protocol_error_response = nullptr;
    const auto server = started_server(options);
    EXPECT_EQ(http_request(loopback, server->port(), "GET", "/throw").status, 500);
}

}  // namespace
}  // namespace faktura::http
