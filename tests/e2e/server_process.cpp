#include "e2e/server_process.hpp"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <regex>
#include <stdexcept>

#include "e2e/test_app.hpp"

namespace faktura::testing {

void ServerProcess::start(const std::vector<std::string>& argv) {
    int out[2];
    if (pipe(out) != 0) throw std::runtime_error("pipe failed");
    std::vector<char*> pointers;
    pointers.reserve(argv.size() + 1);
    for (const std::string& arg : argv) pointers.push_back(const_cast<char*>(arg.c_str()));
    pointers.push_back(nullptr);
    pid_ = fork();
    if (pid_ == 0) {
        dup2(out[1], STDOUT_FILENO);
        ::close(out[0]);
        ::close(out[1]);
        execv(FAKTURA_BINARY, pointers.data());
        _exit(127);
    }
    ::close(out[1]);
    char c = 0;
    while (read(out[0], &c, 1) == 1 && c != '\n') first_line_ += c;
    output_ = out[0];  // Kept open: the process's later lines must not meet a closed pipe.
    if (first_line_.empty()) throw std::runtime_error("faktura printed nothing and ended");
}

ServerProcess::ServerProcess(const std::string& database, std::vector<std::string> args) {
    std::vector<std::string> argv{FAKTURA_BINARY, "serve",      "--listen",
                                  "127.0.0.1:0",  "--database", database};
    argv.insert(argv.end(), args.begin(), args.end());
    start(argv);
    std::smatch match;
    if (!std::regex_search(first_line_, match, std::regex(":(\\d+) "))) {
        throw std::runtime_error("server did not report its port: " + first_line_);
    }
    port_ = static_cast<std::uint16_t>(std::stoi(match[1]));
}

ServerProcess ServerProcess::command(std::vector<std::string> args) {
    ServerProcess process;
    args.insert(args.begin(), FAKTURA_BINARY);
    process.start(args);
    return process;
}

ServerProcess::ServerProcess(ServerProcess&& other) noexcept
    : pid_(other.pid_),
      output_(other.output_),
      first_line_(std::move(other.first_line_)),
      port_(other.port_) {
    other.pid_ = -1;
    other.output_ = -1;
}

ServerProcess::~ServerProcess() {
    kill_hard();
    if (output_ >= 0) ::close(output_);
}

void ServerProcess::kill_hard() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
    pid_ = -1;
}

int ServerProcess::terminate() {
    int status = 0;
    ::kill(pid_, SIGTERM);
    waitpid(pid_, &status, 0);
    pid_ = -1;
    return status;
}

CliMerchant add_cli_merchant(const std::string& database, const std::string& name) {
    const std::string output = run_command(std::string(FAKTURA_BINARY) + " merchant add --name '" +
                                           name + "' --database '" + database + "'");
    std::smatch payee;
    std::smatch token;
    std::regex_search(output, payee, std::regex("payeeId: (\\S+)"));
    std::regex_search(output, token, std::regex("token: (\\S+)"));
    return CliMerchant{payee[1], token[1]};
}

std::filesystem::path temp_database() {
    std::string pattern = (std::filesystem::temp_directory_path() / "faktura-e2e-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    return std::filesystem::path(pattern) / "faktura.db";
}

}  // namespace faktura::testing
