// The payment resource over real HTTP: validation of create and abort (a row per problem family of
// the rule table that tests/http runs in full), the lenient input rules, authentication and
// merchant isolation, routing, sub-resources and expansion.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <functional>

#include "e2e/test_app.hpp"

namespace faktura::testing {
namespace {

namespace json = boost::json;

json::object base_body(const std::string& payee_id) {
    return json::parse(financing_consumer_body(payee_id, unique_reference())).as_object();
}

json::object& payment_of(json::object& body) { return body.at("payment").as_object(); }

struct ProblemCase {
    std::string name;
    std::function<void(json::object&)> change;
    std::string expected_problem_name;
    int expected_status = 400;
};

std::ostream& operator<<(std::ostream& out, const ProblemCase& c) { return out << c.name; }

// One server for the whole table: each case is a fresh payment anyway.
class CreatePaymentRejects : public ::testing::TestWithParam<ProblemCase> {
  protected:
    static void SetUpTestSuite() {
        app_ = new TestApp();
        merchant_ = new TestMerchant(app_->add_merchant("Validation shop"));
    }
    static void TearDownTestSuite() {
        delete merchant_;
        delete app_;
    }
    static TestApp* app_;
    static TestMerchant* merchant_;
};
TestApp* CreatePaymentRejects::app_ = nullptr;
TestMerchant* CreatePaymentRejects::merchant_ = nullptr;

TEST_P(CreatePaymentRejects, WithTheSpecsProblem) {
    json::object body = base_body(merchant_->payee_id);
    GetParam().change(body);
    const ClientResponse response =
        app_->call("POST", "/psp/invoice/payments", merchant_->token, json::serialize(body));
    ASSERT_EQ(GetParam().expected_status, response.status) << response.body;
    EXPECT_EQ("application/problem+json; charset=utf-8", response.header("Content-Type"));
    const json::object problem = json::parse(response.body).as_object();
    EXPECT_EQ("https://api.payex.com/psp/errordetail/inputerror", problem.at("type"));
    EXPECT_EQ("Error in input data", problem.at("title"));
    EXPECT_EQ(GetParam().expected_status, problem.at("status").as_int64());
    EXPECT_EQ(json::value(app_->base_url() + "/psp/invoice/payments"), problem.at("instance"));
    EXPECT_FALSE(problem.at("sessionId").as_string().empty());
    bool named = false;
    for (const auto& entry : problem.at("problems").as_array()) {
        named = named || entry.at("name") == json::value(GetParam().expected_problem_name);
        EXPECT_FALSE(entry.at("description").as_string().empty());
    }
    EXPECT_TRUE(named) << "no problem named " << GetParam().expected_problem_name << " in "
                       << response.body;
}

void erase(json::object& object, std::string_view key) { object.erase(key); }
json::object& urls(json::object& body) { return payment_of(body).at("urls").as_object(); }
json::object& payee(json::object& body) { return payment_of(body).at("payeeInfo").as_object(); }
json::object& price(json::object& body) {
    return payment_of(body).at("prices").as_array().at(0).as_object();
}

// The whole rule table runs against decode_create_payment (tests/http/decode_payment_test.cpp);
// here one rule per problem family shows the wiring: a required object, a cross-field rule, a JSON
// type conversion named by its JSON path, a character rule and an element of an array.
INSTANTIATE_TEST_SUITE_P(
    Rules, CreatePaymentRejects,
    ::testing::Values(
        ProblemCase{"payment_missing", [](json::object& b) { erase(b, "payment"); }, "Payment"},
        ProblemCase{"currency_not_of_invoice_type",
                    [](json::object& b) { payment_of(b)["currency"] = "NOK"; }, "Payment.Currency"},
        ProblemCase{"amount_fraction", [](json::object& b) { price(b)["amount"] = 10.5; },
                    "payment.prices[0].amount"},
        ProblemCase{"host_url_bad",
                    [](json::object& b) { urls(b)["hostUrls"] = json::array{"nope"}; },
                    "Payment.Urls.HostUrls[0]"},
        ProblemCase{"payee_reference_space",
                    [](json::object& b) { payee(b)["payeeReference"] = "order 1"; },
                    "Payment.PayeeInfo.PayeeReference"}),
    [](const ::testing::TestParamInfo<ProblemCase>& rule) { return rule.param.name; });

TEST(CreatePayment, RejectsABodyThatIsNotJsonNamingTheBody) {
    TestApp app;
    const TestMerchant merchant = app.add_merchant("Shop");
    for (const std::string& body : {std::string("{\"payment\": "), std::string("[1,2]"),
                                    std::string("nul"), std::string("{} trailing")}) {
        const ClientResponse response =
            app.call("POST", "/psp/invoice/payments", merchant.token, body);
        ASSERT_EQ(400, response.status) << body;
        const json::object problem = json::parse(response.body).as_object();
        EXPECT_EQ("Body", problem.at("problems").as_array().at(0).at("name")) << body;
    }
    const ClientResponse empty = app.call("POST", "/psp/invoice/payments", merchant.token, "");
    EXPECT_EQ(400, empty.status);
}

TEST(CreatePayment, ReportsEveryBadFieldAtOnce) {
    TestApp app;
    const TestMerchant merchant = app.add_merchant("Shop");
    json::object body = base_body(merchant.payee_id);
    payment_of(body)["description"] = "";
    urls(body)["termsOfServiceUrl"] = "http://x.example/terms";
    payee(body)["payeeReference"] = "bad ref";
    const ClientResponse response =
        app.call("POST", "/psp/invoice/payments", merchant.token, json::serialize(body));
    ASSERT_EQ(400, response.status);
    EXPECT_EQ(3u, json::parse(response.body).at("problems").as_array().size()) << response.body;
}

TEST(CreatePayment, RejectsAForeignContentType) {
    TestApp app;
    const TestMerchant merchant = app.add_merchant("Shop");
    const ClientResponse response =
        http_request("127.0.0.1", app.port(), "POST", "/psp/invoice/payments",
                     financing_consumer_body(merchant.payee_id, unique_reference()),
                     {{"Authorization", "Bearer " + merchant.token},
                      {"Content-Type", "application/x-www-form-urlencoded"}});
    EXPECT_EQ(415, response.status);
}

TEST(CreatePayment, AcceptsLenientSpellingsAndIgnoresUnknownProperties) {
    TestApp app;
    const TestMerchant merchant = app.add_merchant("Shop");
    const std::string reference = unique_reference();
    const std::string body =
        R"({"PAYMENT":{"Operation":"financingconsumer","INTENT":"authorization","currency":"sek",)"
        R"("prices":[{"Type":"invoice","Amount":"10000","vatamount":250.0}],"description":"Lenient",)"
        R"("userAgent":"Mozilla/5.0","language":"SV-se","generatePaymentToken":"false",)"
        R"("generateReccurenceToken":true,"paymentToken":"","payerReference":null,"riskIndicator":{"x":1},)"
        R"("urls":{"HOSTURLS":["https://shop.example"],"completeurl":"https://shop.example/done"},)"
        R"("payeeinfo":{"PayeeId":")" +
        merchant.payee_id + R"(","payeereference":")" + reference +
        R"("},"metadata":{"key1":"value1","key2":2,"key3":3.1,"key4":false},"unknownThing":[1,2,3]},)"
        R"("invoice":{"InvoiceType":"PayExFinancingSE"}})";
    const ClientResponse response = app.call("POST", "/psp/invoice/payments", merchant.token, body);
    ASSERT_EQ(201, response.status) << response.body;
    const json::object payment = json::parse(response.body).at("payment").as_object();
    EXPECT_EQ("FinancingConsumer", payment.at("operation"));
    EXPECT_EQ("SEK", payment.at("currency"));
    EXPECT_EQ("sv-SE", payment.at("language"));
    EXPECT_FALSE(payment.contains("payerReference"));
    const std::string id(payment.at("id").as_string());

    const ClientResponse metadata = app.call("GET", id + "/metadata", merchant.token);
    EXPECT_EQ(R"({"payment":")" + id + R"(","metadata":{"id":")" + id +
                  R"(/metadata","key1":"value1","key2":2,"key3":3.1,"key4":false}})",
              metadata.body);
    const ClientResponse prices = app.call("GET", id + "/prices", merchant.token);
    EXPECT_EQ(R"({"payment":")" + id + R"(","prices":{"id":")" + id +
                  R"(/prices","priceList":[{"type":"Invoice","amount":10000,"vatAmount":250}]}})",
              prices.body);
    const ClientResponse payee_info = app.call("GET", id + "/payeeinfo", merchant.token);
    EXPECT_EQ(R"({"payment":")" + id + R"(","payeeInfo":{"id":")" + id +
                  R"(/payeeinfo","payeeId":")" + merchant.payee_id + R"(","payeeReference":")" +
                  reference + R"(","payeeName":"Shop"}})",
              payee_info.body);
}

