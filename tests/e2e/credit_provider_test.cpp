// `faktura serve --credit-provider URL` end to end: the server asks an operator's service (a
// loopback fake built on our own HTTP server) for the legal address and the credit decision, and
// maps its answers and its silence into the API's outcomes.
#include <gtest/gtest.h>

#include <atomic>
#include <boost/json.hpp>
#include <future>

#include "e2e/test_app.hpp"
#include "http/server.hpp"

namespace faktura::testing {
namespace {

namespace json = boost::json;

enum class Answers { at_once, never };

// The operator's service: answers lookups with Azra's address and decisions with `outcome`, at once
// or never (a silent one holds every request until the fake is destroyed).
class FakeCreditProvider {
  public:
    FakeCreditProvider(std::string outcome, Answers answers) {
        http::ServerOptions options;
        options.port = 0;
        options.worker_threads = 4;
        server_ = std::make_unique<http::Server>(options, [this, outcome,
                                                           answers](const http::Request& request) {
            requests_ += 1;
            if (answers == Answers::never) silence_ended_.wait_for(std::chrono::seconds{10});
            http::Response response;
            response.set_header("Content-Type", "application/json");
            if (request.target.find("legal-address-lookups") != std::string::npos) {
                response.body =
                    R"({"status":"found","address":{"addressee":"Operator Person",)"
                    R"("streetAddress":"Operatorsgatan 1","zipCode":"19792","city":"Bro","countryCode":"SE"}})";
            } else {
                response.body = R"({"outcome":")" + outcome +
                                R"(","errorCode":"1001","errorDescription":"CreditNotApproved"})";
            }
            return response;
        });
        server_->start();
    }
    ~FakeCreditProvider() {
        end_silence_.set_value();
        server_->stop();
    }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(server_->port()); }
    int requests() const { return requests_; }

  private:
    std::unique_ptr<http::Server> server_;
    std::atomic<int> requests_{0};
    std::promise<void> end_silence_;
    std::shared_future<void> silence_ended_ = end_silence_.get_future().share();
};

TEST(CreditProvider, TheOperatorsServiceDecides) {
    FakeCreditProvider provider("completed", Answers::at_once);
    cli::ServeOptions options;
    options.credit_provider_url = provider.url();
    TestApp app(options);
    const TestMerchant merchant = app.add_merchant("Shop");
    const std::string id = app.create_payment(merchant);

    const ClientResponse lookup =
        app.call("POST", id + "/approvedlegaladdress", merchant.token,
                 R"({"addressee":{"socialSecurityNumber":"196003071161","zipCode":"19792"}})");
    ASSERT_EQ(201, lookup.status) << lookup.body;
    EXPECT_EQ(json::value("Operator Person"),
              json::parse(lookup.body).at("approvedLegalAddress").at("addressee"));

    const ClientResponse authorized = app.authorize(merchant, id);
    ASSERT_EQ(201, authorized.status) << authorized.body;
    EXPECT_EQ(json::value("Completed"),
              json::parse(authorized.body).at("authorization").at("transaction").at("state"));
    EXPECT_EQ(2, provider.requests());
}

TEST(CreditProvider, ARefusalKeepsTheProvidersCode) {
    FakeCreditProvider provider("failed", Answers::at_once);
    cli::ServeOptions options;
    options.credit_provider_url = provider.url();
    TestApp app(options);
    const TestMerchant merchant = app.add_merchant("Shop");
    const std::string id = app.create_payment(merchant);
    const json::value transaction =
        json::parse(app.authorize(merchant, id).body).at("authorization").at("transaction");
    EXPECT_EQ(json::value("Failed"), transaction.at("state"));
    EXPECT_EQ(json::value("1001"), transaction.at("failedErrorCode"));
}

TEST(CreditProvider, ASilentProviderIsAFailedAuthorizationNotAHang) {
    FakeCreditProvider provider("completed", Answers::never);
    cli::ServeOptions options;
    options.credit_provider_url = provider.url();
    options.credit_provider_timeout = std::chrono::milliseconds{150};
    TestApp app(options);
    const TestMerchant merchant = app.add_merchant("Shop");
    const std::string id = app.create_payment(merchant);
    const ClientResponse response = app.authorize(merchant, id);
    ASSERT_EQ(201, response.status) << response.body;
    const json::value transaction =
        json::parse(response.body).at("authorization").at("transaction");
    EXPECT_EQ(json::value("Failed"), transaction.at("state"));
    EXPECT_EQ(json::value("Credit provider timed out"), transaction.at("failedErrorDescription"));
    EXPECT_FALSE(transaction.as_object().contains("failedErrorCode"));
    // The lookup gets the same treatment: 502 invoice/externalerror.
    const ClientResponse lookup =
        app.call("POST", id + "/approvedlegaladdress", merchant.token,
                 R"({"addressee":{"socialSecurityNumber":"196003071161","zipCode":"19792"}})");
    EXPECT_EQ(502, lookup.status);
    EXPECT_EQ(json::value("https://api.payex.com/psp/errordetail/invoice/externalerror"),
              json::parse(lookup.body).at("type"));
}

}  // namespace
}  // namespace faktura::testing
