// The server when its ground shifts: a database file deleted under it is noticed (writes answer a
// 503 problem and nothing is acknowledged, /health says why), and the log never shows a payer's
// page token.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>

#include "e2e/test_app.hpp"
#include "http/routes.hpp"
#include "support/http_client.hpp"

namespace faktura::testing {
namespace {

namespace json = boost::json;

TEST(Hardening, ADatabaseDeletedUnderTheServerRefusesWritesAndHealthSaysWhy) {
    TestApp app;
    const TestMerchant merchant = app.add_merchant("Shop");
    const std::string before = app.create_payment(merchant);
    EXPECT_EQ(200, app.call("GET", "/health", "").status);

    for (const char* suffix : {"", "-wal", "-shm"}) {
        std::filesystem::remove(app.database_path().string() + suffix);
    }
    const ClientResponse refused =
        app.call("POST", "/psp/invoice/payments", merchant.token,
                 financing_consumer_body(merchant.payee_id, unique_reference()));
    EXPECT_EQ(503, refused.status) << refused.body;
    EXPECT_EQ("application/problem+json; charset=utf-8",
              refused.header("Content-Type").value_or(""));
    const json::value problem = json::parse(refused.body);
    EXPECT_EQ("https://api.payex.com/psp/errordetail/systemerror", problem.at("type"));
    EXPECT_EQ(503, problem.at("status"));

    const ClientResponse health = app.call("GET", "/health", "");
    EXPECT_EQ(503, health.status);
    const json::value status = json::parse(health.body);
    EXPECT_EQ("unavailable", status.at("status"));
    EXPECT_NE(std::string::npos,
              std::string(status.at("reason").as_string()).find("was deleted while the server ran"))
        << health.body;
}

// A body without credentials is never buffered: 400 such connections once pinned ~392 MiB.
TEST(Hardening, AMerchantRequestWithoutATokenIsRefusedBeforeItsBodyIsRead) {
    TestApp app;
    HttpClient client("127.0.0.1", app.port());
    const std::string raw = client.send_raw(
        "POST /psp/invoice/payments HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\n"
        "Content-Length: 1000000\r\n\r\n{\"payment\":");
    EXPECT_TRUE(raw.starts_with("HTTP/1.1 401 ")) << raw;
    EXPECT_NE(std::string::npos, raw.find("application/problem+json")) << raw;
    EXPECT_NE(std::string::npos, raw.find("errordetail/unauthorized")) << raw;
    // Without a body, or with a token, the request goes on to the router as before.
    EXPECT_EQ(
        401,
        app.call("GET", "/psp/invoice/payments/5adc265f-f87f-4313-577e-08d3dca1a26c", "").status);
    EXPECT_EQ(200, app.call("POST", "/psp/fakecallback", "", "{}").status);
}

TEST(Hardening, TheLogShowsNoPayerPageToken) {
    const std::string token(64, 'a');
    EXPECT_EQ("/invoice/payments/authorize/<redacted>/confirm?lang=sv-SE",
              http::redact_tokens("/invoice/payments/authorize/" + token + "/confirm?lang=sv-SE"));
    EXPECT_EQ("/invoice/core/scripts/client/px.invoice.client.js?token=<redacted>&operation=verify",
              http::redact_tokens("/invoice/core/scripts/client/px.invoice.client.js?token=" +
                                  token + "&operation=verify"));
    EXPECT_EQ("/x?Token=<redacted>", http::redact_tokens("/x?Token=short"));
    // Payment ids (GUIDs, which need the merchant's bearer token) and numbers stay readable.
    const std::string payment = "/psp/invoice/payments/5adc265f-f87f-4313-577e-08d3dca1a26c";
    EXPECT_EQ(payment + "/captures", http::redact_tokens(payment + "/captures"));
    EXPECT_EQ("/psp/invoice/payments?page=10000001",
              http::redact_tokens("/psp/invoice/payments?page=10000001"));
}

}  // namespace
}  // namespace faktura::testing
