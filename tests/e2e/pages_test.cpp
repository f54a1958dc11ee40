// The payer's pages over plain HTTP (no browser): the two-step flow with POST-redirect-GET,
// escaping of merchant-supplied text, CSRF and Origin checks on every form, security headers, the
// payment link after an abort, the payment TTL, and the payer's token limited to its own payment.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <regex>

#include "e2e/test_app.hpp"
#include "support/manual_clock.hpp"

namespace faktura::testing {
namespace {

namespace json = boost::json;

struct PaymentLinks {
    std::string id;     // "/psp/invoice/payments/…"
    std::string token;  // The 64-hex front-end token.
    std::string page;   // "/invoice/payments/authorize/<token>"
};

PaymentLinks create(TestApp& app, const TestMerchant& merchant, const std::string& body) {
    const ClientResponse response = app.call("POST", "/psp/invoice/payments", merchant.token, body);
    EXPECT_EQ(201, response.status) << response.body;
    const json::value document = json::parse(response.body);
    PaymentLinks links;
    links.id = std::string(document.at("payment").at("id").as_string());
    for (const auto& operation : document.at("operations").as_array()) {
        if (operation.at("rel") == "redirect-authorization") {
            const std::string href(operation.at("href").as_string());
            links.page = href.substr(href.find("/invoice/"));
            links.token = href.substr(href.rfind('/') + 1);
        }
    }
    return links;
}

std::string csrf_of(const std::string& html) {
    std::smatch match;
    EXPECT_TRUE(std::regex_search(html, match, std::regex("name=\"csrf\" value=\"([0-9a-f]+)\"")))
        << "no csrf field in " << html.substr(0, 400);
    return match.size() > 1 ? match[1].str() : std::string();
}

ClientResponse post_form(TestApp& app, const std::string& target, const std::string& form,
                         HeaderList headers = {}) {
    headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
    return http_request("127.0.0.1", app.port(), "POST", target, form, std::move(headers));
}

// A fresh server, a merchant, a payment like the recorded one and its step 1 opened: the CSRF
// token.
struct OpenedPage {
    TestApp app;
    TestMerchant merchant = app.add_merchant("Shop");
    PaymentLinks payment =
        create(app, merchant, financing_consumer_body(merchant.payee_id, unique_reference()));
    std::string csrf = csrf_of(app.call("GET", payment.page, "").body);
};

const std::string azra_form =
    "ssn=600307-1161&email=azra.oliveira%40payex.com&msisdn=0739000001&zip=197+92";

TEST(Pages, TheFullPageFlowAuthorizesAndGoesToCompleteUrl) {
    TestApp app;
    const TestMerchant merchant = app.add_merchant("Shop");
    const PaymentLinks payment =
        create(app, merchant, financing_consumer_body(merchant.payee_id, unique_reference()));

    const ClientResponse step_one = app.call("GET", payment.page, "");
    ASSERT_EQ(200, step_one.status);
    EXPECT_EQ("text/html; charset=utf-8", step_one.header("Content-Type"));
    for (const std::string id :
         {"ssnInput", "emailInput", "msisdnInput", "zipCodeInput", "px-submit"}) {
        EXPECT_NE(std::string::npos, step_one.body.find("id=\"" + id + "\"")) << id;
    }
    const std::string csrf = csrf_of(step_one.body);

    const ClientResponse submitted =
        post_form(app, payment.page + "/consumer", azra_form + "&csrf=" + csrf);
    ASSERT_EQ(303, submitted.status) << submitted.body;
    EXPECT_EQ(payment.page, submitted.header("Location"));

    const ClientResponse step_two = app.call("GET", payment.page, "");
    ASSERT_EQ(200, step_two.status);
    EXPECT_NE(std::string::npos, step_two.body.find("id=\"consumer-input\""));
    EXPECT_NE(std::string::npos, step_two.body.find("Hel•••••••gen •"));
    EXPECT_NE(std::string::npos, step_two.body.find("Betala 100,00\u00A0kr"));
    EXPECT_EQ(std::string::npos, step_two.body.find("600307"))
        << "the identity number is never shown";
    EXPECT_EQ(std::string::npos, step_two.body.find("Helgestavägen")) << "only the masked address";

    const ClientResponse paid = post_form(app, payment.page + "/confirm", "csrf=" + csrf);
    ASSERT_EQ(303, paid.status) << paid.body;
    EXPECT_EQ("https://en.wikipedia.org/wiki/Success", paid.header("Location"));

    const json::value after = json::parse(app.call("GET", payment.id, merchant.token).body);
    EXPECT_EQ(10000, after.at("payment").at("amount").as_int64());
    EXPECT_EQ(json::value("127.0.0.1"),
              json::parse(app.call("GET", payment.id + "/consumer", merchant.token).body)
                  .at("consumer")
                  .at("ip"));
    // Opening the link again goes straight on to the merchant.
    EXPECT_EQ(303, app.call("GET", payment.page, "").status);
}

TEST(Pages, TheVerificationPageVerifiesAndYieldsARecurrenceToken) {
    TestApp app;
    const TestMerchant merchant = app.add_merchant("Shop");
    json::value body = json::parse(financing_consumer_body(merchant.payee_id, unique_reference()));
    body.at("payment").as_object()["operation"] = "Verify";
    body.at("payment").as_object().erase("intent");
    const ClientResponse created =
        app.call("POST", "/psp/invoice/payments", merchant.token, json::serialize(body));
    ASSERT_EQ(201, created.status) << created.body;
    const json::value document = json::parse(created.body);
    const std::string id(document.at("payment").at("id").as_string());
    std::string page;
    for (const auto& operation : document.at("operations").as_array()) {
        if (operation.at("rel") == "redirect-verification") {
            const std::string href(operation.at("href").as_string());
            page = href.substr(href.find("/invoice/"));
        }
    }
    ASSERT_NE(std::string::npos, page.find("/invoice/payments/verify/"));
    const std::string csrf = csrf_of(app.call("GET", page, "").body);
    ASSERT_EQ(303, post_form(app, page + "/consumer", azra_form + "&csrf=" + csrf).status);
    const ClientResponse confirm_step = app.call("GET", page, "");
    EXPECT_EQ(std::string::npos, confirm_step.body.find("Betala"))
        << "a verification has no amount to pay";
    const ClientResponse verified = post_form(app, page + "/confirm", "csrf=" + csrf);
    ASSERT_EQ(303, verified.status) << verified.body;
    EXPECT_EQ("https://en.wikipedia.org/wiki/Success", verified.header("Location"));
    const json::value payment = json::parse(app.call("GET", id, merchant.token).body).at("payment");
    EXPECT_TRUE(payment.as_object().contains("recurrenceToken"));
    EXPECT_EQ(json::value(id + "/verifications"), payment.at("verifications").at("id"));
}

// Finland (§21.1, C-23): a payer the register does not know types the address on step 2, and the
// authorization is made with that address.
TEST(Pages, AFinnishPayerTheRegisterDoesNotKnowTypesTheAddress) {
    TestApp app;
    const TestMerchant merchant = app.add_merchant("Shop");
    json::value body = json::parse(financing_consumer_body(merchant.payee_id, unique_reference()));
    body.at("payment").as_object()["currency"] = "EUR";
    body.at("payment").as_object()["language"] = "en-US";
    body.at("invoice").as_object()["invoiceType"] = "PayExFinancingFi";
    const PaymentLinks payment = create(app, merchant, json::serialize(body));
    const std::string csrf = csrf_of(app.call("GET", payment.page, "").body);
    ASSERT_EQ(
        303,
        post_form(
            app, payment.page + "/consumer",
            "ssn=020202-123C&email=matti%40example.com&msisdn=0501234567&zip=90500&csrf=" + csrf)
            .status);
    const ClientResponse step_two = app.call("GET", payment.page, "");
    ASSERT_EQ(200, step_two.status);
    EXPECT_NE(std::string::npos, step_two.body.find("id=\"addresseeInput\""));
    EXPECT_NE(std::string::npos, step_two.body.find("value=\"90500\""));

    const ClientResponse missing = post_form(
        app, payment.page + "/confirm",
        "addressee=Matti+Meik%C3%A4l%C3%A4inen&street=Katu+1&addresszip=90500&city=&csrf=" + csrf);
    EXPECT_EQ(422, missing.status);
    EXPECT_NE(std::string::npos, missing.body.find("aria-invalid=\"true\""));
    EXPECT_NE(std::string::npos, missing.body.find("Matti Meikäläinen"));

    const ClientResponse confirmed = post_form(
        app, payment.page + "/confirm",
        "addressee=Matti+Meik%C3%A4l%C3%A4inen&street=Katu+1&addresszip=90500&city=Oulu&csrf=" +
            csrf);
    ASSERT_EQ(303, confirmed.status) << confirmed.body;
    // The built-in registry refuses credit to people it does not know; the typed address was used.
    EXPECT_NE(std::string::npos, confirmed.header("Location").value_or("").find("notice=refused"));
    const json::value address =
        json::parse(app.call("GET", payment.id + "/legaladdress", merchant.token).body);
    EXPECT_EQ(json::value("Matti Meikäläinen"), address.at("legalAddress").at("addressee"));
    EXPECT_EQ(json::value("Oulu"), address.at("legalAddress").at("city"));
    EXPECT_EQ(json::value("FI"), address.at("legalAddress").at("countryCode"));
}

// ADR 0015: the answer to this browser's own post shows what it typed, the identity number too.
TEST(Pages, FieldErrorsShowTheFormAgainWithWhatThisBrowserTyped) {
    OpenedPage opened;
    auto& [app, merchant, payment, csrf] = opened;
    const ClientResponse response =
        post_form(app, payment.page + "/consumer",
                  "ssn=600307-1162&email=not-an-email&msisdn=&zip=19792&csrf=" + csrf);
    EXPECT_EQ(422, response.status);
    EXPECT_NE(std::string::npos, response.body.find("aria-invalid=\"true\""));
    EXPECT_NE(std::string::npos, response.body.find("role=\"alert\""));
    EXPECT_NE(std::string::npos, response.body.find("value=\"600307-1162\""));
    EXPECT_NE(std::string::npos, response.body.find("value=\"not-an-email\""));
    EXPECT_NE(std::string::npos, response.body.find("value=\"19792\""));
    EXPECT_EQ("no-store", response.header("Cache-Control"));
}

TEST(Pages, AFailedLookupAnswersWithEveryTypedValue) {
    OpenedPage opened;
    auto& [app, merchant, payment, csrf] = opened;
    const ClientResponse response = post_form(
        app, payment.page + "/consumer",
        "ssn=811218-9876&email=someone%40example.com&msisdn=0739000002&zip=19792&csrf=" + csrf);
    EXPECT_EQ(422, response.status);
    EXPECT_NE(std::string::npos, response.body.find("id=\"px-error\""));
    for (const std::string value : {"811218-9876", "someone@example.com", "0739000002", "19792"}) {
        EXPECT_NE(std::string::npos, response.body.find("value=\"" + value + "\"")) << value;
    }
    EXPECT_FALSE(response.header("Set-Cookie").has_value()) << "nothing was stored";
}

TEST(Pages, TheLanguageSwitchPostKeepsTheTypedValuesAndChecksNothing) {
    OpenedPage opened;
    auto& [app, merchant, payment, csrf] = opened;
    const ClientResponse response =
        post_form(app, payment.page + "/consumer?lang=en-US",
                  "ssn=600307&email=azra%40&msisdn=&zip=1&px-language-switch=1&csrf=" + csrf);
    EXPECT_EQ(200, response.status);
    EXPECT_NE(std::string::npos, response.body.find("<html lang=\"en-US\">"));
    EXPECT_NE(std::string::npos, response.body.find("value=\"600307\""));
    EXPECT_NE(std::string::npos, response.body.find("value=\"azra@\""));
    EXPECT_EQ(std::string::npos, response.body.find("aria-invalid")) << "nothing was checked";
    EXPECT_EQ(404, app.call("GET", payment.id + "/approvedlegaladdress", merchant.token).status);
}

// ADR 0015: after "Try again" or "Change details" the stored identity number comes back only to
// the browser that presents the cookie set when it was stored.
TEST(Pages, TheStoredIdentityNumberIsShownOnlyToTheBrowserThatTypedIt) {
    OpenedPage opened;
    auto& [app, merchant, payment, csrf] = opened;
    const ClientResponse submitted =
        post_form(app, payment.page + "/consumer", azra_form + "&csrf=" + csrf);
    ASSERT_EQ(303, submitted.status) << submitted.body;
    const std::string set_cookie = submitted.header("Set-Cookie").value_or("");
    std::smatch match;
    ASSERT_TRUE(std::regex_search(set_cookie, match, std::regex("^px_input=([0-9a-f]{40});")))
        << set_cookie;
    const std::string cookie = "px_input=" + match[1].str();
    EXPECT_NE(std::string::npos, set_cookie.find("; Path=" + payment.page + ";")) << set_cookie;
    EXPECT_NE(std::string::npos, set_cookie.find("HttpOnly")) << set_cookie;
    EXPECT_NE(std::string::npos, set_cookie.find("SameSite=Lax")) << set_cookie;

    // Step 2 names where the invoice goes and offers the way back.
    const ClientResponse step_two = app.call("GET", payment.page, "");
    EXPECT_NE(std::string::npos, step_two.body.find("<dd>azra.oliveira@payex.com</dd>"));
    EXPECT_NE(std::string::npos, step_two.body.find("id=\"px-change-details\""));

    const std::string change = payment.page + "?step=consumer";
    const ClientResponse stranger = app.call("GET", change, "");
    ASSERT_EQ(200, stranger.status);
    EXPECT_NE(std::string::npos, stranger.body.find("value=\"azra.oliveira@payex.com\""));
    EXPECT_EQ(std::string::npos, stranger.body.find("19600307-1161"));
    EXPECT_EQ(std::string::npos, stranger.body.find("196003071161"));
    const auto with_cookie = [&](const std::string& value) {
        return http_request("127.0.0.1", app.port(), "GET", change, "", {{"Cookie", value}});
    };
    EXPECT_EQ(std::string::npos,
              with_cookie("px_input=" + std::string(40, '0')).body.find("19600307-1161"));
    const ClientResponse own = with_cookie("other=1; " + cookie);
    ASSERT_EQ(200, own.status);
    EXPECT_NE(std::string::npos, own.body.find("value=\"19600307-1161\"")) << own.body;
    EXPECT_NE(std::string::npos, own.body.find("value=\"+46739000001\""));

    // Another entry (another browser, or this one again) replaces the stored one: the old cookie
    // no longer opens it.
    ASSERT_EQ(303, post_form(app, payment.page + "/consumer",
                             "ssn=600307-1161&email=x%40example.com&msisdn=0739000001&zip=19792&"
                             "csrf=" +
                                 csrf)
                       .status);
    EXPECT_EQ(std::string::npos, with_cookie(cookie).body.find("19600307-1161"));
}

TEST(Pages, BothStepsShowWhatIsPaidAndWhen) {
    TestApp app;
    const TestMerchant merchant = app.add_merchant("Shop");
    const PaymentLinks payment =
        create(app, merchant, financing_consumer_body(merchant.payee_id, unique_reference()));
    const ClientResponse step_one = app.call("GET", payment.page, "");
    EXPECT_NE(std::string::npos, step_one.body.find("id=\"px-summary\""));
    EXPECT_NE(std::string::npos, step_one.body.find("<dt>Att betala</dt>\n<dd>100,00\u00A0kr</dd>"))
        << step_one.body;
    EXPECT_NE(std::string::npos, step_one.body.find("(inom 14 dagar)</dd>"));
    // Embedded (no header): the merchant's name heads the frame.
    const ClientResponse embedded =
        app.call("GET", payment.page + "?embedded=1&hostOrigin=https%3A%2F%2Fen.wikipedia.org", "");
    EXPECT_NE(std::string::npos, embedded.body.find("<h1 class=\"px-summary-merchant\">"));
}

TEST(Pages, EscapeEveryMerchantValue) {
    TestApp app;
    const TestMerchant merchant = app.add_merchant("Shop");
    json::value body = json::parse(financing_consumer_body(merchant.payee_id, unique_reference()));
    body.at("payment").as_object()["description"] = "<img src=x onerror=alert(1)>\"'&";
    body.at("payment").at("payeeInfo").as_object()["payeeName"] = "<script>alert(1)</script>";
    const PaymentLinks payment = create(app, merchant, json::serialize(body));
    const ClientResponse page = app.call("GET", payment.page, "");
    ASSERT_EQ(200, page.status);
    EXPECT_EQ(std::string::npos, page.body.find("<script>alert")) << page.body;
    EXPECT_EQ(std::string::npos, page.body.find("<img src=x"));
    EXPECT_NE(std::string::npos, page.body.find("&lt;script&gt;alert(1)&lt;/script&gt;"));
    EXPECT_NE(std::string::npos, page.body.find("&lt;img src=x onerror=alert(1)&gt;"));
}

TEST(Pages, RefuseFormsWithoutTheirCsrfTokenOrFromAnotherOrigin) {
    OpenedPage opened;
    auto& [app, merchant, payment, csrf] = opened;
    EXPECT_EQ(403, post_form(app, payment.page + "/consumer", azra_form).status);
    EXPECT_EQ(
        403, post_form(app, payment.page + "/consumer", azra_form + "&csrf=" + std::string(40, '0'))
                 .status);
    EXPECT_EQ(403, post_form(app, payment.page + "/consumer", azra_form + "&csrf=" + csrf,
                             {{"Origin", "http://evil.example"}})
                       .status);
    EXPECT_EQ(403, post_form(app, payment.page + "/cancel", "csrf=" + csrf,
                             {{"Sec-Fetch-Site", "cross-site"}})
                       .status);
    // Nothing happened to the payment.
    EXPECT_EQ(
        json::value("Ready"),
        json::parse(app.call("GET", payment.id, merchant.token).body).at("payment").at("state"));
    EXPECT_EQ(404, app.call("GET", payment.id + "/approvedlegaladdress", merchant.token).status);
    // The genuine form from the page's own origin works.
    EXPECT_EQ(303, post_form(app, payment.page + "/consumer", azra_form + "&csrf=" + csrf,
                             {{"Origin", app.base_url()}})
                       .status);
}

TEST(Pages, SendSecurityHeaders) {
    TestApp app;
    const TestMerchant merchant = app.add_merchant("Shop");
    const PaymentLinks payment =
        create(app, merchant, financing_consumer_body(merchant.payee_id, unique_reference()));
    const ClientResponse full = app.call("GET", payment.page, "");
    EXPECT_EQ("DENY", full.header("X-Frame-Options"));
    EXPECT_EQ("no-store", full.header("Cache-Control"));
    const std::string csp = full.header("Content-Security-Policy").value_or("");
    EXPECT_NE(std::string::npos, csp.find("script-src 'self'"));
    EXPECT_NE(std::string::npos, csp.find("frame-ancestors 'none'"));
    const ClientResponse embedded =
        app.call("GET", payment.page + "?embedded=1&hostOrigin=https%3A%2F%2Fen.wikipedia.org", "");
    EXPECT_EQ(200, embedded.status);
    EXPECT_FALSE(embedded.header("X-Frame-Options").has_value());
    EXPECT_NE(std::string::npos, embedded.header("Content-Security-Policy")
                                     .value_or("")
                                     .find("frame-ancestors https://en.wikipedia.org"));
    EXPECT_EQ(
        403, app.call("GET", payment.page + "?embedded=1&hostOrigin=https%3A%2F%2Fevil.example", "")
                 .status);
}

TEST(Pages, CancelAbortsAndReturnsToCancelUrl) {
    OpenedPage opened;
    auto& [app, merchant, payment, csrf] = opened;
    const ClientResponse cancelled = post_form(app, payment.page + "/cancel", "csrf=" + csrf);
    ASSERT_EQ(303, cancelled.status);
    EXPECT_EQ("https://en.wikipedia.org/wiki/cancel", cancelled.header("Location"));
    EXPECT_EQ(
        R"({"payment":")" + payment.id + R"(","aborted":{"abortReason":"CancelledByConsumer"}})",
        app.call("GET", payment.id + "/aborted", merchant.token).body);
    // The payment link stops working: a status page, and its forms are refused.
    const ClientResponse link = app.call("GET", payment.page, "");
    EXPECT_EQ(200, link.status);
    EXPECT_EQ(std::string::npos, link.body.find("id=\"ssnInput\""));
    EXPECT_EQ(303, post_form(app, payment.page + "/consumer", azra_form + "&csrf=" + csrf).status);
    EXPECT_EQ(404, app.call("GET", payment.id + "/approvedlegaladdress", merchant.token).status);
}

TEST(Pages, UnknownTokensAndWrongFlowsAreNotFound) {
    TestApp app;
    const TestMerchant merchant = app.add_merchant("Shop");
    const PaymentLinks payment =
        create(app, merchant, financing_consumer_body(merchant.payee_id, unique_reference()));
    EXPECT_EQ(404,
              app.call("GET", "/invoice/payments/authorize/" + std::string(64, 'a'), "").status);
    EXPECT_EQ(404, app.call("GET", "/invoice/payments/authorize/not-a-token", "").status);
    EXPECT_EQ(404, app.call("GET", "/invoice/payments/verify/" + payment.token, "").status);
}

TEST(Pages, AnExpiredPaymentLinkAbortsThePayment) {
    cli::ServeOptions options;
    options.payment_ttl = std::chrono::seconds{600};
    ManualClock clock(domain::Timestamp{std::chrono::duration_cast<std::chrono::seconds>(
                                            std::chrono::system_clock::now().time_since_epoch())
                                            .count() *
                                        domain::ticks_per_second});
    TestApp app(options, &clock);
    const TestMerchant merchant = app.add_merchant("Shop");
    const PaymentLinks payment =
        create(app, merchant, financing_consumer_body(merchant.payee_id, unique_reference()));
    clock.advance(std::chrono::seconds{599});
    const ClientResponse fresh = app.call("GET", payment.page, "");
    EXPECT_EQ(200, fresh.status);
    EXPECT_NE(std::string::npos, fresh.body.find("id=\"ssnInput\"")) << "still within the TTL";
    clock.advance(std::chrono::seconds{2});
    const ClientResponse link = app.call("GET", payment.page, "");
    EXPECT_EQ(200, link.status);
    EXPECT_EQ(std::string::npos, link.body.find("id=\"ssnInput\""));
    EXPECT_EQ(R"({"payment":")" + payment.id + R"(","aborted":{"abortReason":"PaymentExpired"}})",
              app.call("GET", payment.id + "/aborted", merchant.token).body);
    // Every later visit still says expired, not cancelled (the abort reason remembers).
    for (const std::string query :
         {"", "?lang=en-US", "?embedded=1&hostOrigin=https%3A%2F%2Fen.wikipedia.org"}) {
        const ClientResponse later = app.call("GET", payment.page + query, "");
        EXPECT_NE(std::string::npos, later.body.find("px-status-expired")) << query;
        EXPECT_EQ(std::string::npos, later.body.find("px-status-aborted")) << query;
    }
    EXPECT_NE(std::string::npos,
              app.call("GET", payment.page, "").body.find("Betalningslänken har gått ut"));
    EXPECT_NE(std::string::npos, app.call("GET", payment.page + "?lang=en-US", "")
                                     .body.find("This payment link has expired"));
}

TEST(Pages, TheSeamlessViewScriptCarriesItsPaymentsConfiguration) {
    TestApp app;
    const TestMerchant merchant = app.add_merchant("Shop");
    const PaymentLinks payment =
        create(app, merchant, financing_consumer_body(merchant.payee_id, unique_reference()));
    const ClientResponse script =
        app.call("GET",
                 "/invoice/core/scripts/client/px.invoice.client.js?token=" + payment.token +
                     "&operation=authorize",
                 "");
    EXPECT_EQ(200, script.status);
    EXPECT_EQ("application/javascript; charset=utf-8", script.header("Content-Type"));
    EXPECT_NE(std::string::npos, script.body.find("https://en.wikipedia.org"));
    EXPECT_NE(std::string::npos, script.body.find(payment.token));
    EXPECT_EQ(404, app.call("GET",
                            "/invoice/core/scripts/client/px.invoice.client.js?token=" +
                                std::string(64, 'b'),
                            "")
                       .status);
    EXPECT_EQ(200, app.call("GET", "/invoice/assets/page.js", "").status);
}

TEST(PayerToken, OpensItsOwnPaymentOnly) {
    TestApp app;
    const TestMerchant merchant = app.add_merchant("Shop");
    const PaymentLinks mine =
        create(app, merchant, financing_consumer_body(merchant.payee_id, unique_reference()));
    const PaymentLinks other =
        create(app, merchant, financing_consumer_body(merchant.payee_id, unique_reference()));
    const ClientResponse own = app.call("GET", mine.id, mine.token);
    ASSERT_EQ(200, own.status) << own.body;
    std::vector<std::string> rels;
    const json::value document = json::parse(own.body);
    for (const auto& operation : document.at("operations").as_array()) {
        rels.emplace_back(operation.at("rel").as_string());
    }
    EXPECT_EQ((std::vector<std::string>{"create-approved-legal-address", "create-authorization",
                                        "redirect-merchant-cancel"}),
              rels);
    EXPECT_EQ(403, app.call("GET", other.id, mine.token).status);
    EXPECT_EQ(403, app.call("GET", mine.id + "/urls", mine.token).status);
    EXPECT_EQ(403, app.call("POST", "/psp/invoice/payments", mine.token,
                            financing_consumer_body(merchant.payee_id, unique_reference()))
                       .status);
    EXPECT_EQ(403,
              app.call("POST", other.id + "/approvedlegaladdress", mine.token,
                       R"({"addressee":{"socialSecurityNumber":"196003071161","zipCode":"19792"}})")
                  .status);
    EXPECT_EQ(201,
              app.call("POST", mine.id + "/approvedlegaladdress", mine.token,
                       R"({"addressee":{"socialSecurityNumber":"196003071161","zipCode":"19792"}})")
                  .status);
}

TEST(Pages, TheLastFailedLookupEndsInAStatusPageBackToTheShop) {
    OpenedPage opened;
    auto& [app, merchant, payment, csrf] = opened;
    const std::string wrong_zip =
        "ssn=600307-1161&email=azra.oliveira%40payex.com&msisdn=0739000001&zip=11111&csrf=" + csrf;
    for (int i = 0; i < 4; ++i) {
        const ClientResponse failed = post_form(app, payment.page + "/consumer", wrong_zip);
        EXPECT_EQ(422, failed.status) << i;
        EXPECT_NE(std::string::npos, failed.body.find("id=\"ssnInput\"")) << i;
    }
    // The fifth and last lookup allowed fails: on to the page, which no longer has a form.
    const ClientResponse last = post_form(app, payment.page + "/consumer", wrong_zip);
    ASSERT_EQ(303, last.status);
    EXPECT_EQ(payment.page, last.header("Location"));
    for (const std::string query : {"", "?step=consumer", "?notice=lookup"}) {
        const ClientResponse page = app.call("GET", payment.page + query, "");
        EXPECT_EQ(200, page.status);
        EXPECT_NE(std::string::npos, page.body.find("px-status-lookups-exhausted")) << query;
        EXPECT_NE(std::string::npos, page.body.find("Vi kunde inte verifiera din adress"));
        EXPECT_NE(std::string::npos,
                  page.body.find("href=\"https://en.wikipedia.org/wiki/cancel\" target=\"_top\""));
        EXPECT_EQ(std::string::npos, page.body.find("id=\"ssnInput\"")) << query;
        EXPECT_EQ(std::string::npos, page.body.find("försök igen")) << query;
    }
    const ClientResponse english = app.call("GET", payment.page + "?lang=en-US", "");
    EXPECT_NE(std::string::npos, english.body.find("We could not verify your address"));
    EXPECT_NE(std::string::npos, english.body.find("choose another payment method"));
    const ClientResponse embedded =
        app.call("GET", payment.page + "?embedded=1&hostOrigin=https%3A%2F%2Fen.wikipedia.org", "");
    EXPECT_NE(std::string::npos, embedded.body.find("px-status-lookups-exhausted"));
    EXPECT_EQ(std::string::npos, embedded.body.find("data-px-event")) << "the payment is open";
    // Even the right data is not looked up again: the same page, not "check and try again".
    const ClientResponse right =
        post_form(app, payment.page + "/consumer", azra_form + "&csrf=" + csrf);
    EXPECT_EQ(303, right.status);
    // The payment itself is still open for the merchant.
    EXPECT_EQ(404, app.call("GET", payment.id + "/aborted", merchant.token).status);
}

TEST(Pages, TheFinalFailedAttemptShowsTheFailureCardThenCompleteUrl) {
    TestApp app;
    const TestMerchant merchant = app.add_merchant("Shop");
    std::string body = financing_consumer_body(merchant.payee_id, unique_reference());
    const std::string price = "\"amount\":10000";
    body.replace(body.find(price), price.size(), "\"amount\":900001");  // A generic failure.
    const PaymentLinks payment = create(app, merchant, body);
    const std::string csrf = csrf_of(app.call("GET", payment.page, "").body);
    for (int attempt = 1; attempt <= 3; ++attempt) {
        ASSERT_EQ(303,
                  post_form(app, payment.page + "/consumer", azra_form + "&csrf=" + csrf).status);
        const ClientResponse failed = post_form(app, payment.page + "/confirm", "csrf=" + csrf);
        ASSERT_EQ(303, failed.status) << attempt;
        if (attempt < 3) {
            EXPECT_EQ(payment.page + "?notice=failed", failed.header("Location")) << attempt;
        } else {
            // Not straight on to completeUrl: the page first says what happened.
            EXPECT_EQ(payment.page, failed.header("Location"));
        }
    }
    for (const std::string query : {"", "?lang=en-US"}) {
        const ClientResponse card = app.call("GET", payment.page + query, "");
        ASSERT_EQ(200, card.status) << query;
        EXPECT_NE(std::string::npos, card.body.find("px-status-failed")) << query;
        EXPECT_NE(std::string::npos,
                  card.body.find("href=\"https://en.wikipedia.org/wiki/Success\" target=\"_top\""));
        EXPECT_EQ(std::string::npos, card.body.find("id=\"ssnInput\"")) << query;
    }
    EXPECT_NE(std::string::npos,
              app.call("GET", payment.page, "").body.find("Betalningen misslyckades"));
    EXPECT_NE(std::string::npos,
              app.call("GET", payment.page + "?lang=en-US", "").body.find("The payment failed"));
    // The seamless view's page still carries onPaymentFailed with completeUrl.
    const ClientResponse embedded =
        app.call("GET", payment.page + "?embedded=1&hostOrigin=https%3A%2F%2Fen.wikipedia.org", "");
    EXPECT_NE(std::string::npos, embedded.body.find("data-px-event=\"onPaymentFailed\""));
}

TEST(Pages, FailedLookupsAreLimitedPerPayment) {
    TestApp app;
    const TestMerchant merchant = app.add_merchant("Shop");
    const PaymentLinks payment =
        create(app, merchant, financing_consumer_body(merchant.payee_id, unique_reference()));
    const std::string body =
        R"({"addressee":{"socialSecurityNumber":"196003071161","zipCode":"11111"}})";
    for (int i = 0; i < 5; ++i) {
        EXPECT_EQ(
            400,
            app.call("POST", payment.id + "/approvedlegaladdress", merchant.token, body).status)
            << i;
    }
    const ClientResponse refused =
        app.call("POST", payment.id + "/approvedlegaladdress", merchant.token, body);
    EXPECT_EQ(403, refused.status);
    EXPECT_EQ(json::value("ApprovedLegalAddress"),
              json::parse(refused.body).at("problems").as_array().at(0).at("name"));
}

}  // namespace
}  // namespace faktura::testing
