// decode_create_payment, decode_abort and decode_delete_payer_token: the recorded request, and
// every validation rule of a create body as a table of changes to a valid body with the problem
// each must produce (the e2e tier keeps a few of them for the wiring).
#include "http/decode_payment.hpp"

#include <gtest/gtest.h>

#include "http/decode_test_support.hpp"

namespace faktura::http {
namespace {

using testing::expect_rejected;
using testing::RejectCase;
namespace json = boost::json;

json::object& payment_of(json::object& body) { return body.at("payment").as_object(); }
void erase(json::object& object, std::string_view key) { object.erase(key); }
json::object& urls(json::object& body) { return payment_of(body).at("urls").as_object(); }
json::object& payee(json::object& body) { return payment_of(body).at("payeeInfo").as_object(); }
json::object& price(json::object& body) {
    return payment_of(body).at("prices").as_array().at(0).as_object();
}

class CreatePaymentRejects : public ::testing::TestWithParam<RejectCase> {};

TEST_P(CreatePaymentRejects, WithTheSpecsProblem) {
    json::object body = testing::financing_consumer_body();
    GetParam().change(body);
    expect_rejected(decode_create_payment(json::serialize(body)), GetParam().expected_problem_name);
}

INSTANTIATE_TEST_SUITE_P(
    Rules, CreatePaymentRejects,
    ::testing::Values(
        RejectCase{"payment_missing", [](json::object& b) { erase(b, "payment"); }, "Payment"},
        RejectCase{"operation_missing", [](json::object& b) { erase(payment_of(b), "operation"); }, "Payment.Operation"},
        RejectCase{"operation_unknown", [](json::object& b) { payment_of(b)["operation"] = "Purchase"; }, "Payment.Operation"},
        RejectCase{"intent_other", [](json::object& b) { payment_of(b)["intent"] = "AutoCapture"; }, "Payment.Intent"},
        RejectCase{"intent_missing", [](json::object& b) { erase(payment_of(b), "intent"); }, "Payment.Intent"},
        RejectCase{"currency_unknown", [](json::object& b) { payment_of(b)["currency"] = "DKK"; }, "Payment.Currency"},
        RejectCase{"currency_not_of_invoice_type", [](json::object& b) { payment_of(b)["currency"] = "NOK"; }, "Payment.Currency"},
        RejectCase{"currency_missing", [](json::object& b) { erase(payment_of(b), "currency"); }, "Payment.Currency"},
        RejectCase{"prices_missing", [](json::object& b) { erase(payment_of(b), "prices"); }, "Payment.Prices"},
        RejectCase{"prices_empty", [](json::object& b) { payment_of(b)["prices"] = json::array(); }, "Payment.Prices"},
        RejectCase{"prices_two", [](json::object& b) { payment_of(b).at("prices").as_array().push_back(payment_of(b).at("prices").as_array().at(0)); }, "Payment.Prices"},
        RejectCase{"prices_not_array", [](json::object& b) { payment_of(b)["prices"] = "x"; }, "payment.prices"},
        RejectCase{"price_type_other", [](json::object& b) { price(b)["type"] = "CreditCard"; }, "Payment.Prices[0].Type"},
        RejectCase{"price_type_missing", [](json::object& b) { erase(price(b), "type"); }, "Payment.Prices[0].Type"},
        RejectCase{"amount_zero", [](json::object& b) { price(b)["amount"] = 0; }, "Payment.Prices[0].Amount"},
        RejectCase{"amount_negative", [](json::object& b) { price(b)["amount"] = -5; }, "Payment.Prices[0].Amount"},
        RejectCase{"amount_above_int32", [](json::object& b) { price(b)["amount"] = 2147483648LL; }, "Payment.Prices[0].Amount"},
        RejectCase{"amount_beyond_int64", [](json::object& b) { price(b)["amount"] = 18446744073709551615ULL; }, "Payment.Prices[0].Amount"},
        RejectCase{"amount_fraction", [](json::object& b) { price(b)["amount"] = 10.5; }, "payment.prices[0].amount"},
        RejectCase{"amount_text", [](json::object& b) { price(b)["amount"] = "abc"; }, "payment.prices[0].amount"},
        RejectCase{"amount_missing", [](json::object& b) { erase(price(b), "amount"); }, "Payment.Prices[0].Amount"},
        RejectCase{"vat_above_amount", [](json::object& b) { price(b)["vatAmount"] = 10001; }, "Payment.Prices[0].VatAmount"},
        RejectCase{"vat_negative", [](json::object& b) { price(b)["vatAmount"] = -1; }, "Payment.Prices[0].VatAmount"},
        RejectCase{"vat_missing", [](json::object& b) { erase(price(b), "vatAmount"); }, "Payment.Prices[0].VatAmount"},
        RejectCase{"description_missing", [](json::object& b) { erase(payment_of(b), "description"); }, "Payment.Description"},
        RejectCase{"description_empty", [](json::object& b) { payment_of(b)["description"] = ""; }, "Payment.Description"},
        RejectCase{"description_41", [](json::object& b) { payment_of(b)["description"] = std::string(41, 'd'); }, "Payment.Description"},
        RejectCase{"description_41_code_points", [](json::object& b) { std::string s; for (int i = 0; i < 41; ++i) s += "ä"; payment_of(b)["description"] = s; }, "Payment.Description"},
        RejectCase{"description_object", [](json::object& b) { payment_of(b)["description"] = json::object(); }, "payment.description"},
        RejectCase{"payer_reference_51", [](json::object& b) { payment_of(b)["payerReference"] = std::string(51, 'p'); }, "Payment.PayerReference"},
        RejectCase{"user_agent_missing", [](json::object& b) { erase(payment_of(b), "userAgent"); }, "Payment.UserAgent"},
        RejectCase{"language_other", [](json::object& b) { payment_of(b)["language"] = "de-DE"; }, "Payment.Language"},
        RejectCase{"language_fi", [](json::object& b) { payment_of(b)["language"] = "fi-FI"; }, "Payment.Language"},
        RejectCase{"language_missing", [](json::object& b) { erase(payment_of(b), "language"); }, "Payment.Language"},
        RejectCase{"urls_missing", [](json::object& b) { erase(payment_of(b), "urls"); }, "Payment.Urls"},
        RejectCase{"complete_url_missing", [](json::object& b) { erase(urls(b), "completeUrl"); }, "Payment.Urls.CompleteUrl"},
        RejectCase{"complete_url_relative", [](json::object& b) { urls(b)["completeUrl"] = "/complete"; }, "Payment.Urls.CompleteUrl"},
        RejectCase{"complete_url_not_url", [](json::object& b) { urls(b)["completeUrl"] = "not a url"; }, "Payment.Urls.CompleteUrl"},
        RejectCase{"complete_url_ftp", [](json::object& b) { urls(b)["completeUrl"] = "ftp://shop.example/x"; }, "Payment.Urls.CompleteUrl"},
        RejectCase{"cancel_url_javascript", [](json::object& b) { urls(b)["cancelUrl"] = "javascript:alert(1)"; }, "Payment.Urls.CancelUrl"},
        RejectCase{"callback_url_bad", [](json::object& b) { urls(b)["callbackUrl"] = "callback"; }, "Payment.Urls.CallbackUrl"},
        RejectCase{"payment_url_bad", [](json::object& b) { urls(b)["paymentUrl"] = "http//x"; }, "Payment.Urls.PaymentUrl"},
        RejectCase{"terms_url_http", [](json::object& b) { urls(b)["termsOfServiceUrl"] = "http://shop.example/terms"; }, "Payment.Urls.TermsOfServiceUrl"},
        RejectCase{"logo_url_http", [](json::object& b) { urls(b)["logoUrl"] = "http://shop.example/logo.png"; }, "Payment.Urls.LogoUrl"},
        RejectCase{"host_url_bad", [](json::object& b) { urls(b)["hostUrls"] = json::array{"nope"}; }, "Payment.Urls.HostUrls[0]"},
        RejectCase{"host_urls_not_array", [](json::object& b) { urls(b)["hostUrls"] = "https://x.example"; }, "payment.urls.hostUrls"},
        RejectCase{"payee_info_missing", [](json::object& b) { erase(payment_of(b), "payeeInfo"); }, "Payment.PayeeInfo"},
        RejectCase{"payee_id_missing", [](json::object& b) { erase(payee(b), "payeeId"); }, "Payment.PayeeInfo.PayeeId"},
        RejectCase{"payee_id_not_guid", [](json::object& b) { payee(b)["payeeId"] = "merchant-1"; }, "Payment.PayeeInfo.PayeeId"},
        RejectCase{"payee_reference_missing", [](json::object& b) { erase(payee(b), "payeeReference"); }, "Payment.PayeeInfo.PayeeReference"},
        RejectCase{"payee_reference_31", [](json::object& b) { payee(b)["payeeReference"] = std::string(31, 'r'); }, "Payment.PayeeInfo.PayeeReference"},
        RejectCase{"payee_reference_space", [](json::object& b) { payee(b)["payeeReference"] = "order 1"; }, "Payment.PayeeInfo.PayeeReference"},
        RejectCase{"payee_reference_unicode", [](json::object& b) { payee(b)["payeeReference"] = "ordär1"; }, "Payment.PayeeInfo.PayeeReference"},
        RejectCase{"order_reference_51", [](json::object& b) { payee(b)["orderReference"] = std::string(51, 'o'); }, "Payment.PayeeInfo.OrderReference"},
        RejectCase{"product_category_51", [](json::object& b) { payee(b)["productCategory"] = std::string(51, 'c'); }, "Payment.PayeeInfo.ProductCategory"},
        RejectCase{"subsite_41", [](json::object& b) { payee(b)["subsite"] = std::string(41, 's'); }, "Payment.PayeeInfo.Subsite"},
        RejectCase{"payee_name_51", [](json::object& b) { payee(b)["payeeName"] = std::string(51, 'n'); }, "Payment.PayeeInfo.PayeeName"},
        RejectCase{"metadata_nested", [](json::object& b) { payment_of(b)["metadata"] = json::object{{"key", json::object{{"a", 1}}}}; }, "Payment.Metadata.key"},
        RejectCase{"metadata_array_value", [](json::object& b) { payment_of(b)["metadata"] = json::object{{"key", json::array{1}}}; }, "Payment.Metadata.key"},
        RejectCase{"metadata_not_object", [](json::object& b) { payment_of(b)["metadata"] = json::array{1}; }, "payment.metadata"},
        RejectCase{"boolean_word", [](json::object& b) { payment_of(b)["generatePaymentToken"] = "maybe"; }, "payment.generatePaymentToken"},
        RejectCase{"payment_token_not_guid", [](json::object& b) { payment_of(b)["paymentToken"] = "abc"; }, "Payment.PaymentToken"},
        RejectCase{"invoice_missing", [](json::object& b) { erase(b, "invoice"); }, "Invoice"},
        RejectCase{"invoice_type_missing", [](json::object& b) { b.at("invoice").as_object().erase("invoiceType"); }, "Invoice.InvoiceType"},
        RejectCase{"invoice_type_not_enabled", [](json::object& b) { b["invoice"] = json::object{{"invoiceType", "CampaignInvoiceSe"}}; }, "Invoice.InvoiceType"},
        RejectCase{"recur_without_token", [](json::object& b) { payment_of(b)["operation"] = "Recur"; payment_of(b)["amount"] = 1500; payment_of(b)["vatAmount"] = 0; }, "Payment.RecurrenceToken"},
        RejectCase{"recur_token_not_guid", [](json::object& b) { payment_of(b)["operation"] = "Recur"; payment_of(b)["amount"] = 1500; payment_of(b)["vatAmount"] = 0; payment_of(b)["recurrenceToken"] = "x"; }, "payment.recurrenceToken"}),
    testing::case_name);

TEST(DecodeCreatePayment, AcceptsTheBaseBodyOfTheRuleTable) {
    EXPECT_TRUE(decode_create_payment(json::serialize(testing::financing_consumer_body())));
}

const std::string recorded_request =
    R"({"payment":{"operation":"FinancingConsumer","intent":"Authorization","currency":"SEK",)"
    R"("prices":[{"type":"Invoice","amount":10000,"vatAmount":0}],"description":"test description",)"
    R"("userAgent":"Mozilla/5.0 Postman","language":"sv-SE","urls":{"hostUrls":["https://en.wikipedia.org/wiki/Host"],)"
    R"("completeUrl":"https://en.wikipedia.org/wiki/Success","cancelUrl":"https://en.wikipedia.org/wiki/cancel",)"
    R"("callbackUrl":"https://en.wikipedia.org/wiki/callback","termsOfServiceUrl":"https://en.wikipedia.org/wiki/Terms_Of_Service",)"
    R"("logoUrl":"https://design.swedbankpay.com/v/4.5.0/img/swedbankpay-logo.svg"},)"
    R"("payeeInfo":{"payeeId":"cdff105b-1879-4d10-a83b-7bd7115cffef","payeeReference":"someUniqueReference123894723",)"
    R"("payeeName":"Test merchant"}},"invoice":{"invoiceType":"PayExFinancingSe"}})";

TEST(DecodeCreatePayment, ReadsTheRecordedRequest) {
    const auto command = decode_create_payment(recorded_request);
    ASSERT_TRUE(command);
    EXPECT_EQ(domain::PaymentOperation::financing_consumer, command->operation);
    EXPECT_EQ(domain::Currency::sek, command->currency);
    EXPECT_EQ(domain::InvoiceType::payex_financing_se, command->invoice_type);
    EXPECT_EQ((domain::Price{domain::Amount{10000}, domain::Amount{0}}), command->price);
    EXPECT_EQ("test description", command->description);
    EXPECT_EQ(domain::Language::sv_se, command->language);
    EXPECT_EQ(std::vector<std::string>{"https://en.wikipedia.org/wiki/Host"},
              command->urls.host_urls);
    EXPECT_EQ("https://en.wikipedia.org/wiki/cancel", command->urls.cancel_url);
    EXPECT_EQ("cdff105b-1879-4d10-a83b-7bd7115cffef", command->payee_info.payee_id);
    EXPECT_EQ("Test merchant", command->payee_info.payee_name);
}

TEST(DecodeCreatePayment, NamesTheFieldOfATypeErrorByItsJsonPath) {
    const auto command = decode_create_payment(
        R"({"payment":{"operation":"FinancingConsumer","prices":[{"amount":true}]}})");
    ASSERT_FALSE(command);
    bool found = false;
    for (const auto& problem : command.error().problems) {
        found = found || problem.name == "payment.prices[0].amount";
    }
    EXPECT_TRUE(found);
}

TEST(DecodeCreatePayment, RejectsDeepNestingWithoutCrashing) {
    std::string deep = R"({"payment":)";
    for (int i = 0; i < 10000; ++i) deep += "[";
    const auto command = decode_create_payment(deep);
    ASSERT_FALSE(command);
    EXPECT_EQ(domain::ErrorCode::request_malformed, command.error().code);
}

TEST(DecodeAbort, DefaultsTheReason) {
    const auto command = decode_abort(R"({"payment":{"operation":"abort"}})");
    ASSERT_TRUE(command);
    EXPECT_EQ("CancelledByConsumer", command->abort_reason);
}

TEST(DecodeDeletePayerToken, AcceptsOnlyTheStateDeleted) {
    EXPECT_TRUE(decode_delete_payer_token(R"({"state":"deleted","comment":null})"));
    expect_rejected(decode_delete_payer_token(R"({"state":"Active"})"), "State");
    expect_rejected(decode_delete_payer_token(R"({"comment":"no state"})"), "State",
                    "The State field is required.");
}

}  // namespace
}  // namespace faktura::http
