// Two `faktura serve` processes on one database, driven through both at once: the money rules, the
// payeeReference rule, unique numbers and once-only callbacks hold across processes, and a process
// killed with SIGKILL loses nothing it acknowledged while the other keeps serving. Run on every
// backend that several processes can share: a SQLite file, and PostgreSQL when
// FAKTURA_TEST_POSTGRES_URL names a server (each test gets a database of its own, dropped after).
#include <gtest/gtest.h>

#include <atomic>
#include <boost/json.hpp>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <latch>
#include <memory>
#include <mutex>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "cli/commands.hpp"
#include "e2e/callback_receiver.hpp"
#include "e2e/server_process.hpp"
#include "e2e/test_app.hpp"
#include "e2e/test_database.hpp"

namespace faktura::testing {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

HeaderList headers_of(const CliMerchant& merchant) {
    return {{"Authorization", "Bearer " + merchant.token}, {"Content-Type", "application/json"}};
}

const std::string azra_authorization =
    R"({"transaction":{"activity":"FinancingConsumer"},"consumer":{"socialSecurityNumber":"196003071161",)"
    R"("msisdn":"+46739000001","ip":"127.0.0.1"},"legalAddress":{"addressee":"Azra Oliveira",)"
    R"("streetAddress":"Helgestavägen 9","zipCode":"19792","city":"Bro","countryCode":"SE"}})";

std::string capture_of(std::int64_t amount) {
    const std::string text = std::to_string(amount);
    return R"({"transaction":{"activity":"FinancingConsumer","amount":)" + text +
           R"(,"vatAmount":0,"payeeReference":")" + unique_reference() +
           R"(","description":"capture","itemDescriptions":[{"amount":)" + text +
           R"(,"description":"goods"}],"vatSummary":[{"amount":)" + text +
           R"(,"vatPercent":0,"vatAmount":0}]}})";
}

std::string body_with_callback(const std::string& payee_id, const std::string& url) {
    json::value body = json::parse(financing_consumer_body(payee_id, unique_reference()));
    body.at("payment").at("urls").as_object()["callbackUrl"] = url;
    return json::serialize(body);
}

class SeveralProcesses : public ::testing::TestWithParam<std::string> {
  protected:
    void SetUp() override {
        if (GetParam() == "postgres") {
            const char* server = std::getenv("FAKTURA_TEST_POSTGRES_URL");
            if (server == nullptr || *server == '\0') {
                GTEST_SKIP() << "FAKTURA_TEST_POSTGRES_URL is not set";
            }
            database_ = std::make_unique<PostgresDatabase>(server, "faktura_e2e_");
        } else {
            database_ = std::make_unique<SqliteFile>();
        }
        merchant_ = add_cli_merchant(url(), "Shared shop");
    }

    const std::string& url() const { return database_->url(); }

    // Creates a payment (through `server`) and authorizes it; returns its id.
    std::string authorized_payment(const ServerProcess& server) {
        HttpClient client("127.0.0.1", server.port());
        const ClientResponse created = client.request(
            "POST", "/psp/invoice/payments",
            financing_consumer_body(merchant_.payee_id, unique_reference()), headers_of(merchant_));
        EXPECT_EQ(201, created.status) << created.body;
        const std::string id(json::parse(created.body).at("payment").at("id").as_string());
        const ClientResponse authorized = client.request("POST", id + "/authorizations",
                                                         azra_authorization, headers_of(merchant_));
        EXPECT_EQ(201, authorized.status) << authorized.body;
        return id;
    }

