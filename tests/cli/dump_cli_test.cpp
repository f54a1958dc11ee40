// `faktura export | faktura import` with the real binary: a SQLite database that served a payment
// moves to a fresh SQLite file or PostgreSQL database (when FAKTURA_TEST_POSTGRES_URL names a
// server; each test makes a database of its own and drops it), a server on the new database
// answers the payment's GET as the old one did, and its next payment's number is above the old
// ones. A truncated dump through the same pipe fails the pipe and writes nothing.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <random>
#include <string>

#include "e2e/server_process.hpp"
#include "e2e/test_app.hpp"
#include "e2e/test_database.hpp"

namespace faktura::testing {
namespace {

namespace json = boost::json;
using ::testing::HasSubstr;

struct CommandResult {
    int status = 0;  // The shell's exit code: the pipe's last command.
    std::string output;
};

CommandResult run_status(const std::string& command) {
    CommandResult result;
    FILE* pipe = popen(command.c_str(), "r");
    if (pipe == nullptr) throw std::runtime_error("popen failed");
    char buffer[256];
    while (fgets(buffer, sizeof buffer, pipe) != nullptr) result.output += buffer;
    const int status = pclose(pipe);
    result.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return result;
}

HeaderList headers_of(const CliMerchant& merchant) {
    return {{"Authorization", "Bearer " + merchant.token}, {"Content-Type", "application/json"}};
}

const std::string azra_authorization =
    R"({"transaction":{"activity":"FinancingConsumer"},"consumer":{"socialSecurityNumber":"196003071161",)"
    R"("msisdn":"+46739000001","ip":"127.0.0.1"},"legalAddress":{"addressee":"Azra Oliveira",)"
    R"("streetAddress":"Helgestavägen 9","zipCode":"19792","city":"Bro","countryCode":"SE"}})";

const std::vector<std::string> server_args{"--no-callbacks"};

// `body` with the server's own base URL (its port differs) written as BASE, so the answers of two
// servers compare whole.
std::string without_base(std::string body, const ServerProcess& server) {
    const std::string base = "http://127.0.0.1:" + std::to_string(server.port());
    for (std::size_t at = body.find(base); at != std::string::npos; at = body.find(base, at)) {
        body.replace(at, base.size(), "BASE");
    }
    return body;
}

class DumpCli : public ::testing::TestWithParam<std::string> {
  protected:
    void SetUp() override {
        if (GetParam() == "postgres") {
            const char* server = std::getenv("FAKTURA_TEST_POSTGRES_URL");
            if (server == nullptr || *server == '\0') {
                GTEST_SKIP() << "FAKTURA_TEST_POSTGRES_URL is not set: no PostgreSQL server for "
                                "this case";
            }
            target_ = std::make_unique<PostgresDatabase>(server, "faktura_dump_");
        } else {
            target_ = std::make_unique<SqliteFile>();
        }
        merchant_ = add_cli_merchant(source_url_, "Moving shop");
    }
    void TearDown() override { std::filesystem::remove_all(source_path_.parent_path()); }

    std::string export_command() const {
        return std::string(FAKTURA_BINARY) + " export --database '" + source_url_ + "'";
    }
    std::string import_command() const {
        return std::string(FAKTURA_BINARY) + " import --database '" + target_->url() + "' 2>&1";
    }

    const std::filesystem::path source_path_ = temp_database();
    const std::string source_url_ = "sqlite:" + source_path_.string();
    std::unique_ptr<TestDatabase> target_;
    CliMerchant merchant_;
};

TEST_P(DumpCli, TheImportedDatabaseServesThePaymentsMadeBefore) {
    std::string id;
    std::string payment_before;
    std::string authorizations_before;
    std::int64_t number_before = 0;
    {
        ServerProcess source(source_url_, server_args);
        HttpClient client("127.0.0.1", source.port());
        const ClientResponse created = client.request(
            "POST", "/psp/invoice/payments",
            financing_consumer_body(merchant_.payee_id, unique_reference()), headers_of(merchant_));
        ASSERT_EQ(201, created.status) << created.body;
        id = json::parse(created.body).at("payment").at("id").as_string();
        const ClientResponse authorized = client.request("POST", id + "/authorizations",
                                                         azra_authorization, headers_of(merchant_));
        ASSERT_EQ(201, authorized.status) << authorized.body;
        const ClientResponse payment = client.request("GET", id, {}, headers_of(merchant_));
        ASSERT_EQ(200, payment.status) << payment.body;
        payment_before = without_base(payment.body, source);
        number_before = json::parse(payment.body).at("payment").at("number").as_int64();
        authorizations_before = without_base(
            client.request("GET", id + "/authorizations", {}, headers_of(merchant_)).body, source);
        EXPECT_EQ(0, source.terminate());
    }

    // A truncated dump through the pipe: the import fails, so the pipe does, and writes nothing.
    const CommandResult truncated =
        run_status(export_command() + " | head -n 3 | " + import_command());
    EXPECT_EQ(1, truncated.status) << truncated.output;
    EXPECT_THAT(truncated.output,
                HasSubstr("faktura: nothing imported: the dump ends after line 3 without its end "
                          "line: it is truncated"));

    const std::string moved = run_command(export_command() + " | " + import_command());
    EXPECT_THAT(moved, HasSubstr("faktura: imported 6 rows in 14 tables; counts match"));

    ServerProcess target(target_->url(), server_args);
    HttpClient client("127.0.0.1", target.port());
    const ClientResponse payment = client.request("GET", id, {}, headers_of(merchant_));
    ASSERT_EQ(200, payment.status) << payment.body;
    EXPECT_EQ(payment_before, without_base(payment.body, target));
    EXPECT_EQ(
        authorizations_before,
        without_base(client.request("GET", id + "/authorizations", {}, headers_of(merchant_)).body,
                     target));

    const ClientResponse created = client.request(
        "POST", "/psp/invoice/payments",
        financing_consumer_body(merchant_.payee_id, unique_reference()), headers_of(merchant_));
    ASSERT_EQ(201, created.status) << created.body;
    EXPECT_GT(json::parse(created.body).at("payment").at("number").as_int64(), number_before + 1)
        << "above the payment and its authorization";

    // The target holds data now: a second import is refused.
    const CommandResult again = run_status(export_command() + " | " + import_command());
    EXPECT_EQ(1, again.status);
    EXPECT_THAT(again.output, HasSubstr("the database holds data already (rows in merchants: 1, "
                                        "payments: 2, transactions: 1"));
}

INSTANTIATE_TEST_SUITE_P(Targets, DumpCli, ::testing::Values("sqlite", "postgres"),
                         [](const ::testing::TestParamInfo<std::string>& target) {
                             return target.param;
                         });

}  // namespace
}  // namespace faktura::testing
