// Tests HttpCreditProvider against a loopback FakePeer playing the operator's provider: every
// answer of docs/credit-provider.md, the spec §24.4 error-code families, each way an exchange can
// fail, and the JSON Faktura sends.
#include "outbound/http_credit_provider.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

#include "domain/authorization.hpp"
#include "fake_peer.hpp"

namespace faktura::outbound {
namespace {

namespace json = boost::json;
using std::chrono::milliseconds;
using testing::closed_port;
using testing::FakePeer;
using testing::PeerAnswer;

constexpr const char* azra_national_id = "196003071161";

domain::NationalId azra_oliveira() {
    return domain::NationalId{domain::Country::se, azra_national_id, {1960, 3, 7}};
}

domain::Address azra_address() {
    return domain::Address{.addressee = "Azra Oliveira",
                           .co_address = std::nullopt,
                           .street_address = "Helgestavägen 9",
                           .zip_code = "19792",
                           .city = "Bro",
                           .country = domain::Country::se};
}

app::LegalAddressQuery lookup_query() {
    return app::LegalAddressQuery{.payee_id = "5cabf558-5283-482f-b252-4d58e06f6f3b",
                                  .payment_id = "4871cd1b-09ee-41b3-7f8d-08d7fcb653b9",
                                  .person = azra_oliveira(),
                                  .zip_code = "197 92"};
}

app::CreditQuery credit_query() {
    return app::CreditQuery{
        .payee_id = "5cabf558-5283-482f-b252-4d58e06f6f3b",
        .payment_id = "d6dcaf55-3bb1-4e46-7f92-08d7fcb653b9",
        .transaction_id = "e374c4a4-6073-4f4c-7a57-08d7fcb6e19e",
        .activity_name = "Authorize",
        .currency = domain::Currency::sek,
        .amount = domain::Amount{10000},
        .vat_amount = domain::Amount{2000},
        .person = azra_oliveira(),
        .consumer = domain::Consumer{.national_id = azra_national_id,
                                     .customer_number = std::nullopt,
                                     .email = std::nullopt,
                                     .msisdn = "+46739000001",
                                     .ip = "127.0.0.1"},
        .legal_address = azra_address(),
        .billing_address = std::nullopt,
    };
}

// Collects the provider's log lines; shared so the provider can outlive a copy.
struct LogLines {
    std::shared_ptr<std::mutex> mutex = std::make_shared<std::mutex>();
    std::shared_ptr<std::vector<std::string>> lines = std::make_shared<std::vector<std::string>>();

