// decode_approve_legal_address, decode_authorize, decode_capture, decode_cancel and decode_reverse:
// every body rule of an authorization (§12.1) and of a capture, cancellation and reversal (§14.1,
// §15.1, §16.1) that the codec decides, as tables of changes to the recorded bodies. The rules only
// the service can decide (identity numbers, zip codes and countries against the payment, the sums
// of a capture's lines) stay in tests/e2e.
#include "http/decode_transaction.hpp"

#include <gtest/gtest.h>

#include "http/decode_test_support.hpp"

namespace faktura::http {
namespace {

using testing::expect_rejected;
using testing::RejectCase;
namespace json = boost::json;

// ---------------------------------------------------------------------------------------------
// Authorization (§12.1).

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
json::object& transaction_of(json::object& body) { return body.at("transaction").as_object(); }
void erase(json::object& object, std::string_view key) { object.erase(key); }

class AuthorizationRejects : public ::testing::TestWithParam<RejectCase> {};

TEST_P(AuthorizationRejects, WithTheNamedProblem) {
    json::object body = recorded_authorization();
    GetParam().change(body);
    expect_rejected(decode_authorize(json::serialize(body)), GetParam().expected_problem_name);
}

INSTANTIATE_TEST_SUITE_P(
    Rules, AuthorizationRejects,
    ::testing::Values(
        RejectCase{"transaction_missing", [](json::object& b) { erase(b, "transaction"); },
                   "Transaction"},
        RejectCase{"activity_missing",
                   [](json::object& b) { erase(transaction_of(b), "activity"); },
                   "Transaction.Activity"},
        RejectCase{
            "activity_other",
            [](json::object& b) { transaction_of(b)["activity"] = "AccountsReceivableConsumer"; },
            "Transaction.Activity"},
        RejectCase{"consumer_missing", [](json::object& b) { erase(b, "consumer"); }, "Consumer"},
        RejectCase{"ssn_missing",
                   [](json::object& b) { erase(consumer_of(b), "socialSecurityNumber"); },
                   "Consumer.SocialSecurityNumber"},
        RejectCase{"msisdn_without_plus",
                   [](json::object& b) { consumer_of(b)["msisdn"] = "46739000001"; },
                   "Consumer.Msisdn"},
        RejectCase{"msisdn_letters",
                   [](json::object& b) { consumer_of(b)["msisdn"] = "+4673900000a"; },
                   "Consumer.Msisdn"},
        RejectCase{"msisdn_missing", [](json::object& b) { erase(consumer_of(b), "msisdn"); },
                   "Consumer.Msisdn"},
        RejectCase{"ip_not_an_ip", [](json::object& b) { consumer_of(b)["ip"] = "localhost"; },
                   "Consumer.Ip"},
        RejectCase{"ip_out_of_range", [](json::object& b) { consumer_of(b)["ip"] = "256.1.1.1"; },
                   "Consumer.Ip"},
        RejectCase{"ip_missing", [](json::object& b) { erase(consumer_of(b), "ip"); },
                   "Consumer.Ip"},
        RejectCase{"email_without_at",
                   [](json::object& b) { consumer_of(b)["email"] = "azra.oliveira.payex.com"; },
                   "Consumer.Email"},
        RejectCase{"email_without_domain",
                   [](json::object& b) { consumer_of(b)["email"] = "azra@"; }, "Consumer.Email"},
        RejectCase{"legal_address_missing", [](json::object& b) { erase(b, "legalAddress"); },
                   "LegalAddress"},
        RejectCase{"addressee_missing", [](json::object& b) { erase(legal_of(b), "addressee"); },
                   "LegalAddress.Addressee"},
        RejectCase{"zip_missing", [](json::object& b) { erase(legal_of(b), "zipCode"); },
                   "LegalAddress.ZipCode"},
        RejectCase{"city_missing", [](json::object& b) { erase(legal_of(b), "city"); },
                   "LegalAddress.City"},
        RejectCase{"country_missing", [](json::object& b) { erase(legal_of(b), "countryCode"); },
                   "LegalAddress.CountryCode"},
        RejectCase{"country_unknown", [](json::object& b) { legal_of(b)["countryCode"] = "DK"; },
                   "LegalAddress.CountryCode"},
        RejectCase{"billing_without_street",
                   [](json::object& b) {
                       b["billingAddress"] = json::object{{"addressee", "Azra Oliveira"},
                                                          {"zipCode", "19792"},
                                                          {"city", "Bro"},
                                                          {"countryCode", "SE"}};
                   },
                   "BillingAddress.StreetAddress"}),
    testing::case_name);

TEST(DecodeAuthorize, ReadsTheRecordedRequest) {
    const auto command = decode_authorize(json::serialize(recorded_authorization()));
    ASSERT_TRUE(command);
    EXPECT_EQ("196003071161", command->social_security_number);
    EXPECT_EQ("+46739000001", command->msisdn);
    EXPECT_EQ(domain::Country::se, command->legal_address.country);
    EXPECT_FALSE(command->billing_address);
}

// ---------------------------------------------------------------------------------------------
// Captures, cancellations and reversals (§14.1, §15.1, §16.1).

// The recorded capture request (fixtures/payments-07-capture-payment.json).
json::object recorded_capture() {
    return json::object{
        {"transaction",
         json::object{
             {"activity", "FinancingConsumer"},
             {"amount", 1001},
             {"vatAmount", 375},
             {"payeeReference", "capture1"},
             {"description", "description for transaction"},
             {"itemDescriptions",
              json::array{json::object{{"amount", 1000}, {"description", "item description 1"}},
                          json::object{{"amount", 1}, {"description", "item description 2"}}}},
             {"vatSummary", json::array{json::object{
                                {"amount", 1001}, {"vatPercent", 0}, {"vatAmount", 375}}}}}}};
}

// The recorded reversal request (fixtures/payments-08-reverse-payment.json) shape.
json::object reversal_of(std::int64_t amount) {
    return json::object{
        {"transaction", json::object{{"activity", "FinancingConsumer"},
                                     {"amount", amount},
                                     {"vatAmount", 0},
                                     {"payeeReference", "reversal1"},
                                     {"description", "Reversal of invoice transaction"}}}};
}

// The recorded cancellation request (fixtures/payments-09-cancel-payment.json) shape.
json::object cancellation() {
    return json::object{{"transaction", json::object{{"activity", "FinancingConsumer"},
                                                     {"payeeReference", "cancellation1"},
                                                     {"description", "test cancellation."}}}};
}

// A row of the transaction tables: which body it changes ("captures", "cancellations" or
// "reversals", the path it is posted to) and the problem it must produce.
struct ListCase {
    std::string name;
    std::string list;
    std::function<void(json::object&)> change;
    std::string expected_problem_name;
};

std::ostream& operator<<(std::ostream& out, const ListCase& rule) { return out << rule.name; }

class TransactionBodyRejects : public ::testing::TestWithParam<ListCase> {};

TEST_P(TransactionBodyRejects, WithTheNamedProblem) {
    const ListCase& rule = GetParam();
    json::object body = rule.list == "captures"        ? recorded_capture()
                        : rule.list == "cancellations" ? cancellation()
                                                       : reversal_of(1);
    rule.change(body);
    const std::string text = json::serialize(body);
    if (rule.list == "captures") {
        expect_rejected(decode_capture(text), rule.expected_problem_name);
    } else if (rule.list == "cancellations") {
        expect_rejected(decode_cancel(text), rule.expected_problem_name);
    } else {
        expect_rejected(decode_reverse(text), rule.expected_problem_name);
    }
}

void erase_field(json::object& body, std::string_view key) { transaction_of(body).erase(key); }
template <typename Value>
void set_field(json::object& body, std::string_view key, const Value& value) {
    transaction_of(body)[key] = value;
}
json::object& item_of(json::object& body, std::string_view list) {
    return transaction_of(body).at(list).as_array().at(0).as_object();
}

// Cases that apply to every transaction body with an amount (captures and reversals).
std::vector<ListCase> amount_cases(const std::string& list) {
    return {
        {list + "_amount_zero", list, [](json::object& b) { set_field(b, "amount", 0); },
         "Transaction.Amount"},
        {list + "_amount_negative", list, [](json::object& b) { set_field(b, "amount", -1); },
         "Transaction.Amount"},
        {list + "_amount_above_int32", list,
         [](json::object& b) { set_field(b, "amount", 2147483648LL); }, "Transaction.Amount"},
        {list + "_amount_missing", list, [](json::object& b) { erase_field(b, "amount"); },
         "Transaction.Amount"},
        {list + "_vat_above_amount", list,
         [](json::object& b) {
             set_field(b, "vatAmount", 1002);
             set_field(b, "amount", 1001);
         },
         "Transaction.VatAmount"},
        {list + "_vat_missing", list, [](json::object& b) { erase_field(b, "vatAmount"); },
         "Transaction.VatAmount"},
        {list + "_receipt_reference_51", list,
         [](json::object& b) { set_field(b, "receiptReference", std::string(51, 'r')); },
         "Transaction.ReceiptReference"},
    };
}

// Cases that apply to every transaction body.
std::vector<ListCase> common_cases(const std::string& list) {
    return {
        {list + "_transaction_missing", list, [](json::object& b) { b.erase("transaction"); },
         "Transaction"},
        {list + "_activity_missing", list, [](json::object& b) { erase_field(b, "activity"); },
         "Transaction.Activity"},
        {list + "_activity_other", list,
         [](json::object& b) { set_field(b, "activity", "CreditCard"); }, "Transaction.Activity"},
        {list + "_payee_reference_missing", list,
         [](json::object& b) { erase_field(b, "payeeReference"); }, "Transaction.PayeeReference"},
        {list + "_payee_reference_51", list,
         [](json::object& b) { set_field(b, "payeeReference", std::string(51, 'p')); },
         "Transaction.PayeeReference"},
        {list + "_payee_reference_spaces", list,
         [](json::object& b) { set_field(b, "payeeReference", "order 1"); },
         "Transaction.PayeeReference"},
        {list + "_description_missing", list,
         [](json::object& b) { erase_field(b, "description"); }, "Transaction.Description"},
        {list + "_description_51", list,
         [](json::object& b) { set_field(b, "description", std::string(51, 'd')); },
         "Transaction.Description"},
    };
}

std::vector<ListCase> capture_cases() {
    const std::string c = "captures";
    std::vector<ListCase> cases = common_cases(c);
    for (ListCase& rule : amount_cases(c)) cases.push_back(std::move(rule));
    const std::vector<ListCase> lines{
        {"captures_items_missing", c, [](json::object& b) { erase_field(b, "itemDescriptions"); },
         "Transaction.ItemDescriptions"},
        {"captures_items_empty", c,
         [](json::object& b) { set_field(b, "itemDescriptions", json::array()); },
         "Transaction.ItemDescriptions"},
        {"captures_item_description_missing", c,
         [](json::object& b) { item_of(b, "itemDescriptions").erase("description"); },
         "Transaction.ItemDescriptions[0].Description"},
        {"captures_item_description_51", c,
         [](json::object& b) {
             item_of(b, "itemDescriptions")["description"] = std::string(51, 'i');
         },
         "Transaction.ItemDescriptions[0].Description"},
        {"captures_item_amount_negative", c,
         [](json::object& b) { item_of(b, "itemDescriptions")["amount"] = -1; },
         "Transaction.ItemDescriptions[0].Amount"},
        {"captures_summary_missing", c, [](json::object& b) { erase_field(b, "vatSummary"); },
         "Transaction.VatSummary"},
        {"captures_summary_empty", c,
         [](json::object& b) { set_field(b, "vatSummary", json::array()); },
         "Transaction.VatSummary"},
        {"captures_vat_percent_1300", c,
         [](json::object& b) { item_of(b, "vatSummary")["vatPercent"] = 1300; },
         "Transaction.VatSummary[0].VatPercent"},
        {"captures_vat_percent_text_13", c,
         [](json::object& b) { item_of(b, "vatSummary")["vatPercent"] = "13.00"; },
         "Transaction.VatSummary[0].VatPercent"},
        {"captures_vat_percent_negative", c,
         [](json::object& b) { item_of(b, "vatSummary")["vatPercent"] = -2500; },
         "Transaction.VatSummary[0].VatPercent"},
        {"captures_vat_percent_missing", c,
         [](json::object& b) { item_of(b, "vatSummary").erase("vatPercent"); },
         "Transaction.VatSummary[0].VatPercent"},
    };
    cases.insert(cases.end(), lines.begin(), lines.end());
    return cases;
}

std::vector<ListCase> reversal_cases() {
    std::vector<ListCase> cases = common_cases("reversals");
    for (ListCase& rule : amount_cases("reversals")) cases.push_back(std::move(rule));
    return cases;
}

std::string list_case_name(const ::testing::TestParamInfo<ListCase>& rule) {
    return rule.param.name;
}

INSTANTIATE_TEST_SUITE_P(Captures, TransactionBodyRejects, ::testing::ValuesIn(capture_cases()),
                         list_case_name);
INSTANTIATE_TEST_SUITE_P(Cancellations, TransactionBodyRejects,
                         ::testing::ValuesIn(common_cases("cancellations")), list_case_name);
INSTANTIATE_TEST_SUITE_P(Reversals, TransactionBodyRejects, ::testing::ValuesIn(reversal_cases()),
                         list_case_name);

TEST(DecodeTransactions, ReadTheRecordedRequests) {
    EXPECT_TRUE(decode_capture(json::serialize(recorded_capture())));
    EXPECT_TRUE(decode_cancel(json::serialize(cancellation())));
    EXPECT_TRUE(decode_reverse(json::serialize(reversal_of(1))));
}

}  // namespace
}  // namespace faktura::http
