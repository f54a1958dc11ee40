// Tests outbound::send against a loopback FakePeer: answers of any status, the time-outs, refused
// connections, the response body limit and the options that keep the client from going elsewhere
// (redirects, other schemes, proxies from the environment).
#include "outbound/http_client.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
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

}  // namespace
}  // namespace faktura::outbound
