// Tests outbound::send against a loopback FakePeer: answers of any status, the time-outs, refused
// connections, the response body limit (and truncating instead), the options that keep the client
// from going elsewhere (redirects, other schemes, proxies from the environment) and the refusal of
// private addresses.
#include "outbound/http_client.hpp"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <future>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "fake_peer.hpp"

namespace faktura::outbound {
namespace {

using std::chrono::milliseconds;
using testing::closed_port;
using testing::FakePeer;
using testing::PeerAnswer;
using Outcome = OutboundResponse::Outcome;

OutboundRequest post_to(std::string url, std::string body = "{}") {
    return OutboundRequest{.method = HttpMethod::post,
                           .url = std::move(url),
                           .body = std::move(body),
                           .headers = {{"Content-Type", "application/json"}},
                           .timeout = milliseconds{2000}};
}

std::string header_of(const http::Request& request, std::string_view name) {
    return std::string(request.header(name).value_or("<absent>"));
}

TEST(HttpClient, PostsBodyAndHeadersAndReturnsStatusAndBody) {
    const FakePeer peer(PeerAnswer{.status = 201, .body = "created"});
    OutboundRequest request = post_to(peer.url("/callbacks/1"), R"({"a":1})");
    request.headers.emplace_back("X-Faktura-Test", "yes");

    const OutboundResponse response = send(request);

    EXPECT_EQ(response.outcome, Outcome::answered) << response.error;
    EXPECT_EQ(response.status, 201);
    EXPECT_EQ(response.body, "created");
    EXPECT_EQ(response.error, "");
    const std::vector<http::Request> received = peer.requests();
    ASSERT_EQ(received.size(), 1u);
    EXPECT_EQ(received[0].method, "POST");
    EXPECT_EQ(received[0].target, "/callbacks/1");
    EXPECT_EQ(received[0].body, R"({"a":1})");
    EXPECT_EQ(header_of(received[0], "Content-Type"), "application/json");
    EXPECT_EQ(header_of(received[0], "X-Faktura-Test"), "yes");
    EXPECT_EQ(header_of(received[0], "Expect"), "<absent>");
}

TEST(HttpClient, GetsWithoutABody) {
    const FakePeer peer(PeerAnswer{.status = 200, .body = "state"});
    const OutboundResponse response = send(OutboundRequest{
        .method = HttpMethod::get, .url = peer.url("/state?x=1"), .timeout = milliseconds{2000}});
    EXPECT_EQ(response.outcome, Outcome::answered) << response.error;
    EXPECT_EQ(response.body, "state");
    ASSERT_EQ(peer.requests().size(), 1u);
    EXPECT_EQ(peer.requests()[0].method, "GET");
    EXPECT_EQ(peer.requests()[0].target, "/state?x=1");
    EXPECT_EQ(peer.requests()[0].body, "");
}

TEST(HttpClient, ServerErrorIsStillAnAnswer) {
    const FakePeer peer(PeerAnswer{.status = 503, .body = "busy"});
    const OutboundResponse response = send(post_to(peer.url()));
    EXPECT_EQ(response.outcome, Outcome::answered);
    EXPECT_EQ(response.status, 503);
    EXPECT_EQ(response.body, "busy");
}

TEST(HttpClient, DoesNotFollowRedirects) {
    const FakePeer elsewhere(PeerAnswer{.status = 200, .body = "elsewhere"});
    const FakePeer peer(
        PeerAnswer{.status = 307, .body = "", .headers = {{"Location", elsewhere.url("/moved")}}});
    const OutboundResponse response = send(post_to(peer.url()));
    EXPECT_EQ(response.outcome, Outcome::answered);
    EXPECT_EQ(response.status, 307);
    EXPECT_TRUE(elsewhere.requests().empty());
}

TEST(HttpClient, TimesOutAgainstASlowPeer) {
    const FakePeer peer(PeerAnswer{.status = 200, .body = "late", .delay = milliseconds{2000}});
    OutboundRequest request = post_to(peer.url());
    request.timeout = milliseconds{300};
    const auto started = std::chrono::steady_clock::now();

    const OutboundResponse response = send(request);

    EXPECT_EQ(response.outcome, Outcome::timed_out);
    EXPECT_EQ(response.status, 0);
    EXPECT_EQ(response.body, "");
    EXPECT_NE(response.error, "");
    EXPECT_LT(std::chrono::steady_clock::now() - started, milliseconds{1500});
}

TEST(HttpClient, RefusedConnectionFails) {
    const OutboundResponse response =
        send(post_to("http://127.0.0.1:" + std::to_string(closed_port()) + "/"));
    EXPECT_EQ(response.outcome, Outcome::failed);
    EXPECT_EQ(response.status, 0);
    EXPECT_NE(response.error, "");
}

TEST(HttpClient, BodyOverTheDefaultLimitFails) {
    const FakePeer peer(
        PeerAnswer{.status = 200, .body = std::string(response_body_limit_bytes_default + 1, 'x')});
    const OutboundResponse response = send(post_to(peer.url()));
    EXPECT_EQ(response.outcome, Outcome::failed);
    EXPECT_EQ(response.body, "");
    EXPECT_NE(response.error.find("exceeds"), std::string::npos) << response.error;
}

TEST(HttpClient, BodyExactlyAtTheLimitIsAnswered) {
    const FakePeer peer(PeerAnswer{.status = 200, .body = std::string(1000, 'x')});
    OutboundRequest request = post_to(peer.url());
    request.response_body_limit_bytes = 1000;
    EXPECT_EQ(send(request).outcome, Outcome::answered);
    request.response_body_limit_bytes = 999;
    EXPECT_EQ(send(request).outcome, Outcome::failed);
}

TEST(HttpClient, LargeRequestBodyIsSentWithoutAskingForContinue) {
    // curl's default would send "Expect: 100-continue" for a body this size (over 1 KiB or 1 MiB,
    // depending on the version) and wait up to a second for an interim answer. Our server sends
    // one, so the header itself is what is checked.
    const FakePeer peer(PeerAnswer{.status = 200, .body = "ok"});
    OutboundRequest request = post_to(peer.url(), std::string(1536 * 1024, 'b'));
    request.timeout = milliseconds{800};
    const OutboundResponse response = send(request);
    EXPECT_EQ(response.outcome, Outcome::answered) << response.error;
    ASSERT_EQ(peer.requests().size(), 1u);
    EXPECT_EQ(peer.requests()[0].body.size(), 1536u * 1024u);
    EXPECT_EQ(header_of(peer.requests()[0], "Expect"), "<absent>");
}

TEST(HttpClient, RefusesSchemesOtherThanHttp) {
    const OutboundResponse response = send(post_to("file:///etc/passwd"));
    EXPECT_EQ(response.outcome, Outcome::failed);
    EXPECT_EQ(response.body, "");
}

TEST(HttpClient, RefusesHeadersWithLineBreaksWithoutSending) {
    const FakePeer peer(PeerAnswer{.status = 200});
    OutboundRequest request = post_to(peer.url());
    request.headers.emplace_back("X-Injected", "a\r\nX-Other: b");
    EXPECT_EQ(send(request).outcome, Outcome::failed);
    EXPECT_TRUE(peer.requests().empty());
}

TEST(HttpClient, IgnoresProxiesFromTheEnvironment) {
    const std::string dead_proxy = "http://127.0.0.1:" + std::to_string(closed_port());
    ::setenv("http_proxy", dead_proxy.c_str(), 1);
    ::setenv("HTTP_PROXY", dead_proxy.c_str(), 1);
    ::setenv("ALL_PROXY", dead_proxy.c_str(), 1);
    const FakePeer peer(PeerAnswer{.status = 204});
    const OutboundResponse response = send(post_to(peer.url()));
    ::unsetenv("http_proxy");
    ::unsetenv("HTTP_PROXY");
    ::unsetenv("ALL_PROXY");
    EXPECT_EQ(response.outcome, Outcome::answered) << response.error;
    EXPECT_EQ(response.status, 204);
}

TEST(HttpClient, NextRequestOnTheSameThreadWorksAfterATimeOutAndAFailure) {
    const FakePeer slow(PeerAnswer{.status = 200, .delay = milliseconds{2000}});
    const FakePeer fast(PeerAnswer{.status = 200, .body = "fast"});
    OutboundRequest to_slow = post_to(slow.url());
    to_slow.timeout = milliseconds{200};
    EXPECT_EQ(send(to_slow).outcome, Outcome::timed_out);
    EXPECT_EQ(send(post_to("file:///")).outcome, Outcome::failed);
    for (int i = 0; i < 3; ++i) {
        const OutboundResponse response = send(post_to(fast.url()));
        EXPECT_EQ(response.outcome, Outcome::answered) << response.error;
        EXPECT_EQ(response.body, "fast");
    }
    EXPECT_EQ(fast.requests().size(), 3u);
}

TEST(HttpClient, SendsFromSeveralThreadsAtOnce) {
    const FakePeer peer(PeerAnswer{.status = 200, .body = "ok"});
    std::atomic<int> answered{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&peer, &answered] {
            for (int i = 0; i < 20; ++i) {
                if (send(post_to(peer.url())).outcome == Outcome::answered) ++answered;
            }
        });
    }
    for (std::thread& thread : threads) thread.join();
    EXPECT_EQ(answered.load(), 80);
}

