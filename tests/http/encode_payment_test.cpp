// encode_payment_resource with the recorded key order, and `$expand` names.
#include "http/encode_payment.hpp"

#include <gtest/gtest.h>

namespace faktura::http {
namespace {

TEST(EncodePaymentResource, MatchesTheRecordedBytesOfACreatedPayment) {
    domain::Payment payment;
    payment.id = "9ecebbe2-cbfe-442b-7f8b-08d7fcb653b9";
    payment.number = 41100171179;
    payment.created_at = domain::Timestamp{1590137142LL * domain::ticks_per_second + 8097921};
    payment.updated_at = payment.created_at;
    payment.price = domain::Price{domain::Amount{10000}, domain::Amount{0}};
    payment.description = "test description";
    payment.initiating_system_user_agent = "PostmanRuntime/7.24.1";
    payment.user_agent = "Mozilla/5.0 Postman";
    payment.urls.host_urls = {"https://en.wikipedia.org/wiki/Host"};
    payment.front_end_token = "94458274928fdcc90994f9b81849e78051f5a6c29329e3b933184812cf23e7f3";
    const UrlBase base{"https://api.externalintegration.payex.com",
                       "https://ecom.externalintegration.payex.com"};
    const std::vector<domain::Transaction> none;
    const std::string body = encode_payment_resource(PaymentDocument{payment, none, base},
                                                     domain::merchant_operations(payment), {});
    // The recording (fixtures/payments-01) except `updated`, which the real service wrote earlier
    // than `created` (a quirk the spec tells us not to copy, §3.4).
    EXPECT_EQ(
        R"({"payment":{"id":"/psp/invoice/payments/9ecebbe2-cbfe-442b-7f8b-08d7fcb653b9","number":41100171179,)"
        R"("created":"2020-05-22T08:45:42.8097921Z","updated":"2020-05-22T08:45:42.8097921Z","instrument":"Invoice",)"
        R"("operation":"FinancingConsumer","intent":"Authorization","state":"Ready","currency":"SEK",)"
        R"("prices":{"id":"/psp/invoice/payments/9ecebbe2-cbfe-442b-7f8b-08d7fcb653b9/prices"},"amount":0,)"
        R"("description":"test description","initiatingSystemUserAgent":"PostmanRuntime/7.24.1",)"
        R"("userAgent":"Mozilla/5.0 Postman","language":"sv-SE",)"
        R"("urls":{"id":"/psp/invoice/payments/9ecebbe2-cbfe-442b-7f8b-08d7fcb653b9/urls"},)"
        R"("payeeInfo":{"id":"/psp/invoice/payments/9ecebbe2-cbfe-442b-7f8b-08d7fcb653b9/payeeinfo"},)"
        R"("metadata":{"id":"/psp/invoice/payments/9ecebbe2-cbfe-442b-7f8b-08d7fcb653b9/metadata"}},)"
        R"("operations":[{"method":"POST","href":"https://api.externalintegration.payex.com/psp/invoice/payments/9ecebbe2-cbfe-442b-7f8b-08d7fcb653b9/approvedlegaladdress","rel":"create-approved-legal-address","contentType":"application/json"},)"
        R"({"method":"POST","href":"https://api.externalintegration.payex.com/psp/invoice/payments/9ecebbe2-cbfe-442b-7f8b-08d7fcb653b9/authorizations","rel":"create-authorization","contentType":"application/json"},)"
        R"({"method":"PATCH","href":"https://api.externalintegration.payex.com/psp/invoice/payments/9ecebbe2-cbfe-442b-7f8b-08d7fcb653b9","rel":"update-payment-abort","contentType":"application/json"},)"
        R"({"method":"GET","href":"https://ecom.externalintegration.payex.com/invoice/payments/authorize/94458274928fdcc90994f9b81849e78051f5a6c29329e3b933184812cf23e7f3","rel":"redirect-authorization","contentType":"text/html"},)"
        R"({"method":"GET","href":"https://ecom.externalintegration.payex.com/invoice/core/scripts/client/px.invoice.client.js?token=94458274928fdcc90994f9b81849e78051f5a6c29329e3b933184812cf23e7f3&operation=authorize","rel":"view-authorization","contentType":"application/javascript"}]})",
        body);
}

TEST(ParseExpansion, IgnoresUnknownNamesAndCase) {
    EXPECT_EQ((std::vector{SubResource::urls, SubResource::payee_info}),
              parse_expansion("URLS, payeeInfo,nonsense,"));
}

}  // namespace
}  // namespace faktura::http