TEST(CreatePayment, SupportsEveryCountry) {
    TestApp app;
    const TestMerchant merchant = app.add_merchant("Shop");
    for (const auto& [currency, type, language] :
         {std::tuple{"SEK", "PayExFinancingSe", "sv-SE"},
          std::tuple{"NOK", "PayExFinancingNo", "nb-NO"},
          std::tuple{"EUR", "PayExFinancingFi", "en-US"}}) {
        json::object body = base_body(merchant.payee_id);
        payment_of(body)["currency"] = currency;
        payment_of(body)["language"] = language;
        body["invoice"] = json::object{{"invoiceType", type}};
        const ClientResponse response =
            app.call("POST", "/psp/invoice/payments", merchant.token, json::serialize(body));
        ASSERT_EQ(201, response.status) << response.body;
        EXPECT_EQ(currency, json::parse(response.body).at("payment").at("currency"));
    }
}

TEST(CreatePayment, OffersNoViewOperationWithoutHostUrls) {
    TestApp app;
    const TestMerchant merchant = app.add_merchant("Shop");
    json::object body = base_body(merchant.payee_id);
    erase(urls(body), "hostUrls");
    const ClientResponse response =
        app.call("POST", "/psp/invoice/payments", merchant.token, json::serialize(body));
    ASSERT_EQ(201, response.status);
    std::vector<std::string> rels;
    const json::value document = json::parse(response.body);
    for (const auto& operation : document.at("operations").as_array()) {
        rels.emplace_back(operation.at("rel").as_string());
    }
    EXPECT_EQ((std::vector<std::string>{"create-approved-legal-address", "create-authorization",
                                        "update-payment-abort", "redirect-authorization"}),
              rels);
}

