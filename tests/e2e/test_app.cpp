#include "e2e/test_app.hpp"

#include <atomic>
#include <chrono>
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

TestApp::TestApp() : directory_(make_temp_directory()), database_path_(directory_ / "faktura.db") {
    cli::ServeOptions options;
    options.listen = "127.0.0.1:0";
    options.database = "sqlite:" + database_path_.string();
    options.worker_threads = 16;
    application_ = std::make_unique<cli::Application>(options);
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
    // A second connection to the same file, as `faktura merchant add` does next to a running server.
    auto store = storage::SqliteStore::open(database_path_.string());
    app::SystemClock clock;
    app::RandomIdGenerator ids;
    app::MerchantService merchants(*store, clock, ids);
    auto registered = merchants.add(app::MerchantRegistration{name, std::nullopt, std::nullopt, {}});
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

std::string unique_reference() {
    static std::atomic<int> counter{0};
    static const auto run = std::chrono::steady_clock::now().time_since_epoch().count() % 100000000;
    return "ref" + std::to_string(run) + "x" + std::to_string(counter++);
}

}  // namespace faktura::testing