    std::function<void(const std::string&)> sink() const {
        return [mutex = mutex, lines = lines](const std::string& line) {
            const std::lock_guard lock(*mutex);
            lines->push_back(line);
        };
    }
    std::vector<std::string> recorded() const {
        const std::lock_guard lock(*mutex);
        return *lines;
    }
};

HttpCreditProvider provider_for(const FakePeer& peer, const LogLines& log,
                                milliseconds timeout = milliseconds{2000}) {
    return HttpCreditProvider(peer.url("/provider/"),
                              HttpCreditProviderOptions{.timeout = timeout,
                                                        .connect_timeout = milliseconds{1000},
                                                        .headers = {},
                                                        .log = log.sink()});
}

json::value received_json(const FakePeer& peer) {
    const std::vector<http::Request> requests = peer.requests();
    EXPECT_EQ(requests.size(), 1u);
    if (requests.empty()) return nullptr;
    return json::parse(requests.front().body);
}

domain::CreditDecision decision_from(std::string answer_body, int status = 200) {
    const FakePeer peer(PeerAnswer{.status = status, .body = std::move(answer_body)});
    const LogLines log;
    return provider_for(peer, log).decide(credit_query());
}

domain::LookupOutcome lookup_from(std::string answer_body, int status = 200) {
    const FakePeer peer(PeerAnswer{.status = status, .body = std::move(answer_body)});
    const LogLines log;
    return provider_for(peer, log).lookup_legal_address(lookup_query());
}

// A Failed decision Faktura made itself because the provider gave no usable answer.
domain::CreditDecision provider_failure(std::string_view description) {
    return domain::CreditDecision{
        .outcome = domain::CreditOutcome::failed,
        .failure = domain::TransactionFailure{.reason = "ExternalResponseError",
                                              .activity_name = "Authorize",
                                              .error_code = std::nullopt,
                                              .error_description = std::string(description)},
        .problem = domain::ThirdPartyProblem::external_error_500,
    };
}

const domain::LookupOutcome unavailable{domain::LookupStatus::provider_unavailable, std::nullopt};

// --- Legal-address lookups ---

TEST(HttpCreditProviderLookup, SendsTheDocumentedRequest) {
    const FakePeer peer(PeerAnswer{.status = 200, .body = R"({"status":"personUnknown"})"});
    const LogLines log;
    HttpCreditProvider(peer.url("/provider/"),
                       {.timeout = milliseconds{2000},
                        .connect_timeout = milliseconds{1000},
                        .headers = {{"Authorization", "Bearer operator-secret"}},
                        .log = log.sink()})
        .lookup_legal_address(lookup_query());

    const std::vector<http::Request> requests = peer.requests();
    ASSERT_EQ(requests.size(), 1u);
    EXPECT_EQ(requests[0].method, "POST");
    EXPECT_EQ(requests[0].target, "/provider/legal-address-lookups");
    EXPECT_EQ(requests[0].header("Content-Type"), "application/json");
    EXPECT_EQ(requests[0].header("Authorization"), "Bearer operator-secret");
    EXPECT_EQ(json::parse(requests[0].body), json::parse(R"({
        "payeeId": "5cabf558-5283-482f-b252-4d58e06f6f3b",
        "paymentId": "4871cd1b-09ee-41b3-7f8d-08d7fcb653b9",
        "country": "SE",
        "nationalId": "196003071161",
        "zipCode": "197 92"
    })"));
}

TEST(HttpCreditProviderLookup, FoundReturnsTheAddress) {
    const domain::LookupOutcome outcome = lookup_from(R"({"status":"found","address":{
        "addressee":"Azra Oliveira","streetAddress":"Helgestavägen 9","zipCode":"19792",
        "city":"Bro","countryCode":"SE"}})");
    EXPECT_EQ(outcome, (domain::LookupOutcome{domain::LookupStatus::found, azra_address()}));
}

TEST(HttpCreditProviderLookup, FoundKeepsCoAddressAndAcceptsLowerCaseCountryAndExtraFields) {
    domain::Address expected = azra_address();
    expected.co_address = "c/o Svensson";
    const domain::LookupOutcome outcome = lookup_from(R"({"status":"found","reference":"x1",
        "address":{"addressee":"Azra Oliveira","coAddress":"c/o Svensson",
        "streetAddress":"Helgestavägen 9","zipCode":"19792","city":"Bro","countryCode":"se",
        "region":"Stockholm"}})");
    EXPECT_EQ(outcome, (domain::LookupOutcome{domain::LookupStatus::found, expected}));
}

TEST(HttpCreditProviderLookup, ZipMismatchAndPersonUnknown) {
    EXPECT_EQ(lookup_from(R"({"status":"zipMismatch"})"),
              (domain::LookupOutcome{domain::LookupStatus::zip_mismatch, std::nullopt}));
    EXPECT_EQ(lookup_from(R"({"status":"personUnknown"})"),
              (domain::LookupOutcome{domain::LookupStatus::person_unknown, std::nullopt}));
}

TEST(HttpCreditProviderLookup, AnswersOutsideTheContractMakeTheProviderUnavailable) {
    const std::vector<std::string> bodies{
        R"(not json)",
        R"(["found"])",
        R"({})",
        R"({"status":"maybe"})",
        R"({"status":"FOUND"})",
        R"({"status":7})",
        R"({"status":"found"})",
        R"({"status":"found","address":{"addressee":"Azra Oliveira","zipCode":"19792",
            "city":"Bro","countryCode":"SE"}})",
        R"({"status":"found","address":{"addressee":"","streetAddress":"Helgestavägen 9",
            "zipCode":"19792","city":"Bro","countryCode":"SE"}})",
        R"({"status":"found","address":{"addressee":"Azra Oliveira","streetAddress":"Helgestavägen 9",
            "zipCode":"19792","city":"Bro","countryCode":"NO"}})",
        R"({"status":"found","address":{"addressee":"Azra Oliveira","streetAddress":"Helgestavägen 9",
            "zipCode":"19792","city":"Bro","countryCode":"SE","coAddress":5}})",
    };
    for (const std::string& body : bodies) EXPECT_EQ(lookup_from(body), unavailable) << body;
}

