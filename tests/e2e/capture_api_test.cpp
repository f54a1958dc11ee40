// Captures, cancellations and reversals over real HTTP against a real server: the recorded flow
// step by step against the §4.3 amounts and §5.2 operations, the invoices captures produce,
// forbidden steps that must change nothing, the body rules the service decides as a table (the
// codec's run in tests/http), payeeReference reuse, and many clients capturing or reversing one
// payment at once without ever moving more money than exists.
#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json.hpp>
#include <chrono>
#include <cstdio>
#include <functional>
#include <latch>
#include <map>
#include <mutex>
#include <random>
#include <thread>

#include "e2e/json_helpers.hpp"
#include "e2e/test_app.hpp"

namespace faktura::testing {
namespace {

namespace json = boost::json;

// The recorded capture request (fixtures/payments-07-capture-payment.json) with a fresh reference.
json::object recorded_capture() {
    return json::object{
        {"transaction",
         json::object{
             {"activity", "FinancingConsumer"},
             {"amount", 1001},
             {"vatAmount", 375},
             {"payeeReference", unique_reference()},
             {"description", "description for transaction"},
             {"itemDescriptions",
              json::array{json::object{{"amount", 1000}, {"description", "item description 1"}},
                          json::object{{"amount", 1}, {"description", "item description 2"}}}},
             {"vatSummary", json::array{json::object{
                                {"amount", 1001}, {"vatPercent", 0}, {"vatAmount", 375}}}}}}};
}

// A capture of one line at 25 % VAT.
json::object capture_of(std::int64_t amount, std::int64_t vat_amount) {
    return json::object{
        {"transaction",
         json::object{{"activity", "FinancingConsumer"},
                      {"amount", amount},
                      {"vatAmount", vat_amount},
                      {"payeeReference", unique_reference()},
                      {"description", "capture"},
                      {"itemDescriptions",
                       json::array{json::object{{"amount", amount}, {"description", "goods"}}}},
                      {"vatSummary", json::array{json::object{{"amount", amount},
                                                              {"vatPercent", 2500},
                                                              {"vatAmount", vat_amount}}}}}}};
}

// The recorded reversal request (fixtures/payments-08-reverse-payment.json) shape.
json::object reversal_of(std::int64_t amount, std::int64_t vat_amount = 0) {
    return json::object{
        {"transaction", json::object{{"activity", "FinancingConsumer"},
                                     {"amount", amount},
                                     {"vatAmount", vat_amount},
                                     {"payeeReference", unique_reference()},
                                     {"description", "Reversal of invoice transaction"}}}};
}

// The recorded cancellation request (fixtures/payments-09-cancel-payment.json) shape.
json::object cancellation() {
    return json::object{{"transaction", json::object{{"activity", "FinancingConsumer"},
                                                     {"payeeReference", unique_reference()},
                                                     {"description", "test cancellation."}}}};
}

json::object& transaction_of(json::object& body) { return body.at("transaction").as_object(); }

std::string country_of(const std::string& invoice_type) {
    if (invoice_type == "PayExFinancingNo") return "NO";
    if (invoice_type == "PayExFinancingFi") return "FI";
    return "SE";
}

// A payment authorized for `amount` (the payment's price carries `vat_amount`).
std::string authorized_payment(TestApp& app, const TestMerchant& merchant,
                               std::int64_t amount = 10000,
                               const std::string& invoice_type = "PayExFinancingSe",
                               std::int64_t vat_amount = 0) {
    std::string id;
    if (vat_amount == 0) {
        id = app.create_payment(merchant, amount, invoice_type);
    } else {
        json::object body =
            json::parse(financing_consumer_body(merchant.payee_id, unique_reference())).as_object();
        json::object& price = body.at("payment").at("prices").as_array().at(0).as_object();
        price["amount"] = amount;
        price["vatAmount"] = vat_amount;
        const ClientResponse created = post(app, merchant, "/psp/invoice/payments", body);
        EXPECT_EQ(201, created.status) << created.body;
        id = text_of(json::parse(created.body).at("payment").at("id"));
    }
    const ClientResponse response = app.authorize(merchant, id, country_of(invoice_type));
    EXPECT_EQ(201, response.status) << response.body;
    EXPECT_EQ("Completed",
              json::parse(response.body).at("authorization").at("transaction").at("state"));
    return id;
}

// A remaining amount of the payment object: absent means 0 (§4.3).
std::int64_t remaining(const json::value& payment, std::string_view name) {
    const json::object& object = payment.at("payment").as_object();
    if (!object.contains(name)) return 0;
    const std::int64_t value = object.at(name).as_int64();
    EXPECT_NE(0, value) << name << " is shown although it is 0";
    return value;
}

std::chrono::sys_days parse_date(const std::string& text) {
    int year = 0;
    unsigned month = 0;
    unsigned day = 0;
    EXPECT_EQ(3, std::sscanf(text.c_str(), "%4d-%2u-%2u", &year, &month, &day)) << text;
    const std::chrono::year_month_day date{std::chrono::year{year}, std::chrono::month{month},
                                           std::chrono::day{day}};
    EXPECT_TRUE(date.ok()) << text;
    return std::chrono::sys_days{date};
}

bool is_luhn_valid(const std::string& digits) {
    int sum = 0;
    bool twice = false;
    for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
        if (*it < '0' || *it > '9') return false;
        int digit = *it - '0';
        if (twice) digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
        sum += digit;
        twice = !twice;
    }
    return digits.size() >= 2 && sum % 10 == 0;
}

// test-data §5.3: weights 7, 3, 1 from the rightmost digit of the base.
bool is_finnish_reference_valid(const std::string& reference) {
    if (reference.size() < 4) return false;
    constexpr int weights[] = {7, 3, 1};
    int sum = 0;
    for (std::size_t i = 0; i + 1 < reference.size(); ++i) {
        const char c = reference[reference.size() - 2 - i];
        if (c < '0' || c > '9') return false;
        sum += (c - '0') * weights[i % 3];
    }
    return reference.back() - '0' == (10 - sum % 10) % 10;
}

// test-data §5.4: move "RFcc" to the end, letters to numbers, the integer mod 97 must be 1.
bool is_rf_valid(const std::string& rf) {
    std::string compact;
    for (char c : rf) {
        if (c != ' ') compact.push_back(c);
    }
    if (compact.size() < 5 || compact.compare(0, 2, "RF") != 0) return false;
    const std::string rotated = compact.substr(4) + compact.substr(0, 4);
    int remainder = 0;
    for (char c : rotated) {
        const int value = c >= 'A' && c <= 'Z' ? c - 'A' + 10 : c - '0';
        remainder = (remainder * (value >= 10 ? 100 : 10) + value) % 97;
    }
    return remainder == 1;
}

// Faktura's invoice object on a capture (README, "Faktura additions").
void expect_invoice(const json::value& capture, const std::string& reference_type) {
    ASSERT_TRUE(capture.as_object().contains("invoice")) << json::serialize(capture);
    const json::value& invoice = capture.at("invoice");
    EXPECT_GT(invoice.at("invoiceNumber").as_int64(), 0);
    const std::chrono::sys_days issued = parse_date(text_of(invoice.at("invoiceDate")));
    EXPECT_EQ(issued + std::chrono::days{14}, parse_date(text_of(invoice.at("dueDate"))));
    EXPECT_EQ(json::value(reference_type), invoice.at("paymentReferenceType"));
    const std::string reference = text_of(invoice.at("paymentReference"));
    if (reference_type == "FinnishReference") {
        EXPECT_TRUE(is_finnish_reference_valid(reference)) << reference;
        const std::string rf = text_of(invoice.at("rfReference"));
        EXPECT_TRUE(is_rf_valid(rf)) << rf;
        std::string rf_compact;
        for (char c : rf) {
            if (c != ' ') rf_compact.push_back(c);
        }
        EXPECT_EQ(reference, rf_compact.substr(4)) << "the RF reference wraps the Finnish one";
    } else {
        EXPECT_TRUE(is_luhn_valid(reference)) << reference;
        EXPECT_FALSE(invoice.as_object().contains("rfReference"));
    }
}

const std::vector<std::string> partly_captured{"create-cancellation", "create-capture",
                                               "create-reversal", "paid-payment"};

// ---------------------------------------------------------------------------------------------
// The flow (§4.3, §5.2, §14–§16).

struct FlowStep {
    std::string name;
    std::string list;  // "captures" or "reversals".
    json::object body;
    std::int64_t remaining_capture;
    std::int64_t remaining_reversal;
    std::vector<std::string> operations;
};

TEST(CaptureFlow, CapturesAndReversesEveryMinorUnitWithTheOperationsOfEachStep) {
    TestApp app;
    const TestMerchant merchant = app.add_merchant("Shop");
    const std::string id = app.create_payment(merchant);
    ASSERT_EQ(201,
              post(app, merchant, id + "/approvedlegaladdress",
                   json::object{{"addressee", json::object{{"socialSecurityNumber", "196003071161"},
                                                           {"zipCode", "19792"}}}})
                  .status);
    ASSERT_EQ(201, app.authorize(merchant, id).status);

    const std::vector<FlowStep> steps{
        {"capture_recorded", "captures", recorded_capture(), 8999, 1001, partly_captured},
        {"capture_rest",
         "captures",
         capture_of(8999, 1800),
         0,
         10000,
         {"create-reversal", "paid-payment"}},
        {"reverse_one", "reversals", reversal_of(1), 0, 9999, {"create-reversal", "paid-payment"}},
        {"reverse_rest", "reversals", reversal_of(9999, 100), 0, 0, {"paid-payment"}},
    };
    std::map<std::string, json::array> listed;
    std::vector<std::string> types{"Authorization"};
    for (const FlowStep& step : steps) {
        SCOPED_TRACE(step.name);
        const ClientResponse response = post(app, merchant, id + "/" + step.list, step.body);
        ASSERT_EQ(201, response.status) << response.body;
        const json::value document = json::parse(response.body);
        EXPECT_EQ(json::value(id), document.at("payment"));
        const bool is_capture = step.list == "captures";
        const json::value& item = document.at(is_capture ? "capture" : "reversal");
        const std::string item_id = text_of(item.at("id"));
        const std::string transaction_id = item_id.substr(item_id.rfind('/') + 1);
        EXPECT_EQ(id + "/" + step.list + "/" + transaction_id, item_id);
        EXPECT_EQ(app.base_url() + item_id, response.header("Location"));
        EXPECT_EQ((is_capture ? std::vector<std::string>{"itemDescriptions", "id", "transaction",
                                                         "invoice"}
                              : std::vector<std::string>{"id", "transaction"}),
                  keys_of(item));
        const json::value& transaction = item.at("transaction");
        const json::value& sent = step.body.at("transaction");
        EXPECT_EQ(json::value(id + "/transactions/" + transaction_id), transaction.at("id"));
        EXPECT_EQ(is_capture ? "Capture" : "Reversal", transaction.at("type"));
        EXPECT_EQ("Completed", transaction.at("state"));
        EXPECT_EQ(sent.at("amount"), transaction.at("amount"));
        EXPECT_EQ(sent.at("vatAmount"), transaction.at("vatAmount"));
        EXPECT_EQ(sent.at("description"), transaction.at("description"));
        EXPECT_EQ(sent.at("payeeReference"), transaction.at("payeeReference"));
        EXPECT_FALSE(transaction.at("isOperational").as_bool());
        EXPECT_GT(transaction.at("reconciliationNumber").as_int64(), 0);
        EXPECT_TRUE(transaction.at("operations").as_array().empty());
        if (is_capture) {
            EXPECT_EQ(json::value(id + "/transactions/" + transaction_id + "/itemdescriptions"),
                      item.at("itemDescriptions").at("id"));
            expect_invoice(item, "OCR");
        }
        EXPECT_EQ(response.body, app.call("GET", item_id, merchant.token).body);
        EXPECT_EQ(json::serialize(json::object{{"payment", id}, {"transaction", transaction}}),
                  app.call("GET", id + "/transactions/" + transaction_id, merchant.token).body);
        listed[step.list].push_back(item);
        types.emplace_back(is_capture ? "Capture" : "Reversal");

        const json::value payment = fetch(app, merchant, id);
        EXPECT_EQ("Ready", payment.at("payment").at("state"));
        EXPECT_EQ(10000, payment.at("payment").at("amount").as_int64());
        EXPECT_EQ(step.remaining_capture, remaining(payment, "remainingCaptureAmount"));
        EXPECT_EQ(step.remaining_capture, remaining(payment, "remainingCancellationAmount"));
        EXPECT_EQ(step.remaining_reversal, remaining(payment, "remainingReversalAmount"));
        EXPECT_EQ(step.operations, rels_of(payment));
        EXPECT_EQ(json::value(id + "/" + step.list), payment.at("payment").at(step.list).at("id"));
    }

    for (const std::string list : {"captures", "reversals"}) {
        std::string key = list;
        key.pop_back();
        const json::object expected{
            {"payment", id},
            {list, json::object{{"id", id + "/" + list}, {key + "List", listed[list]}}}};
        EXPECT_EQ(json::serialize(expected), app.call("GET", id + "/" + list, merchant.token).body);
    }
    const json::value first_capture = listed["captures"].at(0);
    const std::string first_path = text_of(first_capture.at("transaction").at("id"));
    const json::object items{
        {"transaction", first_path},
        {"itemDescriptions",
         json::object{
             {"id", first_path + "/itemdescriptions"},
             {"itemDescriptionList",
              json::array{json::object{{"amount", 1000}, {"description", "item description 1"}},
                          json::object{{"amount", 1}, {"description", "item description 2"}}}}}}};
    EXPECT_EQ(json::serialize(items),
              app.call("GET", first_path + "/itemdescriptions", merchant.token).body);
    EXPECT_NE(first_capture.at("invoice").at("invoiceNumber"),
              listed["captures"].at(1).at("invoice").at("invoiceNumber"));

    std::vector<std::string> listed_types;
    const json::value transactions = fetch(app, merchant, id + "/transactions");
    for (const json::value& transaction :
         transactions.at("transactions").at("transactionList").as_array()) {
        listed_types.emplace_back(transaction.at("type").as_string());
    }
    EXPECT_EQ(types, listed_types);
    EXPECT_EQ(404, app.call("GET",
                            id + "/cancellations/" +
                                text_of(first_capture.at("id"))
                                    .substr(text_of(first_capture.at("id")).rfind('/') + 1),
                            merchant.token)
                       .status)
        << "a capture is no cancellation";
}

TEST(CaptureFlow, EachCountryGetsItsInvoicePaymentReference) {
    TestApp app;
    const TestMerchant merchant = app.add_merchant("Shop");
    for (const auto& [invoice_type, reference_type] :
         {std::pair<std::string, std::string>{"PayExFinancingSe", "OCR"},
          {"PayExFinancingNo", "KID"},
          {"PayExFinancingFi", "FinnishReference"}}) {
        SCOPED_TRACE(invoice_type);
        const std::string id = authorized_payment(app, merchant, 10000, invoice_type);
        const ClientResponse response = post(app, merchant, id + "/captures", recorded_capture());
        ASSERT_EQ(201, response.status) << response.body;
        expect_invoice(json::parse(response.body).at("capture"), reference_type);
    }
}

// ---------------------------------------------------------------------------------------------
// Cancellation (§15).

struct CancelRow {
    std::int64_t authorized_vat;
    std::int64_t captured;  // 0: no capture before the cancellation.
    std::int64_t captured_vat;
    std::int64_t cancelled;
    std::int64_t cancelled_vat;  // max(0, authorization vat − Σ capture vat).
};

TEST(Cancellation, CancelsWhatIsNotCapturedAndEndsCapturing) {
    TestApp app;
    const TestMerchant merchant = app.add_merchant("Shop");
    const std::vector<CancelRow> rows{
        {0, 1001, 375, 8999, 0},
        {2000, 1001, 375, 8999, 1625},
        {2000, 3000, 2500, 7000, 0},
        {2000, 0, 0, 10000, 2000},
    };
    for (const CancelRow& row : rows) {
        SCOPED_TRACE(std::to_string(row.authorized_vat) + "/" + std::to_string(row.captured));
        const std::string id =
            authorized_payment(app, merchant, 10000, "PayExFinancingSe", row.authorized_vat);
        if (row.captured > 0) {
            ASSERT_EQ(201, post(app, merchant, id + "/captures",
                                capture_of(row.captured, row.captured_vat))
                               .status);
        }
        const json::object body = cancellation();
        const ClientResponse response = post(app, merchant, id + "/cancellations", body);
        ASSERT_EQ(201, response.status) << response.body;
        const json::value document = json::parse(response.body);
        const json::value& cancelled = document.at("cancellation");
        EXPECT_EQ((std::vector<std::string>{"id", "transaction"}), keys_of(cancelled));
        const std::string cancellation_id = text_of(cancelled.at("id"));
        EXPECT_EQ(app.base_url() + cancellation_id, response.header("Location"));
        const json::value& transaction = cancelled.at("transaction");
        EXPECT_EQ("Cancellation", transaction.at("type"));
        EXPECT_EQ("Completed", transaction.at("state"));
        EXPECT_EQ(row.cancelled, transaction.at("amount").as_int64());
        EXPECT_EQ(row.cancelled_vat, transaction.at("vatAmount").as_int64());
        EXPECT_EQ("test cancellation.", transaction.at("description"));
        EXPECT_EQ(body.at("transaction").at("payeeReference"), transaction.at("payeeReference"));
        EXPECT_FALSE(transaction.as_object().contains("reconciliationNumber"));

        const std::string before = app.call("GET", id, merchant.token).body;
        const json::value payment = json::parse(before);
        EXPECT_EQ("Ready", payment.at("payment").at("state"));
        EXPECT_EQ(10000, payment.at("payment").at("amount").as_int64());
        EXPECT_EQ(0, remaining(payment, "remainingCaptureAmount"));
        EXPECT_EQ(0, remaining(payment, "remainingCancellationAmount"));
        EXPECT_EQ(row.captured, remaining(payment, "remainingReversalAmount"));
        EXPECT_EQ((row.captured > 0 ? std::vector<std::string>{"create-reversal", "paid-payment"}
                                    : std::vector<std::string>{"paid-payment"}),
                  rels_of(payment));
        EXPECT_EQ(json::value(id + "/cancellations"),
                  payment.at("payment").at("cancellations").at("id"));
        EXPECT_EQ(
            json::serialize(json::object{
                {"payment", id},
                {"cancellations", json::object{{"id", id + "/cancellations"},
                                               {"cancellationList", json::array{cancelled}}}}}),
            app.call("GET", id + "/cancellations", merchant.token).body);
        EXPECT_EQ(response.body, app.call("GET", cancellation_id, merchant.token).body);

        expect_problem(post(app, merchant, id + "/cancellations", cancellation()), 403, "forbidden",
                       "Cancellation",
                       "Cancellation is not allowed in the current state of the payment.");
        expect_problem(post(app, merchant, id + "/captures", capture_of(1, 0)), 403, "forbidden",
                       "Capture");
        EXPECT_EQ(before, app.call("GET", id, merchant.token).body);
    }
}

// ---------------------------------------------------------------------------------------------
// Forbidden steps change nothing (§5.2 rules, §24.3).

struct ForbiddenRow {
    std::string name;
    std::function<std::string(TestApp&, const TestMerchant&)> setup;  // Returns the payment id.
    std::string list;
    std::function<json::object()> body;
    std::string problem_name;
    std::string description;
};

std::string created(TestApp& app, const TestMerchant& merchant) {
    return app.create_payment(merchant);
}
std::string authorized_only(TestApp& app, const TestMerchant& merchant) {
    return authorized_payment(app, merchant);
}
std::string captured_1001(TestApp& app, const TestMerchant& merchant) {
    const std::string id = authorized_payment(app, merchant);
    EXPECT_EQ(201, post(app, merchant, id + "/captures", recorded_capture()).status);
    return id;
}
std::string captured_1001_reversed_1(TestApp& app, const TestMerchant& merchant) {
    const std::string id = captured_1001(app, merchant);
    EXPECT_EQ(201, post(app, merchant, id + "/reversals", reversal_of(1)).status);
    return id;
}
std::string aborted(TestApp& app, const TestMerchant& merchant) {
    const std::string id = app.create_payment(merchant);
    EXPECT_EQ(200,
              app.call("PATCH", id, merchant.token, R"({"payment":{"operation":"Abort"}})").status);
    return id;
}
std::string pending(TestApp& app, const TestMerchant& merchant) {
    const std::string id = app.create_payment(merchant, 900999);
    EXPECT_EQ(201, app.authorize(merchant, id).status);
    return id;
}
std::string failed(TestApp& app, const TestMerchant& merchant) {
    const std::string id = app.create_payment(merchant, 900403);
    for (int attempt = 0; attempt < 3; ++attempt)
        EXPECT_EQ(201, app.authorize(merchant, id).status);
    return id;
}

TEST(ForbiddenSteps, AnswerForbiddenAndChangeNothing) {
    TestApp app;
    const TestMerchant merchant = app.add_merchant("Shop");
    const std::string not_allowed = " is not allowed in the current state of the payment.";
    const auto capture_1001 = [] { return recorded_capture(); };
    const auto reverse = [](std::int64_t amount) {
        return [amount] { return reversal_of(amount); };
    };
    const std::vector<ForbiddenRow> rows{
        {"capture_before_authorization", created, "captures", capture_1001, "Capture",
         "Capture" + not_allowed},
        {"capture_above_authorized", authorized_only, "captures",
         [] { return capture_of(10001, 0); }, "Capture", "Capture amount too high."},
        {"capture_above_remaining", captured_1001, "captures", [] { return capture_of(9000, 0); },
         "Capture", "Capture amount too high."},
        {"capture_when_aborted", aborted, "captures", capture_1001, "Capture",
         "Capture" + not_allowed},
        {"capture_when_pending", pending, "captures", capture_1001, "Capture",
         "Capture" + not_allowed},
        {"capture_when_failed", failed, "captures", capture_1001, "Capture",
         "Capture" + not_allowed},
        {"cancel_before_authorization", created, "cancellations", cancellation, "Cancellation",
         "Cancellation" + not_allowed},
        {"cancel_when_aborted", aborted, "cancellations", cancellation, "Cancellation",
         "Cancellation" + not_allowed},
        {"cancel_when_pending", pending, "cancellations", cancellation, "Cancellation",
         "Cancellation" + not_allowed},
        {"reverse_nothing_captured", authorized_only, "reversals", reverse(1), "Reversal",
         "Reversal" + not_allowed},
        {"reverse_before_authorization", created, "reversals", reverse(1), "Reversal",
         "Reversal" + not_allowed},
        {"reverse_when_aborted", aborted, "reversals", reverse(1), "Reversal",
         "Reversal" + not_allowed},
        {"reverse_above_captured", captured_1001, "reversals", reverse(1002), "Reversal",
         "Reversal amount too high."},
        {"reverse_above_captured_minus_reversed", captured_1001_reversed_1, "reversals",
         reverse(1001), "Reversal", "Reversal amount too high."},
    };
    for (const ForbiddenRow& row : rows) {
        SCOPED_TRACE(row.name);
        const std::string id = row.setup(app, merchant);
        const std::string before = app.call("GET", id, merchant.token).body;
        const std::string list_before = app.call("GET", id + "/transactions", merchant.token).body;
        const json::object body = row.body();
        expect_problem(post(app, merchant, id + "/" + row.list, body), 403, "forbidden",
                       row.problem_name, row.description);
        EXPECT_EQ(before, app.call("GET", id, merchant.token).body);
        EXPECT_EQ(list_before, app.call("GET", id + "/transactions", merchant.token).body);
        // The refused request reserved nothing: its payeeReference is still free.
        if (row.description.find("too high") != std::string::npos) {
            json::object smaller = body;
            transaction_of(smaller)["amount"] = 1;
            transaction_of(smaller)["vatAmount"] = 0;
            if (row.list == "captures") {
                transaction_of(smaller)["itemDescriptions"] =
                    json::array{json::object{{"amount", 1}, {"description", "x"}}};
                transaction_of(smaller)["vatSummary"] =
                    json::array{json::object{{"amount", 1}, {"vatPercent", 0}, {"vatAmount", 0}}};
            }
            const ClientResponse retried = post(app, merchant, id + "/" + row.list, smaller);
            EXPECT_EQ(201, retried.status) << retried.body;
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Body rules (§14.1, §15.1, §16.1) on one authorized, partly captured payment.

struct BodyCase {
    std::string name;
    std::string list;  // "captures", "cancellations" or "reversals".
    std::function<void(json::object&)> change;
    std::string expected_problem_name;
};

std::ostream& operator<<(std::ostream& out, const BodyCase& c) { return out << c.name; }

class TransactionBodyRejects : public ::testing::TestWithParam<BodyCase> {
  protected:
    static void SetUpTestSuite() {
        app_ = new TestApp();
        merchant_ = new TestMerchant(app_->add_merchant("Validation shop"));
        payment_id_ = new std::string(captured_1001(*app_, *merchant_));
    }
    static void TearDownTestSuite() {
        delete payment_id_;
        delete merchant_;
        delete app_;
    }
    static TestApp* app_;
    static TestMerchant* merchant_;
    static std::string* payment_id_;
};
TestApp* TransactionBodyRejects::app_ = nullptr;
TestMerchant* TransactionBodyRejects::merchant_ = nullptr;
std::string* TransactionBodyRejects::payment_id_ = nullptr;

TEST_P(TransactionBodyRejects, WithTheNamedProblemAndChangeNothing) {
    const BodyCase& rule = GetParam();
    json::object body = rule.list == "captures"        ? recorded_capture()
                        : rule.list == "cancellations" ? cancellation()
                                                       : reversal_of(1);
    rule.change(body);
    const std::string before = app_->call("GET", *payment_id_, merchant_->token).body;
    const ClientResponse response = post(*app_, *merchant_, *payment_id_ + "/" + rule.list, body);
    expect_problem(response, 400, "inputerror", rule.expected_problem_name);
    if (response.status == 400) {
        const json::value problem = json::parse(response.body);
        EXPECT_EQ("Error in input data", problem.at("title"));
        for (const json::value& entry : problem.at("problems").as_array()) {
            EXPECT_FALSE(entry.at("description").as_string().empty());
        }
    }
    EXPECT_EQ(before, app_->call("GET", *payment_id_, merchant_->token).body);
}

void erase_field(json::object& body, std::string_view key) { transaction_of(body).erase(key); }
template <typename Value>
void set_field(json::object& body, std::string_view key, const Value& value) {
    transaction_of(body)[key] = value;
}
json::object& item_of(json::object& body, std::string_view list) {
    return transaction_of(body).at(list).as_array().at(0).as_object();
}

// The codec's rules run in full against the decoders (tests/http/decode_transaction_test.cpp); here
// one of them per body shows the wiring, and the rest are the capture rules only the service
// decides: the item lines and the VAT summary must add up to the amount and the VAT amount.
const std::vector<BodyCase> body_cases{
    {"captures_transaction_missing", "captures", [](json::object& b) { b.erase("transaction"); },
     "Transaction"},
    {"captures_vat_percent_1300", "captures",
     [](json::object& b) { item_of(b, "vatSummary")["vatPercent"] = 1300; },
     "Transaction.VatSummary[0].VatPercent"},
    {"cancellations_activity_other", "cancellations",
     [](json::object& b) { set_field(b, "activity", "CreditCard"); }, "Transaction.Activity"},
    {"reversals_amount_zero", "reversals", [](json::object& b) { set_field(b, "amount", 0); },
     "Transaction.Amount"},
    {"captures_items_sum_differs", "captures",
     [](json::object& b) { item_of(b, "itemDescriptions")["amount"] = 999; },
     "Transaction.ItemDescriptions"},
    {"captures_summary_sum_differs", "captures",
     [](json::object& b) { item_of(b, "vatSummary")["amount"] = 1000; }, "Transaction.VatSummary"},
    {"captures_summary_vat_differs", "captures",
     [](json::object& b) { item_of(b, "vatSummary")["vatAmount"] = 374; },
     "Transaction.VatSummary"},
};

INSTANTIATE_TEST_SUITE_P(Rules, TransactionBodyRejects, ::testing::ValuesIn(body_cases),
                         [](const ::testing::TestParamInfo<BodyCase>& rule) {
                             return rule.param.name;
                         });

TEST(CaptureBody, AcceptsTheLenientSpellingsOfTheDocs) {
    TestApp app;
    const TestMerchant merchant = app.add_merchant("Shop");
    const std::string id = authorized_payment(app, merchant);
    struct Variant {
        std::string name;
        std::function<void(json::object&)> change;
    };
    const std::vector<Variant> variants{
        {"vat_percent_integer",
         [](json::object& b) { item_of(b, "vatSummary")["vatPercent"] = 2500; }},
        {"vat_percent_text",
         [](json::object& b) { item_of(b, "vatSummary")["vatPercent"] = "25.00"; }},
        {"vat_percent_text_zero",
         [](json::object& b) { item_of(b, "vatSummary")["vatPercent"] = "0.00"; }},
        {"lines_beside_transaction",
         [](json::object& b) {
             b["itemDescriptions"] = transaction_of(b).at("itemDescriptions");
             b["vatSummary"] = transaction_of(b).at("vatSummary");
             erase_field(b, "itemDescriptions");
             erase_field(b, "vatSummary");
         }},
        {"receipt_reference_50",
         [](json::object& b) { set_field(b, "receiptReference", std::string(50, 'r')); }},
        {"payee_reference_50",
         [](json::object& b) {
             set_field(b, "payeeReference",
                       std::string(40, 'p') + unique_reference().substr(0, 10));
         }},
    };
    std::int64_t captured = 0;
    for (const Variant& variant : variants) {
        SCOPED_TRACE(variant.name);
        json::object body = recorded_capture();
        variant.change(body);
        const ClientResponse response = post(app, merchant, id + "/captures", body);
        ASSERT_EQ(201, response.status) << response.body;
        captured += 1001;
        EXPECT_EQ(10000 - captured, remaining(fetch(app, merchant, id), "remainingCaptureAmount"));
    }
    const json::value items = fetch(app, merchant, id + "/captures");
    ASSERT_EQ(variants.size(), items.at("captures").at("captureList").as_array().size());
    const json::value& beside = items.at("captures").at("captureList").as_array().at(3);
    const json::value listed =
        fetch(app, merchant, text_of(beside.at("itemDescriptions").at("id")));
    EXPECT_EQ(2u, listed.at("itemDescriptions").at("itemDescriptionList").as_array().size())
        << "lines sent beside the transaction are kept";
    const json::value& with_receipt = items.at("captures").at("captureList").as_array().at(4);
    EXPECT_EQ(json::value(std::string(50, 'r')),
              with_receipt.at("transaction").at("receiptReference"));
}

TEST(CaptureBody, LinesInsideTheTransactionWinOverLinesBesideIt) {
    TestApp app;
    const TestMerchant merchant = app.add_merchant("Shop");
    const std::string id = authorized_payment(app, merchant);
    json::object body = recorded_capture();
    body["itemDescriptions"] = json::array{json::object{{"amount", 1}, {"description", "beside"}}};
    body["vatSummary"] =
        json::array{json::object{{"amount", 1}, {"vatPercent", 0}, {"vatAmount", 0}}};
    const ClientResponse response = post(app, merchant, id + "/captures", body);
    ASSERT_EQ(201, response.status) << response.body;
    const json::value capture = json::parse(response.body).at("capture");
    const json::value items =
        fetch(app, merchant, text_of(capture.at("itemDescriptions").at("id")));
    EXPECT_EQ(json::value(
                  json::array{json::object{{"amount", 1000}, {"description", "item description 1"}},
                              json::object{{"amount", 1}, {"description", "item description 2"}}}),
              items.at("itemDescriptions").at("itemDescriptionList"));
}

TEST(ReceiptReference, IsShownOnCapturesAndReversalsOnlyWhenSent) {
    TestApp app;
    const TestMerchant merchant = app.add_merchant("Shop");
    const std::string id = authorized_payment(app, merchant);
    json::object capture = recorded_capture();
    transaction_of(capture)["receiptReference"] = "ABC855";
    const ClientResponse captured = post(app, merchant, id + "/captures", capture);
    ASSERT_EQ(201, captured.status) << captured.body;
    const json::value capture_transaction =
        json::parse(captured.body).at("capture").at("transaction");
    EXPECT_EQ("ABC855", capture_transaction.at("receiptReference"));
    const std::vector<std::string> keys = keys_of(capture_transaction);
    EXPECT_EQ("receiptReference", *(std::find(keys.begin(), keys.end(), "payeeReference") + 1));

    json::object reversal = reversal_of(1);
    transaction_of(reversal)["receiptReference"] = "ABC856";
    const ClientResponse reversed = post(app, merchant, id + "/reversals", reversal);
    ASSERT_EQ(201, reversed.status) << reversed.body;
    EXPECT_EQ("ABC856",
              json::parse(reversed.body).at("reversal").at("transaction").at("receiptReference"));

    const ClientResponse plain = post(app, merchant, id + "/reversals", reversal_of(1));
    ASSERT_EQ(201, plain.status);
    EXPECT_FALSE(json::parse(plain.body)
                     .at("reversal")
                     .at("transaction")
                     .as_object()
                     .contains("receiptReference"));
}

// ---------------------------------------------------------------------------------------------
// Only the payee moves its money (§24.2 forbidden: wrong payee, front-end token).

TEST(Isolation, NeitherAnotherMerchantNorThePayerCanCaptureCancelOrReverse) {
    TestApp app;
    const TestMerchant owner = app.add_merchant("Owner");
    const TestMerchant other = app.add_merchant("Other");
    const ClientResponse created =
        app.call("POST", "/psp/invoice/payments", owner.token,
                 financing_consumer_body(owner.payee_id, unique_reference()));
    ASSERT_EQ(201, created.status);
    const json::value created_document = json::parse(created.body);
    const std::string id = text_of(created_document.at("payment").at("id"));
    std::string payer_token;
    for (const json::value& operation : created_document.at("operations").as_array()) {
        if (operation.at("rel") == json::value("redirect-authorization")) {
            const std::string href = text_of(operation.at("href"));
            payer_token = href.substr(href.rfind('/') + 1);
        }
    }
    ASSERT_EQ(64u, payer_token.size());
    ASSERT_EQ(201, app.authorize(owner, id).status);
    ASSERT_EQ(201, post(app, owner, id + "/captures", recorded_capture()).status);
    const std::string before = app.call("GET", id, owner.token).body;
    const std::string transactions_before = app.call("GET", id + "/transactions", owner.token).body;

    const auto stripped = [](const std::string& body) {
        json::object problem = json::parse(body).as_object();
        problem.erase("sessionId");
        problem.erase("instance");
        return json::serialize(problem);
    };
    const ClientResponse get = app.call("GET", id, other.token);
    ASSERT_EQ(403, get.status);
    const std::vector<std::pair<std::string, json::object>> requests{
        {"/captures", recorded_capture()},
        {"/captures", json::object{}},
        {"/cancellations", cancellation()},
        {"/reversals", reversal_of(1)},
        {"/reversals", json::object{{"transaction", json::object{}}}},
    };
    for (const auto& [sub, body] : requests) {
        const ClientResponse response = post(app, other, id + sub, body);
        EXPECT_EQ(403, response.status) << sub << " " << response.body;
        EXPECT_EQ(stripped(get.body), stripped(response.body)) << sub;
        if (body.contains("transaction") &&
            body.at("transaction").as_object().contains("activity")) {
            const ClientResponse payer =
                app.call("POST", id + sub, payer_token, json::serialize(body));
            EXPECT_EQ(403, payer.status) << sub << " with the payer's token: " << payer.body;
            EXPECT_EQ(json::value("https://api.payex.com/psp/errordetail/forbidden"),
                      json::parse(payer.body).at("type"));
        }
    }
    for (const std::string sub : {"/captures", "/reversals", "/cancellations", "/transactions"}) {
        const ClientResponse response = app.call("GET", id + sub, other.token);
        EXPECT_EQ(403, response.status) << sub;
        EXPECT_EQ(stripped(get.body), stripped(response.body)) << sub;
    }
    EXPECT_EQ(before, app.call("GET", id, owner.token).body);
    EXPECT_EQ(transactions_before, app.call("GET", id + "/transactions", owner.token).body);
}

// The payer's (front-end) token may never capture, cancel or reverse, so, as for another merchant,
// it must learn nothing from the body it sends: a malformed body is refused like a well-formed one.
TEST(Isolation, ThePayersTokenIsRefusedBeforeItsBodyIsRead) {
    TestApp app;
    const TestMerchant owner = app.add_merchant("Owner");
    const ClientResponse created =
        app.call("POST", "/psp/invoice/payments", owner.token,
                 financing_consumer_body(owner.payee_id, unique_reference()));
    ASSERT_EQ(201, created.status);
    const json::value created_document = json::parse(created.body);
    const std::string id = text_of(created_document.at("payment").at("id"));
    std::string payer_token;
    for (const json::value& operation : created_document.at("operations").as_array()) {
        if (operation.at("rel") == json::value("redirect-authorization")) {
            const std::string href = text_of(operation.at("href"));
            payer_token = href.substr(href.rfind('/') + 1);
        }
    }
    ASSERT_EQ(201, app.authorize(owner, id).status);
    for (const std::string sub : {"/captures", "/cancellations", "/reversals"}) {
        const ClientResponse well_formed =
            app.call("POST", id + sub, payer_token,
                     json::serialize(sub == "/captures"    ? recorded_capture()
                                     : sub == "/reversals" ? reversal_of(1)
                                                           : cancellation()));
        const ClientResponse malformed = app.call("POST", id + sub, payer_token, "{}");
        EXPECT_EQ(403, well_formed.status) << sub << ": " << well_formed.body;
        EXPECT_EQ(403, malformed.status) << sub << ": " << malformed.body;
    }
}

// ---------------------------------------------------------------------------------------------
// payeeReference is unique per payee over every operation (§25).

TEST(PayeeReference, IsUniquePerPayeeAcrossOperations) {
    TestApp app;
    const TestMerchant merchant = app.add_merchant("Shop");
    const TestMerchant other = app.add_merchant("Other");
    const std::string id = authorized_payment(app, merchant);
    const std::string payment_reference =
        text_of(fetch(app, merchant, id + "/payeeinfo").at("payeeInfo").at("payeeReference"));

    json::object reuse_payment = recorded_capture();
    transaction_of(reuse_payment)["payeeReference"] = payment_reference;
    expect_problem(post(app, merchant, id + "/captures", reuse_payment), 400, "inputerror",
                   "Transaction.PayeeReference", "The payeeReference has already been used.");

    const json::object capture = recorded_capture();
    const std::string capture_reference = text_of(capture.at("transaction").at("payeeReference"));
    ASSERT_EQ(201, post(app, merchant, id + "/captures", capture).status);
    expect_problem(post(app, merchant, id + "/captures", capture), 400, "inputerror",
                   "Transaction.PayeeReference");

    const std::string before = app.call("GET", id, merchant.token).body;
    json::object reversal = reversal_of(1);
    transaction_of(reversal)["payeeReference"] = capture_reference;
    expect_problem(post(app, merchant, id + "/reversals", reversal), 400, "inputerror",
                   "Transaction.PayeeReference");
    json::object cancel = cancellation();
    transaction_of(cancel)["payeeReference"] = capture_reference;
    expect_problem(post(app, merchant, id + "/cancellations", cancel), 400, "inputerror",
                   "Transaction.PayeeReference");
    EXPECT_EQ(before, app.call("GET", id, merchant.token).body);

    // Another payee has its own references: the same values are fine there.
    const std::string others = authorized_payment(app, other);
    json::object others_capture = recorded_capture();
    transaction_of(others_capture)["payeeReference"] = capture_reference;
    EXPECT_EQ(201, post(app, other, others + "/captures", others_capture).status);
    json::object others_reversal = reversal_of(1);
    transaction_of(others_reversal)["payeeReference"] = payment_reference;
    EXPECT_EQ(201, post(app, other, others + "/reversals", others_reversal).status);
}

// ---------------------------------------------------------------------------------------------
// Money under concurrency (§4.3 invariants).

struct RaceResult {
    std::vector<int> statuses;
    std::vector<std::string> created_ids;
};

// `clients` threads POST bodies[i] to `target` at once.
RaceResult race(TestApp& app, const TestMerchant& merchant, const std::string& target,
                const std::vector<json::object>& bodies, const std::string& item_key) {
    RaceResult result;
    result.statuses.resize(bodies.size());
    std::mutex mutex;
    std::latch start(static_cast<std::ptrdiff_t>(bodies.size()));
    std::vector<std::thread> threads;
    for (std::size_t i = 0; i < bodies.size(); ++i) {
        threads.emplace_back([&, i] {
            const std::string body = json::serialize(bodies[i]);
            start.arrive_and_wait();
            const ClientResponse response = app.call("POST", target, merchant.token, body);
            std::lock_guard lock(mutex);
            result.statuses[i] = response.status;
            if (response.status == 201) {
                result.created_ids.push_back(
                    text_of(json::parse(response.body).at(item_key).at("id")));
            } else {
                EXPECT_EQ(403, response.status) << response.body;
                EXPECT_EQ(json::value("https://api.payex.com/psp/errordetail/forbidden"),
                          json::parse(response.body).at("type"));
            }
        });
    }
    for (auto& thread : threads) thread.join();
    return result;
}

std::int64_t sum_of(const json::array& list, std::vector<std::string>& ids) {
    std::int64_t sum = 0;
    for (const json::value& item : list) {
        sum += item.at("transaction").at("amount").as_int64();
        ids.emplace_back(item.at("id").as_string());
    }
    return sum;
}

TEST(MoneyUnderConcurrency, ThirtyTwoCapturesNeverExceedTheAuthorizedAmount) {
    TestApp app;
    const TestMerchant merchant = app.add_merchant("Racing shop");
    std::mt19937 random(20200522);
    std::uniform_int_distribution<std::int64_t> amounts(1, 900);
    for (int round = 0; round < 2; ++round) {
        SCOPED_TRACE(round);
        const std::string id = authorized_payment(app, merchant);
        std::vector<json::object> bodies;
        std::int64_t asked = 0;
        for (int i = 0; i < 32; ++i) {
            const std::int64_t amount = amounts(random);
            asked += amount;
            bodies.push_back(capture_of(amount, 0));
        }
        ASSERT_GT(asked, 10000) << "the race must ask for more than there is";
        const RaceResult result = race(app, merchant, id + "/captures", bodies, "capture");

        const json::value captures = fetch(app, merchant, id + "/captures");
        std::vector<std::string> listed_ids;
        const std::int64_t captured =
            sum_of(captures.at("captures").at("captureList").as_array(), listed_ids);
        const json::value payment = fetch(app, merchant, id);
        EXPECT_LE(captured, 10000);
        EXPECT_EQ(10000 - captured, remaining(payment, "remainingCaptureAmount"));
        EXPECT_EQ(10000 - captured, remaining(payment, "remainingCancellationAmount"));
        EXPECT_EQ(captured, remaining(payment, "remainingReversalAmount"));
        std::vector<std::string> created_ids = result.created_ids;
        std::sort(created_ids.begin(), created_ids.end());
        std::sort(listed_ids.begin(), listed_ids.end());
        EXPECT_EQ(created_ids, listed_ids) << "every 201 is listed, nothing else is";
        EXPECT_EQ(static_cast<long>(created_ids.size()),
                  std::count(result.statuses.begin(), result.statuses.end(), 201));
    }
}

TEST(MoneyUnderConcurrency, SixteenReversalsNeverExceedTheCapturedAmount) {
    TestApp app;
    const TestMerchant merchant = app.add_merchant("Racing shop");
    std::mt19937 random(737566);
    std::uniform_int_distribution<std::int64_t> amounts(1, 1500);
    for (int round = 0; round < 2; ++round) {
        SCOPED_TRACE(round);
        const std::string id = authorized_payment(app, merchant);
        ASSERT_EQ(201, post(app, merchant, id + "/captures", capture_of(10000, 2000)).status);
        std::vector<json::object> bodies;
        std::int64_t asked = 0;
        for (int i = 0; i < 16; ++i) {
            const std::int64_t amount = amounts(random);
            asked += amount;
            bodies.push_back(reversal_of(amount));
        }
        ASSERT_GT(asked, 10000);
        const RaceResult result = race(app, merchant, id + "/reversals", bodies, "reversal");

        const json::value reversals = fetch(app, merchant, id + "/reversals");
        std::vector<std::string> listed_ids;
        const std::int64_t reversed =
            sum_of(reversals.at("reversals").at("reversalList").as_array(), listed_ids);
        EXPECT_LE(reversed, 10000);
        EXPECT_EQ(10000 - reversed, remaining(fetch(app, merchant, id), "remainingReversalAmount"));
        std::vector<std::string> created_ids = result.created_ids;
        std::sort(created_ids.begin(), created_ids.end());
        std::sort(listed_ids.begin(), listed_ids.end());
        EXPECT_EQ(created_ids, listed_ids);
    }
}

TEST(MoneyUnderConcurrency, CapturesRacingCancellationsNeverMoveMoreThanWasAuthorized) {
    TestApp app;
    const TestMerchant merchant = app.add_merchant("Racing shop");
    std::mt19937 random(41100171);
    std::uniform_int_distribution<std::int64_t> amounts(1, 2000);
    for (int round = 0; round < 3; ++round) {
        SCOPED_TRACE(round);
        const std::string id = authorized_payment(app, merchant);
        std::vector<json::object> captures;
        for (int i = 0; i < 12; ++i) captures.push_back(capture_of(amounts(random), 0));
        std::vector<json::object> cancellations(4);
        for (json::object& body : cancellations) body = cancellation();

        RaceResult captured_race;
        RaceResult cancelled_race;
        std::thread capturing(
            [&] { captured_race = race(app, merchant, id + "/captures", captures, "capture"); });
        std::thread cancelling([&] {
            cancelled_race =
                race(app, merchant, id + "/cancellations", cancellations, "cancellation");
        });
        capturing.join();
        cancelling.join();

        std::vector<std::string> capture_ids;
        const std::int64_t captured = sum_of(
            fetch(app, merchant, id + "/captures").at("captures").at("captureList").as_array(),
            capture_ids);
        std::vector<std::string> cancellation_ids;
        const std::int64_t cancelled = sum_of(fetch(app, merchant, id + "/cancellations")
                                                  .at("cancellations")
                                                  .at("cancellationList")
                                                  .as_array(),
                                              cancellation_ids);
        EXPECT_LE(cancellation_ids.size(), 1u) << "at most one cancellation per payment";
        EXPECT_EQ(cancelled_race.created_ids.size(), cancellation_ids.size());
        EXPECT_EQ(captured_race.created_ids.size(), capture_ids.size());
        EXPECT_LE(captured + cancelled, 10000);
        if (!cancellation_ids.empty()) {
            EXPECT_EQ(10000, captured + cancelled) << "a cancellation takes the rest";
        }
        const json::value payment = fetch(app, merchant, id);
        EXPECT_EQ(10000 - captured - cancelled, remaining(payment, "remainingCaptureAmount"));
        EXPECT_EQ(captured, remaining(payment, "remainingReversalAmount"));
    }
}

TEST(MoneyUnderConcurrency, ReversalsRacingCapturesNeverReverseMoreThanIsCaptured) {
    TestApp app;
    const TestMerchant merchant = app.add_merchant("Racing shop");
    std::mt19937 random(737567);
    std::uniform_int_distribution<std::int64_t> amounts(1, 1500);
    for (int round = 0; round < 3; ++round) {
        SCOPED_TRACE(round);
        const std::string id = authorized_payment(app, merchant);
        ASSERT_EQ(201, post(app, merchant, id + "/captures", capture_of(2000, 0)).status);
        std::vector<json::object> captures;
        std::vector<json::object> reversals;
        for (int i = 0; i < 8; ++i) {
            captures.push_back(capture_of(amounts(random), 0));
            reversals.push_back(reversal_of(amounts(random)));
        }
        std::thread capturing([&] { race(app, merchant, id + "/captures", captures, "capture"); });
        std::thread reversing(
            [&] { race(app, merchant, id + "/reversals", reversals, "reversal"); });
        capturing.join();
        reversing.join();

        std::vector<std::string> ids;
        const std::int64_t captured = sum_of(
            fetch(app, merchant, id + "/captures").at("captures").at("captureList").as_array(),
            ids);
        const std::int64_t reversed = sum_of(
            fetch(app, merchant, id + "/reversals").at("reversals").at("reversalList").as_array(),
            ids);
        EXPECT_LE(captured, 10000);
        EXPECT_LE(reversed, captured);
        const json::value payment = fetch(app, merchant, id);
        EXPECT_EQ(10000 - captured, remaining(payment, "remainingCaptureAmount"));
        EXPECT_EQ(captured - reversed, remaining(payment, "remainingReversalAmount"));
    }
}

}  // namespace
}  // namespace faktura::testing
