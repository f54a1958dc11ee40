#include "cli/callback_commands.hpp"

#include <cstdio>
#include <stdexcept>

#include "app/system.hpp"
#include "cli/stop_signals.hpp"
#include "domain/callback.hpp"
#include "outbound/callback_sender.hpp"
#include "storage/sql_spelling.hpp"
#include "storage/store.hpp"

namespace faktura::cli {
namespace {

std::string attempt_line(const domain::CallbackAttempt& attempt) {
    std::string line = "  attempt " + std::to_string(attempt.number) + "  " +
                       domain::format_timestamp(attempt.started_at) + "  " +
                       std::string(storage::to_sql(attempt.outcome));
    if (attempt.status) line += " " + std::to_string(*attempt.status);
    line += "  " + std::to_string(attempt.duration_ms) + " ms";
    if (attempt.manual) line += "  (resend)";
    if (!attempt.error.empty()) line += "  " + attempt.error;
    return line;
}

int dispatch(const std::string& database, const CallbackOptions& options) {
    StopSignals stop_signals;
    auto store = open_store(database);
    app::SystemClock clock;
    app::RandomIdGenerator ids;
    outbound::HttpCallbackSender sender;
    app::CallbackDispatcher dispatcher(*store, clock, ids, sender, dispatcher_options(options));
    dispatcher.start();
    std::printf("faktura: dispatching callbacks (database %s)\n", database.c_str());
    std::fflush(stdout);
    stop_signals.wait("finishing attempts in flight");
    dispatcher.stop();
    return 0;
}

int list(const std::string& database, const storage::CallbackFilter& filter) {
    auto store = open_store(database);
    store->read([&](storage::DbReader& db) {
        for (const domain::CallbackDelivery& delivery :
             db.list_callback_deliveries_matching(filter)) {
            std::printf(
                "%s  %s  %s %s  %s  attempts %d  %s\n", delivery.id.c_str(),
                std::string(storage::to_sql(delivery.state)).c_str(),
                std::string(domain::transaction_collection(delivery.transaction_type)).c_str(),
                std::string(storage::to_sql(delivery.transaction_state)).c_str(),
                domain::format_timestamp(delivery.created_at).c_str(), delivery.attempts,
                delivery.url.c_str());
            for (const domain::CallbackAttempt& attempt : db.list_callback_attempts(delivery.id)) {
                std::printf("%s\n", attempt_line(attempt).c_str());
            }
        }
    });
    return 0;
}

int resend(const std::string& database, const std::string& id, const CallbackOptions& options) {
    auto store = open_store(database);
    app::SystemClock clock;
    app::RandomIdGenerator ids;
    outbound::HttpCallbackSender sender;
    app::CallbackDispatcher dispatcher(*store, clock, ids, sender, dispatcher_options(options));
    const auto attempt = dispatcher.resend(id);
    if (!attempt) {
        std::fprintf(stderr, "faktura: %s\n", attempt.error().detail.c_str());
        return 1;
    }
    std::printf("%s\n", attempt_line(*attempt).c_str());
    return attempt->outcome == domain::AttemptOutcome::delivered ? 0 : 2;
}

}  // namespace

app::DispatcherOptions dispatcher_options(const CallbackOptions& options) {
    if (!(options.schedule_scale > 0)) {
        throw std::invalid_argument("--callback-schedule-scale must be greater than 0");
    }
    app::DispatcherOptions dispatcher;
    dispatcher.schedule.scale = options.schedule_scale;
    dispatcher.attempt_timeout = options.timeout;
    dispatcher.concurrency = options.concurrency;
    dispatcher.per_endpoint = options.per_endpoint;
    dispatcher.deny_private_addresses = options.deny_private;
    return dispatcher;
}

void add_callback_options(CLI::App& command, CallbackOptions& options, std::int64_t& timeout_ms) {
    command
        .add_option("--callback-schedule-scale", options.schedule_scale,
                    "Multiplies the retry offsets 30, 60, 360, 432, 864, 1265 s (0.01: 12.65 s)")
        ->capture_default_str()
        ->check(CLI::PositiveNumber);
    command.add_option("--callback-timeout-ms", timeout_ms, "Time-out of one callback attempt")
        ->capture_default_str()
        ->check(CLI::Range(std::int64_t{100}, std::int64_t{120000}));
    command
        .add_option("--callback-concurrency", options.concurrency,
                    "Callback attempts in flight at most")
        ->capture_default_str()
        ->check(CLI::Range(1, 256));
    command
        .add_option("--callback-per-endpoint", options.per_endpoint,
                    "Callback attempts in flight to one endpoint at most")
        ->capture_default_str()
        ->check(CLI::Range(1, 256));
    command.add_flag("--callback-deny-private", options.deny_private,
                     "Refuse callbacks to loopback, link-local and private addresses");
}

CallbackCommands::CallbackCommands(CLI::App& cli, const std::string& default_database)
    : dispatch_database_(default_database),
      list_database_(default_database),
      resend_database_(default_database) {
    dispatch_ = cli.add_subcommand("dispatch-callbacks",
                                   "Send due callbacks until stopped, without an HTTP server");
    dispatch_->add_option("--database", dispatch_database_, "sqlite:PATH")->capture_default_str();
    add_callback_options(*dispatch_, dispatch_options_, dispatch_timeout_ms_);

    CLI::App* callbacks = cli.add_subcommand("callbacks", "Inspect and resend callbacks");
    callbacks->require_subcommand(1);
    list_ = callbacks->add_subcommand("list", "List callback deliveries and their attempts");
    list_->add_option("--database", list_database_, "sqlite:PATH")->capture_default_str();
    list_->add_option("--payee", list_payee_, "Only this payee id's deliveries");
    list_->add_option("--state", list_state_, "Only deliveries in this state")
        ->check(CLI::IsMember({"pending", "delivered", "failed"}));
    list_->add_option("--limit", list_limit_, "Newest first, at most this many")
        ->capture_default_str()
        ->check(CLI::Range(1, 100000));
    resend_ = callbacks->add_subcommand(
        "resend", "Send a delivery again now (same webhook-id; the schedule is unchanged)");
    resend_->add_option("delivery", resend_id_, "Delivery id (the transaction's id)")->required();
    resend_->add_option("--database", resend_database_, "sqlite:PATH")->capture_default_str();
    add_callback_options(*resend_, resend_options_, resend_timeout_ms_);
}

int CallbackCommands::run_parsed() {
    if (dispatch_->parsed()) {
        dispatch_options_.timeout = std::chrono::milliseconds{dispatch_timeout_ms_};
        return dispatch(dispatch_database_, dispatch_options_);
    }
    if (list_->parsed()) {
        storage::CallbackFilter filter;
        if (!list_payee_.empty()) filter.payee_id = list_payee_;
        if (!list_state_.empty())
            filter.state = storage::from_sql<domain::DeliveryState>(list_state_);
        filter.limit = list_limit_;
        return list(list_database_, filter);
    }
    if (resend_->parsed()) {
        resend_options_.timeout = std::chrono::milliseconds{resend_timeout_ms_};
        return resend(resend_database_, resend_id_, resend_options_);
    }
    return -1;
}

}  // namespace faktura::cli
