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

#include "e2e/test_app.hpp"

namespace faktura::testing {
namespace {

namespace json = boost::json;

// `faktura serve` as a child process; reads the bound port from its first line of output.
class ServerProcess {
  public:
    explicit ServerProcess(const std::string& database) {
        int out[2];
        if (pipe(out) != 0) throw std::runtime_error("pipe failed");
        pid_ = fork();
        if (pid_ == 0) {
            dup2(out[1], STDOUT_FILENO);
            ::close(out[0]);
            ::close(out[1]);
            execl(FAKTURA_BINARY, FAKTURA_BINARY, "serve", "--listen", "127.0.0.1:0", "--database",
                  database.c_str(), static_cast<char*>(nullptr));
            _exit(127);
        }
        ::close(out[1]);
        std::string line;
        char c = 0;
        while (read(out[0], &c, 1) == 1 && c != '\n') line += c;
        output_ = out[0];  // Kept open: the server's later lines must not meet a closed pipe.
        std::smatch match;
        if (!std::regex_search(line, match, std::regex(":(\\d+) "))) {
            throw std::runtime_error("server did not report its port: " + line);
        }
        port_ = static_cast<std::uint16_t>(std::stoi(match[1]));
    }
    ~ServerProcess() {
        kill_hard();
        ::close(output_);
    }

    void kill_hard() {
        if (pid_ <= 0) return;
        ::kill(pid_, SIGKILL);
        waitpid(pid_, nullptr, 0);
        pid_ = -1;
    }
    int terminate() {
        int status = 0;
        ::kill(pid_, SIGTERM);
        waitpid(pid_, &status, 0);
        pid_ = -1;
        return status;
    }
    std::uint16_t port() const { return port_; }

  private:
    pid_t pid_ = -1;
    int output_ = -1;
    std::uint16_t port_ = 0;
};

struct Merchant {
    std::string payee_id;
    std::string token;
};

Merchant add_merchant(const std::string& database) {
    const std::string output = run_command(
        std::string(FAKTURA_BINARY) + " merchant add --name 'Crash shop' --database " + database);
    std::smatch payee;
    std::smatch token;
    std::regex_search(output, payee, std::regex("payeeId: (\\S+)"));
    std::regex_search(output, token, std::regex("token: (\\S+)"));
    return Merchant{payee[1], token[1]};
}

std::filesystem::path temp_database() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "faktura-crash-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    return std::filesystem::path(pattern) / "faktura.db";
}

TEST(Crash, AcknowledgedPaymentsSurviveSigkill) {
    const std::filesystem::path path = temp_database();
    const std::string database = "sqlite:" + path.string();
    const Merchant merchant = add_merchant(database);

    std::vector<std::string> acknowledged;
    for (int round = 0; round < 3; ++round) {
        ServerProcess server(database);
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

    ServerProcess restarted(database);
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