// A body of `size` bytes that differ along it, so a cut in the wrong place shows.
std::string counting_body(std::size_t size) {
    std::string body;
    for (int i = 0; body.size() < size; ++i) body += std::to_string(i) + ",";
    body.resize(size);
    return body;
}

TEST(HttpClient, TruncatingKeepsTheStatusAndTheFirstBytes) {
    const std::string body = counting_body(5000);
    const FakePeer peer(PeerAnswer{.status = 503, .body = body});
    OutboundRequest request = post_to(peer.url());
    request.response_body_limit_bytes = 100;
    request.truncate_long_body = true;

    const OutboundResponse response = send(request);

    EXPECT_EQ(response.outcome, Outcome::answered) << response.error;
    EXPECT_EQ(response.status, 503);
    EXPECT_EQ(response.body, body.substr(0, 100));
    EXPECT_EQ(response.error, "");
}

TEST(HttpClient, TruncatingLeavesABodyWithinTheLimitWhole) {
    const FakePeer peer(PeerAnswer{.status = 200, .body = counting_body(100)});
    OutboundRequest request = post_to(peer.url());
    request.response_body_limit_bytes = 100;
    request.truncate_long_body = true;
    EXPECT_EQ(send(request).body, counting_body(100));
    request.response_body_limit_bytes = 101;
    EXPECT_EQ(send(request).body, counting_body(100));
}