TEST(HttpCreditProviderLookup, NonSuccessStatusMakesTheProviderUnavailable) {
    EXPECT_EQ(lookup_from(R"({"status":"personUnknown"})", 404), unavailable);
    EXPECT_EQ(lookup_from(R"({"status":"zipMismatch"})", 500), unavailable);
}

TEST(HttpCreditProviderLookup, TimeOutMakesTheProviderUnavailableAndIsLogged) {
    const FakePeer peer(PeerAnswer{
        .status = 200, .body = R"({"status":"personUnknown"})", .delay = milliseconds{2000}});
    const LogLines log;
    const auto started = std::chrono::steady_clock::now();
    EXPECT_EQ(provider_for(peer, log, milliseconds{300}).lookup_legal_address(lookup_query()),
              unavailable);
    EXPECT_LT(std::chrono::steady_clock::now() - started, milliseconds{1500});
    ASSERT_EQ(log.recorded().size(), 1u);
    EXPECT_NE(log.recorded()[0].find("4871cd1b-09ee-41b3-7f8d-08d7fcb653b9"), std::string::npos);
    EXPECT_EQ(log.recorded()[0].find(azra_national_id), std::string::npos);
}

TEST(HttpCreditProviderLookup, RefusedConnectionMakesTheProviderUnavailable) {
    const LogLines log;
    HttpCreditProvider provider("http://127.0.0.1:" + std::to_string(closed_port()),
                                {.timeout = milliseconds{1000},
                                 .connect_timeout = milliseconds{1000},
                                 .headers = {},
                                 .log = log.sink()});
    EXPECT_EQ(provider.lookup_legal_address(lookup_query()), unavailable);
    EXPECT_EQ(log.recorded().size(), 1u);
}

// --- Credit decisions ---

TEST(HttpCreditProviderDecide, SendsTheDocumentedRequestWithOnlyTheFieldsGiven) {
    const FakePeer peer(PeerAnswer{.status = 200, .body = R"({"outcome":"completed"})"});
    const LogLines log;
    provider_for(peer, log).decide(credit_query());

    ASSERT_EQ(peer.requests().size(), 1u);
    EXPECT_EQ(peer.requests()[0].target, "/provider/credit-decisions");
    EXPECT_EQ(peer.requests()[0].header("Content-Type"), "application/json");
    EXPECT_EQ(received_json(peer), json::parse(R"({
        "payeeId": "5cabf558-5283-482f-b252-4d58e06f6f3b",
        "paymentId": "d6dcaf55-3bb1-4e46-7f92-08d7fcb653b9",
        "transactionId": "e374c4a4-6073-4f4c-7a57-08d7fcb6e19e",
        "activity": "Authorize",
        "currency": "SEK",
        "amount": 10000,
        "vatAmount": 2000,
        "country": "SE",
        "nationalId": "196003071161",
        "consumer": {"nationalId": "196003071161", "msisdn": "+46739000001", "ip": "127.0.0.1"},
        "legalAddress": {"addressee": "Azra Oliveira", "streetAddress": "Helgestavägen 9",
                         "zipCode": "19792", "city": "Bro", "countryCode": "SE"}
    })"));
}

TEST(HttpCreditProviderDecide, SendsOptionalConsumerFieldsAndTheBillingAddress) {
    const FakePeer peer(PeerAnswer{.status = 200, .body = R"({"outcome":"completed"})"});
    const LogLines log;
    app::CreditQuery query = credit_query();
    query.activity_name = "Verify";
    query.currency = domain::Currency::nok;
    query.amount = domain::Amount{0};
    query.vat_amount = domain::Amount{0};
    query.consumer.customer_number = "123456";
    query.consumer.email = "azra.oliveira@payex.com";
    query.billing_address = domain::Address{.addressee = "Azra Oliveira",
                                            .co_address = "c/o Bolaget AB",
                                            .street_address = "Storgatan 1",
                                            .zip_code = "11122",
                                            .city = "Stockholm",
                                            .country = domain::Country::se};
    provider_for(peer, log).decide(query);

    const json::value sent = received_json(peer);
    ASSERT_TRUE(sent.is_object());
    EXPECT_EQ(sent.at("activity"), "Verify");
    EXPECT_EQ(sent.at("currency"), "NOK");
    EXPECT_EQ(sent.at("amount"), 0);
    EXPECT_EQ(sent.at("consumer"), json::parse(R"({"nationalId": "196003071161",
        "customerNumber": "123456", "email": "azra.oliveira@payex.com",
        "msisdn": "+46739000001", "ip": "127.0.0.1"})"));
    EXPECT_EQ(sent.at("billingAddress"), json::parse(R"({"addressee": "Azra Oliveira",
        "coAddress": "c/o Bolaget AB", "streetAddress": "Storgatan 1", "zipCode": "11122",
        "city": "Stockholm", "countryCode": "SE"})"));
}

