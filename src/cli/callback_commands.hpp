// What the callback subcommands do: `dispatch-callbacks` (a dispatcher without an HTTP server),
// `callbacks list` and `callbacks resend`. Their options are parsed in commands.cpp (the one file
// that includes CLI11, which is slow to compile).
#pragma once

#include <string>

#include "app/callback_dispatcher.hpp"
#include "cli/commands.hpp"
#include "storage/store.hpp"

namespace faktura::cli {

// Throws std::invalid_argument for a scale that is not positive.
app::DispatcherOptions dispatcher_options(const CallbackOptions& options);

// Each returns the process exit code.
int dispatch_callbacks(const std::string& database, const CallbackOptions& options);
int list_callbacks(const std::string& database, const storage::CallbackFilter& filter);
// 0 when the attempt was delivered, 2 when it was not, 1 for an unknown delivery.
int resend_callback(const std::string& database, const std::string& id,
                    const CallbackOptions& options);

}  // namespace faktura::cli