    std::unique_ptr<TestDatabase> database_;
    CliMerchant merchant_;
};

TEST_P(SeveralProcesses, FortyCapturesThroughBothNeverExceedTheAuthorization) {
    ServerProcess first(url(), {"--no-callbacks"});
    ServerProcess second(url(), {"--no-callbacks"});
    const std::string id = authorized_payment(first);

    // 40 captures of 1000 against an authorization of 10000: exactly ten fit.
    constexpr int captures = 40;
    std::vector<int> statuses(captures, 0);
    std::latch start(captures);
    std::vector<std::thread> threads;
    for (int i = 0; i < captures; ++i) {
        threads.emplace_back([&, i] {
            const ServerProcess& server = i % 2 == 0 ? first : second;
            HttpClient client("127.0.0.1", server.port());
            const std::string body = capture_of(1000);
            start.arrive_and_wait();
            statuses[static_cast<std::size_t>(i)] =
                client.request("POST", id + "/captures", body, headers_of(merchant_)).status;
        });
    }
    for (auto& thread : threads) thread.join();
    EXPECT_EQ(10, std::count(statuses.begin(), statuses.end(), 201));
    EXPECT_EQ(30, std::count(statuses.begin(), statuses.end(), 403)) << "forbidden, not a 5xx";

    for (const ServerProcess* server : {&first, &second}) {
        const ClientResponse listed = http_request("127.0.0.1", server->port(), "GET",
                                                   id + "/captures", {}, headers_of(merchant_));
        ASSERT_EQ(200, listed.status) << listed.body;
        std::int64_t captured = 0;
        const json::value document = json::parse(listed.body);
        for (const json::value& capture : document.at("captures").at("captureList").as_array()) {
            captured += capture.at("transaction").at("amount").as_int64();
        }
        EXPECT_EQ(10000, captured);
        const ClientResponse payment =
            http_request("127.0.0.1", server->port(), "GET", id, {}, headers_of(merchant_));
        EXPECT_FALSE(
            json::parse(payment.body).at("payment").as_object().contains("remainingCaptureAmount"))
            << payment.body;
    }
}

TEST_P(SeveralProcesses, OnePayeeReferenceSentToBothHasExactlyOneWinner) {
    ServerProcess first(url(), {"--no-callbacks"});
    ServerProcess second(url(), {"--no-callbacks"});
    constexpr int clients = 16;
    for (int round = 0; round < 5; ++round) {
        const std::string body = financing_consumer_body(merchant_.payee_id, unique_reference());
        std::vector<int> statuses(clients, 0);
        std::latch start(clients);
        std::vector<std::thread> threads;
        for (int i = 0; i < clients; ++i) {
            threads.emplace_back([&, i] {
                const ServerProcess& server = i % 2 == 0 ? first : second;
                HttpClient client("127.0.0.1", server.port());
                start.arrive_and_wait();
                statuses[static_cast<std::size_t>(i)] =
                    client.request("POST", "/psp/invoice/payments", body, headers_of(merchant_))
                        .status;
            });
        }
        for (auto& thread : threads) thread.join();
        EXPECT_EQ(1, std::count(statuses.begin(), statuses.end(), 201)) << "round " << round;
        EXPECT_EQ(clients - 1, std::count(statuses.begin(), statuses.end(), 400))
            << "round " << round;
    }
}

// Payment and transaction numbers come from one sequence (§3.4): unique across both processes.
TEST_P(SeveralProcesses, PaymentAndTransactionNumbersAreUniqueAcrossBoth) {
    ServerProcess first(url(), {"--no-callbacks"});
    ServerProcess second(url(), {"--no-callbacks"});
    std::mutex mutex;
    std::vector<std::int64_t> numbers;
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t) {
        threads.emplace_back([&, t] {
            const ServerProcess& server = t % 2 == 0 ? first : second;
            HttpClient client("127.0.0.1", server.port());
            for (int k = 0; k < 10; ++k) {
                const ClientResponse created =
                    client.request("POST", "/psp/invoice/payments",
                                   financing_consumer_body(merchant_.payee_id, unique_reference()),
                                   headers_of(merchant_));
                ASSERT_EQ(201, created.status) << created.body;
                const json::value payment = json::parse(created.body);
                const std::string id(payment.at("payment").at("id").as_string());
                const ClientResponse authorized = client.request(
                    "POST", id + "/authorizations", azra_authorization, headers_of(merchant_));
                ASSERT_EQ(201, authorized.status) << authorized.body;
                std::lock_guard lock(mutex);
                numbers.push_back(payment.at("payment").at("number").as_int64());
                numbers.push_back(json::parse(authorized.body)
                                      .at("authorization")
                                      .at("transaction")
                                      .at("number")
                                      .as_int64());
            }
        });
    }
    for (auto& thread : threads) thread.join();
    ASSERT_EQ(numbers.size(), 160u);
    EXPECT_EQ(std::set<std::int64_t>(numbers.begin(), numbers.end()).size(), numbers.size());
}

TEST_P(SeveralProcesses, EachCallbackIsSentOnceThoughBothDispatch) {
    CallbackReceiver receiver;
    const std::vector<std::string> args{"--callback-schedule-scale", "0.01"};
    ServerProcess first(url(), args);
    ServerProcess second(url(), args);
    constexpr int payments = 30;
    for (int i = 0; i < payments; ++i) {
        HttpClient client("127.0.0.1", (i % 2 == 0 ? first : second).port());
        const ClientResponse created = client.request(
            "POST", "/psp/invoice/payments",
            body_with_callback(merchant_.payee_id, receiver.url("/both")), headers_of(merchant_));
        ASSERT_EQ(201, created.status) << created.body;
        const std::string id(json::parse(created.body).at("payment").at("id").as_string());
        ASSERT_EQ(201, client
                           .request("POST", id + "/authorizations", azra_authorization,
                                    headers_of(merchant_))
                           .status);
    }
    const std::vector<Received> received = receiver.wait_for("/both", payments);
    ASSERT_EQ(received.size(), static_cast<std::size_t>(payments));
    // Both dispatchers poll four times a second: give a duplicate the time to show up.
    EXPECT_EQ(receiver.wait_for("/both", payments + 1, 1000ms).size(),
              static_cast<std::size_t>(payments));
    std::set<std::string> bodies;
    for (const Received& one : received) bodies.insert(one.body);
    EXPECT_EQ(bodies.size(), static_cast<std::size_t>(payments));
}