TEST(HttpClient, TruncatingStopsReadingAHugeBody) {
    const std::string body = counting_body(4 * 1024 * 1024);
    const FakePeer peer(PeerAnswer{.status = 200, .body = body});
    OutboundRequest request = post_to(peer.url());
    request.response_body_limit_bytes = 1024;
    request.truncate_long_body = true;

    const OutboundResponse response = send(request);

    EXPECT_EQ(response.outcome, Outcome::answered) << response.error;
    EXPECT_EQ(response.status, 200);
    EXPECT_EQ(response.body, body.substr(0, 1024));
    // The connection that was cut is not reused for the next request.
    EXPECT_EQ(send(request).body, body.substr(0, 1024));
}

// A raw loopback peer that answers with the head of a response announcing 100 MB, sends 8 KiB of
// it and then holds the connection until destroyed: only a client that stops reading at its limit
// returns before its time-out.
class EndlessBodyPeer {
  public:
    EndlessBodyPeer() : listener_(::socket(AF_INET, SOCK_STREAM, 0)) {
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t length = sizeof address;
        if (listener_ < 0 ||
            ::bind(listener_, reinterpret_cast<sockaddr*>(&address), length) != 0 ||
            ::listen(listener_, 1) != 0 ||
            ::getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
            throw std::runtime_error("EndlessBodyPeer: cannot listen on loopback");
        }
        port_ = ntohs(address.sin_port);
        thread_ = std::thread([this] { serve(); });
    }
    ~EndlessBodyPeer() {
        released_.set_value();
        ::shutdown(listener_, SHUT_RDWR);  // Ends an accept that no client came to.
        thread_.join();
        ::close(listener_);
    }
    EndlessBodyPeer(const EndlessBodyPeer&) = delete;
    EndlessBodyPeer& operator=(const EndlessBodyPeer&) = delete;

