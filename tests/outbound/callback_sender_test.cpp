// Tests HttpCallbackSender against a loopback FakePeer playing the merchant: the exact bytes and
// headers of a callback, signed and unsigned, and what each kind of answer (or none) becomes.
#include "outbound/callback_sender.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fake_peer.hpp"
#include "http/message.hpp"
#include "outbound/webhook_signature.hpp"

namespace faktura::outbound {
namespace {

using std::chrono::milliseconds;
using testing::closed_port;
using testing::FakePeer;
using testing::PeerAnswer;
using Outcome = app::CallbackAnswer::Outcome;

constexpr const char* payment_path = "/psp/invoice/payments/5adc265f-f87f-4313-577e-08d3dca1a26c";
constexpr const char* transaction_path =
    "/psp/invoice/payments/5adc265f-f87f-4313-577e-08d3dca1a26c/captures/"
    "e2f06785-805d-4605-bf40-426a725d313d";
constexpr const char* expected_body =
    R"({"payment":{"id":"/psp/invoice/payments/5adc265f-f87f-4313-577e-08d3dca1a26c",)"
    R"("number":1234567890},"transaction":{"id":"/psp/invoice/payments/)"
    R"(5adc265f-f87f-4313-577e-08d3dca1a26c/captures/e2f06785-805d-4605-bf40-426a725d313d",)"
    R"("number":1234567891}})";
constexpr const char* secret_a = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
constexpr const char* secret_b = "whsec_c2Vjb25kLXNlY3JldC1mb3ItdGVzdHM=";
constexpr std::int64_t sent_at_seconds = 1614265330;

app::CallbackMessage message_to(std::string url) {
    return app::CallbackMessage{
        .delivery_id = "msg_2b7c1f0e-5d7a-4a8e-9a43-6f1d2c3b4a59",
        .url = std::move(url),
        .payment_path = payment_path,
        .payment_number = 1234567890,
        .transaction_path = transaction_path,
        .transaction_number = 1234567891,
        .secrets = {},
        // Part of a second too: the header carries whole seconds.
        .sent_at = domain::Timestamp{sent_at_seconds * domain::ticks_per_second + 8'097'921},
        .timeout = milliseconds{2000},
        .deny_private_addresses = false,
    };
}

std::string header_of(const http::Request& request, std::string_view name) {
    return std::string(request.header(name).value_or("<absent>"));
}

std::vector<std::string> webhook_header_names(const http::Request& request) {
    std::vector<std::string> names;
    for (const http::Header& header : request.headers) {
        if (http::lowercase(header.name).starts_with("webhook-")) names.push_back(header.name);
    }
    return names;
}

TEST(CallbackSender, BodyIsTheSection22Json) {
    EXPECT_EQ(callback_body(message_to("http://merchant.test/")), expected_body);
}

TEST(CallbackSender, PostsTheExactBodyUnsignedWithoutSecrets) {
    const FakePeer peer(PeerAnswer{.status = 200, .body = "thanks"});
    HttpCallbackSender sender;

    const app::CallbackAnswer answer = sender.send(message_to(peer.url("/callbacks?shop=7")));

    EXPECT_EQ(answer.outcome, Outcome::answered) << answer.error;
    EXPECT_EQ(answer.status, 200);
    EXPECT_EQ(answer.body_excerpt, "thanks");
    EXPECT_EQ(answer.error, "");
    EXPECT_TRUE(answer.delivered());
    const std::vector<http::Request> received = peer.requests();
    ASSERT_EQ(received.size(), 1u);
    EXPECT_EQ(received[0].method, "POST");
    EXPECT_EQ(received[0].target, "/callbacks?shop=7");
    EXPECT_EQ(received[0].body, expected_body);
    EXPECT_EQ(header_of(received[0], "Content-Type"), "application/json; charset=utf-8");
    EXPECT_EQ(webhook_header_names(received[0]), std::vector<std::string>{});
}

TEST(CallbackSender, SignsWithEveryValidSecret) {
    const FakePeer peer(PeerAnswer{.status = 204});
    app::CallbackMessage message = message_to(peer.url("/cb"));
    message.secrets = {secret_a, "whsec_not base64", secret_b};

    const app::CallbackAnswer answer = HttpCallbackSender{}.send(message);

    EXPECT_EQ(answer.outcome, Outcome::answered) << answer.error;
    const std::vector<http::Request> received = peer.requests();
    ASSERT_EQ(received.size(), 1u);
    const http::Request& request = received[0];
    EXPECT_EQ(request.body, expected_body);
    EXPECT_EQ(header_of(request, "Content-Type"), "application/json; charset=utf-8");
    EXPECT_EQ(header_of(request, "webhook-id"), message.delivery_id);
    EXPECT_EQ(header_of(request, "webhook-timestamp"), std::to_string(sent_at_seconds));
    // What a merchant does: recompute over what arrived, one signature per secret it knows.
    const std::string id = header_of(request, "webhook-id");
    const std::int64_t timestamp = std::stoll(header_of(request, "webhook-timestamp"));
    EXPECT_EQ(header_of(request, "webhook-signature"),
              webhook_signature(secret_a, id, timestamp, request.body) + " " +
                  webhook_signature(secret_b, id, timestamp, request.body));
    EXPECT_EQ(webhook_header_names(request).size(), 3u);
}

