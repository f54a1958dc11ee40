// Stored payer tokens end to end (spec §8, §9, §20): a Verify (or a FinancingConsumer payment with
// generateRecurrenceToken) produces a recurrence token, Recur payments are charged with it and then
// captured, cancelled and reversed like any payment; refusals, unknown, deleted and other
// merchants' tokens; PATCH …/instrumentdata/{token}; the one-click paymentToken that fills in the
// hosted page; and the smaller rules of the same review (lookup limit in the operations, the
// front-end token's expansions, option-B references, item-line length, a request without
// User-Agent).
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <regex>
#include <set>

#include "e2e/json_helpers.hpp"
#include "e2e/test_app.hpp"

namespace faktura::testing {
namespace {

namespace json = boost::json;

const std::vector<std::string> authorized_rels{"create-cancellation", "create-capture",
                                               "paid-payment"};

json::object create_body(const TestMerchant& merchant) {
    return json::parse(financing_consumer_body(merchant.payee_id, unique_reference())).as_object();
}
json::object& payment_of(json::object& body) { return body.at("payment").as_object(); }

// A Verify payment as the docs describe it (§8.1): no intent, no prices.
json::object verify_body(const TestMerchant& merchant) {
    json::object body = create_body(merchant);
    json::object& payment = payment_of(body);
    payment["operation"] = "Verify";
    payment.erase("intent");
    payment.erase("prices");
    return body;
}

// The recorded Recur request (fixtures/payments-04-recur-payment.json) for this merchant.
json::object recur_body(const TestMerchant& merchant, const std::string& token,
                        std::int64_t amount = 1500, const std::string& currency = "SEK") {
    return json::object{
        {"payment",
         json::object{
             {"operation", "Recur"},
             {"intent", "Authorization"},
             {"recurrenceToken", token},
             {"currency", currency},
             {"amount", amount},
             {"vatAmount", 0},
             {"description", "Monthly subscription"},
             {"userAgent", "Mozilla/5.0..."},
             {"language", "sv-SE"},
             {"urls", json::object{{"hostUrls", json::array{"https://en.wikipedia.org/wiki/Host"}},
                                   {"callbackUrl", "https://en.wikipedia.org/wiki/Callback"}}},
             {"payeeInfo", json::object{{"payeeId", merchant.payee_id},
                                        {"payeeReference", unique_reference()},
                                        {"payeeName", "Test merchant"}}}}}};
}

const std::string azra_verification =
    R"({"transaction":{"activity":"FinancingConsumer"},)"
    R"("consumer":{"socialSecurityNumber":"196003071161","email":"azra.oliveira@payex.com",)"
    R"("msisdn":"+46739000001","ip":"127.0.0.1"},)"
    R"("legalAddress":{"addressee":"Azra Oliveira","streetAddress":"Helgestavägen 9",)"
    R"("zipCode":"19792","city":"Bro","countryCode":"SE"}})";

std::string id_of(const ClientResponse& response) {
    return text_of(json::parse(response.body).at("payment").at("id"));
}

// Verifies a new Verify payment through the API; returns its payment id and recurrence token.
std::pair<std::string, std::string> verified_payer(TestApp& app, const TestMerchant& merchant,
                                                   bool payment_token = false) {
    json::object body = verify_body(merchant);
    if (payment_token) payment_of(body)["generatePaymentToken"] = true;
    const ClientResponse created = post(app, merchant, "/psp/invoice/payments", body);
    EXPECT_EQ(201, created.status) << created.body;
    const std::string id = id_of(created);
    const ClientResponse verified =
        app.call("POST", id + "/verifications", merchant.token, azra_verification);
    EXPECT_EQ(201, verified.status) << verified.body;
    const json::value payment = fetch(app, merchant, id).at("payment");
    return {id, text_of(payment.at("recurrenceToken"))};
}

json::object capture_of(std::int64_t amount) {
    return json::object{
        {"transaction",
         json::object{
             {"activity", "FinancingConsumer"},
             {"amount", amount},
             {"vatAmount", 0},
             {"payeeReference", unique_reference()},
             {"description", "Subscription month"},
             {"itemDescriptions",
              json::array{json::object{{"amount", amount}, {"description", "Month"}}}},
             {"vatSummary", json::array{json::object{
                                {"amount", amount}, {"vatPercent", 0}, {"vatAmount", 0}}}}}}};
}

json::object delete_body(const std::string& state = "Deleted") {
    return json::object{{"state", state}, {"comment", "The payer ended the subscription"}};
}

ClientResponse delete_token(TestApp& app, const TestMerchant& merchant, const std::string& token,
                            const json::object& body = delete_body()) {
    return app.call("PATCH", "/psp/invoice/payments/instrumentdata/" + token, merchant.token,
                    json::serialize(body));
}

// ---------------------------------------------------------------------------------------------
// Recur.

TEST(Recur, ASubscriptionIsChargedMonthlyAndEachChargeIsItsOwnInvoice) {
    TestApp app;
    const TestMerchant merchant = app.add_merchant("Shop");
    const auto [verify_id, token] = verified_payer(app, merchant);
    EXPECT_TRUE(std::regex_match(
        token, std::regex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")));

    std::set<std::int64_t> invoice_numbers;
    for (int month = 1; month <= 3; ++month) {
        SCOPED_TRACE("month " + std::to_string(month));
        const ClientResponse created =
            post(app, merchant, "/psp/invoice/payments", recur_body(merchant, token));
        ASSERT_EQ(201, created.status) << created.body;
        const json::value document = json::parse(created.body);
        const json::value& payment = document.at("payment");
        EXPECT_EQ(app.base_url() + text_of(payment.at("id")), created.header("Location"));
        EXPECT_EQ(token, text_of(payment.at("recurrenceToken")));
        EXPECT_EQ("recurrenceToken", keys_of(payment).front()) << "recorded key order";
        EXPECT_EQ("Recur", text_of(payment.at("operation")));
        EXPECT_EQ("Ready", text_of(payment.at("state")));
        EXPECT_EQ(1500, payment.at("amount").as_int64());
        EXPECT_EQ(1500, payment.at("remainingCaptureAmount").as_int64());
        EXPECT_EQ(1500, payment.at("remainingCancellationAmount").as_int64());
        EXPECT_TRUE(payment.as_object().contains("authorizations"));
        EXPECT_TRUE(payment.as_object().contains("transactions"));
        EXPECT_EQ(authorized_rels, rels_of(document));

        // The authorization was made for the payer stored with the token.
        const std::string id = text_of(payment.at("id"));
        const json::value authorizations = fetch(app, merchant, id + "/authorizations");
        const json::array& list =
            authorizations.at("authorizations").at("authorizationList").as_array();
        ASSERT_EQ(1u, list.size());
        EXPECT_EQ("Completed", text_of(list[0].at("transaction").at("state")));
        EXPECT_EQ(1500, list[0].at("transaction").at("amount").as_int64());
        EXPECT_EQ(payment.at("number").as_int64() + 1,
                  list[0].at("transaction").at("number").as_int64());
        const json::value consumer = fetch(app, merchant, id + "/consumer");
        EXPECT_EQ("azra.oliveira@payex.com", text_of(consumer.at("consumer").at("email")));
        const json::value legal = fetch(app, merchant, id + "/legaladdress");
        EXPECT_EQ("Helgestavägen 9", text_of(legal.at("legalAddress").at("streetAddress")));

        // Captured like any payment: its own invoice, dated and numbered in the payee's series.
        const ClientResponse captured = post(app, merchant, id + "/captures", capture_of(1500));
        ASSERT_EQ(201, captured.status) << captured.body;
        const json::value invoice = json::parse(captured.body).at("capture").at("invoice");
        invoice_numbers.insert(invoice.at("invoiceNumber").as_int64());
        EXPECT_EQ("OCR", text_of(invoice.at("paymentReferenceType")))
            << "a Swedish payer's OCR reference";
        const json::value after = fetch(app, merchant, id);
        EXPECT_EQ((std::vector<std::string>{"create-reversal", "paid-payment"}), rels_of(after));
    }
    EXPECT_EQ(3u, invoice_numbers.size()) << "three charges, three invoices";
}

TEST(Recur, IsCancelledAndReversedLikeAnyPayment) {
    TestApp app;
    const TestMerchant merchant = app.add_merchant("Shop");
    const std::string token = verified_payer(app, merchant).second;
    const ClientResponse created =
        post(app, merchant, "/psp/invoice/payments", recur_body(merchant, token, 5000));
    ASSERT_EQ(201, created.status) << created.body;
    const std::string id = id_of(created);
    ASSERT_EQ(201, post(app, merchant, id + "/captures", capture_of(2000)).status);
    const ClientResponse reversed =
        post(app, merchant, id + "/reversals",
             json::object{{"transaction", json::object{{"activity", "FinancingConsumer"},
                                                       {"amount", 500},
                                                       {"vatAmount", 0},
                                                       {"payeeReference", unique_reference()},
                                                       {"description", "Returned"}}}});
    ASSERT_EQ(201, reversed.status) << reversed.body;
    const ClientResponse cancelled =
        post(app, merchant, id + "/cancellations",
             json::object{{"transaction", json::object{{"activity", "FinancingConsumer"},
                                                       {"payeeReference", unique_reference()},
                                                       {"description", "Rest"}}}});
    ASSERT_EQ(201, cancelled.status) << cancelled.body;
    const json::value payment = fetch(app, merchant, id).at("payment");
    EXPECT_EQ(5000, payment.at("amount").as_int64());
    EXPECT_FALSE(payment.as_object().contains("remainingCaptureAmount"));
    EXPECT_EQ(1500, payment.at("remainingReversalAmount").as_int64());
}

TEST(Recur, ARefusedChargeIsAFailedPaymentWithAFailedAuthorization) {
    TestApp app;
    const TestMerchant merchant = app.add_merchant("Shop");
    const std::string token = verified_payer(app, merchant).second;
    // test-data §3.2: 900403 makes the credit check refuse.
    const ClientResponse created =
        post(app, merchant, "/psp/invoice/payments", recur_body(merchant, token, 900403));
    ASSERT_EQ(201, created.status) << created.body;
    const json::value document = json::parse(created.body);
    EXPECT_EQ("Failed", text_of(document.at("payment").at("state")));
    EXPECT_EQ(0, document.at("payment").at("amount").as_int64());
    EXPECT_EQ(std::vector<std::string>{"failed-payment"}, rels_of(document));
    const std::string id = id_of(created);
    const json::value list = fetch(app, merchant, id + "/authorizations");
    const json::value& transaction =
        list.at("authorizations").at("authorizationList").at(0).at("transaction");
    EXPECT_EQ("Failed", text_of(transaction.at("state")));
    EXPECT_TRUE(transaction.as_object().contains("failedReason"));
    EXPECT_EQ(403,
              app.call("POST", id + "/captures", merchant.token, json::serialize(capture_of(100)))
                  .status);
    const ClientResponse failed = app.call("GET", id + "/failed", merchant.token);
    EXPECT_EQ(200, failed.status) << failed.body;

    // The token still works for the next month.
    EXPECT_EQ(201,
              post(app, merchant, "/psp/invoice/payments", recur_body(merchant, token)).status);
}

TEST(Recur, TheTokenOfAFinancingConsumerPaymentWorksToo) {
    TestApp app;
    const TestMerchant merchant = app.add_merchant("Shop");
    json::object body = create_body(merchant);
    payment_of(body)["generateRecurrenceToken"] = "true";  // A string, as the docs send it.
    const ClientResponse created = post(app, merchant, "/psp/invoice/payments", body);
    ASSERT_EQ(201, created.status);
    const std::string id = id_of(created);
    ASSERT_EQ(201, app.authorize(merchant, id).status);
    const json::value payment = fetch(app, merchant, id).at("payment");
    const std::string token = text_of(payment.at("recurrenceToken"));
    const json::value paid = fetch(app, merchant, id + "/paid");
    const json::array& tokens = paid.at("paid").at("tokens").as_array();
    ASSERT_EQ(1u, tokens.size());
    EXPECT_EQ("recurrence", text_of(tokens[0].at("type")));
    EXPECT_EQ(token, text_of(tokens[0].at("token")));
    EXPECT_EQ("600307-****", text_of(tokens[0].at("name")));
    EXPECT_TRUE(std::regex_match(text_of(tokens[0].at("expiryDate")),
                                 std::regex("(0[1-9]|1[0-2])/20[0-9]{2}")))
        << tokens[0];
    EXPECT_EQ(
        201, post(app, merchant, "/psp/invoice/payments", recur_body(merchant, token, 700)).status);
}

TEST(Recur, RefusesTokensThePayeeCannotUse) {
    TestApp app;
    const TestMerchant merchant = app.add_merchant("Shop");
    const TestMerchant other = app.add_merchant("Other shop");
    const std::string token = verified_payer(app, merchant).second;
    const auto expect_unknown = [&](const TestMerchant& who, const std::string& which) {
        SCOPED_TRACE(which);
        const ClientResponse response =
            post(app, who, "/psp/invoice/payments", recur_body(who, which));
        expect_problem(response, 400, "inputerror", "RecurrenceToken",
                       "The given RecurrenceToken does not exist.");
    };
    expect_unknown(merchant, "6a44658c-ee97-44b8-9f59-c6bf5afb5f77");
    expect_unknown(other, token);  // Another payee's token is unknown to this one.

    // Not a GUID: the JSON conversion problem of the real service, by its JSON path.
    expect_problem(post(app, merchant, "/psp/invoice/payments", recur_body(merchant, "not-a-guid")),
                   400, "inputerror", "payment.recurrenceToken");
    // The token's currency only.
    expect_problem(
        post(app, merchant, "/psp/invoice/payments", recur_body(merchant, token, 1500, "NOK")), 400,
        "inputerror", "Payment.Currency");
    // A payment token is not a recurrence token.
    const auto [id, unused] = verified_payer(app, merchant, true);
    (void)unused;
    const std::string payment_token =
        text_of(fetch(app, merchant, id).at("payment").at("paymentToken"));
    expect_unknown(merchant, payment_token);
}

TEST(Recur, ADeletedTokenNeverWorksAgain) {
    TestApp app;
    const TestMerchant merchant = app.add_merchant("Shop");
    const std::string token = verified_payer(app, merchant).second;
    ASSERT_EQ(201,
              post(app, merchant, "/psp/invoice/payments", recur_body(merchant, token)).status);

    const ClientResponse deleted = delete_token(app, merchant, token);
    ASSERT_EQ(200, deleted.status) << deleted.body;
    EXPECT_EQ("application/json; charset=utf-8", deleted.header("Content-Type"));
    EXPECT_EQ(
        json::serialize(json::object{
            {"instrumentData", json::object{{"id", "/psp/invoice/payments/instrumentdata/" + token},
                                            {"paymentToken", token},
                                            {"payeeId", merchant.payee_id},
                                            {"isDeleted", true}}}}),
        deleted.body);
    const ClientResponse refused =
        post(app, merchant, "/psp/invoice/payments", recur_body(merchant, token));
    expect_problem(refused, 400, "inputerror", "RecurrenceToken",
                   "The given RecurrenceToken does not exist.");
    // Deleting it again answers the same and changes nothing.
    const ClientResponse again = delete_token(app, merchant, token);
    EXPECT_EQ(200, again.status);
    EXPECT_EQ(deleted.body, again.body);
}

// ---------------------------------------------------------------------------------------------
// PATCH …/instrumentdata/{token}.

TEST(DeleteToken, AnotherPayeesTokenIsAsUnknownAsOneThatDoesNotExist) {
    TestApp app;
    const TestMerchant merchant = app.add_merchant("Shop");
    const TestMerchant other = app.add_merchant("Other shop");
    const std::string token = verified_payer(app, merchant).second;
    const ClientResponse foreign = delete_token(app, other, token);
    const ClientResponse unknown = delete_token(app, other, "6a44658c-ee97-44b8-9f59-c6bf5afb5f77");
    expect_problem(foreign, 404, "notfound", "PaymentToken");
    expect_problem(unknown, 404, "notfound", "PaymentToken");
    const auto without_session = [](const std::string& body) {
        json::object problem = json::parse(body).as_object();
        problem.erase("sessionId");
        problem.erase("instance");
        return problem;
    };
    EXPECT_EQ(without_session(unknown.body), without_session(foreign.body));
    expect_problem(delete_token(app, merchant, "not-a-token"), 404, "notfound", "PaymentToken");
    // The owner's token still works: the foreign attempt changed nothing.
    EXPECT_EQ(201,
              post(app, merchant, "/psp/invoice/payments", recur_body(merchant, token)).status);
}

TEST(DeleteToken, OnlyTheStateDeletedIsSupported) {
    TestApp app;
    const TestMerchant merchant = app.add_merchant("Shop");
    const std::string token = verified_payer(app, merchant).second;
    expect_problem(delete_token(app, merchant, token, delete_body("Active")), 400, "inputerror",
                   "State");
    expect_problem(delete_token(app, merchant, token, json::object{{"comment", "no state"}}), 400,
                   "inputerror", "State", "The State field is required.");
    expect_problem(delete_token(app, merchant, token, json::object{{"state", ""}}), 400,
                   "inputerror", "State", "The State field is required.");
    // Lenient where the spec is silent: no comment, or a null one, any case of the state.
    EXPECT_EQ(200, delete_token(app, merchant, token,
                                json::object{{"state", "deleted"}, {"comment", nullptr}})
                       .status);
}

// ---------------------------------------------------------------------------------------------
// One-click: the paymentToken pre-fills the hosted page (§20).

struct Page {
    std::string id;
    std::string path;  // "/invoice/payments/authorize/<token>"
};

Page created_page(TestApp& app, const json::object& body, const TestMerchant& merchant) {
    const ClientResponse created = post(app, merchant, "/psp/invoice/payments", body);
    EXPECT_EQ(201, created.status) << created.body;
    if (created.status != 201) return Page{};
    Page page{id_of(created), {}};
    const json::value document = json::parse(created.body);
    for (const auto& operation : document.at("operations").as_array()) {
        if (operation.at("rel") == "redirect-authorization") {
            const std::string href = text_of(operation.at("href"));
            page.path = href.substr(href.find("/invoice/"));
        }
    }
    return page;
}

std::string csrf_of(const std::string& html) {
    std::smatch match;
    EXPECT_TRUE(std::regex_search(html, match, std::regex("name=\"csrf\" value=\"([0-9a-f]+)\"")));
    return match.size() > 1 ? match[1].str() : std::string();
}

ClientResponse post_form(TestApp& app, const std::string& target, const std::string& form) {
    return http_request("127.0.0.1", app.port(), "POST", target, form,
                        {{"Content-Type", "application/x-www-form-urlencoded"}});
}

TEST(OneClick, ThePaymentTokenFillsInTheHostedPageAndThePayerOnlyConfirms) {
    TestApp app;
    const TestMerchant merchant = app.add_merchant("Shop");
    const auto [verify_id, unused] = verified_payer(app, merchant, true);
    (void)unused;
    const std::string payment_token =
        text_of(fetch(app, merchant, verify_id).at("payment").at("paymentToken"));

    json::object body = create_body(merchant);
    payment_of(body)["paymentToken"] = payment_token;
    const Page page = created_page(app, body, merchant);
    const ClientResponse step_one = app.call("GET", page.path, "");
    ASSERT_EQ(200, step_one.status);
    EXPECT_NE(std::string::npos, step_one.body.find("600307-****")) << "the masked identity number";
    EXPECT_EQ(std::string::npos, step_one.body.find("1161")) << "never the full identity number";
    EXPECT_EQ(std::string::npos, step_one.body.find("196003071161"));
    EXPECT_NE(std::string::npos, step_one.body.find("value=\"azra.oliveira@payex.com\""));
    EXPECT_NE(std::string::npos, step_one.body.find("value=\"+46739000001\""));
    EXPECT_NE(std::string::npos, step_one.body.find("value=\"19792\""));

    // The payer submits the form as it is (identity number left empty) and confirms.
    const std::string csrf = csrf_of(step_one.body);
    const ClientResponse submitted = post_form(
        app, page.path + "/consumer",
        "ssn=&email=azra.oliveira%40payex.com&msisdn=%2B46739000001&zip=19792&csrf=" + csrf);
    ASSERT_EQ(303, submitted.status) << submitted.body;
    const ClientResponse step_two = app.call("GET", page.path, "");
    EXPECT_NE(std::string::npos, step_two.body.find("Hel•••••••gen •"));
    const ClientResponse paid = post_form(app, page.path + "/confirm", "csrf=" + csrf);
    ASSERT_EQ(303, paid.status) << paid.body;
    const json::value consumer = fetch(app, merchant, page.id + "/consumer");
    EXPECT_EQ("196003071161", text_of(consumer.at("consumer").at("socialSecurityNumber")));
    EXPECT_EQ("Ready", text_of(fetch(app, merchant, page.id).at("payment").at("state")));
}

TEST(OneClick, ADeletedOrForeignPaymentTokenFillsInNothing) {
    TestApp app;
    const TestMerchant merchant = app.add_merchant("Shop");
    const TestMerchant other = app.add_merchant("Other shop");
    const auto [verify_id, unused] = verified_payer(app, merchant, true);
    (void)unused;
    const std::string payment_token =
        text_of(fetch(app, merchant, verify_id).at("payment").at("paymentToken"));

    // Another merchant cannot use it at all.
    json::object foreign = create_body(other);
    payment_of(foreign)["paymentToken"] = payment_token;
    expect_problem(post(app, other, "/psp/invoice/payments", foreign), 400, "inputerror",
                   "PaymentToken", "The given PaymentToken does not exist.");

    // A payment created while the token worked loses the pre-fill once the token is deleted.
    json::object body = create_body(merchant);
    payment_of(body)["paymentToken"] = payment_token;
    const Page page = created_page(app, body, merchant);
    ASSERT_NE(std::string::npos, app.call("GET", page.path, "").body.find("600307-****"));
    ASSERT_EQ(200, delete_token(app, merchant, payment_token).status);
    const ClientResponse after = app.call("GET", page.path, "");
    EXPECT_EQ(std::string::npos, after.body.find("600307-****"));
    EXPECT_EQ(std::string::npos, after.body.find("azra.oliveira@payex.com"));
    // An empty identity number is now simply missing.
    const ClientResponse submitted =
        post_form(app, page.path + "/consumer",
                  "ssn=&email=azra.oliveira%40payex.com&msisdn=%2B46739000001&zip=19792&csrf=" +
                      csrf_of(after.body));
    EXPECT_EQ(422, submitted.status);
    // And new payments cannot name it.
    expect_problem(post(app, merchant, "/psp/invoice/payments", body), 400, "inputerror",
                   "PaymentToken");
}

// ---------------------------------------------------------------------------------------------
// What SDKs generated from models send (§3.3): "" and null for what the shop did not set.

TEST(RealClients, EmptyStringsAndNullsForUnsetFieldsAreAccepted) {
    TestApp app;
    const TestMerchant merchant = app.add_merchant("Shop");
    json::object body = create_body(merchant);
    json::object& payment = payment_of(body);
    payment["payerReference"] = "";
    payment["paymentToken"] = "";
    payment["generatePaymentToken"] = nullptr;
    payment["metadata"] = nullptr;
    payment["prefillInfo"] = nullptr;
    payment.at("urls").as_object()["paymentUrl"] = "";
    payment.at("urls").as_object()["logoUrl"] = nullptr;
    payment.at("payeeInfo").as_object()["orderReference"] = "";
    payment.at("payeeInfo").as_object()["subsite"] = nullptr;
    const ClientResponse created = app.call("POST", "/psp/invoice/payments", merchant.token,
                                            "\xEF\xBB\xBF" + json::serialize(body));
    ASSERT_EQ(201, created.status) << created.body;
    const std::string id = id_of(created);
    EXPECT_FALSE(fetch(app, merchant, id).at("payment").as_object().contains("payerReference"));

    // The PHP SDK's authorization: "customerNumber": "" and a null billing address.
    const ClientResponse authorized = app.call(
        "POST", id + "/authorizations", merchant.token,
        R"({"transaction":{"activity":"FinancingConsumer"},"consumer":{"socialSecurityNumber":"196003071161",)"
        R"("customerNumber":"","email":"","msisdn":"+46739000001","ip":"127.0.0.1"},)"
        R"("legalAddress":{"addressee":"Azra Oliveira","coAddress":"","streetAddress":"Helgestavägen 9",)"
        R"("zipCode":"19792","city":"Bro","countryCode":"SE"},"billingAddress":null})");
    ASSERT_EQ(201, authorized.status) << authorized.body;
    const json::value consumer = fetch(app, merchant, id + "/consumer").at("consumer");
    EXPECT_FALSE(consumer.as_object().contains("customerNumber"));

    // A capture with vatPercent and amounts as strings, and an empty receiptReference.
    const ClientResponse captured = app.call(
        "POST", id + "/captures", merchant.token,
        R"({"transaction":{"activity":"FinancingConsumer","amount":"10000","vatAmount":"2000","payeeReference":")" +
            unique_reference() +
            R"(","receiptReference":"","description":"All","itemDescriptions":[{"amount":"10000","description":"Goods"}],)"
            R"("vatSummary":[{"amount":"10000","vatPercent":"2500","vatAmount":"2000"}]}})");
    ASSERT_EQ(201, captured.status) << captured.body;
}

TEST(RealClients, ARequiredFieldSentEmptyGetsTheMissingFieldsProblem) {
    TestApp app;
    const TestMerchant merchant = app.add_merchant("Shop");
    json::object body = create_body(merchant);
    payment_of(body)["description"] = "";
    expect_problem(post(app, merchant, "/psp/invoice/payments", body), 400, "inputerror",
                   "Payment.Description", "The Description field is required.");
    payment_of(body)["description"] = nullptr;
    expect_problem(post(app, merchant, "/psp/invoice/payments", body), 400, "inputerror",
                   "Payment.Description", "The Description field is required.");
}

// ---------------------------------------------------------------------------------------------
// Smaller rules.

TEST(SmallerRules, FiveFailedLookupsRemoveTheLookupOperation) {
    TestApp app;
    const TestMerchant merchant = app.add_merchant("Shop");
    const std::string id = app.create_payment(merchant);
    const json::object wrong_zip{
        {"addressee",
         json::object{{"socialSecurityNumber", "196003071161"}, {"zipCode", "11111"}}}};
    for (int attempt = 1; attempt <= 5; ++attempt) {
        const std::vector<std::string> rels = rels_of(fetch(app, merchant, id));
        EXPECT_EQ("create-approved-legal-address", rels.front()) << "attempt " << attempt;
        EXPECT_EQ(400, post(app, merchant, id + "/approvedlegaladdress", wrong_zip).status);
    }
    const std::vector<std::string> rels = rels_of(fetch(app, merchant, id));
    EXPECT_EQ((std::vector<std::string>{"create-authorization", "update-payment-abort",
                                        "redirect-authorization", "view-authorization"}),
              rels);
    const ClientResponse refused = post(app, merchant, id + "/approvedlegaladdress", wrong_zip);
    EXPECT_NE(201, refused.status);
    EXPECT_GE(refused.status, 400);
    // The authorization itself is still possible.
    EXPECT_EQ(201, app.authorize(merchant, id).status);
}

TEST(SmallerRules, TheFrontEndTokenExpandsNothingItMayNotReadDirectly) {
    TestApp app;
    const TestMerchant merchant = app.add_merchant("Shop");
    const ClientResponse created =
        app.call("POST", "/psp/invoice/payments", merchant.token,
                 financing_consumer_body(merchant.payee_id, unique_reference()));
    const std::string id = id_of(created);
    std::string front_end_token;
    const json::value document = json::parse(created.body);
    for (const auto& operation : document.at("operations").as_array()) {
        if (operation.at("rel") == "redirect-authorization") {
            const std::string href = text_of(operation.at("href"));
            front_end_token = href.substr(href.rfind('/') + 1);
        }
    }
    ASSERT_EQ(64u, front_end_token.size());
    ASSERT_EQ(201, app.authorize(merchant, id).status);
    ASSERT_EQ(201, post(app, merchant, id + "/captures", capture_of(10000)).status);
    for (const std::string sub : {"urls", "payeeinfo", "captures", "authorizations", "metadata"}) {
        EXPECT_EQ(403, app.call("GET", id + "/" + sub, front_end_token).status) << sub;
    }
    const ClientResponse plain = app.call("GET", id, front_end_token);
    const ClientResponse expanded = app.call(
        "GET", id + "?$expand=urls,payeeinfo,captures,authorizations,metadata,transactions",
        front_end_token);
    ASSERT_EQ(200, expanded.status) << expanded.body;
    EXPECT_EQ(json::parse(plain.body), json::parse(expanded.body))
        << "the token's view is the same either way";
    const json::value payment = json::parse(expanded.body).at("payment");
    EXPECT_EQ(1u, payment.at("urls").as_object().size()) << "only the link";
    // The merchant still gets the expansion.
    const json::value merchant_view = fetch(app, merchant, id + "?$expand=captures").at("payment");
    EXPECT_TRUE(merchant_view.at("captures").as_object().contains("captureList"));
}

TEST(SmallerRules, OptionBTransactionReferencesAreAtMostTwelveDigits) {
    TestApp app;
    const TestMerchant merchant = app.add_merchant("Shop");
    run_command(std::string(FAKTURA_BINARY) + " merchant update --payee-id " + merchant.payee_id +
                " --settlement B --database sqlite:" + app.database_path().string() +
                " >/dev/null");
    json::object body = create_body(merchant);
    payment_of(body).at("payeeInfo").as_object()["payeeReference"] = "100000000001";
    const ClientResponse created = post(app, merchant, "/psp/invoice/payments", body);
    ASSERT_EQ(201, created.status) << created.body;
    const std::string id = id_of(created);
    ASSERT_EQ(201, app.authorize(merchant, id).status);
    json::object capture = capture_of(1000);
    capture.at("transaction").as_object()["payeeReference"] = "ABC-123";
    expect_problem(post(app, merchant, id + "/captures", capture), 400, "inputerror",
                   "Transaction.PayeeReference");
    capture.at("transaction").as_object()["payeeReference"] = "1234567890123";
    expect_problem(post(app, merchant, id + "/captures", capture), 400, "inputerror",
                   "Transaction.PayeeReference");
    capture.at("transaction").as_object()["payeeReference"] = "123456789012";
    EXPECT_EQ(201, post(app, merchant, id + "/captures", capture).status);
    json::object cancellation{{"transaction", json::object{{"activity", "FinancingConsumer"},
                                                           {"payeeReference", "ref_cancel"},
                                                           {"description", "Rest"}}}};
    expect_problem(post(app, merchant, id + "/cancellations", cancellation), 400, "inputerror",
                   "Transaction.PayeeReference");
}

TEST(SmallerRules, ItemDescriptionsHoldAtMostFortyCharacters) {
    TestApp app;
    const TestMerchant merchant = app.add_merchant("Shop");
    const std::string id = app.create_payment(merchant);
    ASSERT_EQ(201, app.authorize(merchant, id).status);
    json::object capture = capture_of(1000);
    json::object& line = capture.at("transaction").at("itemDescriptions").at(0).as_object();
    line["description"] = std::string(41, 'x');
    expect_problem(post(app, merchant, id + "/captures", capture), 400, "inputerror",
                   "Transaction.ItemDescriptions[0].Description");
    line["description"] = std::string(40, 'x');
    EXPECT_EQ(201, post(app, merchant, id + "/captures", capture).status);
}

TEST(SmallerRules, WithoutAUserAgentThereIsNoInitiatingSystemUserAgent) {
    TestApp app;
    const TestMerchant merchant = app.add_merchant("Shop");
    const ClientResponse without =
        app.call("POST", "/psp/invoice/payments", merchant.token,
                 financing_consumer_body(merchant.payee_id, unique_reference()));
    ASSERT_EQ(201, without.status);
    EXPECT_FALSE(
        json::parse(without.body).at("payment").as_object().contains("initiatingSystemUserAgent"));
    const ClientResponse with =
        app.call("POST", "/psp/invoice/payments", merchant.token,
                 financing_consumer_body(merchant.payee_id, unique_reference()),
                 {{"User-Agent", "ShopPlugin/2.1"}});
    EXPECT_EQ("ShopPlugin/2.1",
              text_of(json::parse(with.body).at("payment").at("initiatingSystemUserAgent")));
}

TEST(SmallerRules, AFinnishPaymentsPageFollowsThePaymentsLanguage) {
    TestApp app;
    const TestMerchant merchant = app.add_merchant("Shop");
    for (const auto& [language, page_language] : std::vector<std::pair<std::string, std::string>>{
             {"en-US", "en-US"}, {"sv-SE", "sv-SE"}, {"nb-NO", "fi-FI"}}) {
        SCOPED_TRACE(language);
        json::object body = create_body(merchant);
        json::object& payment = payment_of(body);
        payment["currency"] = "EUR";
        payment["language"] = language;
        body.at("invoice").as_object()["invoiceType"] = "PayExFinancingFi";
        const Page page = created_page(app, body, merchant);
        const ClientResponse html = app.call("GET", page.path, "");
        EXPECT_NE(std::string::npos, html.body.find("<html lang=\"" + page_language + "\""))
            << html.body.substr(0, 200);
    }
}

}  // namespace
}  // namespace faktura::testing