TEST(HttpCreditProviderDecide, CompletedAndPending) {
    EXPECT_EQ(
        decision_from(R"({"outcome":"completed"})"),
        (domain::CreditDecision{domain::CreditOutcome::completed, std::nullopt, std::nullopt}));
    EXPECT_EQ(
        decision_from(R"({"outcome":"pending","reference":"ignored"})"),
        (domain::CreditDecision{domain::CreditOutcome::initialized, std::nullopt, std::nullopt}));
}

TEST(HttpCreditProviderDecide, FailedCarriesTheProvidersCodeAndDescription) {
    const domain::CreditDecision decision = decision_from(
        R"({"outcome":"failed","errorCode":"1001","errorDescription":"CreditNotApproved"})");
    EXPECT_EQ(decision,
              (domain::CreditDecision{
                  .outcome = domain::CreditOutcome::failed,
                  .failure = domain::TransactionFailure{.reason = "ExternalResponseError",
                                                        .activity_name = "Authorize",
                                                        .error_code = "1001",
                                                        .error_description = "CreditNotApproved"},
                  .problem = domain::ThirdPartyProblem::forbidden_403}));
}

TEST(HttpCreditProviderDecide, FailedWithoutCodeIsAnExternalError500) {
    const domain::CreditDecision decision =
        decision_from(R"({"outcome":"failed","errorCode":null})");
    ASSERT_EQ(decision.outcome, domain::CreditOutcome::failed);
    EXPECT_EQ(decision.failure->error_code, std::nullopt);
    EXPECT_EQ(decision.failure->error_description, std::nullopt);
    EXPECT_EQ(decision.problem, domain::ThirdPartyProblem::external_error_500);
}

TEST(HttpCreditProviderDecide, FailedNamesTheQueryActivity) {
    const FakePeer peer(
        PeerAnswer{.status = 200, .body = R"({"outcome":"failed","errorCode":"30"})"});
    const LogLines log;
    app::CreditQuery query = credit_query();
    query.activity_name = "Verify";
    const domain::CreditDecision decision = provider_for(peer, log).decide(query);
    ASSERT_TRUE(decision.failure);
    EXPECT_EQ(decision.failure->activity_name, "Verify");
}

struct ErrorCodeCase {
    std::string error_code_json;  // The errorCode value as the provider writes it.
    domain::ThirdPartyProblem problem;
};

class HttpCreditProviderErrorCodes : public ::testing::TestWithParam<ErrorCodeCase> {};

TEST_P(HttpCreditProviderErrorCodes, MapToTheSpecsProblemFamilies) {
    const domain::CreditDecision decision =
        decision_from(R"({"outcome":"failed","errorCode":)" + GetParam().error_code_json + "}");
    ASSERT_EQ(decision.outcome, domain::CreditOutcome::failed);
    EXPECT_EQ(decision.problem, GetParam().problem);
}

// Spec §24.4, row by row, then codes outside the table, then integer spellings.
INSTANTIATE_TEST_SUITE_P(
    Spec24_4, HttpCreditProviderErrorCodes,
    ::testing::Values(ErrorCodeCase{"null", domain::ThirdPartyProblem::external_error_500},
                      ErrorCodeCase{R"("10")", domain::ThirdPartyProblem::input_error_400},
                      ErrorCodeCase{R"("30")", domain::ThirdPartyProblem::input_error_400},
                      ErrorCodeCase{R"("3010")", domain::ThirdPartyProblem::input_error_400},
                      ErrorCodeCase{R"("40")", domain::ThirdPartyProblem::external_error_502},
                      ErrorCodeCase{R"("50")", domain::ThirdPartyProblem::external_error_502},
                      ErrorCodeCase{R"("60")", domain::ThirdPartyProblem::external_error_502},
                      ErrorCodeCase{R"("9999")", domain::ThirdPartyProblem::external_error_502},
                      ErrorCodeCase{R"("1001")", domain::ThirdPartyProblem::forbidden_403},
                      ErrorCodeCase{R"("20")", domain::ThirdPartyProblem::forbidden_403},
                      ErrorCodeCase{R"("030")", domain::ThirdPartyProblem::forbidden_403},
                      ErrorCodeCase{R"("CreditNotApproved")",
                                    domain::ThirdPartyProblem::forbidden_403},
                      ErrorCodeCase{"30", domain::ThirdPartyProblem::input_error_400},
                      ErrorCodeCase{"9999", domain::ThirdPartyProblem::external_error_502},
                      ErrorCodeCase{"1001", domain::ThirdPartyProblem::forbidden_403}));

