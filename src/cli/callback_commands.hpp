// The callback subcommands and options: `dispatch-callbacks` (a dispatcher without an HTTP server),
// `callbacks list` and `callbacks resend`, and the --callback-* options `serve` shares with them.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

#include "app/callback_dispatcher.hpp"
#include "cli/commands.hpp"

namespace faktura::cli {

// Throws std::invalid_argument for a scale that is not positive.
app::DispatcherOptions dispatcher_options(const CallbackOptions& options);

// Adds --callback-schedule-scale, --callback-timeout-ms, --callback-concurrency,
// --callback-per-endpoint and --callback-deny-private to `command`. `timeout_ms` receives the
// time-out; copy it into options.timeout after parsing.
void add_callback_options(CLI::App& command, CallbackOptions& options, std::int64_t& timeout_ms);

// Registers the subcommands on `cli`; after parsing, run_parsed runs the one given and
// returns its exit code, or -1 when none of them was parsed.
class CallbackCommands {
  public:
    CallbackCommands(CLI::App& cli, const std::string& default_database);
    int run_parsed();

  private:
    CLI::App* dispatch_ = nullptr;
    CLI::App* list_ = nullptr;
    CLI::App* resend_ = nullptr;
    std::string dispatch_database_;
    CallbackOptions dispatch_options_{};
    std::int64_t dispatch_timeout_ms_ = 10000;
    std::string list_database_;
    std::string list_payee_;
    std::string list_state_;
    int list_limit_ = 50;
    std::string resend_database_;
    std::string resend_id_;
    CallbackOptions resend_options_{};
    std::int64_t resend_timeout_ms_ = 10000;
};

}  // namespace faktura::cli