TEST(CreatePayment, RejectsAReusedPayeeReferenceButNotAnotherMerchants) {
    TestApp app;
    const TestMerchant first = app.add_merchant("First");
    const TestMerchant second = app.add_merchant("Second");
    const std::string reference = unique_reference();
    EXPECT_EQ(201, app.call("POST", "/psp/invoice/payments", first.token,
                            financing_consumer_body(first.payee_id, reference))
                       .status);
    const ClientResponse again = app.call("POST", "/psp/invoice/payments", first.token,
                                          financing_consumer_body(first.payee_id, reference));
    ASSERT_EQ(400, again.status);
    EXPECT_EQ("Payment.PayeeInfo.PayeeReference",
              json::parse(again.body).at("problems").as_array().at(0).at("name"));
    EXPECT_EQ(201, app.call("POST", "/psp/invoice/payments", second.token,
                            financing_consumer_body(second.payee_id, reference))
                       .status);
}

TEST(Authentication, RequiresAKnownBearerToken) {
    TestApp app;
    const TestMerchant merchant = app.add_merchant("Shop");
    const std::string body = financing_consumer_body(merchant.payee_id, unique_reference());
    const ClientResponse missing = app.call("POST", "/psp/invoice/payments", "", body);
    EXPECT_EQ(401, missing.status);
    EXPECT_EQ("Bearer", missing.header("WWW-Authenticate"));
    EXPECT_EQ("https://api.payex.com/psp/errordetail/unauthorized",
              json::parse(missing.body).at("type"));
    EXPECT_EQ(401, app.call("POST", "/psp/invoice/payments", "not-a-token-of-anyone", body).status);
    EXPECT_EQ(401, http_request("127.0.0.1", app.port(), "POST", "/psp/invoice/payments", body,
                                {{"Authorization", "Basic " + merchant.token}})
                       .status);
}

