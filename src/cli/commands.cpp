// The `faktura` command line: every subcommand's options (CLI11 is included here only; it is slow
// to compile) and what each runs.
#include "cli/commands.hpp"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <stdexcept>

#include "app/merchant_service.hpp"
#include "app/system.hpp"
#include "cli/callback_commands.hpp"
#include "cli/document_commands.hpp"
#include "cli/dump_commands.hpp"
#include "cli/stop_signals.hpp"
#include "outbound/webhook_signature.hpp"
#include "storage/sql_spelling.hpp"

namespace faktura::cli {
namespace {

// What every --database takes (open_store).
constexpr const char* database_help = "sqlite:PATH or postgresql://[USER@]HOST[:PORT]/DATABASE";

std::string env_or(const char* name, std::string fallback) {
    const char* value = std::getenv(name);
    return value != nullptr && *value != '\0' ? std::string(value) : fallback;
}

// The callback subcommands; after parsing, run_parsed runs the one given and returns its exit
// code, or -1 when none of them was parsed.
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

// The --callback-* options `serve`, `dispatch-callbacks` and `callbacks resend` share. `timeout_ms`
// receives the time-out; copy it into options.timeout after parsing.
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
    dispatch_->add_option("--database", dispatch_database_, database_help)->capture_default_str();
    add_callback_options(*dispatch_, dispatch_options_, dispatch_timeout_ms_);

