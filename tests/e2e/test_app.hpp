// A real Faktura server for end-to-end tests: the same Application that `faktura serve` runs, on
// port 0 with a fresh temporary SQLite file, plus registered merchants and a client per call.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "cli/commands.hpp"
#include "support/http_client.hpp"

namespace faktura::testing {

struct TestMerchant {
    std::string payee_id;
    std::string token;
    std::string name;
};

class TestApp {
  public:
    TestApp();
    // listen and database are filled in; `clock` (not owned) replaces the system clock.
    explicit TestApp(cli::ServeOptions options, app::Clock* clock = nullptr);
    TestApp(cli::ServeOptions options, cli::Environment environment);
    ~TestApp();

    // Registers a merchant in the running server's database.
    TestMerchant add_merchant(const std::string& name);

    std::uint16_t port() const { return application_->port(); }
    const std::string& base_url() const { return base_url_; }
    const std::filesystem::path& database_path() const { return database_path_; }

    // Creates a FinancingConsumer payment like the recorded one (SEK unless told) and returns its
    // id
    // ("/psp/invoice/payments/…"); fails the calling test on anything but 201.
    std::string create_payment(const TestMerchant& merchant, std::int64_t amount = 10000,
                               const std::string& invoice_type = "PayExFinancingSe");
    // Authorizes it as Azra Oliveira (SE), Olivia Nyhuus (NO) or Järvilehto Kimmo (FI); returns the
    // response.
    ClientResponse authorize(const TestMerchant& merchant, const std::string& payment_id,
                             const std::string& country = "SE");

    // A request with `Authorization: Bearer <token>` (none when token is empty).
    ClientResponse call(const std::string& method, const std::string& target,
                        const std::string& token, const std::string& body = {},
                        HeaderList extra_headers = {});

  private:
    std::filesystem::path directory_;
    std::filesystem::path database_path_;
    std::unique_ptr<cli::Application> application_;
    std::string base_url_;
};

// A create-payment body like the recorded one (fixtures/payments-01) for this payee and reference.
std::string financing_consumer_body(const std::string& payee_id,
                                    const std::string& payee_reference);

// A unique payeeReference (letters and digits, ≤ 30 characters).
std::string unique_reference();

// Runs a shell command and returns its standard output; throws if it exits non-zero.
std::string run_command(const std::string& command);

}  // namespace faktura::testing
