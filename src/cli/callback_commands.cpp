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

}  // namespace

int dispatch_callbacks(const std::string& database, const CallbackOptions& options) {
    StopSignals stop_signals;
    auto store = open_store(database);
    app::SystemClock clock;
    app::RandomIdGenerator ids;
    outbound::HttpCallbackSender sender;
    app::CallbackDispatcher dispatcher(*store, clock, ids, sender, dispatcher_options(options));
    dispatcher.start();
    std::printf("faktura: dispatching callbacks (database %s)\n",
                redacted_database(database).c_str());
    std::fflush(stdout);
    stop_signals.wait("finishing attempts in flight");
    dispatcher.stop();
    return 0;
}

int list_callbacks(const std::string& database, const storage::CallbackFilter& filter) {
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

int resend_callback(const std::string& database, const std::string& id,
                    const CallbackOptions& options) {
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

}  // namespace faktura::cli
