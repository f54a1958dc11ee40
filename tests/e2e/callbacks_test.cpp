// Callbacks end to end (§22): a loopback receiver (our own http::Server) gets one POST per
// transaction with the documented body; failures are retried at the (scaled) offsets; a hanging
// endpoint times out without holding back the others; signatures verify; a SIGKILLed server's
// callback is still delivered after a restart; two dispatchers on one database send no attempt
// twice; GET …/callbacks and `faktura callbacks` show what happened.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "e2e/callback_receiver.hpp"
#include "e2e/server_process.hpp"
#include "e2e/test_app.hpp"
#include "http/server.hpp"
#include "outbound/webhook_signature.hpp"
#include "runtime/fiber.hpp"

namespace faktura::testing {
namespace {

namespace json = boost::json;
using Clock = std::chrono::steady_clock;

cli::ServeOptions with_callbacks() {
    cli::ServeOptions options;
    options.callbacks.dispatch = true;
    options.callbacks.schedule_scale = 0.01;  // Retries at 0.3, 0.6, 3.6, 4.32, 8.64, 12.65 s.
    options.callbacks.timeout = std::chrono::milliseconds{300};
    return options;
}

std::string body_with_callback(const std::string& payee_id, const std::string& url,
                               const std::string& operation = "FinancingConsumer") {
    json::value body = json::parse(financing_consumer_body(payee_id, unique_reference()));
    json::object& payment = body.at("payment").as_object();
    payment.at("urls").as_object()["callbackUrl"] = url;
    if (operation != "FinancingConsumer") {
        payment["operation"] = operation;
        payment.erase("intent");
        payment.erase("prices");
    }
    return json::serialize(body);
}

std::string created(TestApp& app, const TestMerchant& merchant, const std::string& body) {
    const ClientResponse response = app.call("POST", "/psp/invoice/payments", merchant.token, body,
                                             {{"Content-Type", "application/json"}});
    EXPECT_EQ(201, response.status) << response.body;
    return std::string(json::parse(response.body).at("payment").at("id").as_string());
}

// The §22 body of a transaction the API answered with (`kind`: "authorization", "capture", …).
std::string expected_body(const std::string& payment_id, std::int64_t payment_number,
                          const ClientResponse& response, const std::string& kind) {
    const json::value document = json::parse(response.body);
    const json::value& transaction = document.at(kind).at("transaction");
    return R"({"payment":{"id":")" + payment_id + R"(","number":)" +
           std::to_string(payment_number) + R"(},"transaction":{"id":")" +
           std::string(document.at(kind).at("id").as_string()) + R"(","number":)" +
           std::to_string(transaction.at("number").as_int64()) + "}}";
}

std::int64_t payment_number(TestApp& app, const TestMerchant& merchant, const std::string& id) {
    return json::parse(app.call("GET", id, merchant.token).body)
        .at("payment")
        .at("number")
        .as_int64();
}

ClientResponse post(TestApp& app, const TestMerchant& merchant, const std::string& target,
                    const std::string& body) {
    return app.call("POST", target, merchant.token, body, {{"Content-Type", "application/json"}});
}

const std::string capture_body =
    R"({"transaction":{"activity":"FinancingConsumer","amount":10000,"vatAmount":0,)"
    R"("payeeReference":"REF","description":"capture",)"
    R"("itemDescriptions":[{"amount":10000,"description":"goods"}],)"
    R"("vatSummary":[{"amount":10000,"vatPercent":0,"vatAmount":0}]}})";

// Azra Oliveira's authorization (SE), as the API takes it.
const std::string azra_authorization =
    R"({"transaction":{"activity":"FinancingConsumer"},"consumer":{"socialSecurityNumber":"196003071161",)"
    R"("msisdn":"+46739000001","ip":"127.0.0.1"},"legalAddress":{"addressee":"Azra Oliveira",)"
    R"("streetAddress":"Helgestavägen 9","zipCode":"19792","city":"Bro","countryCode":"SE"}})";

