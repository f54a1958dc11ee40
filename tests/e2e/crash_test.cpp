// Durability of acknowledged writes: the real `faktura` binary is killed with SIGKILL right after
// it answered 201, restarted on the same database, and every acknowledged payment must be there.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <boost/json.hpp>
#include <chrono>
#include <cstdio>
#include <mutex>
#include <regex>
#include <stdexcept>
#include <thread>

#include "e2e/server_process.hpp"
#include "e2e/test_app.hpp"

namespace faktura::testing {
namespace {

namespace json = boost::json;

TEST(Crash, AcknowledgedPaymentsSurviveSigkill) {
    const std::filesystem::path path = temp_database();
    const std::string database = "sqlite:" + path.string();
    const CliMerchant merchant = add_cli_merchant(database, "Crash shop");

    std::vector<std::string> acknowledged;
    for (int round = 0; round < 3; ++round) {
        ServerProcess server(database, {"--no-callbacks"});
        // Concurrent writers, so that acknowledgements come out of shared group commits.
        std::vector<std::thread> threads;
        std::mutex mutex;
        for (int t = 0; t < 8; ++t) {
            threads.emplace_back([&] {
                HttpClient client("127.0.0.1", server.port());
                for (int k = 0; k < 5; ++k) {
                    const ClientResponse response = client.request(
                        "POST", "/psp/invoice/payments",
                        financing_consumer_body(merchant.payee_id, unique_reference()),
                        {{"Authorization", "Bearer " + merchant.token},
                         {"Content-Type", "application/json"}});
                    ASSERT_EQ(201, response.status) << response.body;
                    std::lock_guard lock(mutex);
                    acknowledged.push_back(*response.header("Location"));
                }
            });
        }
        for (auto& thread : threads) thread.join();
        server.kill_hard();  // Right after the last 201: no clean shutdown, no checkpoint.
    }

    ServerProcess restarted(database, {"--no-callbacks"});
    for (const std::string& location : acknowledged) {
        const std::string path_only = location.substr(location.find("/psp/"));
        const ClientResponse response =
            http_request("127.0.0.1", restarted.port(), "GET", path_only, {},
                         {{"Authorization", "Bearer " + merchant.token}});
        EXPECT_EQ(200, response.status) << path_only;
    }
    EXPECT_EQ(3u * 8u * 5u, acknowledged.size());
    EXPECT_EQ(0, restarted.terminate()) << "SIGTERM is a clean shutdown";
    std::filesystem::remove_all(path.parent_path());
}

}  // namespace
}  // namespace faktura::testing