TEST(Authentication, ToleratesQuotesSpacesAndCase) {
    TestApp app;
    const TestMerchant merchant = app.add_merchant("Shop");
    for (const std::string& header :
         {"\"Bearer " + merchant.token + "\"", "  Bearer    " + merchant.token + "  ",
          "bearer " + merchant.token, "Bearer \"" + merchant.token + "\""}) {
        const ClientResponse response =
            http_request("127.0.0.1", app.port(), "POST", "/psp/invoice/payments",
                         financing_consumer_body(merchant.payee_id, unique_reference()),
                         {{"Authorization", header}, {"Content-Type", "application/json"}});
        EXPECT_EQ(201, response.status) << header;
    }
}

TEST(Authentication, ACreatedPaymentMustNameTheTokensPayee) {
    TestApp app;
    const TestMerchant merchant = app.add_merchant("Shop");
    const TestMerchant other = app.add_merchant("Other");
    const ClientResponse response =
        app.call("POST", "/psp/invoice/payments", merchant.token,
                 financing_consumer_body(other.payee_id, unique_reference()));
    EXPECT_EQ(403, response.status);
    EXPECT_EQ("https://api.payex.com/psp/errordetail/forbidden",
              json::parse(response.body).at("type"));
}

TEST(Isolation, AnotherMerchantLearnsNothingAndChangesNothing) {
    TestApp app;
    const TestMerchant owner = app.add_merchant("Owner");
    const TestMerchant other = app.add_merchant("Other");
    const ClientResponse created =
        app.call("POST", "/psp/invoice/payments", owner.token,
                 financing_consumer_body(owner.payee_id, unique_reference()));
    const std::string id(json::parse(created.body).at("payment").at("id").as_string());

    const auto strip_session = [](const std::string& body) {
        json::object problem = json::parse(body).as_object();
        problem.erase("sessionId");
        problem.erase("instance");
        return json::serialize(problem);
    };
    const ClientResponse get = app.call("GET", id, other.token);
    EXPECT_EQ(403, get.status);
    for (const std::string sub : {"/urls", "/payeeinfo", "/prices", "/metadata", "/settings",
                                  "/aborted", "/transactions", "/authorizations"}) {
        const ClientResponse response = app.call("GET", id + sub, other.token);
        EXPECT_EQ(403, response.status) << sub;
        EXPECT_EQ(strip_session(get.body), strip_session(response.body)) << sub;
    }
    const ClientResponse abort = app.call("PATCH", id, other.token,
                                          R"({"payment":{"operation":"Abort","abortReason":"x"}})");
    EXPECT_EQ(403, abort.status);
    EXPECT_EQ(strip_session(get.body), strip_session(abort.body));
    // Even a bad body does not reveal more than the forbidden answer.
    EXPECT_EQ(403, app.call("PATCH", id, other.token, "not json").status);
    EXPECT_EQ("Ready",
              json::parse(app.call("GET", id, owner.token).body).at("payment").at("state"));
    EXPECT_EQ(json::parse(get.body).at("type"), "https://api.payex.com/psp/errordetail/forbidden");
}

