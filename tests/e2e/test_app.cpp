#include "e2e/test_app.hpp"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <random>
#include <stdexcept>

#include "app/merchant_service.hpp"
#include "app/system.hpp"
#include "storage/sqlite/sqlite_store.hpp"

namespace faktura::testing {
namespace {

std::filesystem::path make_temp_directory() {
    std::string pattern = (std::filesystem::temp_directory_path() / "faktura-e2e-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    return pattern;
}

}  // namespace

TestApp::TestApp() : TestApp(cli::ServeOptions{}) {}

TestApp::TestApp(cli::ServeOptions options, app::Clock* clock)
    : TestApp(std::move(options), cli::Environment{clock, {}}) {}

TestApp::TestApp(cli::ServeOptions options, cli::Environment environment)
    : directory_(make_temp_directory()), database_path_(directory_ / "faktura.db") {
    options.listen = "127.0.0.1:0";
    options.database = "sqlite:" + database_path_.string();
    options.worker_threads = 16;
    application_ = std::make_unique<cli::Application>(options, std::move(environment));
    application_->start();
    base_url_ = application_->public_url();
}

TestApp::~TestApp() {
    application_->stop();
    application_.reset();
    std::error_code ignored;
    std::filesystem::remove_all(directory_, ignored);
}

TestMerchant TestApp::add_merchant(const std::string& name) {
    // A second connection to the same file, as `faktura merchant add` does next to a running
    // server.
    auto store = storage::sqlite::SqliteStore::open(database_path_.string());
    app::SystemClock clock;
    app::RandomIdGenerator ids;
    app::MerchantService merchants(*store, clock, ids);
    auto registered =
        merchants.add(app::MerchantRegistration{name, std::nullopt, std::nullopt, {}});
    if (!registered) throw std::runtime_error("could not register merchant " + name);
    return TestMerchant{registered->merchant.payee_id, registered->token, name};
}

ClientResponse TestApp::call(const std::string& method, const std::string& target,
                             const std::string& token, const std::string& body,
                             HeaderList extra_headers) {
    HeaderList headers;
    if (!token.empty()) headers.emplace_back("Authorization", "Bearer " + token);
    if (!body.empty()) headers.emplace_back("Content-Type", "application/json");
    for (auto& header : extra_headers) headers.push_back(std::move(header));
    return http_request("127.0.0.1", port(), method, target, body, std::move(headers));
}

std::string TestApp::create_payment(const TestMerchant& merchant, std::int64_t amount,
                                    const std::string& invoice_type) {
    std::string body = financing_consumer_body(merchant.payee_id, unique_reference());
    const auto replace = [&](const std::string& from, const std::string& to) {
        body.replace(body.find(from), from.size(), to);
    };
    replace("\"amount\":10000", "\"amount\":" + std::to_string(amount));
    if (invoice_type == "PayExFinancingNo") {
        replace("\"SEK\"", "\"NOK\"");
        replace("\"sv-SE\"", "\"nb-NO\"");
    } else if (invoice_type == "PayExFinancingFi") {
        replace("\"SEK\"", "\"EUR\"");
        replace("\"sv-SE\"", "\"en-US\"");
    }
    replace("PayExFinancingSe", invoice_type);
    const ClientResponse response = call("POST", "/psp/invoice/payments", merchant.token, body);
    if (response.status != 201) throw std::runtime_error("create payment failed: " + response.body);
    const std::string marker = "\"id\":\"";
    const std::size_t start = response.body.find(marker) + marker.size();
    return response.body.substr(start, response.body.find('"', start) - start);
}

ClientResponse TestApp::authorize(const TestMerchant& merchant, const std::string& payment_id,
                                  const std::string& country) {
    std::string consumer;
    std::string address;
    if (country == "NO") {
        consumer = R"("socialSecurityNumber":"26026708248","msisdn":"+4798765432")";
        address =
            R"("addressee":"Olivia Nyhuus","streetAddress":"Saltnestoppen 43","zipCode":"1642","city":"Saltnes","countryCode":"NO")";
    } else if (country == "FI") {
        consumer = R"("socialSecurityNumber":"100584-451P","msisdn":"+358501234567")";
        address =
            R"("addressee":"Järvilehto Kimmo","streetAddress":"Kiannonkatu 88","zipCode":"90500","city":"Oulu","countryCode":"FI")";
    } else {
        consumer = R"("socialSecurityNumber":"196003071161","msisdn":"+46739000001")";
        address =
            R"("addressee":"Azra Oliveira","streetAddress":"Helgestavägen 9","zipCode":"19792","city":"Bro","countryCode":"SE")";
    }
    return call(
        "POST", payment_id + "/authorizations", merchant.token,
        R"({"transaction":{"activity":"FinancingConsumer"},"consumer":{)" + consumer +
            R"(,"customerNumber":"123456","email":"payer@example.com","ip":"127.0.0.1"},"legalAddress":{)" +
            address + "}}");
}

std::string financing_consumer_body(const std::string& payee_id,
                                    const std::string& payee_reference) {
    return R"({"payment":{"operation":"FinancingConsumer","intent":"Authorization","currency":"SEK",)"
           R"("prices":[{"type":"Invoice","amount":10000,"vatAmount":0}],)"
           R"("description":"test description","userAgent":"Mozilla/5.0 Postman","language":"sv-SE",)"
           R"("urls":{"hostUrls":["https://en.wikipedia.org/wiki/Host"],)"
           R"("completeUrl":"https://en.wikipedia.org/wiki/Success",)"
           R"("cancelUrl":"https://en.wikipedia.org/wiki/cancel",)"
           R"("callbackUrl":"https://en.wikipedia.org/wiki/callback",)"
           R"("termsOfServiceUrl":"https://en.wikipedia.org/wiki/Terms_Of_Service",)"
           R"("logoUrl":"https://design.swedbankpay.com/v/4.5.0/img/swedbankpay-logo.svg"},)"
           R"("payeeInfo":{"payeeId":")" +
           payee_id + R"(","payeeReference":")" + payee_reference +
           R"(","payeeName":"Test merchant"}},"invoice":{"invoiceType":"PayExFinancingSe"}})";
}

std::string run_command(const std::string& command) {
    std::string output;
    FILE* pipe = popen(command.c_str(), "r");
    if (pipe == nullptr) throw std::runtime_error("popen failed");
    char buffer[256];
    while (fgets(buffer, sizeof buffer, pipe) != nullptr) output += buffer;
    if (pclose(pipe) != 0) throw std::runtime_error("command failed: " + command + "\n" + output);
    return output;
}

std::string unique_reference() {
    static std::atomic<int> counter{0};
    static const auto run = std::chrono::steady_clock::now().time_since_epoch().count() % 100000000;
    return "ref" + std::to_string(run) + "x" + std::to_string(counter++);
}

}  // namespace faktura::testing