TEST(HttpCreditProviderDecide, TimeOutIsAFailedDecisionWithoutCode) {
    const FakePeer peer(PeerAnswer{
        .status = 200, .body = R"({"outcome":"completed"})", .delay = milliseconds{2000}});
    const LogLines log;
    const auto started = std::chrono::steady_clock::now();
    const domain::CreditDecision decision =
        provider_for(peer, log, milliseconds{300}).decide(credit_query());
    EXPECT_LT(std::chrono::steady_clock::now() - started, milliseconds{1500});
    EXPECT_EQ(decision, provider_failure(provider_timed_out_description));
    EXPECT_EQ(provider_timed_out_description, "Credit provider timed out");
    ASSERT_EQ(log.recorded().size(), 1u);
    EXPECT_NE(log.recorded()[0].find("/provider/credit-decisions"), std::string::npos);
    EXPECT_EQ(log.recorded()[0].find(azra_national_id), std::string::npos);
}

TEST(HttpCreditProviderDecide, RefusedConnectionIsAFailedDecisionWithoutCode) {
    const LogLines log;
    HttpCreditProvider provider("http://127.0.0.1:" + std::to_string(closed_port()),
                                {.timeout = milliseconds{1000},
                                 .connect_timeout = milliseconds{1000},
                                 .headers = {},
                                 .log = log.sink()});
    EXPECT_EQ(provider.decide(credit_query()), provider_failure(provider_unreachable_description));
}

TEST(HttpCreditProviderDecide, NonSuccessStatusIsAFailedDecisionWithoutCode) {
    for (const int status : {301, 400, 404, 500, 503}) {
        EXPECT_EQ(decision_from(R"({"outcome":"completed"})", status),
                  provider_failure(provider_http_error_description))
            << status;
    }
    EXPECT_EQ(decision_from(R"({"outcome":"completed"})", 201).outcome,
              domain::CreditOutcome::completed);
}

TEST(HttpCreditProviderDecide, AnswersOutsideTheContractAreFailedDecisionsWithoutCode) {
    const std::vector<std::string> bodies{
        "",
        "not json",
        R"({"outcome":"completed")",
        R"("completed")",
        R"({})",
        R"({"outcome":"approved"})",
        R"({"outcome":"Completed"})",
        R"({"outcome":null})",
        R"({"outcome":"failed","errorCode":""})",
        R"({"outcome":"failed","errorCode":true})",
        R"({"outcome":"failed","errorCode":1.5})",
        R"({"outcome":"failed","errorCode":"30","errorDescription":30})",
        R"({"outcome":"failed","errorCode":"30","errorDescription":")" + std::string(600, 'x') +
            R"("})",
        R"({"a":{"b":{"c":{"d":{"e":{"f":{"g":{"h":{"i":1}}}}}}}},"outcome":"completed"})",
    };
    for (const std::string& body : bodies) {
        EXPECT_EQ(decision_from(body), provider_failure(provider_invalid_answer_description))
            << body;
    }
}

TEST(HttpCreditProviderDecide, OversizeAnswerIsAFailedDecisionWithoutCode) {
    const std::string padding(provider_answer_limit_bytes, ' ');
    EXPECT_EQ(decision_from(R"({"outcome":"completed"})" + padding),
              provider_failure(provider_unreachable_description));
}

TEST(HttpCreditProvider, RejectsBaseUrlsThatAreNotHttp) {
    EXPECT_THROW(HttpCreditProvider("ftp://provider.example"), std::invalid_argument);
    EXPECT_THROW(HttpCreditProvider(""), std::invalid_argument);
    EXPECT_THROW(HttpCreditProvider("provider.example/x"), std::invalid_argument);
    EXPECT_NO_THROW(HttpCreditProvider("HTTPS://provider.example/"));
}

}  // namespace
}  // namespace faktura::outbound