TEST(Routes, AreCaseInsensitiveAndTolerateATrailingSlash) {
    TestApp app;
    const TestMerchant merchant = app.add_merchant("Shop");
    const ClientResponse created =
        app.call("POST", "/PSP/Invoice/Payments/", merchant.token,
                 financing_consumer_body(merchant.payee_id, unique_reference()));
    ASSERT_EQ(201, created.status) << created.body;
    const std::string id(json::parse(created.body).at("payment").at("id").as_string());
    std::string upper = id;
    for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    EXPECT_EQ(200, app.call("GET", id + "/", merchant.token).status);
    EXPECT_EQ(200, app.call("GET", upper, merchant.token).status);
    EXPECT_EQ(200, app.call("GET", id + "/PayeeInfo/", merchant.token).status);
    EXPECT_EQ(200, app.call("GET", id + "/URLS", merchant.token).status);
}

TEST(Routes, AnswerUnknownPathsAndMethodsWithProblems) {
    TestApp app;
    const TestMerchant merchant = app.add_merchant("Shop");
    EXPECT_EQ(404, app.call("GET", "/psp/invoice/payments/00000000-0000-4000-8000-000000000000",
                            merchant.token)
                       .status);
    EXPECT_EQ(404, app.call("GET", "/psp/invoice/payments/not-a-guid", merchant.token).status);
    EXPECT_EQ(404, app.call("GET", "/psp/creditcard/payments", merchant.token).status);
    const ClientResponse method = app.call("DELETE", "/psp/invoice/payments", merchant.token);
    EXPECT_EQ(405, method.status);
    EXPECT_EQ("POST", method.header("Allow"));
    EXPECT_EQ("application/problem+json; charset=utf-8", method.header("Content-Type"));
    EXPECT_EQ(200, app.call("POST", "/psp/fakecallback", "", "{}").status);
    EXPECT_EQ(404, app.call("POST", "/psp/fakecallback/notfound", "", "{}").status);
    EXPECT_EQ(400, app.call("POST", "/psp/fakecallback/badrequest", "", "{}").status);
}

TEST(SubResources, ShowWhatWasSent) {
    TestApp app;
    const TestMerchant merchant = app.add_merchant("Shop");
    const std::string reference = unique_reference();
    const ClientResponse created = app.call("POST", "/psp/invoice/payments", merchant.token,
                                            financing_consumer_body(merchant.payee_id, reference));
    const std::string id(json::parse(created.body).at("payment").at("id").as_string());

    EXPECT_EQ(R"({"payment":")" + id + R"(","urls":{"id":")" + id +
                  R"(/urls","hostUrls":["https://en.wikipedia.org/wiki/Host"],)"
                  R"("completeUrl":"https://en.wikipedia.org/wiki/Success",)"
                  R"("cancelUrl":"https://en.wikipedia.org/wiki/cancel",)"
                  R"("callbackUrl":"https://en.wikipedia.org/wiki/callback",)"
                  R"("logoUrl":"https://design.swedbankpay.com/v/4.5.0/img/swedbankpay-logo.svg",)"
                  R"("termsOfServiceUrl":"https://en.wikipedia.org/wiki/Terms_Of_Service"}})",
              app.call("GET", id + "/urls", merchant.token).body);
    EXPECT_EQ(R"({"payment":")" + id + R"(","settings":{"id":")" + id + R"(/settings"}})",
              app.call("GET", id + "/settings", merchant.token).body);
    EXPECT_EQ(R"({"payment":")" + id + R"(","metadata":{"id":")" + id + R"(/metadata"}})",
              app.call("GET", id + "/metadata", merchant.token).body);
    EXPECT_EQ(R"({"payment":")" + id + R"(","transactions":{"id":")" + id +
                  R"(/transactions","transactionList":[]}})",
              app.call("GET", id + "/transactions", merchant.token).body);
    EXPECT_EQ(R"({"payment":")" + id + R"(","authorizations":{"id":")" + id +
                  R"(/authorizations","authorizationList":[]}})",
              app.call("GET", id + "/authorizations", merchant.token).body);
    EXPECT_EQ(404, app.call("GET", id + "/aborted", merchant.token).status);
    EXPECT_EQ(404,
              app.call("GET", id + "/captures/00000000-0000-4000-8000-000000000000", merchant.token)
                  .status);
}