// Over a real process: creates a payment with this callbackUrl and authorizes it; true when both
// answered 201.
bool authorized_over(const ServerProcess& server, const CliMerchant& merchant,
                     const std::string& callback_url) {
    HttpClient client("127.0.0.1", server.port());
    const HeaderList headers{{"Authorization", "Bearer " + merchant.token},
                             {"Content-Type", "application/json"}};
    const ClientResponse payment =
        client.request("POST", "/psp/invoice/payments",
                       body_with_callback(merchant.payee_id, callback_url), headers);
    if (payment.status != 201) return false;
    const std::string id(json::parse(payment.body).at("payment").at("id").as_string());
    return client.request("POST", id + "/authorizations", azra_authorization, headers).status ==
           201;
}

std::string with_reference(std::string body) {
    body.replace(body.find("REF"), 3, unique_reference());
    return body;
}

TEST(Callbacks, OnePerTransactionWithTheDocumentedBodyAndHeaders) {
    CallbackReceiver receiver;
    TestApp app(with_callbacks());
    const TestMerchant merchant = app.add_merchant("Shop");
    const std::string cb = "/cb";

    const std::string paid =
        created(app, merchant, body_with_callback(merchant.payee_id, receiver.url(cb)));
    const std::int64_t paid_number = payment_number(app, merchant, paid);
    std::vector<std::string> expected;
    const ClientResponse authorized = app.authorize(merchant, paid);
    ASSERT_EQ(201, authorized.status) << authorized.body;
    expected.push_back(expected_body(paid, paid_number, authorized, "authorization"));
    const ClientResponse captured =
        post(app, merchant, paid + "/captures", with_reference(capture_body));
    ASSERT_EQ(201, captured.status) << captured.body;
    expected.push_back(expected_body(paid, paid_number, captured, "capture"));
    const ClientResponse reversed = post(
        app, merchant, paid + "/reversals",
        R"({"transaction":{"activity":"FinancingConsumer","amount":4000,"vatAmount":0,"payeeReference":")" +
            unique_reference() + R"(","description":"Reversal"}})");
    ASSERT_EQ(201, reversed.status) << reversed.body;
    expected.push_back(expected_body(paid, paid_number, reversed, "reversal"));

    const std::string cancelled_id =
        created(app, merchant, body_with_callback(merchant.payee_id, receiver.url(cb)));
    ASSERT_EQ(201, app.authorize(merchant, cancelled_id).status);
    const ClientResponse cancelled =
        post(app, merchant, cancelled_id + "/cancellations",
             R"({"transaction":{"activity":"FinancingConsumer","payeeReference":")" +
                 unique_reference() + R"(","description":"test cancellation."}})");
    ASSERT_EQ(201, cancelled.status) << cancelled.body;
    expected.push_back(expected_body(cancelled_id, payment_number(app, merchant, cancelled_id),
                                     cancelled, "cancellation"));

    const std::string verify_id =
        created(app, merchant, body_with_callback(merchant.payee_id, receiver.url(cb), "Verify"));
    const ClientResponse verified = post(
        app, merchant, verify_id + "/verifications",
        R"({"transaction":{"activity":"FinancingConsumer"},"consumer":{"socialSecurityNumber":"196003071161",)"
        R"("email":"a@example.com","msisdn":"+46739000001","ip":"127.0.0.1"},"legalAddress":{"addressee":)"
        R"("Azra Oliveira","streetAddress":"Helgestavägen 9","zipCode":"19792","city":"Bro","countryCode":"SE"}})");
    ASSERT_EQ(201, verified.status) << verified.body;
    expected.push_back(expected_body(verify_id, payment_number(app, merchant, verify_id), verified,
                                     "verification"));

    // A Recur payment with the verification's token: its authorization, made in the same write.
    const std::string token(json::parse(app.call("GET", verify_id, merchant.token).body)
                                .at("payment")
                                .at("recurrenceToken")
                                .as_string());
    const ClientResponse recur = post(
        app, merchant, "/psp/invoice/payments",
        R"({"payment":{"operation":"Recur","intent":"Authorization","recurrenceToken":")" + token +
            R"(","currency":"SEK","amount":1500,"vatAmount":0,"description":"Monthly","userAgent":"Mozilla/5.0",)"
            R"("language":"sv-SE","urls":{"callbackUrl":")" +
            receiver.url(cb) + R"("},"payeeInfo":{"payeeId":")" + merchant.payee_id +
            R"(","payeeReference":")" + unique_reference() + R"("}}})");
    ASSERT_EQ(201, recur.status) << recur.body;
    const std::string recur_id(json::parse(recur.body).at("payment").at("id").as_string());
    const json::value recur_authorizations =
        json::parse(app.call("GET", recur_id + "/authorizations", merchant.token).body);
    const json::value& recur_authorization =
        recur_authorizations.at("authorizations").at("authorizationList").at(0);
    expected.push_back(
        R"({"payment":{"id":")" + recur_id + R"(","number":)" +
        std::to_string(payment_number(app, merchant, recur_id)) + R"(},"transaction":{"id":")" +
        std::string(recur_authorization.at("id").as_string()) + R"(","number":)" +
        std::to_string(recur_authorization.at("transaction").at("number").as_int64()) + "}}");

    // The authorization of the second payment was announced too: 7 in all.
    const std::vector<Received> received = receiver.wait_for(cb, 7);
    ASSERT_EQ(received.size(), 7u);
    std::multiset<std::string> bodies;
    for (const Received& one : received) {
        bodies.insert(one.body);
        EXPECT_EQ(one.header("Content-Type"), "application/json; charset=utf-8");
        EXPECT_EQ(one.header("webhook-id"), "") << "unsigned unless the merchant asks";
        EXPECT_EQ(one.header("webhook-signature"), "");
        EXPECT_EQ(one.header("Authorization"), "");
    }
    for (const std::string& body : expected) EXPECT_EQ(bodies.count(body), 1u) << body;

    // None for creation, lookups or aborts: a payment without transactions announces nothing.
    const std::string quiet =
        created(app, merchant, body_with_callback(merchant.payee_id, receiver.url("/quiet")));
    ASSERT_EQ(200,
              app.call("PATCH", quiet, merchant.token,
                       R"({"payment":{"operation":"Abort","abortReason":"CancelledByConsumer"}})",
                       {{"Content-Type", "application/json"}})
                  .status);
    EXPECT_TRUE(receiver.wait_for("/quiet", 1, std::chrono::milliseconds{500}).empty());
}