TEST(CallbackSender, SendsUnsignedWhenNoSecretIsValid) {
    const FakePeer peer(PeerAnswer{.status = 200});
    app::CallbackMessage message = message_to(peer.url());
    message.secrets = {"whsec_", "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"};

    EXPECT_TRUE(HttpCallbackSender{}.send(message).delivered());

    ASSERT_EQ(peer.requests().size(), 1u);
    EXPECT_EQ(webhook_header_names(peer.requests()[0]), std::vector<std::string>{});
}

TEST(CallbackSender, ServerErrorIsAnAnswerButNotDelivered) {
    const FakePeer peer(PeerAnswer{.status = 500, .body = "oops"});
    const app::CallbackAnswer answer = HttpCallbackSender{}.send(message_to(peer.url()));
    EXPECT_EQ(answer.outcome, Outcome::answered) << answer.error;
    EXPECT_EQ(answer.status, 500);
    EXPECT_EQ(answer.body_excerpt, "oops");
    EXPECT_FALSE(answer.delivered());
}

TEST(CallbackSender, RedirectIsAnAnswerAndNotFollowed) {
    const FakePeer elsewhere(PeerAnswer{.status = 200});
    const FakePeer peer(
        PeerAnswer{.status = 302, .headers = {{"Location", elsewhere.url("/moved")}}});
    const app::CallbackAnswer answer = HttpCallbackSender{}.send(message_to(peer.url()));
    EXPECT_EQ(answer.outcome, Outcome::answered) << answer.error;
    EXPECT_EQ(answer.status, 302);
    EXPECT_FALSE(answer.delivered());
    EXPECT_TRUE(elsewhere.requests().empty());
}

TEST(CallbackSender, NoContentIsDelivered) {
    const FakePeer peer(PeerAnswer{.status = 204});
    const app::CallbackAnswer answer = HttpCallbackSender{}.send(message_to(peer.url()));
    EXPECT_EQ(answer.outcome, Outcome::answered) << answer.error;
    EXPECT_EQ(answer.status, 204);
    EXPECT_EQ(answer.body_excerpt, "");
    EXPECT_TRUE(answer.delivered());
}

TEST(CallbackSender, KeepsTheFirstKibibyteOfAHugeAnswer) {
    std::string body;
    for (int i = 0; body.size() < 5 * 1024 * 1024; ++i) body += std::to_string(i) + ",";
    const FakePeer peer(PeerAnswer{.status = 200, .body = body});

    const app::CallbackAnswer answer = HttpCallbackSender{}.send(message_to(peer.url()));

    EXPECT_EQ(answer.outcome, Outcome::answered) << answer.error;
    EXPECT_EQ(answer.status, 200);
    EXPECT_TRUE(answer.delivered());
    EXPECT_EQ(answer.body_excerpt.size(), 1024u);
    EXPECT_EQ(answer.body_excerpt, body.substr(0, 1024));
}

TEST(CallbackSender, RefusedConnectionFails) {
    const app::CallbackAnswer answer = HttpCallbackSender{}.send(
        message_to("http://127.0.0.1:" + std::to_string(closed_port()) + "/"));
    EXPECT_EQ(answer.outcome, Outcome::failed);
    EXPECT_EQ(answer.status, 0);
    EXPECT_NE(answer.error, "");
    EXPECT_FALSE(answer.delivered());
}

TEST(CallbackSender, TimesOutAgainstAPeerThatHoldsItsAnswer) {
    // The peer holds its answer until it is destroyed at the end of this test (FakePeer releases
    // its waits then); the hour is never waited for.
    const FakePeer peer(PeerAnswer{.status = 200, .delay = std::chrono::hours{1}});
    app::CallbackMessage message = message_to(peer.url());
    message.timeout = milliseconds{200};
    const auto started = std::chrono::steady_clock::now();

    const app::CallbackAnswer answer = HttpCallbackSender{}.send(message);

    EXPECT_EQ(answer.outcome, Outcome::timed_out);
    EXPECT_EQ(answer.status, 0);
    EXPECT_NE(answer.error, "");
    EXPECT_FALSE(answer.delivered());
    EXPECT_LT(std::chrono::steady_clock::now() - started, milliseconds{1500});
    EXPECT_EQ(peer.requests().size(), 1u);
}

TEST(CallbackSender, DenyingPrivateAddressesRefusesLoopbackWithoutSending) {
    const FakePeer peer(PeerAnswer{.status = 200});
    app::CallbackMessage message = message_to(peer.url());
    message.deny_private_addresses = true;

    const app::CallbackAnswer answer = HttpCallbackSender{}.send(message);

    EXPECT_EQ(answer.outcome, Outcome::refused);
    EXPECT_EQ(answer.status, 0);
    EXPECT_NE(answer.error.find("127.0.0.1"), std::string::npos) << answer.error;
    EXPECT_FALSE(answer.delivered());
    EXPECT_TRUE(peer.requests().empty());
}

}  // namespace
}  // namespace faktura::outbound