TEST(Expansion, InlinesNamedSubResourcesInEitherSpelling) {
    TestApp app;
    const TestMerchant merchant = app.add_merchant("Shop");
    const ClientResponse created =
        app.call("POST", "/psp/invoice/payments?$expand=urls", merchant.token,
                 financing_consumer_body(merchant.payee_id, unique_reference()));
    ASSERT_EQ(201, created.status);
    const json::object payment = json::parse(created.body).at("payment").as_object();
    EXPECT_EQ("https://en.wikipedia.org/wiki/Success", payment.at("urls").at("completeUrl"));
    const std::string id(payment.at("id").as_string());

    const ClientResponse expanded =
        app.call("GET", id + "?expand=PayeeInfo,%20prices,authorizations,unknown", merchant.token);
    const json::object again = json::parse(expanded.body).at("payment").as_object();
    EXPECT_EQ(json::value(merchant.payee_id), again.at("payeeInfo").at("payeeId"));
    EXPECT_EQ(10000, again.at("prices").at("priceList").as_array().at(0).at("amount").as_int64());
    EXPECT_TRUE(again.at("authorizations").at("authorizationList").as_array().empty());
    EXPECT_EQ(json::object({{"id", id + "/urls"}}), again.at("urls"));
    std::vector<std::string> keys;
    for (const auto& entry : again) keys.emplace_back(entry.key());
    EXPECT_EQ("authorizations", keys.at(keys.size() - 4)) << "expanded lists keep their place";
}

TEST(Abort, IsAllowedOnceAndOnlyBeforeAnyTransaction) {
    TestApp app;
    const TestMerchant merchant = app.add_merchant("Shop");
    const ClientResponse created =
        app.call("POST", "/psp/invoice/payments", merchant.token,
                 financing_consumer_body(merchant.payee_id, unique_reference()));
    const std::string id(json::parse(created.body).at("payment").at("id").as_string());

    const ClientResponse bad =
        app.call("PATCH", id, merchant.token, R"({"payment":{"operation":"Cancel"}})");
    ASSERT_EQ(400, bad.status);
    EXPECT_EQ("Payment.Operation",
              json::parse(bad.body).at("problems").as_array().at(0).at("name"));
    EXPECT_EQ(400, app.call("PATCH", id, merchant.token,
                            R"({"payment":{"operation":"Abort","abortReason":")" +
                                std::string(101, 'r') + R"("}})")
                       .status);

    const ClientResponse aborted =
        app.call("PATCH", id, merchant.token, R"({"payment":{"operation":"Abort"}})");
    ASSERT_EQ(200, aborted.status) << aborted.body;
    EXPECT_EQ("Aborted", json::parse(aborted.body).at("payment").at("state"));
    EXPECT_EQ(R"({"payment":")" + id + R"(","aborted":{"abortReason":"CancelledByConsumer"}})",
              app.call("GET", id + "/aborted", merchant.token).body);

    const ClientResponse twice =
        app.call("PATCH", id, merchant.token, R"({"payment":{"operation":"Abort"}})");
    ASSERT_EQ(403, twice.status);
    const json::object problem = json::parse(twice.body).as_object();
    EXPECT_EQ("https://api.payex.com/psp/errordetail/forbidden", problem.at("type"));
    EXPECT_EQ("Abort", problem.at("problems").as_array().at(0).at("name"));
}

TEST(Problems, EchoTheSessionId) {
    TestApp app;
    const ClientResponse response =
        app.call("GET", "/psp/invoice/payments", "", "",
                 {{"Session-Id", "09ccd29a-7c4f-4752-9396-12100cbfecce"}});
    EXPECT_EQ("09ccd29a-7c4f-4752-9396-12100cbfecce", json::parse(response.body).at("sessionId"));
}

}  // namespace
}  // namespace faktura::testing