// Eight clients write through both processes; one process is killed with SIGKILL while they do.
// Its clients carry on through the other. Every 201 from either is there afterwards, and the
// survivor kept acknowledging writes after the kill.
TEST_P(SeveralProcesses, ASigkilledProcessLosesNothingAcknowledgedAndTheOtherKeepsServing) {
    ServerProcess doomed(url(), {"--no-callbacks"});
    ServerProcess survivor(url(), {"--no-callbacks"});
    const std::uint16_t doomed_port = doomed.port();
    const std::uint16_t survivor_port = survivor.port();
    std::atomic<bool> killed{false};
    std::atomic<bool> stop{false};
    std::atomic<int> after_kill{0};
    std::mutex mutex;
    std::vector<std::string> acknowledged;
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t) {
        threads.emplace_back([&, t] {
            std::uint16_t port = t % 2 == 0 ? doomed_port : survivor_port;
            auto client = std::make_unique<HttpClient>("127.0.0.1", port);
            while (!stop) {
                ClientResponse response;
                try {
                    response = client->request(
                        "POST", "/psp/invoice/payments",
                        financing_consumer_body(merchant_.payee_id, unique_reference()),
                        headers_of(merchant_));
                } catch (const std::runtime_error&) {
                    // The killed process: what it did not answer was not acknowledged.
                    ASSERT_EQ(port, doomed_port) << "the survivor failed a request";
                    port = survivor_port;
                    client = std::make_unique<HttpClient>("127.0.0.1", port);
                    continue;
                }
                ASSERT_EQ(201, response.status) << response.body;
                std::lock_guard lock(mutex);
                acknowledged.push_back(*response.header("Location"));
                if (killed && port == survivor_port) ++after_kill;
            }
        });
    }
    std::this_thread::sleep_for(700ms);
    doomed.kill_hard();
    killed = true;
    std::this_thread::sleep_for(700ms);
    stop = true;
    for (auto& thread : threads) thread.join();

    EXPECT_GT(after_kill.load(), 0) << "the survivor answered no write after the kill";
    ServerProcess reader(url(), {"--no-callbacks"});
    HttpClient client("127.0.0.1", reader.port());
    int missing = 0;
    for (const std::string& location : acknowledged) {
        const std::string path = location.substr(location.find("/psp/"));
        if (client.request("GET", path, {}, headers_of(merchant_)).status != 200) ++missing;
    }
    EXPECT_EQ(0, missing) << "of " << acknowledged.size() << " acknowledged payments";
    EXPECT_GT(acknowledged.size(), 50u);
    EXPECT_EQ(0, survivor.terminate()) << "SIGTERM is a clean shutdown";
}

// What a command prints about its database never shows a password: `faktura migrate` with one in
// the URL (PostgreSQL's trust authentication here never asks for it) says the URL without it.
TEST_P(SeveralProcesses, CommandsPrintTheDatabaseWithoutItsPassword) {
    std::string database = url();
    if (GetParam() == "postgres") database += "&password=hunter2";
    const std::string output =
        run_command(std::string(FAKTURA_BINARY) + " migrate --database '" + database + "'");
    EXPECT_EQ(output.find("hunter2"), std::string::npos) << output;
    EXPECT_NE(output.find(cli::redacted_database(database)), std::string::npos) << output;
}

TEST(RedactedDatabase, HidesThePasswordOfAUrlOrAParameterAndNothingElse) {
    EXPECT_EQ(cli::redacted_database("postgresql://faktura:s3cret@db:5432/faktura?sslmode=require"),
              "postgresql://faktura:***@db:5432/faktura?sslmode=require");
    EXPECT_EQ(cli::redacted_database("postgresql://faktura@db/faktura"),
              "postgresql://faktura@db/faktura");
    EXPECT_EQ(cli::redacted_database("postgres://db/f?user=u&password=p@ss&sslmode=disable"),
              "postgres://db/f?user=u&password=***&sslmode=disable");
    EXPECT_EQ(cli::redacted_database("host=db password=secret dbname=f"),
              "host=db password=*** dbname=f");
    EXPECT_EQ(cli::redacted_database("sqlite:./var/faktura.db"), "sqlite:./var/faktura.db");
    EXPECT_EQ(cli::redacted_database("sqlite:/tmp/a:b@c/faktura.db"),
              "sqlite:/tmp/a:b@c/faktura.db");
}

INSTANTIATE_TEST_SUITE_P(Backends, SeveralProcesses, ::testing::Values("sqlite_file", "postgres"),
                         [](const ::testing::TestParamInfo<std::string>& backend) {
                             return backend.param;
                         });

}  // namespace
}  // namespace faktura::testing