TEST(Callbacks, AnAuthorizationOnTheHostedPageIsAnnouncedToo) {
    CallbackReceiver receiver;
    TestApp app(with_callbacks());
    const TestMerchant merchant = app.add_merchant("Shop");
    const ClientResponse created_response =
        app.call("POST", "/psp/invoice/payments", merchant.token,
                 body_with_callback(merchant.payee_id, receiver.url("/page")),
                 {{"Content-Type", "application/json"}});
    ASSERT_EQ(201, created_response.status);
    const json::value document = json::parse(created_response.body);
    const std::string id(document.at("payment").at("id").as_string());
    std::string page;
    for (const auto& operation : document.at("operations").as_array()) {
        if (operation.at("rel") == "redirect-authorization") {
            const std::string href(operation.at("href").as_string());
            page = href.substr(href.find("/invoice/"));
        }
    }
    const ClientResponse step_one = app.call("GET", page, "");
    ASSERT_EQ(200, step_one.status);
    const std::size_t at = step_one.body.find("name=\"csrf\" value=\"");
    ASSERT_NE(at, std::string::npos);
    const std::size_t start = at + std::string("name=\"csrf\" value=\"").size();
    const std::string csrf = step_one.body.substr(start, step_one.body.find('"', start) - start);
    const HeaderList form{{"Content-Type", "application/x-www-form-urlencoded"}};
    ASSERT_EQ(303, http_request("127.0.0.1", app.port(), "POST", page + "/consumer",
                                "ssn=600307-1161&email=a%40example.com&msisdn=0739000001&zip=19792"
                                "&csrf=" +
                                    csrf,
                                form)
                       .status);
    ASSERT_EQ(303,
              http_request("127.0.0.1", app.port(), "POST", page + "/confirm", "csrf=" + csrf, form)
                  .status);

    const std::vector<Received> received = receiver.wait_for("/page", 1);
    ASSERT_EQ(received.size(), 1u);
    const json::value authorizations =
        json::parse(app.call("GET", id + "/authorizations", merchant.token).body);
    const json::value& authorization =
        authorizations.at("authorizations").at("authorizationList").at(0);
    EXPECT_EQ(json::parse(received[0].body).at("transaction").at("id"), authorization.at("id"));
}