    std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/"; }

  private:
    void serve() {
        const int connection = ::accept(listener_, nullptr, nullptr);
        if (connection < 0) return;
        char request[4096];
        static_cast<void>(::recv(connection, request, sizeof request, 0));
        const std::string answer =
            "HTTP/1.1 200 OK\r\nContent-Length: 100000000\r\n\r\n" + std::string(8192, 'x');
        static_cast<void>(::send(connection, answer.data(), answer.size(), MSG_NOSIGNAL));
        release_.wait();
        ::close(connection);
    }

    int listener_;
    std::uint16_t port_ = 0;
    std::promise<void> released_;
    std::shared_future<void> release_ = released_.get_future().share();
    std::thread thread_;
};

TEST(HttpClient, TruncatingStopsReadingAtTheLimit) {
    const EndlessBodyPeer peer;
    OutboundRequest request = post_to(peer.url());
    request.timeout = milliseconds{5000};
    request.response_body_limit_bytes = 1024;
    request.truncate_long_body = true;
    const auto started = std::chrono::steady_clock::now();

    const OutboundResponse response = send(request);

    EXPECT_EQ(response.outcome, Outcome::answered) << response.error;
    EXPECT_EQ(response.status, 200);
    EXPECT_EQ(response.body, std::string(1024, 'x'));
    EXPECT_LT(std::chrono::steady_clock::now() - started, milliseconds{2500});
}

TEST(HttpClient, WithoutTruncatingALongBodyStillFails) {
    const FakePeer peer(PeerAnswer{.status = 200, .body = counting_body(5000)});
    OutboundRequest request = post_to(peer.url());
    request.response_body_limit_bytes = 100;
    const OutboundResponse response = send(request);
    EXPECT_EQ(response.outcome, Outcome::failed);
    EXPECT_EQ(response.status, 0);
    EXPECT_EQ(response.body, "");
    EXPECT_NE(response.error.find("exceeds"), std::string::npos) << response.error;
}

TEST(HttpClient, DenyingPrivateAddressesRefusesLoopbackWithoutSending) {
    const FakePeer peer(PeerAnswer{.status = 200});
    OutboundRequest request = post_to(peer.url());
    request.deny_private_addresses = true;

    const OutboundResponse response = send(request);

    EXPECT_EQ(response.outcome, Outcome::refused);
    EXPECT_EQ(response.status, 0);
    EXPECT_NE(response.error.find("127.0.0.1"), std::string::npos) << response.error;
    EXPECT_TRUE(peer.requests().empty());
}

TEST(HttpClient, DenyingPrivateAddressesChecksTheResolvedAddress) {
    const FakePeer peer(PeerAnswer{.status = 200});
    OutboundRequest request = post_to("http://localhost:" + std::to_string(peer.port()) + "/");
    request.deny_private_addresses = true;
    const OutboundResponse response = send(request);
    EXPECT_EQ(response.outcome, Outcome::refused) << response.error;
    EXPECT_TRUE(peer.requests().empty());
}

TEST(HttpClient, DenyingPrivateAddressesRefusesBeforeConnecting) {
    // Nothing listens there: without the option this is a refused connection (failed).
    OutboundRequest request = post_to("http://127.0.0.1:" + std::to_string(closed_port()) + "/");
    EXPECT_EQ(send(request).outcome, Outcome::failed);
    request.deny_private_addresses = true;
    const OutboundResponse response = send(request);
    EXPECT_EQ(response.outcome, Outcome::refused) << response.error;
    EXPECT_NE(response.error.find("127.0.0.1"), std::string::npos) << response.error;
}

