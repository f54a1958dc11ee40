// Legal-address lookups and authorizations over real HTTP against a real server: every test person
// and every failing lookup, the recorded authorization and the resources it creates, the failing
// bodies the service decides (the codec's rules run in tests/http) and every credit-provider
// outcome as tables, the attempts rule, a slow provider, Verify, tokens, eight clients racing for
// one payment and another merchant's requests.
#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json.hpp>
#include <chrono>
#include <functional>
#include <latch>
#include <mutex>
#include <optional>
#include <thread>

#include "e2e/json_helpers.hpp"
#include "e2e/test_app.hpp"

namespace faktura::testing {
namespace {

namespace json = boost::json;

// §5.2 F1 with hostUrls (the helper's body has them) and F3.
const std::vector<std::string> awaiting_authorization{
    "create-approved-legal-address", "create-authorization", "update-payment-abort",
    "redirect-authorization", "view-authorization"};
const std::vector<std::string> authorized{"create-cancellation", "create-capture", "paid-payment"};

// The recorded authorization request (fixtures/payments-06-authorize-payment.json).
json::object recorded_authorization() {
    return json::parse(
               R"({"transaction":{"activity":"FinancingConsumer"},)"
               R"("consumer":{"socialSecurityNumber":"196003071161","customerNumber":"123456",)"
               R"("email":"azra.oliveira@payex.com","msisdn":"+46739000001","ip":"127.0.0.1"},)"
               R"("legalAddress":{"addressee":"Azra Oliveira","streetAddress":"Helgestavägen 9",)"
               R"("zipCode":"19792","city":"Bro","countryCode":"SE"}})")
        .as_object();
}

json::object& consumer_of(json::object& body) { return body.at("consumer").as_object(); }
json::object& legal_of(json::object& body) { return body.at("legalAddress").as_object(); }

json::object lookup_body(const std::string& ssn, const std::string& zip) {
    return json::object{
        {"addressee", json::object{{"socialSecurityNumber", ssn}, {"zipCode", zip}}}};
}

// A create-payment body of the recorded kind with `change` applied to its "payment" object.
std::string created_payment(TestApp& app, const TestMerchant& merchant,
                            const std::function<void(json::object&)>& change) {
    json::object body =
        json::parse(financing_consumer_body(merchant.payee_id, unique_reference())).as_object();
    change(body.at("payment").as_object());
    const ClientResponse response = post(app, merchant, "/psp/invoice/payments", body);
    EXPECT_EQ(201, response.status) << response.body;
    return text_of(json::parse(response.body).at("payment").at("id"));
}

// ---------------------------------------------------------------------------------------------
// Approved legal address (§11, test-data §1 and §3.1).

struct PersonRow {
    std::string invoice_type;
    std::string ssn;
    std::string zip;
    std::string addressee, street, registered_zip, city, country;
};

TEST(ApprovedLegalAddress, FindsEveryTestPersonInEverySpelling) {
    TestApp app;
    const TestMerchant merchant = app.add_merchant("Shop");
    const std::vector<PersonRow> rows{
        {"PayExFinancingSe", "196003071161", "19792", "Azra Oliveira", "Helgestavägen 9", "19792",
         "Bro", "SE"},
        {"PayExFinancingSe", "6003071161", "19792", "Azra Oliveira", "Helgestavägen 9", "19792",
         "Bro", "SE"},
        {"PayExFinancingSe", "600307-1161", "19792", "Azra Oliveira", "Helgestavägen 9", "19792",
         "Bro", "SE"},
        {"PayExFinancingSe", "600307-1161", "197 92", "Azra Oliveira", "Helgestavägen 9", "19792",
         "Bro", "SE"},
        {"PayExFinancingSe", "971020-2392", "17674", "Leia Ahlström", "Hökvägen 5", "17674",
         "Järfälla", "SE"},
        {"PayExFinancingSe", "971020-2392", "19792", "Leia Ahlström", "Helgestavägen 9", "19792",
         "Bro", "SE"},
        {"PayExFinancingNo", "26026708248", "1642", "Olivia Nyhuus", "Saltnestoppen 43", "1642",
         "Saltnes", "NO"},
        {"PayExFinancingFi", "100584-451P", "90500", "Järvilehto Kimmo", "Kiannonkatu 88", "90500",
         "Oulu", "FI"},
    };
    for (const PersonRow& row : rows) {
        SCOPED_TRACE(row.ssn + " " + row.zip);
        const std::string id = app.create_payment(merchant, 10000, row.invoice_type);
        const ClientResponse created =
            post(app, merchant, id + "/approvedlegaladdress", lookup_body(row.ssn, row.zip));
        ASSERT_EQ(201, created.status) << created.body;
        EXPECT_EQ(app.base_url() + id + "/approvedlegaladdress", created.header("Location"));
        const json::object expected{
            {"payment", id},
            {"approvedLegalAddress", json::object{{"id", id + "/approvedlegaladdress"},
                                                  {"addressee", row.addressee},
                                                  {"streetAddress", row.street},
                                                  {"zipCode", row.registered_zip},
                                                  {"city", row.city},
                                                  {"countryCode", row.country}}}};
        EXPECT_EQ(json::serialize(expected), created.body);
        const ClientResponse again = app.call("GET", id + "/approvedlegaladdress", merchant.token);
        EXPECT_EQ(200, again.status);
        EXPECT_EQ(created.body, again.body);
    }
}

struct MaskRow {
    std::string invoice_type, ssn, zip;
    std::string addressee, street, masked_zip, city, country;
};

TEST(ApprovedLegalAddress, IsMaskedPerSection11_3AndLinkedFirstOnThePayment) {
    TestApp app;
    const TestMerchant merchant = app.add_merchant("Shop");
    const std::vector<MaskRow> rows{
        {"PayExFinancingSe", "196003071161", "19792", "Azra Oliveira", "Hel•••••••gen •", "1••92",
         "B•o", "SE"},
        {"PayExFinancingSe", "971020-2392", "17674", "Leia Ahlström", "Hö••••en •", "1••74",
         "Jä••••la", "SE"},
        {"PayExFinancingNo", "26026708248", "1642", "Olivia Nyhuus", "Sal•••••••pen ••", "1•42",
         "S•••••s", "NO"},
    };
    for (const MaskRow& row : rows) {
        SCOPED_TRACE(row.ssn);
        const std::string id = app.create_payment(merchant, 10000, row.invoice_type);
        const ClientResponse before = app.call("GET", id + "/approvedlegaladdress", merchant.token);
        EXPECT_EQ(404, before.status) << before.body;
        EXPECT_EQ(404, app.call("GET", id + "/maskedapprovedlegaladdress", merchant.token).status);
        EXPECT_FALSE(
            fetch(app, merchant, id).at("payment").as_object().contains("approvedLegalAddress"));

        ASSERT_EQ(201,
                  post(app, merchant, id + "/approvedlegaladdress", lookup_body(row.ssn, row.zip))
                      .status);
        const ClientResponse masked =
            app.call("GET", id + "/maskedapprovedlegaladdress", merchant.token);
        ASSERT_EQ(200, masked.status) << masked.body;
        const json::object expected{
            {"payment", id},
            {"maskedApprovedLegalAddress", json::object{{"id", id + "/maskedapprovedlegaladdress"},
                                                        {"addressee", row.addressee},
                                                        {"streetAddress", row.street},
                                                        {"zipCode", row.masked_zip},
                                                        {"city", row.city},
                                                        {"countryCode", row.country}}}};
        EXPECT_EQ(json::serialize(expected), masked.body);

        const json::value payment = fetch(app, merchant, id);
        const std::vector<std::string> keys = keys_of(payment.at("payment"));
        ASSERT_GE(keys.size(), 3u);
        EXPECT_EQ(
            (std::vector<std::string>{"approvedLegalAddress", "maskedApprovedLegalAddress", "id"}),
            std::vector<std::string>(keys.begin(), keys.begin() + 3));
        EXPECT_EQ(json::value(id + "/approvedlegaladdress"),
                  payment.at("payment").at("approvedLegalAddress").at("id"));
        EXPECT_EQ(json::value(id + "/maskedapprovedlegaladdress"),
                  payment.at("payment").at("maskedApprovedLegalAddress").at("id"));
        EXPECT_EQ(awaiting_authorization, rels_of(payment)) << "a lookup is no transaction";
    }
}

struct LookupProblemRow {
    std::string name;
    std::string invoice_type;
    json::object body;
    int status;
    std::string type;
    std::string problem_name;
    std::string description;  // Checked when not empty.
};

TEST(ApprovedLegalAddress, RejectsEachBadLookupWithTheSpecsProblem) {
    TestApp app;
    const TestMerchant merchant = app.add_merchant("Shop");
    const std::string se = "PayExFinancingSe";
    const std::vector<LookupProblemRow> rows{
        {"unknown_se_person", se, lookup_body("811218-9876", "19792"), 403, "invoice/forbidden",
         "ExternalResponse", ""},
        {"unknown_no_person", "PayExFinancingNo", lookup_body("01019012480", "1642"), 403,
         "invoice/forbidden", "ExternalResponse", ""},
        {"unknown_fi_person", "PayExFinancingFi", lookup_body("010190-123M", "90500"), 403,
         "invoice/forbidden", "ExternalResponse", ""},
        {"zip_mismatch", se, lookup_body("196003071161", "17674"), 400, "invoice/inputerror",
         "ExternalResponse", "30 - ValidationError"},
        {"bad_checksum", se, lookup_body("196003071162", "19792"), 400, "inputerror",
         "Addressee.SocialSecurityNumber", ""},
        {"norwegian_ssn_on_se", se, lookup_body("26026708248", "19792"), 400, "inputerror",
         "Addressee.SocialSecurityNumber", ""},
        {"swedish_ssn_on_no", "PayExFinancingNo", lookup_body("196003071161", "1642"), 400,
         "inputerror", "Addressee.SocialSecurityNumber", ""},
        {"letters_ssn", se, lookup_body("abcdefghij", "19792"), 400, "inputerror",
         "Addressee.SocialSecurityNumber", ""},
        {"zip_four_digits_se", se, lookup_body("196003071161", "1979"), 400, "inputerror",
         "Addressee.ZipCode", ""},
        {"zip_letters", se, lookup_body("196003071161", "ABCDE"), 400, "inputerror",
         "Addressee.ZipCode", ""},
        {"zip_five_digits_no", "PayExFinancingNo", lookup_body("26026708248", "16420"), 400,
         "inputerror", "Addressee.ZipCode", ""},
        {"ssn_missing", se, json::object{{"addressee", json::object{{"zipCode", "19792"}}}}, 400,
         "inputerror", "Addressee.SocialSecurityNumber", ""},
        {"zip_missing", se,
         json::object{{"addressee", json::object{{"socialSecurityNumber", "196003071161"}}}}, 400,
         "inputerror", "Addressee.ZipCode", ""},
        {"addressee_missing", se, json::object{}, 400, "inputerror", "Addressee", ""},
    };
    for (const LookupProblemRow& row : rows) {
        SCOPED_TRACE(row.name);
        const std::string id = app.create_payment(merchant, 10000, row.invoice_type);
        const ClientResponse response = post(app, merchant, id + "/approvedlegaladdress", row.body);
        expect_problem(response, row.status, row.type, row.problem_name);
        if (!row.description.empty() && response.status == row.status) {
            EXPECT_EQ(json::value(row.description),
                      json::parse(response.body).at("problems").as_array().at(0).at("description"));
        }
        EXPECT_EQ(404, app.call("GET", id + "/approvedlegaladdress", merchant.token).status);
        EXPECT_FALSE(
            fetch(app, merchant, id).at("payment").as_object().contains("approvedLegalAddress"));
    }
}

TEST(ApprovedLegalAddress, IsNotAllowedAfterAuthorizationOrAbort) {
    TestApp app;
    const TestMerchant merchant = app.add_merchant("Shop");
    const std::string authorized_id = app.create_payment(merchant);
    ASSERT_EQ(201, app.authorize(merchant, authorized_id).status);
    expect_problem(post(app, merchant, authorized_id + "/approvedlegaladdress",
                        lookup_body("196003071161", "19792")),
                   403, "forbidden", "ApprovedLegalAddress");

    const std::string aborted_id = app.create_payment(merchant);
    ASSERT_EQ(200,
              app.call("PATCH", aborted_id, merchant.token, R"({"payment":{"operation":"Abort"}})")
                  .status);
    expect_problem(post(app, merchant, aborted_id + "/approvedlegaladdress",
                        lookup_body("196003071161", "19792")),
                   403, "forbidden", "ApprovedLegalAddress");
    EXPECT_EQ(404, app.call("GET", aborted_id + "/approvedlegaladdress", merchant.token).status);
}

TEST(ApprovedLegalAddress, TheLatestSuccessfulLookupReplacesTheStoredOne) {
    TestApp app;
    const TestMerchant merchant = app.add_merchant("Shop");
    const std::string id = app.create_payment(merchant);
    ASSERT_EQ(201,
              post(app, merchant, id + "/approvedlegaladdress", lookup_body("971020-2392", "17674"))
                  .status);
    ASSERT_EQ(201,
              post(app, merchant, id + "/approvedlegaladdress", lookup_body("971020-2392", "19792"))
                  .status);
    EXPECT_EQ(
        "Bro",
        fetch(app, merchant, id + "/approvedlegaladdress").at("approvedLegalAddress").at("city"));
    // A failing lookup keeps what the last successful one found.
    EXPECT_EQ(400,
              post(app, merchant, id + "/approvedlegaladdress", lookup_body("971020-2392", "55560"))
                  .status);
    EXPECT_EQ(403,
              post(app, merchant, id + "/approvedlegaladdress", lookup_body("811218-9876", "19792"))
                  .status);
    const json::value stored = fetch(app, merchant, id + "/approvedlegaladdress");
    EXPECT_EQ("Leia Ahlström", stored.at("approvedLegalAddress").at("addressee"));
    EXPECT_EQ("Bro", stored.at("approvedLegalAddress").at("city"));
    ASSERT_EQ(201,
              post(app, merchant, id + "/approvedlegaladdress", lookup_body("600307-1161", "19792"))
                  .status);
    EXPECT_EQ("Azra Oliveira", fetch(app, merchant, id + "/approvedlegaladdress")
                                   .at("approvedLegalAddress")
                                   .at("addressee"));
    EXPECT_EQ(awaiting_authorization, rels_of(fetch(app, merchant, id)));
}

// ---------------------------------------------------------------------------------------------
// Authorization (§12, §17, §18.2, §19.6).

TEST(Authorization, TheRecordedRequestCompletesAndShowsItsResources) {
    TestApp app;
    const TestMerchant merchant = app.add_merchant("Shop");
    const std::string id = app.create_payment(merchant);
    const json::value payee_info = fetch(app, merchant, id + "/payeeinfo");

    const ClientResponse created =
        post(app, merchant, id + "/authorizations", recorded_authorization());
    ASSERT_EQ(201, created.status) << created.body;
    const json::value body = json::parse(created.body);
    EXPECT_EQ(json::value(id), body.at("payment"));
    const json::value& authorization = body.at("authorization");
    EXPECT_EQ((std::vector<std::string>{"shippingAddress", "legalAddress", "id", "transaction"}),
              keys_of(authorization));
    EXPECT_EQ(json::value(id + "/shippingaddress"), authorization.at("shippingAddress").at("id"));
    EXPECT_EQ(json::value(id + "/legaladdress"), authorization.at("legalAddress").at("id"));
    const std::string authorization_id = text_of(authorization.at("id"));
    const std::string transaction_id = authorization_id.substr(authorization_id.rfind('/') + 1);
    EXPECT_EQ(id + "/authorizations/" + transaction_id, authorization_id);
    EXPECT_EQ(app.base_url() + authorization_id, created.header("Location"));

    const json::value& transaction = authorization.at("transaction");
    EXPECT_EQ((std::vector<std::string>{"id", "created", "updated", "type", "state", "number",
                                        "amount", "vatAmount", "description", "payeeReference",
                                        "isOperational", "operations"}),
              keys_of(transaction));
    EXPECT_EQ(json::value(id + "/transactions/" + transaction_id), transaction.at("id"));
    EXPECT_EQ("Authorization", transaction.at("type"));
    EXPECT_EQ("Completed", transaction.at("state"));
    EXPECT_EQ(10000, transaction.at("amount").as_int64());
    EXPECT_EQ(0, transaction.at("vatAmount").as_int64());
    EXPECT_EQ("test description", transaction.at("description"));
    EXPECT_EQ(payee_info.at("payeeInfo").at("payeeReference"), transaction.at("payeeReference"));
    EXPECT_FALSE(transaction.at("isOperational").as_bool());
    EXPECT_TRUE(transaction.at("operations").as_array().empty());

    const json::value payment_document = fetch(app, merchant, id);
    const json::value& payment = payment_document.at("payment");
    EXPECT_EQ("Ready", payment.at("state"));
    EXPECT_EQ(10000, payment.at("amount").as_int64());
    EXPECT_EQ(10000, payment.at("remainingCaptureAmount").as_int64());
    EXPECT_EQ(10000, payment.at("remainingCancellationAmount").as_int64());
    EXPECT_FALSE(payment.as_object().contains("remainingReversalAmount"));
    EXPECT_EQ(json::value(id + "/transactions"), payment.at("transactions").at("id"));
    EXPECT_EQ(json::value(id + "/authorizations"), payment.at("authorizations").at("id"));
    EXPECT_EQ(authorized, rels_of(payment_document));

    const json::object single{{"payment", id}, {"authorization", authorization}};
    EXPECT_EQ(json::serialize(single), app.call("GET", authorization_id, merchant.token).body);
    const json::object list{
        {"payment", id},
        {"authorizations", json::object{{"id", id + "/authorizations"},
                                        {"authorizationList", json::array{authorization}}}}};
    EXPECT_EQ(json::serialize(list), app.call("GET", id + "/authorizations", merchant.token).body);
    const json::object transactions{
        {"payment", id},
        {"transactions", json::object{{"id", id + "/transactions"},
                                      {"transactionList", json::array{transaction}}}}};
    EXPECT_EQ(json::serialize(transactions),
              app.call("GET", id + "/transactions", merchant.token).body);
    const json::object one_transaction{{"payment", id}, {"transaction", transaction}};
    EXPECT_EQ(json::serialize(one_transaction),
              app.call("GET", id + "/transactions/" + transaction_id, merchant.token).body);

    const json::object consumer{{"payment", id},
                                {"consumer", json::object{{"id", id + "/consumer"},
                                                          {"socialSecurityNumber", "196003071161"},
                                                          {"customerNumber", "123456"},
                                                          {"email", "azra.oliveira@payex.com"},
                                                          {"msisdn", "+46739000001"},
                                                          {"ip", "127.0.0.1"}}}};
    EXPECT_EQ(json::serialize(consumer), app.call("GET", id + "/consumer", merchant.token).body);
    const auto address = [&](const std::string& key, const std::string& path) {
        return json::serialize(json::object{{"payment", id},
                                            {key, json::object{{"id", id + path},
                                                               {"addressee", "Azra Oliveira"},
                                                               {"streetAddress", "Helgestavägen 9"},
                                                               {"zipCode", "19792"},
                                                               {"city", "Bro"},
                                                               {"countryCode", "SE"}}}});
    };
    EXPECT_EQ(address("legalAddress", "/legaladdress"),
              app.call("GET", id + "/legaladdress", merchant.token).body);
    EXPECT_EQ(address("shippingAddress", "/shippingaddress"),
              app.call("GET", id + "/shippingaddress", merchant.token).body);
    EXPECT_EQ(404, app.call("GET", id + "/billingaddress", merchant.token).status);

    const json::object paid{
        {"payment", id},
        {"paid", json::object{{"id", id + "/paid"},
                              {"number", payment.at("number")},
                              {"transaction", json::object{{"id", transaction.at("id")},
                                                           {"number", transaction.at("number")}}},
                              {"payeeReference", payee_info.at("payeeInfo").at("payeeReference")},
                              {"amount", 10000}}}};
    EXPECT_EQ(json::serialize(paid), app.call("GET", id + "/paid", merchant.token).body);
}

TEST(Authorization, PayerResourcesAnswerNotFoundBeforeAnyAuthorization) {
    TestApp app;
    const TestMerchant merchant = app.add_merchant("Shop");
    const std::string id = app.create_payment(merchant);
    for (const std::string sub : {"/consumer", "/legaladdress", "/shippingaddress",
                                  "/billingaddress", "/paid", "/failed"}) {
        EXPECT_EQ(404, app.call("GET", id + sub, merchant.token).status) << sub;
    }
}

TEST(Authorization, ABillingAddressIsShownAndShippedTo) {
    TestApp app;
    const TestMerchant merchant = app.add_merchant("Shop");
    const std::string id = app.create_payment(merchant);
    json::object body = recorded_authorization();
    body["billingAddress"] = json::object{
        {"addressee", "Azra Oliveira"}, {"coAddress", "c/o Ek"}, {"streetAddress", "Storgatan 1"},
        {"zipCode", "11122"},           {"city", "Stockholm"},   {"countryCode", "SE"}};
    const ClientResponse created = post(app, merchant, id + "/authorizations", body);
    ASSERT_EQ(201, created.status) << created.body;
    EXPECT_EQ("Completed",
              json::parse(created.body).at("authorization").at("transaction").at("state"));
    const auto billing = [&](const std::string& key, const std::string& path) {
        return json::serialize(json::object{{"payment", id},
                                            {key, json::object{{"id", id + path},
                                                               {"addressee", "Azra Oliveira"},
                                                               {"coAddress", "c/o Ek"},
                                                               {"streetAddress", "Storgatan 1"},
                                                               {"zipCode", "11122"},
                                                               {"city", "Stockholm"},
                                                               {"countryCode", "SE"}}}});
    };
    EXPECT_EQ(billing("billingAddress", "/billingaddress"),
              app.call("GET", id + "/billingaddress", merchant.token).body);
    EXPECT_EQ(billing("shippingAddress", "/shippingaddress"),
              app.call("GET", id + "/shippingaddress", merchant.token).body);
    EXPECT_EQ("Helgestavägen 9",
              fetch(app, merchant, id + "/legaladdress").at("legalAddress").at("streetAddress"));
}

TEST(Authorization, AcceptsTheLenientSpellingsOfTheDocs) {
    TestApp app;
    const TestMerchant merchant = app.add_merchant("Shop");
    const std::string id = app.create_payment(merchant);
    json::object body = recorded_authorization();
    consumer_of(body)["socialSecurityNumber"] = "600307-1161";
    consumer_of(body)["customerNumber"] = 123456;  // An integer is converted (§12.1).
    legal_of(body)["countryCode"] = "se";          // The docs' example writes "no".
    legal_of(body)["zipCode"] = "197 92";          // Compared without spaces.
    const ClientResponse created = post(app, merchant, id + "/authorizations", body);
    ASSERT_EQ(201, created.status) << created.body;
    EXPECT_EQ("Completed",
              json::parse(created.body).at("authorization").at("transaction").at("state"));
    const json::value consumer = fetch(app, merchant, id + "/consumer");
    EXPECT_EQ("123456", consumer.at("consumer").at("customerNumber"));
    const json::value legal = fetch(app, merchant, id + "/legaladdress");
    EXPECT_EQ("19792", legal.at("legalAddress").at("zipCode"));
    EXPECT_EQ("SE", legal.at("legalAddress").at("countryCode"));
}

TEST(Authorization, WorksForEveryCountrysTestPerson) {
    TestApp app;
    const TestMerchant merchant = app.add_merchant("Shop");
    for (const auto& [invoice_type, country] :
         {std::pair<std::string, std::string>{"PayExFinancingSe", "SE"},
          {"PayExFinancingNo", "NO"},
          {"PayExFinancingFi", "FI"}}) {
        SCOPED_TRACE(country);
        const std::string id = app.create_payment(merchant, 10000, invoice_type);
        const ClientResponse created = app.authorize(merchant, id, country);
        ASSERT_EQ(201, created.status) << created.body;
        EXPECT_EQ("Completed",
                  json::parse(created.body).at("authorization").at("transaction").at("state"));
        EXPECT_EQ(json::value(country),
                  fetch(app, merchant, id + "/legaladdress").at("legalAddress").at("countryCode"));
        // Another country's person on this payment is refused before any decision.
        const std::string other = app.create_payment(merchant, 10000, invoice_type);
        const ClientResponse refused =
            app.authorize(merchant, other, country == "SE" ? "NO" : "SE");
        EXPECT_EQ(400, refused.status) << refused.body;
    }
}

struct BodyCase {
    std::string name;
    std::function<void(json::object&)> change;
    std::string expected_problem_name;
};

std::ostream& operator<<(std::ostream& out, const BodyCase& c) { return out << c.name; }

// One server for the whole table: each case is a fresh payment.
class AuthorizationRejects : public ::testing::TestWithParam<BodyCase> {
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
TestApp* AuthorizationRejects::app_ = nullptr;
TestMerchant* AuthorizationRejects::merchant_ = nullptr;

TEST_P(AuthorizationRejects, WithTheNamedProblemAndLeavesThePaymentAsItWas) {
    const std::string id = app_->create_payment(*merchant_);
    const std::string before = app_->call("GET", id, merchant_->token).body;
    json::object body = recorded_authorization();
    GetParam().change(body);
    expect_problem(post(*app_, *merchant_, id + "/authorizations", body), 400, "inputerror",
                   GetParam().expected_problem_name);
    const ClientResponse after = app_->call("GET", id, merchant_->token);
    EXPECT_EQ(before, after.body);
    const json::value document = json::parse(after.body);
    EXPECT_EQ("Ready", document.at("payment").at("state"));
    EXPECT_FALSE(document.at("payment").as_object().contains("transactions"));
    EXPECT_EQ(awaiting_authorization, rels_of(document));
}

void erase(json::object& object, std::string_view key) { object.erase(key); }

// The codec's rules run in full against decode_authorize (tests/http/decode_transaction_test.cpp);
// here three of them show the wiring, and the rest are the rules only the service can decide: the
// identity number, zip code and country against the payment's country.
INSTANTIATE_TEST_SUITE_P(
    Rules, AuthorizationRejects,
    ::testing::Values(
        BodyCase{"transaction_missing", [](json::object& b) { erase(b, "transaction"); },
                 "Transaction"},
        BodyCase{"ssn_bad_checksum",
                 [](json::object& b) { consumer_of(b)["socialSecurityNumber"] = "196003071162"; },
                 "Consumer.SocialSecurityNumber"},
        BodyCase{"ssn_of_norway",
                 [](json::object& b) { consumer_of(b)["socialSecurityNumber"] = "26026708248"; },
                 "Consumer.SocialSecurityNumber"},
        BodyCase{"ssn_of_finland",
                 [](json::object& b) { consumer_of(b)["socialSecurityNumber"] = "100584-451P"; },
                 "Consumer.SocialSecurityNumber"},
        BodyCase{"msisdn_without_plus",
                 [](json::object& b) { consumer_of(b)["msisdn"] = "46739000001"; },
                 "Consumer.Msisdn"},
        BodyCase{"email_without_at",
                 [](json::object& b) { consumer_of(b)["email"] = "azra.oliveira.payex.com"; },
                 "Consumer.Email"},
        BodyCase{"zip_letters", [](json::object& b) { legal_of(b)["zipCode"] = "ABCDE"; },
                 "LegalAddress.ZipCode"},
        BodyCase{"zip_four_digits", [](json::object& b) { legal_of(b)["zipCode"] = "1979"; },
                 "LegalAddress.ZipCode"},
        BodyCase{"country_of_another_payment",
                 [](json::object& b) { legal_of(b)["countryCode"] = "NO"; },
                 "LegalAddress.CountryCode"},
        BodyCase{"billing_of_another_country",
                 [](json::object& b) {
                     b["billingAddress"] = json::object{{"addressee", "Azra Oliveira"},
                                                        {"streetAddress", "Gate 1"},
                                                        {"zipCode", "1642"},
                                                        {"city", "Saltnes"},
                                                        {"countryCode", "NO"}};
                 },
                 "BillingAddress.CountryCode"}),
    [](const ::testing::TestParamInfo<BodyCase>& rule) { return rule.param.name; });

// ---------------------------------------------------------------------------------------------
// Credit-provider outcomes (test-data §3.2) and the attempts rule (§3.3).

struct OutcomeRow {
    std::string name;
    std::int64_t amount;
    std::function<void(json::object&)> change;  // Of the recorded authorization body.
    std::optional<std::string> error_code;
    std::string error_description;
};

void no_change(json::object&) {}

TEST(Authorization, EveryFailingCreditOutcomeIsACreatedFailedTransaction) {
    TestApp app;
    const TestMerchant merchant = app.add_merchant("Shop");
    const std::vector<OutcomeRow> rows{
        {"no_error_code", 900001, no_change, std::nullopt, "No error code"},
        {"validation_warning", 900010, no_change, "10", "ValidationWarning"},
        {"validation_error", 900030, no_change, "30", "ValidationError"},
        {"client_request_invalid", 903010, no_change, "3010", "ClientRequestInvalid"},
        {"error", 900040, no_change, "40", "Error"},
        {"system_configuration_error", 900050, no_change, "50", "SystemConfigurationError"},
        {"system_error", 900060, no_change, "60", "SystemError"},
        {"server_other_server", 909999, no_change, "9999", "ServerOtherServer"},
        {"credit_not_approved", 900403, no_change, "1001", "CreditNotApproved"},
        {"unknown_person", 10000,
         [](json::object& b) { consumer_of(b)["socialSecurityNumber"] = "811218-9876"; }, "1001",
         "CreditNotApproved"},
        {"zip_not_registered", 10000, [](json::object& b) { legal_of(b)["zipCode"] = "17674"; },
         "30", "ValidationError"},
    };
    for (const OutcomeRow& row : rows) {
        SCOPED_TRACE(row.name);
        const std::string id = app.create_payment(merchant, row.amount);
        json::object body = recorded_authorization();
        row.change(body);
        const ClientResponse created = post(app, merchant, id + "/authorizations", body);
        ASSERT_EQ(201, created.status) << created.body;
        const json::value document = json::parse(created.body);
        const std::string authorization_id = text_of(document.at("authorization").at("id"));
        EXPECT_EQ(app.base_url() + authorization_id, created.header("Location"));
        const json::value& transaction = document.at("authorization").at("transaction");
        const std::string transaction_path = text_of(transaction.at("id"));
        EXPECT_EQ("Failed", transaction.at("state"));
        EXPECT_EQ(row.amount, transaction.at("amount").as_int64());
        EXPECT_EQ("ExternalResponseError", transaction.at("failedReason"));
        EXPECT_EQ("Authorize", transaction.at("failedActivityName"));
        if (row.error_code) {
            EXPECT_EQ(json::value(*row.error_code), transaction.at("failedErrorCode"));
        } else {
            EXPECT_FALSE(transaction.as_object().contains("failedErrorCode")) << created.body;
        }
        EXPECT_EQ(json::value(row.error_description), transaction.at("failedErrorDescription"));
        EXPECT_TRUE(transaction.at("isOperational").as_bool());
        EXPECT_EQ(json::value(transaction_path + "/activities"),
                  transaction.at("activities").at("id"));
        const std::vector<std::string> keys = keys_of(transaction);
        const std::vector<std::string> tail(keys.end() - 3, keys.end());
        EXPECT_EQ((std::vector<std::string>{"isOperational", "activities", "operations"}), tail);

        const json::value activities = fetch(app, merchant, transaction_path + "/activities");
        EXPECT_EQ(json::value(transaction_path), activities.at("transaction"));
        EXPECT_EQ(json::value(transaction_path + "/activities"),
                  activities.at("activities").at("id"));
        const json::array& list = activities.at("activities").at("activityList").as_array();
        ASSERT_EQ(1u, list.size());
        EXPECT_EQ("Authorize", list.at(0).at("name"));
        EXPECT_EQ("Failed", list.at(0).at("state"));
        if (row.error_code) {
            EXPECT_EQ(json::value(*row.error_code), list.at(0).at("errorCode"));
        }
        EXPECT_EQ(json::value(row.error_description), list.at(0).at("errorDescription"));

        const json::value payment = fetch(app, merchant, id);
        EXPECT_EQ("Ready", payment.at("payment").at("state"));
        EXPECT_EQ(0, payment.at("payment").at("amount").as_int64());
        EXPECT_FALSE(payment.at("payment").as_object().contains("remainingCaptureAmount"));
        EXPECT_EQ(json::value(id + "/authorizations"),
                  payment.at("payment").at("authorizations").at("id"));
        EXPECT_EQ(awaiting_authorization, rels_of(payment));
        EXPECT_EQ(404, app.call("GET", id + "/failed", merchant.token).status)
            << "attempts are left";
    }
}

TEST(Authorization, AnUndecidedAnswerLeavesThePaymentPending) {
    TestApp app;
    const TestMerchant merchant = app.add_merchant("Shop");
    const std::string id = app.create_payment(merchant, 900999);
    const ClientResponse created =
        post(app, merchant, id + "/authorizations", recorded_authorization());
    ASSERT_EQ(201, created.status) << created.body;
    const json::value transaction = json::parse(created.body).at("authorization").at("transaction");
    EXPECT_EQ("Initialized", transaction.at("state"));
    EXPECT_TRUE(transaction.at("isOperational").as_bool());
    EXPECT_FALSE(transaction.as_object().contains("failedReason"));

    const std::string before = app.call("GET", id, merchant.token).body;
    const json::value payment = json::parse(before);
    EXPECT_EQ("Pending", payment.at("payment").at("state"));
    EXPECT_EQ(0, payment.at("payment").at("amount").as_int64());
    EXPECT_TRUE(payment.at("operations").as_array().empty());

    expect_problem(post(app, merchant, id + "/authorizations", recorded_authorization()), 403,
                   "forbidden", "Authorization");
    expect_problem(app.call("PATCH", id, merchant.token, R"({"payment":{"operation":"Abort"}})"),
                   403, "forbidden", "Abort");
    expect_problem(
        post(app, merchant, id + "/approvedlegaladdress", lookup_body("196003071161", "19792")),
        403, "forbidden", "ApprovedLegalAddress");
    EXPECT_EQ(before, app.call("GET", id, merchant.token).body);
    EXPECT_EQ(1u, fetch(app, merchant, id + "/authorizations")
                      .at("authorizations")
                      .at("authorizationList")
                      .as_array()
                      .size());
}

TEST(Authorization, TheThirdFailedAttemptFailsThePayment) {
    TestApp app;
    const TestMerchant merchant = app.add_merchant("Shop");
    const std::string id = app.create_payment(merchant, 900403);
    for (int attempt = 1; attempt <= 3; ++attempt) {
        SCOPED_TRACE(attempt);
        const ClientResponse response =
            post(app, merchant, id + "/authorizations", recorded_authorization());
        ASSERT_EQ(201, response.status) << response.body;
        const json::value transaction =
            json::parse(response.body).at("authorization").at("transaction");
        EXPECT_EQ("Failed", transaction.at("state"));
        EXPECT_EQ(attempt < 3, transaction.at("isOperational").as_bool());
        const json::value payment = fetch(app, merchant, id);
        EXPECT_EQ(attempt < 3 ? "Ready" : "Failed", payment.at("payment").at("state"));
        EXPECT_EQ(attempt < 3 ? awaiting_authorization : std::vector<std::string>{"failed-payment"},
                  rels_of(payment));
    }
    const ClientResponse failed = app.call("GET", id + "/failed", merchant.token);
    ASSERT_EQ(200, failed.status) << failed.body;
    EXPECT_EQ("application/problem+json; charset=utf-8", failed.header("Content-Type"));
    const json::value problem = json::parse(failed.body).at("problem");
    EXPECT_EQ("https://api.payex.com/psp/errordetail/invoice/forbidden", problem.at("type"));
    EXPECT_EQ(403, problem.at("status").as_int64());

    const std::string before = app.call("GET", id, merchant.token).body;
    expect_problem(post(app, merchant, id + "/authorizations", recorded_authorization()), 403,
                   "forbidden", "Authorization");
    expect_problem(app.call("PATCH", id, merchant.token, R"({"payment":{"operation":"Abort"}})"),
                   403, "forbidden", "Abort");
    EXPECT_EQ(before, app.call("GET", id, merchant.token).body);
    EXPECT_EQ(3u, fetch(app, merchant, id + "/authorizations")
                      .at("authorizations")
                      .at("authorizationList")
                      .as_array()
                      .size());
    EXPECT_EQ(404, app.call("GET", id + "/paid", merchant.token).status);
}

struct FailedRow {
    std::int64_t amount;
    std::string type;
    int status;
    std::string description;
};

TEST(Authorization, TheFailedResourceNamesTheProblemFamilyOfTheLastAttempt) {
    TestApp app;
    const TestMerchant merchant = app.add_merchant("Shop");
    const std::vector<FailedRow> rows{
        {900001, "invoice/externalerror", 500, "No error code"},
        {900030, "invoice/inputerror", 400, "30 - ValidationError"},
        {900040, "invoice/externalerror", 502, "40 - Error"},
        {909999, "invoice/externalerror", 502, "9999 - ServerOtherServer"},
        {900403, "invoice/forbidden", 403, "1001 - CreditNotApproved"},
    };
    for (const FailedRow& row : rows) {
        SCOPED_TRACE(row.amount);
        const std::string id = app.create_payment(merchant, row.amount);
        for (int attempt = 0; attempt < 3; ++attempt) {
            ASSERT_EQ(201,
                      post(app, merchant, id + "/authorizations", recorded_authorization()).status);
        }
        const ClientResponse failed = app.call("GET", id + "/failed", merchant.token);
        ASSERT_EQ(200, failed.status) << failed.body;
        EXPECT_EQ("application/problem+json; charset=utf-8", failed.header("Content-Type"));
        const json::object expected{
            {"problem",
             json::object{
                 {"type", "https://api.payex.com/psp/errordetail/" + row.type},
                 {"title", "Operation failed"},
                 {"status", row.status},
                 {"detail", "Unable to complete Authorization transaction, look at problem node!"},
                 {"problems", json::array{json::object{{"name", "ExternalResponse"},
                                                       {"description", row.description}}}}}}};
        EXPECT_EQ(json::serialize(expected), failed.body);
    }
}

TEST(Authorization, ASlowCreditProviderDelaysTheAnswerThenCompletes) {
    cli::ServeOptions options;
    options.slow_answer_delay = std::chrono::milliseconds{300};
    // The registry's wait is recorded instead of slept: the answer waits for it, no test does.
    std::mutex mutex;
    std::vector<std::chrono::milliseconds> waits;
    TestApp app(options, cli::Environment{nullptr, [&](std::chrono::milliseconds delay) {
                                              std::lock_guard lock(mutex);
                                              waits.push_back(delay);
                                          }});
    const TestMerchant merchant = app.add_merchant("Shop");
    const std::string id = app.create_payment(merchant, 900504);
    const ClientResponse response =
        post(app, merchant, id + "/authorizations", recorded_authorization());
    ASSERT_EQ(201, response.status) << response.body;
    {
        std::lock_guard lock(mutex);
        EXPECT_EQ(std::vector<std::chrono::milliseconds>{std::chrono::milliseconds{300}}, waits);
    }
    EXPECT_EQ("Completed",
              json::parse(response.body).at("authorization").at("transaction").at("state"));
    EXPECT_EQ(900504,
              fetch(app, merchant, id).at("payment").at("remainingCaptureAmount").as_int64());
}

TEST(Authorization, EightRacingClientsAuthorizeOnceAndOnlyOnce) {
    TestApp app;
    const TestMerchant merchant = app.add_merchant("Racing shop");
    constexpr int clients = 8;
    const std::string body = json::serialize(recorded_authorization());
    for (int round = 0; round < 4; ++round) {
        SCOPED_TRACE(round);
        const std::string id = app.create_payment(merchant);
        std::vector<ClientResponse> responses(clients);
        std::latch start(clients);
        std::vector<std::thread> threads;
        for (int i = 0; i < clients; ++i) {
            threads.emplace_back([&, i] {
                start.arrive_and_wait();
                responses[static_cast<std::size_t>(i)] =
                    app.call("POST", id + "/authorizations", merchant.token, body);
            });
        }
        for (auto& thread : threads) thread.join();
        int completed = 0;
        for (const ClientResponse& response : responses) {
            if (response.status == 201) {
                ++completed;
                EXPECT_EQ(
                    "Completed",
                    json::parse(response.body).at("authorization").at("transaction").at("state"));
            } else {
                expect_problem(response, 403, "forbidden", "Authorization");
            }
        }
        EXPECT_EQ(1, completed);
        EXPECT_EQ(1u, fetch(app, merchant, id + "/authorizations")
                          .at("authorizations")
                          .at("authorizationList")
                          .as_array()
                          .size());
        const json::value payment = fetch(app, merchant, id);
        EXPECT_EQ(10000, payment.at("payment").at("amount").as_int64());
        EXPECT_EQ(authorized, rels_of(payment));
    }
}

// ---------------------------------------------------------------------------------------------
// Verify (§8, §13) and tokens (§20).

TEST(Verification, CompletesWithARecurrenceTokenOnlyOnVerifyPayments) {
    TestApp app;
    const TestMerchant merchant = app.add_merchant("Shop");
    const std::string id = created_payment(app, merchant, [](json::object& payment) {
        payment["operation"] = "Verify";
        payment.erase("intent");
        payment.erase("prices");
    });
    const std::string before = app.call("GET", id, merchant.token).body;
    const json::value created_document = json::parse(before);
    EXPECT_EQ((std::vector<std::string>{"update-payment-abort", "create-verification",
                                        "redirect-verification", "view-verification"}),
              rels_of(created_document));
    expect_problem(post(app, merchant, id + "/authorizations", recorded_authorization()), 403,
                   "forbidden", "Authorization");
    EXPECT_EQ(before, app.call("GET", id, merchant.token).body);

    const ClientResponse verified =
        post(app, merchant, id + "/verifications", recorded_authorization());
    ASSERT_EQ(201, verified.status) << verified.body;
    const json::value body = json::parse(verified.body);
    const json::value& verification = body.at("verification");
    EXPECT_EQ((std::vector<std::string>{"legalAddress", "id", "recurrenceToken", "transaction"}),
              keys_of(verification));
    const std::string verification_id = text_of(verification.at("id"));
    const std::string transaction_id = verification_id.substr(verification_id.rfind('/') + 1);
    EXPECT_EQ(id + "/verifications/" + transaction_id, verification_id);
    EXPECT_EQ(app.base_url() + verification_id, verified.header("Location"));
    const json::value& transaction = verification.at("transaction");
    EXPECT_EQ("Verification", transaction.at("type"));
    EXPECT_EQ("Completed", transaction.at("state"));
    EXPECT_EQ(0, transaction.at("amount").as_int64());
    EXPECT_EQ(0, transaction.at("vatAmount").as_int64());
    EXPECT_FALSE(verification.at("recurrenceToken").as_string().empty());

    const json::value payment = fetch(app, merchant, id);
    EXPECT_EQ(verification.at("recurrenceToken"), payment.at("payment").at("recurrenceToken"));
    EXPECT_EQ(json::value(id + "/verifications"),
              payment.at("payment").at("verifications").at("id"));
    EXPECT_EQ((std::vector<std::string>{"paid-payment"}), rels_of(payment));
    EXPECT_EQ(json::serialize(json::object{{"payment", id}, {"verification", verification}}),
              app.call("GET", verification_id, merchant.token).body);

    const std::string financing = app.create_payment(merchant);
    expect_problem(post(app, merchant, financing + "/verifications", recorded_authorization()), 403,
                   "forbidden", "Verification");
    EXPECT_EQ(awaiting_authorization, rels_of(fetch(app, merchant, financing)));
}

TEST(Verification, AFailedVerificationIsNamedVerifyAndCountsAsAnAttempt) {
    TestApp app;
    const TestMerchant merchant = app.add_merchant("Shop");
    const std::string id = created_payment(app, merchant, [](json::object& payment) {
        payment["operation"] = "Verify";
        payment.erase("intent");
        payment.erase("prices");
    });
    json::object body = recorded_authorization();
    consumer_of(body)["socialSecurityNumber"] =
        "811218-9876";  // Valid, but nobody in the registry.
    for (int attempt = 1; attempt <= 3; ++attempt) {
        SCOPED_TRACE(attempt);
        const ClientResponse response = post(app, merchant, id + "/verifications", body);
        ASSERT_EQ(201, response.status) << response.body;
        const json::value transaction =
            json::parse(response.body).at("verification").at("transaction");
        EXPECT_EQ("Failed", transaction.at("state"));
        EXPECT_EQ("Verify", transaction.at("failedActivityName"));
        EXPECT_EQ("1001", transaction.at("failedErrorCode"));
        EXPECT_EQ(attempt < 3, transaction.at("isOperational").as_bool());
        const json::value activities =
            fetch(app, merchant, text_of(transaction.at("activities").at("id")));
        EXPECT_EQ("Verify",
                  activities.at("activities").at("activityList").as_array().at(0).at("name"));
    }
    const json::value payment = fetch(app, merchant, id);
    EXPECT_EQ("Failed", payment.at("payment").at("state"));
    EXPECT_FALSE(payment.at("payment").as_object().contains("recurrenceToken"));
    EXPECT_EQ((std::vector<std::string>{"failed-payment"}), rels_of(payment));
    const json::value problem = fetch(app, merchant, id + "/failed").at("problem");
    EXPECT_EQ("https://api.payex.com/psp/errordetail/invoice/forbidden", problem.at("type"));
    EXPECT_EQ("Unable to complete Verification transaction, look at problem node!",
              problem.at("detail"));
}

TEST(Verification, IsThePaidTransactionOfAVerifiedPayment) {
    TestApp app;
    const TestMerchant merchant = app.add_merchant("Shop");
    const std::string id = created_payment(app, merchant, [](json::object& payment) {
        payment["operation"] = "Verify";
        payment.erase("intent");
        payment.erase("prices");
        payment["generatePaymentToken"] = true;
    });
    const ClientResponse verified =
        post(app, merchant, id + "/verifications", recorded_authorization());
    ASSERT_EQ(201, verified.status) << verified.body;
    const json::value verification = json::parse(verified.body).at("verification");
    EXPECT_EQ((std::vector<std::string>{"legalAddress", "id", "paymentToken", "recurrenceToken",
                                        "transaction"}),
              keys_of(verification));
    const json::value paid = fetch(app, merchant, id + "/paid");
    EXPECT_EQ(verification.at("transaction").at("id"), paid.at("paid").at("transaction").at("id"));
    EXPECT_EQ(0, paid.at("paid").at("amount").as_int64());
    EXPECT_EQ(2u, paid.at("paid").at("tokens").as_array().size());
    expect_problem(post(app, merchant, id + "/verifications", recorded_authorization()), 403,
                   "forbidden", "Verification");
    EXPECT_EQ(1u, fetch(app, merchant, id + "/verifications")
                      .at("verifications")
                      .at("verificationList")
                      .as_array()
                      .size());
}

TEST(Tokens, AreShownOnTheAuthorizationThePaymentAndPaid) {
    TestApp app;
    const TestMerchant merchant = app.add_merchant("Shop");
    const std::string id = created_payment(app, merchant, [](json::object& payment) {
        payment["generatePaymentToken"] = true;
        payment["generateRecurrenceToken"] = true;
    });
    const ClientResponse created =
        post(app, merchant, id + "/authorizations", recorded_authorization());
    ASSERT_EQ(201, created.status) << created.body;
    const json::value body = json::parse(created.body);
    const json::value& authorization = body.at("authorization");
    EXPECT_EQ((std::vector<std::string>{"shippingAddress", "legalAddress", "id", "paymentToken",
                                        "recurrenceToken", "transaction"}),
              keys_of(authorization));
    const json::value payment_token = authorization.at("paymentToken");
    const json::value recurrence_token = authorization.at("recurrenceToken");
    EXPECT_NE(payment_token, recurrence_token);

    const json::value payment = fetch(app, merchant, id);
    const std::vector<std::string> keys = keys_of(payment.at("payment"));
    ASSERT_GE(keys.size(), 3u);
    EXPECT_EQ((std::vector<std::string>{"paymentToken", "recurrenceToken", "id"}),
              std::vector<std::string>(keys.begin(), keys.begin() + 3));
    EXPECT_EQ(payment_token, payment.at("payment").at("paymentToken"));
    EXPECT_EQ(recurrence_token, payment.at("payment").at("recurrenceToken"));

    const json::value paid = fetch(app, merchant, id + "/paid");
    const json::array& tokens = paid.at("paid").at("tokens").as_array();
    ASSERT_EQ(2u, tokens.size()) << json::serialize(paid);
    EXPECT_EQ("payment", tokens.at(0).at("type"));
    EXPECT_EQ(payment_token, tokens.at(0).at("token"));
    EXPECT_EQ("600307-****", tokens.at(0).at("name"));
    EXPECT_EQ("recurrence", tokens.at(1).at("type"));
    EXPECT_EQ(recurrence_token, tokens.at(1).at("token"));
    EXPECT_EQ("600307-****", tokens.at(1).at("name"));
}

TEST(Tokens, AreAbsentWhenNotAskedFor) {
    TestApp app;
    const TestMerchant merchant = app.add_merchant("Shop");
    const std::string id = app.create_payment(merchant);
    ASSERT_EQ(201, app.authorize(merchant, id).status);
    EXPECT_FALSE(fetch(app, merchant, id).at("payment").as_object().contains("paymentToken"));
    EXPECT_FALSE(fetch(app, merchant, id + "/paid").at("paid").as_object().contains("tokens"));
}

// ---------------------------------------------------------------------------------------------
// Other merchants (§25: the payee must own the payment).

TEST(Isolation, AnotherMerchantCanNeitherLookUpNorAuthorize) {
    TestApp app;
    const TestMerchant owner = app.add_merchant("Owner");
    const TestMerchant other = app.add_merchant("Other");
    const std::string id = app.create_payment(owner);
    const std::string before = app.call("GET", id, owner.token).body;

    const auto stripped = [](const std::string& body) {
        json::object problem = json::parse(body).as_object();
        problem.erase("sessionId");
        problem.erase("instance");
        return json::serialize(problem);
    };
    const ClientResponse get = app.call("GET", id, other.token);
    ASSERT_EQ(403, get.status);
    EXPECT_EQ("https://api.payex.com/psp/errordetail/forbidden", json::parse(get.body).at("type"));
    const std::vector<std::pair<std::string, std::string>> requests{
        {"/approvedlegaladdress", json::serialize(lookup_body("196003071161", "19792"))},
        {"/approvedlegaladdress", "{}"},
        {"/authorizations", json::serialize(recorded_authorization())},
        {"/authorizations", R"({"transaction":{}})"},
        {"/verifications", json::serialize(recorded_authorization())},
    };
    for (const auto& [sub, body] : requests) {
        const ClientResponse response = app.call("POST", id + sub, other.token, body);
        EXPECT_EQ(403, response.status) << sub << " " << body;
        EXPECT_EQ(stripped(get.body), stripped(response.body)) << sub << " " << body;
    }
    for (const std::string sub :
         {"/approvedlegaladdress", "/maskedapprovedlegaladdress", "/authorizations"}) {
        const ClientResponse response = app.call("GET", id + sub, other.token);
        EXPECT_EQ(403, response.status) << sub;
        EXPECT_EQ(stripped(get.body), stripped(response.body)) << sub;
    }
    EXPECT_EQ(before, app.call("GET", id, owner.token).body);
    EXPECT_EQ(404, app.call("GET", id + "/approvedlegaladdress", owner.token).status);
    EXPECT_EQ(201, app.authorize(owner, id).status) << "the owner can still authorize";
}

}  // namespace
}  // namespace faktura::testing