TEST(Callbacks, FailuresAreRetriedAtTheScaledOffsetsAndTheHistoryShowsThem) {
    CallbackReceiver receiver;
    receiver.script("/flaky", {500, 503});
    TestApp app(with_callbacks());
    const TestMerchant merchant = app.add_merchant("Shop");
    const std::string id =
        created(app, merchant, body_with_callback(merchant.payee_id, receiver.url("/flaky")));
    const auto authorized_at = Clock::now();
    ASSERT_EQ(201, app.authorize(merchant, id).status);

    const std::vector<Received> attempts = receiver.wait_for("/flaky", 3);
    ASSERT_EQ(attempts.size(), 3u);
    using std::chrono::milliseconds;
    const auto offset = [&](const Received& r) {
        return std::chrono::duration_cast<milliseconds>(r.at - authorized_at);
    };
    // The transaction happened after `authorized_at`, so no retry can come before 300 ms and 600 ms
    // from it; the upper bounds leave the dispatcher time to react on a loaded machine.
    EXPECT_LT(offset(attempts[0]), milliseconds{290}) << "the first attempt at once";
    EXPECT_GE(offset(attempts[1]), milliseconds{295});
    EXPECT_LT(offset(attempts[1]), milliseconds{1100});
    EXPECT_GE(offset(attempts[2]), milliseconds{595});
    EXPECT_LT(offset(attempts[2]), milliseconds{1600});
    for (const Received& attempt : attempts) EXPECT_EQ(attempt.body, attempts[0].body);

    // GET …/callbacks: the delivery, delivered, with its three attempts.
    json::value history;
    for (int tries = 0; tries < 100; ++tries) {
        history = json::parse(app.call("GET", id + "/callbacks", merchant.token).body);
        const auto& list = history.at("callbacks").at("callbackList").as_array();
        if (!list.empty() && list[0].at("state") == "Delivered") break;
        receiver.wait_for("/never", 1, milliseconds{20});
    }
    const json::object& callbacks = history.at("callbacks").as_object();
    EXPECT_EQ(callbacks.at("id"), json::value(id + "/callbacks"));
    const json::object& delivery = callbacks.at("callbackList").as_array().at(0).as_object();
    EXPECT_EQ(delivery.at("state"), "Delivered");
    EXPECT_EQ(delivery.at("url"), json::value(receiver.url("/flaky")));
    EXPECT_EQ(delivery.at("transaction").at("type"), "Authorization");
    EXPECT_EQ(delivery.at("attempts").as_int64(), 3);
    const json::array& list = delivery.at("attemptList").as_array();
    ASSERT_EQ(list.size(), 3u);
    EXPECT_EQ(list[0].at("outcome"), "Rejected");
    EXPECT_EQ(list[0].at("status").as_int64(), 500);
    EXPECT_EQ(list[1].at("status").as_int64(), 503);
    EXPECT_EQ(list[2].at("outcome"), "Delivered");
    EXPECT_EQ(list[2].at("response"), "thanks");

    // Another merchant learns nothing about it.
    const TestMerchant other = app.add_merchant("Other");
    EXPECT_EQ(403, app.call("GET", id + "/callbacks", other.token).status);

    // The operator's view and a manual resend (same webhook-id, one more attempt).
    const std::string database = "sqlite:" + app.database_path().string();
    const std::string listed =
        run_command(std::string(FAKTURA_BINARY) + " callbacks list --database " + database);
    EXPECT_NE(listed.find(std::string(delivery.at("id").as_string()) + "  delivered"),
              std::string::npos)
        << listed;
    EXPECT_NE(listed.find("rejected 503"), std::string::npos) << listed;
    const std::string resent =
        run_command(std::string(FAKTURA_BINARY) + " callbacks resend " +
                    std::string(delivery.at("id").as_string()) + " --database " + database);
    EXPECT_NE(resent.find("attempt 4"), std::string::npos) << resent;
    EXPECT_NE(resent.find("(resend)"), std::string::npos) << resent;
    EXPECT_EQ(receiver.wait_for("/flaky", 4).size(), 4u);
}