TEST(HttpClient, DenyingPrivateAddressesChecksAKeptAliveConnection) {
    const FakePeer peer(PeerAnswer{.status = 200, .body = "ok"});
    OutboundRequest request = post_to(peer.url());
    EXPECT_EQ(send(request).outcome, Outcome::answered);  // Leaves the connection open.
    request.deny_private_addresses = true;
    const OutboundResponse response = send(request);
    EXPECT_EQ(response.outcome, Outcome::refused) << response.error;
    EXPECT_EQ(peer.requests().size(), 1u);
    request.deny_private_addresses = false;
    EXPECT_EQ(send(request).outcome, Outcome::answered);
}

TEST(HttpClient, DenyingPrivateAddressesRefusesIpv6Loopback) {
    std::atomic<int> received{0};
    std::unique_ptr<http::Server> server;
    try {
        server = std::make_unique<http::Server>(
            http::ServerOptions{.address = "::1",
                                .port = 0,
                                .io_threads = 1,
                                .worker_threads = 2,
                                .check_header = nullptr,
                                .protocol_error_response = nullptr},
            [&received](const http::Request&) {
                ++received;
                return http::Response{.status = 200, .headers = {}, .body = "ok"};
            });
        server->start();
    } catch (const std::exception& error) {
        GTEST_SKIP() << "no IPv6 loopback here: " << error.what();
    }
    OutboundRequest request = post_to("http://[::1]:" + std::to_string(server->port()) + "/");
    EXPECT_EQ(send(request).outcome, Outcome::answered);  // The peer is there.
    ASSERT_EQ(received.load(), 1);

    request.deny_private_addresses = true;
    const OutboundResponse response = send(request);

    EXPECT_EQ(response.outcome, Outcome::refused) << response.error;
    EXPECT_NE(response.error.find("::1"), std::string::npos) << response.error;
    EXPECT_EQ(received.load(), 1);
    server->stop();
}

TEST(HttpClient, DeniedAddressesAreThePrivateRanges) {
    const std::vector<std::string> denied = {
        // Loopback.
        "127.0.0.1", "127.255.255.254", "::1",
        // Link-local, an IPv6 one with a zone too.
        "169.254.0.1", "169.254.169.254", "fe80::1", "febf::1", "fe80::1%eth0",
        // Private.
        "10.0.0.1", "10.255.255.255", "172.16.0.1", "172.31.255.255", "192.168.0.1",
        "192.168.255.255",
        // Unique-local.
        "fc00::1", "fd12:3456:789a::1", "fdff:ffff::",
        // Unspecified.
        "0.0.0.0", "0.1.2.3", "::",
        // IPv4-mapped.
        "::ffff:127.0.0.1", "::ffff:10.1.2.3", "::ffff:192.168.1.1", "::ffff:169.254.169.254",
        "::ffff:0.0.0.0", "::ffff:7f00:1",
        // Not IP literals: the check fails closed.
        "", "localhost", "127.0.0.1:80", "[::1]", "1.2.3"};
    for (const std::string& address : denied) {
        EXPECT_TRUE(is_denied_address(address)) << address;
    }
    const std::vector<std::string> allowed = {
        "1.1.1.1",         "8.8.8.8",          "126.255.255.255", "128.0.0.1",
        "169.253.255.255", "169.255.0.1",      "11.0.0.1",        "9.255.255.255",
        "172.15.255.255",  "172.32.0.1",       "192.167.255.255", "192.169.0.1",
        "100.64.0.1",      "224.0.0.1",        "2001:db8::1",     "2a00:1450:4001::200e",
        "fec0::1",         "fbff::1",          "fe00::1",         "::2",
        "::ffff:8.8.8.8",  "::ffff:172.32.0.1"};
    for (const std::string& address : allowed) {
        EXPECT_FALSE(is_denied_address(address)) << address;
    }
}

}  // namespace
}  // namespace faktura::outbound
