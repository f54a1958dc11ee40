// `faktura serve` (or another long-running subcommand) as a child process of the test, on a
// database the test names: for what only a real process shows — SIGKILL, a restart, two processes
// on one database.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace faktura::testing {

class ServerProcess {
  public:
    // Runs `faktura serve --listen 127.0.0.1:0 --database DATABASE ARGS…` and reads the bound port
    // from its first line of output.
    explicit ServerProcess(const std::string& database, std::vector<std::string> args = {});
    // Runs `faktura ARGS…` and waits for its first line of output (any subcommand that reports
    // when it is ready, such as dispatch-callbacks); port() is 0.
    static ServerProcess command(std::vector<std::string> args);
    ServerProcess(ServerProcess&& other) noexcept;
    ServerProcess& operator=(ServerProcess&&) = delete;
    ~ServerProcess();

    void kill_hard();  // SIGKILL: no clean shutdown, no checkpoint.
    int terminate();   // SIGTERM; returns the wait status.
    std::uint16_t port() const { return port_; }

  private:
    ServerProcess() = default;
    void start(const std::vector<std::string>& argv);

    pid_t pid_ = -1;
    int output_ = -1;
    std::string first_line_;
    std::uint16_t port_ = 0;
};

struct CliMerchant {
    std::string payee_id;
    std::string token;
};

// `faktura merchant add` on the database (through the binary).
CliMerchant add_cli_merchant(const std::string& database, const std::string& name = "Shop");

// A fresh directory's faktura.db; the caller removes the directory.
std::filesystem::path temp_database();

}  // namespace faktura::testing
