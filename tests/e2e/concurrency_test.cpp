// Races over real HTTP: many clients creating payments at once, with the same payeeReference
// (exactly one may win) and with distinct ones (all must win, with distinct numbers).
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "e2e/test_app.hpp"

namespace faktura::testing {
namespace {

namespace json = boost::json;

// One FinancingConsumer payment with a reference of its own, on the client's connection.
ClientResponse create_payment(HttpClient& client, const TestMerchant& merchant) {
    return client.request(
        "POST", "/psp/invoice/payments",
        financing_consumer_body(merchant.payee_id, unique_reference()),
        {{"Authorization", "Bearer " + merchant.token}, {"Content-Type", "application/json"}});
}

TEST(Concurrency, DuplicatePayeeReferenceFromSixteenClientsHasExactlyOneWinner) {
    TestApp app;
    const TestMerchant merchant = app.add_merchant("Racing shop");
    constexpr int clients = 16;
    for (int round = 0; round < 5; ++round) {
        const std::string body = financing_consumer_body(merchant.payee_id, unique_reference());
        std::vector<int> statuses(clients, 0);
        std::vector<std::thread> threads;
        for (int i = 0; i < clients; ++i) {
            threads.emplace_back([&, i] {
                statuses[static_cast<std::size_t>(i)] =
                    app.call("POST", "/psp/invoice/payments", merchant.token, body).status;
            });
        }
        for (auto& thread : threads) thread.join();
        EXPECT_EQ(1, std::count(statuses.begin(), statuses.end(), 201)) << "round " << round;
        EXPECT_EQ(clients - 1, std::count(statuses.begin(), statuses.end(), 400))
            << "round " << round;
    }
}

TEST(Concurrency, DistinctPaymentsAllSucceedWithDistinctNumbers) {
    TestApp app;
    const TestMerchant merchant = app.add_merchant("Busy shop");
    constexpr int clients = 16;
    constexpr int per_client = 20;
    std::mutex mutex;
    std::set<std::int64_t> numbers;
    std::set<std::string> ids;
    int failures = 0;
    std::vector<std::thread> threads;
    for (int i = 0; i < clients; ++i) {
        threads.emplace_back([&] {
            HttpClient client("127.0.0.1", app.port());
            for (int k = 0; k < per_client; ++k) {
                const ClientResponse response = create_payment(client, merchant);
                std::lock_guard lock(mutex);
                if (response.status != 201) {
                    ++failures;
                    continue;
                }
                const json::value payment = json::parse(response.body).at("payment");
                numbers.insert(payment.at("number").as_int64());
                ids.insert(std::string(payment.at("id").as_string()));
            }
        });
    }
    for (auto& thread : threads) thread.join();
    EXPECT_EQ(0, failures);
    EXPECT_EQ(static_cast<std::size_t>(clients * per_client), numbers.size());
    EXPECT_EQ(static_cast<std::size_t>(clients * per_client), ids.size());
}

// Reads wait until what they saw is durable (the syncer's fdatasync), suspended in their fiber:
// many clients reading and writing at once through the same io threads all get their answers.
TEST(Concurrency, ClientsReadingWhatOthersWriteAllGetAnswers) {
    TestApp app;
    const TestMerchant merchant = app.add_merchant("Reading shop");
    constexpr int clients = 16;
    constexpr int per_client = 15;
    std::mutex mutex;
    std::vector<std::string> failures;
    std::vector<std::thread> threads;
    for (int i = 0; i < clients; ++i) {
        threads.emplace_back([&] {
            HttpClient client("127.0.0.1", app.port());
            for (int k = 0; k < per_client; ++k) {
                const ClientResponse created = create_payment(client, merchant);
                if (created.status != 201) {
                    const std::lock_guard lock(mutex);
                    failures.push_back("create " + std::to_string(created.status));
                    continue;
                }
                const json::value payment = json::parse(created.body).at("payment");
                const std::string id(payment.at("id").as_string());
                for (int read = 0; read < 2; ++read) {
                    const ClientResponse got = client.request(
                        "GET", id, "", {{"Authorization", "Bearer " + merchant.token}});
                    const std::lock_guard lock(mutex);
                    if (got.status != 200) {
                        failures.push_back("read " + std::to_string(got.status) + " " + got.body);
                    } else if (json::parse(got.body).at("payment").at("number") !=
                               payment.at("number")) {
                        failures.push_back("read another payment than " + id);
                    }
                }
            }
        });
    }
    for (auto& thread : threads) thread.join();
    EXPECT_TRUE(failures.empty()) << failures.size() << " failed, first: " << failures.front();
}

}  // namespace
}  // namespace faktura::testing