    CLI::App* callbacks = cli.add_subcommand("callbacks", "Inspect and resend callbacks");
    callbacks->require_subcommand(1);
    list_ = callbacks->add_subcommand("list", "List callback deliveries and their attempts");
    list_->add_option("--database", list_database_, database_help)->capture_default_str();
    list_->add_option("--payee", list_payee_, "Only this payee id's deliveries");
    list_->add_option("--state", list_state_, "Only deliveries in this state")
        ->check(CLI::IsMember({"pending", "delivered", "failed"}));
    list_->add_option("--limit", list_limit_, "Newest first, at most this many")
        ->capture_default_str()
        ->check(CLI::Range(1, 100000));
    resend_ = callbacks->add_subcommand(
        "resend", "Send a delivery again now (same webhook-id; the schedule is unchanged)");
    resend_->add_option("delivery", resend_id_, "Delivery id (the transaction's id)")->required();
    resend_->add_option("--database", resend_database_, database_help)->capture_default_str();
    add_callback_options(*resend_, resend_options_, resend_timeout_ms_);
}

int CallbackCommands::run_parsed() {
    if (dispatch_->parsed()) {
        dispatch_options_.timeout = std::chrono::milliseconds{dispatch_timeout_ms_};
        return dispatch_callbacks(dispatch_database_, dispatch_options_);
    }
    if (list_->parsed()) {
        storage::CallbackFilter filter;
        if (!list_payee_.empty()) filter.payee_id = list_payee_;
        if (!list_state_.empty())
            filter.state = storage::from_sql<domain::DeliveryState>(list_state_);
        filter.limit = list_limit_;
        return list_callbacks(list_database_, filter);
    }
    if (resend_->parsed()) {
        resend_options_.timeout = std::chrono::milliseconds{resend_timeout_ms_};
        return resend_callback(resend_database_, resend_id_, resend_options_);
    }
    return -1;
}

int serve(const ServeOptions& options) {
    StopSignals stop_signals;
    Application application(options);
    application.start();
    std::printf("faktura: listening on %s (database %s)\n", application.public_url().c_str(),
                redacted_database(options.database).c_str());
    std::fflush(stdout);
    stop_signals.wait("finishing requests in flight");
    application.stop();
    return 0;
}

struct MerchantOptions {
    std::string database = "sqlite:./var/faktura.db";
    std::string name;
    std::optional<std::string> payee_id;
    std::optional<std::string> token;
    int due_days = 14;
    std::string kid = "mod10";
    std::string settlement = "A";
    int attempts = 3;
};

int merchant_add(const MerchantOptions& options) {
    auto store = open_store(options.database);
    app::SystemClock clock;
    app::RandomIdGenerator ids;
    app::MerchantService merchants(*store, clock, ids);
    app::MerchantRegistration registration{options.name, options.payee_id, options.token, {}};
    registration.settings.invoice_due_days = options.due_days;
    registration.settings.authorization_attempts_max = options.attempts;
    registration.settings.kid_algorithm =
        options.kid == "mod11" ? domain::KidAlgorithm::mod11 : domain::KidAlgorithm::mod10;
    registration.settings.settlement_option =
        (options.settlement == "B" || options.settlement == "b") ? domain::SettlementOption::b
                                                                 : domain::SettlementOption::a;
    if (options.token && options.token->size() < app::bearer_token_length_min) {
        std::fprintf(stderr,
                     "faktura: the given token is shorter than %zu characters; "
                     "generating one instead\n",
                     app::bearer_token_length_min);
    }
    auto registered = merchants.add(registration);
    if (!registered) {
        for (const auto& problem : registered.error().problems) {
            std::fprintf(stderr, "faktura: %s: %s\n", problem.name.c_str(),
                         problem.description.c_str());
        }
        return 1;
    }
    std::printf("payeeId: %s\ntoken: %s\n", registered->merchant.payee_id.c_str(),
                registered->token.c_str());
    return 0;
}

int merchant_update(const MerchantOptions& options, const std::vector<std::string>& given,
                    const std::optional<std::vector<std::string>>& secrets) {
    auto store = open_store(options.database);
    app::SystemClock clock;
    app::RandomIdGenerator ids;
    app::MerchantService merchants(*store, clock, ids);
    std::optional<domain::Merchant> current;
    for (const domain::Merchant& merchant : merchants.list()) {
        if (merchant.payee_id == options.payee_id) current = merchant;
    }
    if (!current) {
        std::fprintf(stderr, "faktura: no merchant with payee id %s\n",
                     options.payee_id.value_or("").c_str());
        return 1;
    }
    // Only the options given on the command line change.
    domain::MerchantSettings settings = current->settings;
    const auto was_given = [&](const std::string& name) {
        return std::find(given.begin(), given.end(), name) != given.end();
    };
    if (was_given("--due-days")) settings.invoice_due_days = options.due_days;
    if (was_given("--kid")) {
        settings.kid_algorithm =
            options.kid == "mod11" ? domain::KidAlgorithm::mod11 : domain::KidAlgorithm::mod10;
    }
    if (was_given("--settlement")) {
        settings.settlement_option = (options.settlement == "B" || options.settlement == "b")
                                         ? domain::SettlementOption::b
                                         : domain::SettlementOption::a;
    }
    if (was_given("--attempts")) settings.authorization_attempts_max = options.attempts;
    std::vector<std::string> new_secrets;
    if (secrets) {
        for (const std::string& secret : *secrets) {
            if (secret.empty()) continue;  // --callback-secret "": signing off.
            if (!outbound::is_valid_webhook_secret(secret)) {
                std::fprintf(stderr,
                             "faktura: --callback-secret must be whsec_ followed by base64 "
                             "(e.g. whsec_%s)\n",
                             "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
                return 1;
            }
            new_secrets.push_back(secret);
        }
    }
    auto updated = merchants.update_settings(current->payee_id, settings);
    if (updated && secrets) {
        updated = merchants.set_callback_secrets(current->payee_id, std::move(new_secrets));
    }
    if (!updated) {
        for (const auto& problem : updated.error().problems) {
            std::fprintf(stderr, "faktura: %s: %s\n", problem.name.c_str(),
                         problem.description.c_str());
        }
        return 1;
    }
    std::printf(
        "payeeId: %s\ndueDays: %d\nkid: %s\nsettlement: %s\nattempts: %d\ncallbackSecrets: %zu\n",
        updated->payee_id.c_str(), updated->settings.invoice_due_days,
        updated->settings.kid_algorithm == domain::KidAlgorithm::mod11 ? "mod11" : "mod10",
        updated->settings.settlement_option == domain::SettlementOption::b ? "B" : "A",
        updated->settings.authorization_attempts_max, updated->callback_secrets.size());
    return 0;
}

int merchant_list(const std::string& database) {
    auto store = open_store(database);
    app::SystemClock clock;
    app::RandomIdGenerator ids;
    app::MerchantService merchants(*store, clock, ids);
    for (const domain::Merchant& merchant : merchants.list()) {
        std::printf("%s  %s  (created %s, due days %d)\n", merchant.payee_id.c_str(),
                    merchant.name.c_str(), domain::format_timestamp(merchant.created_at).c_str(),
                    merchant.settings.invoice_due_days);
    }
    return 0;
}

}  // namespace

int run(int argc, char** argv) {
    CLI::App cli{"Faktura: a self-hostable Swedbank Pay (PayEx) Invoice Payments API v1 server"};
    cli.require_subcommand(1);

    ServeOptions serve_options;
    serve_options.listen = env_or("FAKTURA_LISTEN", serve_options.listen);
    serve_options.database = env_or("FAKTURA_DATABASE", serve_options.database);
    if (const char* url = std::getenv("FAKTURA_PUBLIC_URL"); url != nullptr && *url != '\0') {
        serve_options.public_url = url;
    }
    if (const char* url = std::getenv("FAKTURA_CREDIT_PROVIDER"); url != nullptr && *url != '\0') {
        serve_options.credit_provider_url = url;
    }
    CLI::App* serve_command = cli.add_subcommand("serve", "Run the HTTP server");
    serve_command
        ->add_option("--listen", serve_options.listen,
                     "HOST:PORT to listen on (env FAKTURA_LISTEN)")
        ->capture_default_str();
    serve_command
        ->add_option("--database", serve_options.database,
                     std::string(database_help) + " (env FAKTURA_DATABASE)")
        ->capture_default_str();
    serve_command->add_option("--public-url", serve_options.public_url,
                              "Base URL of absolute hrefs and Location (env FAKTURA_PUBLIC_URL)");
    serve_command->add_option(
        "--credit-provider", serve_options.credit_provider_url,
        "Base URL of an operator's credit provider (docs/credit-provider.md; env "
        "FAKTURA_CREDIT_PROVIDER); default: the built-in test registry");
    std::int64_t credit_timeout_ms = serve_options.credit_provider_timeout.count();
    serve_command
        ->add_option("--credit-provider-timeout-ms", credit_timeout_ms,
                     "Time-out of one credit provider request")
        ->capture_default_str()
        ->check(CLI::Range(100, 120000));
    serve_command->add_option("--credit-provider-header", serve_options.credit_provider_headers,
                              "'Name: value' header sent to the credit provider (repeatable)");
    std::int64_t payment_ttl_seconds = 0;
    serve_command
        ->add_option("--payment-ttl", payment_ttl_seconds,
                     "Seconds after which an unfinished payment's page and link stop working "
                     "(0: never)")
        ->capture_default_str()
        ->check(CLI::Range(std::int64_t{0}, std::int64_t{31'536'000}));
    std::int64_t slow_answer_ms = serve_options.slow_answer_delay.count();
    serve_command
        ->add_option("--slow-answer-ms", slow_answer_ms,
                     "How long the test registry's slow-answer trigger (amount 900504) waits")
        ->capture_default_str()
        ->check(CLI::Range(0, 600000));
    serve_command
        ->add_option(
            "--io-threads", serve_options.io_threads,
            "Threads serving connections; each runs the handlers of its requests as fibers")
        ->capture_default_str()
        ->check(CLI::Range(1, 64));
    serve_command
        ->add_option("--database-connections", serve_options.database_connections,
                     "PostgreSQL: connections in the pool (0: 2 per io thread + 1 per worker "
                     "thread)")
        ->capture_default_str()
        ->check(CLI::Range(0, 1024));
    serve_command
        ->add_option("--worker-threads", serve_options.worker_threads,
                     "Threads for blocking work: calls to an HTTP credit provider, invoice "
                     "documents and settlement files (handlers run on the io threads)")
        ->capture_default_str()
        ->check(CLI::Range(1, 1024));
    serve_command
        ->add_option("--connections-per-peer", serve_options.connections_per_peer,
                     "Connections one client address may hold (0: no limit, as behind a load "
                     "balancer)")
        ->capture_default_str()
        ->check(CLI::Range(0, 1000000));
    std::int64_t serve_callback_timeout_ms = serve_options.callbacks.timeout.count();
    add_callback_options(*serve_command, serve_options.callbacks, serve_callback_timeout_ms);
    bool no_callbacks = false;
    serve_command->add_flag("--no-callbacks", no_callbacks,
                            "Send no callbacks from this process (another one dispatches them)");

    MerchantOptions merchant_options;
    merchant_options.database = serve_options.database;
    CLI::App* merchant_command =
        cli.add_subcommand("merchant", "Register and list merchants (payees)");
    merchant_command->require_subcommand(1);
    CLI::App* add_command =
        merchant_command->add_subcommand("add", "Register a merchant and print its token");
    add_command->add_option("--name", merchant_options.name, "Merchant name")->required();
    add_command->add_option("--payee-id", merchant_options.payee_id,
                            "Payee id (GUID); generated if absent");
    add_command->add_option("--token", merchant_options.token,
                            "Bearer token (at least 16 characters); generated if absent");
    add_command->add_option("--due-days", merchant_options.due_days, "Invoice due days")
        ->capture_default_str();
    add_command
        ->add_option("--kid", merchant_options.kid, "Norwegian KID check digits: mod10 or mod11")
        ->check(CLI::IsMember({"mod10", "mod11"}))
        ->capture_default_str();
    add_command->add_option("--settlement", merchant_options.settlement, "Settlement option A or B")
        ->check(CLI::IsMember({"A", "B", "a", "b"}))
        ->capture_default_str();
    add_command->add_option("--database", merchant_options.database, database_help)
        ->capture_default_str();
    add_command
        ->add_option("--attempts", merchant_options.attempts, "Authorization attempts per payment")
        ->capture_default_str()
        ->check(CLI::Range(1, 10));
    MerchantOptions update_options;
    update_options.database = serve_options.database;
    CLI::App* update_command =
        merchant_command->add_subcommand("update", "Change a merchant's agreement settings");
    update_command->add_option("--payee-id", update_options.payee_id, "Payee id (GUID)")
        ->required();
    update_command->add_option("--due-days", update_options.due_days, "Invoice due days");
    update_command
        ->add_option("--kid", update_options.kid, "Norwegian KID check digits: mod10 or mod11")
        ->check(CLI::IsMember({"mod10", "mod11"}));
    update_command
        ->add_option("--settlement", update_options.settlement, "Settlement option A or B")
        ->check(CLI::IsMember({"A", "B", "a", "b"}));
    update_command
        ->add_option("--attempts", update_options.attempts, "Authorization attempts per payment")
        ->check(CLI::Range(1, 10));
    update_command->add_option("--database", update_options.database, database_help)
        ->capture_default_str();
    std::vector<std::string> callback_secrets;
    update_command->add_option(
        "--callback-secret", callback_secrets,
        "whsec_<base64> signing secret for callbacks (repeat while rotating: newest first; "
        "\"\" turns signing off)");
    // The document details: every option a string, so "" can clear one.
    std::vector<std::string> document_values(document_option_count);
    for (std::size_t i = 0; i < document_option_count; ++i) {
        update_command->add_option(document_options[i].name, document_values[i],
                                   document_options[i].help);
    }
    std::string list_database = serve_options.database;
    CLI::App* list_command = merchant_command->add_subcommand("list", "List merchants");
    list_command->add_option("--database", list_database, database_help)->capture_default_str();

    CallbackCommands callback_commands(cli, serve_options.database);

    ReportOptions report_options;
    report_options.database = serve_options.database;
    CLI::App* report_command = cli.add_subcommand(
        "report", "Write a merchant's settlement: the transaction list or the balance report");
    report_command->add_option("kind", report_options.kind, "transactions or balance")
        ->required()
        ->check(CLI::IsMember({"transactions", "balance"}));
    report_command->add_option("--payee", report_options.payee_id, "Payee id (GUID)")->required();
    report_command->add_option("--from", report_options.from, "First day, YYYY-MM-DD (UTC)")
        ->required();
    report_command->add_option("--to", report_options.to, "Last day, YYYY-MM-DD (UTC)")->required();
    report_command->add_option("--format", report_options.format, "transactions: xml, csv or sie4")
        ->capture_default_str()
        ->check(CLI::IsMember({"xml", "csv", "sie4"}));
    report_command->add_option("--language", report_options.language, "balance: sv, nb, fi or en")
        ->capture_default_str()
        ->check(CLI::IsMember({"sv", "nb", "fi", "en"}));
    report_command->add_option("--output", report_options.output,
                               "Write to this file (default: standard output)");
    report_command->add_option("--database", report_options.database, database_help)
        ->capture_default_str();

    std::string migrate_database = serve_options.database;
    CLI::App* migrate_command =
        cli.add_subcommand("migrate", "Create or upgrade the database schema");
    migrate_command->add_option("--database", migrate_database, database_help)
        ->capture_default_str();

    ExportOptions export_options;
    export_options.database = serve_options.database;
    CLI::App* export_command = cli.add_subcommand(
        "export", "Write every row of the database as JSON Lines, to import on another backend");
    export_command->add_option("--database", export_options.database, database_help)
        ->capture_default_str();
    export_command->add_option("--output", export_options.output,
                               "Write to this file, created 0600 (default: standard output)");
    ImportOptions import_options;
    CLI::App* import_command = cli.add_subcommand(
        "import", "Load a dump written by export into a new, empty database, all or nothing");
    import_command->add_option("--database", import_options.database, database_help)->required();
    import_command->add_option("--input", import_options.input,
                               "Read this file (default: standard input)");

    try {
        cli.parse(argc, argv);
    } catch (const CLI::ParseError& error) {
        return cli.exit(error);
    }
    try {
        if (serve_command->parsed()) {
            serve_options.slow_answer_delay = std::chrono::milliseconds{slow_answer_ms};
            serve_options.credit_provider_timeout = std::chrono::milliseconds{credit_timeout_ms};
            if (payment_ttl_seconds > 0)
                serve_options.payment_ttl = std::chrono::seconds{payment_ttl_seconds};
            serve_options.callbacks.timeout = std::chrono::milliseconds{serve_callback_timeout_ms};
            serve_options.callbacks.dispatch = !no_callbacks;
            return serve(serve_options);
        }
        if (add_command->parsed()) return merchant_add(merchant_options);
        if (list_command->parsed()) return merchant_list(list_database);
        if (update_command->parsed()) {
            std::vector<std::string> given;
            for (const char* name : {"--due-days", "--kid", "--settlement", "--attempts"}) {
                if (update_command->count(name) > 0) given.emplace_back(name);
            }
            std::optional<std::vector<std::string>> secrets;
            if (update_command->count("--callback-secret") > 0) secrets = callback_secrets;
            DocumentOptions documents;
            for (std::size_t i = 0; i < document_option_count; ++i) {
                if (update_command->count(document_options[i].name) > 0) {
                    documents[document_options[i].name] = document_values[i];
                }
            }
            const bool agreement_given = !given.empty() || secrets.has_value();
            if (!agreement_given && !documents.empty()) {
                return update_document_details(update_options.database,
                                               update_options.payee_id.value_or(""), documents);
            }
            const int code = merchant_update(update_options, given, secrets);
            if (code != 0 || documents.empty()) return code;
            return update_document_details(update_options.database,
                                           update_options.payee_id.value_or(""), documents);
        }
        if (const int code = callback_commands.run_parsed(); code >= 0) return code;
        if (report_command->parsed()) return report(report_options);
        if (export_command->parsed()) return export_database(export_options);
        if (import_command->parsed()) return import_database(import_options);
        if (migrate_command->parsed()) {
            open_store(migrate_database);
            std::printf("faktura: database %s is up to date\n",
                        redacted_database(migrate_database).c_str());
            return 0;
        }
    } catch (const std::exception& error) {
        std::fprintf(stderr, "faktura: %s\n", error.what());
        return 1;
    }
    return 0;
}

}  // namespace faktura::cli