TEST(Callbacks, AHangingEndpointTimesOutWithoutHoldingBackTheOthers) {
    CallbackReceiver hanging;  // Another port: another endpoint than `healthy`.
    hanging.hold("/hang");
    CallbackReceiver healthy;
    cli::ServeOptions options = with_callbacks();
    options.callbacks.timeout = std::chrono::seconds{2};  // Longer than the healthy one may take.
    TestApp app(options);
    const TestMerchant merchant = app.add_merchant("Shop");
    std::vector<std::string> stuck;
    for (int i = 0; i < 4; ++i) {
        stuck.push_back(
            created(app, merchant, body_with_callback(merchant.payee_id, hanging.url("/hang"))));
        ASSERT_EQ(201, app.authorize(merchant, stuck.back()).status);
    }
    const std::string fast =
        created(app, merchant, body_with_callback(merchant.payee_id, healthy.url("/fast")));
    const auto authorized_at = Clock::now();
    ASSERT_EQ(201, app.authorize(merchant, fast).status);
    const std::vector<Received> delivered = healthy.wait_for("/fast", 1);
    ASSERT_EQ(delivered.size(), 1u);
    EXPECT_LT(delivered[0].at - authorized_at, std::chrono::milliseconds{1500});
    // Two attempts at most in flight to one endpoint (--callback-per-endpoint): the other two wait.
    EXPECT_EQ(hanging.of("/hang").size(), 2u);

    // The hanging endpoint's attempts end at the 2 s time-out and are recorded as such.
    ASSERT_GE(hanging.wait_for("/hang", 4).size(), 4u);
    std::string outcome;
    for (int tries = 0; tries < 400 && outcome != "TimedOut"; ++tries) {
        const json::value history =
            json::parse(app.call("GET", stuck[0] + "/callbacks", merchant.token).body);
        const json::array& attempts =
            history.at("callbacks").at("callbackList").at(0).at("attemptList").as_array();
        if (!attempts.empty()) outcome = std::string(attempts[0].at("outcome").as_string());
        hanging.wait_for("/never", 1, std::chrono::milliseconds{20});
    }
    EXPECT_EQ(outcome, "TimedOut");
}

TEST(Callbacks, SignedWithEveryMerchantSecretWhenAsked) {
    CallbackReceiver receiver;
    TestApp app(with_callbacks());
    const TestMerchant merchant = app.add_merchant("Shop");
    const std::string newest = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    const std::string older = "whsec_b2xkZXItc2VjcmV0";
    const std::string database = "sqlite:" + app.database_path().string();
    const std::string updated = run_command(
        std::string(FAKTURA_BINARY) + " merchant update --payee-id " + merchant.payee_id +
        " --callback-secret " + newest + " --callback-secret " + older + " --database " + database);
    EXPECT_NE(updated.find("callbackSecrets: 2"), std::string::npos) << updated;
    EXPECT_THROW(run_command(std::string(FAKTURA_BINARY) + " merchant update --payee-id " +
                             merchant.payee_id + " --callback-secret not-a-secret --database " +
                             database + " 2>/dev/null"),
                 std::runtime_error);

    const std::string id =
        created(app, merchant, body_with_callback(merchant.payee_id, receiver.url("/signed")));
    const ClientResponse authorized = app.authorize(merchant, id);
    ASSERT_EQ(201, authorized.status);
    const std::vector<Received> received = receiver.wait_for("/signed", 1);
    ASSERT_EQ(received.size(), 1u);
    const Received& callback = received[0];
    const std::string transaction_id =
        std::string(json::parse(authorized.body).at("authorization").at("id").as_string());
    EXPECT_EQ(callback.header("webhook-id"), transaction_id.substr(transaction_id.rfind('/') + 1));
    const std::int64_t timestamp = std::stoll(callback.header("webhook-timestamp"));
    const std::int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                                 std::chrono::system_clock::now().time_since_epoch())
                                 .count();
    EXPECT_LE(std::abs(now - timestamp), 5);
    const std::string id_header = callback.header("webhook-id");
    EXPECT_EQ(callback.header("webhook-signature"),
              outbound::webhook_signature(newest, id_header, timestamp, callback.body) + " " +
                  outbound::webhook_signature(older, id_header, timestamp, callback.body));
}

// A pending delivery whose process died: SIGKILL while the receiver holds the first attempt, then
// a restart on the same database sends it again (same webhook-id) once the dead claim's lease ends.
TEST(Callbacks, ASigkilledServersCallbackIsDeliveredAfterTheRestart) {
    CallbackReceiver receiver;
    receiver.hold("/held");
    const std::filesystem::path path = temp_database();
    const std::string database = "sqlite:" + path.string();
    const CliMerchant merchant = add_cli_merchant(database);
    const std::vector<std::string> args{"--callback-timeout-ms", "300", "--callback-schedule-scale",
                                        "0.01"};
    {
        ServerProcess server(database, args);
        ASSERT_TRUE(authorized_over(server, merchant, receiver.url("/held")));
        ASSERT_EQ(receiver.wait_for("/held", 1).size(), 1u) << "the first attempt is under way";
        server.kill_hard();
    }
    // And a second payment acknowledged by a process that never sent anything at all.
    {
        ServerProcess silent(database, {"--no-callbacks"});
        ASSERT_TRUE(authorized_over(silent, merchant, receiver.url("/later")));
        silent.kill_hard();
    }
    receiver.release();

    ServerProcess restarted(database, args);
    const std::vector<Received> held = receiver.wait_for("/held", 2);
    ASSERT_EQ(held.size(), 2u);
    EXPECT_EQ(held[1].body, held[0].body);
    EXPECT_EQ(receiver.wait_for("/later", 1).size(), 1u);
    EXPECT_EQ(0, restarted.terminate());
    const std::string listed =
        run_command(std::string(FAKTURA_BINARY) + " callbacks list --database " + database);
    EXPECT_EQ(listed.find("pending"), std::string::npos) << listed;
    std::filesystem::remove_all(path.parent_path());
}

TEST(Callbacks, TwoDispatchersOnOneDatabaseSendNoAttemptTwice) {
    CallbackReceiver receiver;
    const std::filesystem::path path = temp_database();
    const std::string database = "sqlite:" + path.string();
    const CliMerchant merchant = add_cli_merchant(database);
    ServerProcess server(database, {"--callback-schedule-scale", "0.01"});
    ServerProcess dispatcher = ServerProcess::command(
        {"dispatch-callbacks", "--database", database, "--callback-schedule-scale", "0.01"});
    constexpr int payments = 30;
    for (int i = 0; i < payments; ++i) {
        ASSERT_TRUE(authorized_over(server, merchant, receiver.url("/both")));
    }
    const std::vector<Received> received = receiver.wait_for("/both", payments);
    ASSERT_EQ(received.size(), static_cast<std::size_t>(payments));
    // Both dispatchers poll four times a second: give a duplicate the time to show up.
    EXPECT_EQ(receiver.wait_for("/both", payments + 1, std::chrono::milliseconds{1000}).size(),
              static_cast<std::size_t>(payments));
    std::set<std::string> bodies;
    for (const Received& one : received) bodies.insert(one.body);
    EXPECT_EQ(bodies.size(), static_cast<std::size_t>(payments));
    EXPECT_EQ(0, dispatcher.terminate());
    EXPECT_EQ(0, server.terminate());
    const std::string listed =
        run_command(std::string(FAKTURA_BINARY) + " callbacks list --database " + database);
    EXPECT_EQ(listed.find("attempt 2"), std::string::npos) << listed;
    std::filesystem::remove_all(path.parent_path());
}

}  // namespace
}  // namespace faktura::testing
