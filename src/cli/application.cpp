// The Application: the object graph `faktura serve` runs (store, services, callback dispatcher,
// router, HTTP server), wired together. The command line that starts it is commands.cpp.
#include <cstdlib>
#include <functional>
#include <stdexcept>

#include "app/callback_dispatcher.hpp"
#include "app/payer_service.hpp"
#include "app/payment_service.hpp"
#include "app/system.hpp"
#include "app/test_registry_provider.hpp"
#include "cli/callback_commands.hpp"
#include "cli/commands.hpp"
#include "http/problem.hpp"
#include "http/router.hpp"
#include "http/server.hpp"
#include "outbound/callback_sender.hpp"
#include "outbound/http_credit_provider.hpp"
#include "storage/postgres/postgres_store.hpp"
#include "storage/sqlite/sqlite_store.hpp"

namespace faktura::cli {
namespace {

struct ListenAddress {
    std::string host;
    std::uint16_t port;
};

ListenAddress parse_listen(const std::string& listen) {
    const std::size_t colon = listen.rfind(':');
    if (colon == std::string::npos || colon + 1 == listen.size()) {
        throw std::invalid_argument("--listen must be HOST:PORT, e.g. 127.0.0.1:8080");
    }
    std::string host = listen.substr(0, colon);
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
        host = host.substr(1, host.size() - 2);
    }
    const long port = std::strtol(listen.c_str() + colon + 1, nullptr, 10);
    if (port < 0 || port > 65535) throw std::invalid_argument("--listen port must be 0-65535");
    return ListenAddress{host.empty() ? "127.0.0.1" : host, static_cast<std::uint16_t>(port)};
}

std::string url_host(const std::string& host) {
    if (host == "0.0.0.0" || host == "::") return "localhost";
    return host.find(':') != std::string::npos ? "[" + host + "]" : host;
}

std::string without_trailing_slash(std::string url) {
    while (!url.empty() && url.back() == '/') url.pop_back();
    return url;
}

}  // namespace

std::string redacted_database(std::string_view database) {
    std::string shown(database);
    // The user part of a URL: scheme://user:password@host…
    if (const std::size_t scheme = shown.find("://"); scheme != std::string::npos) {
        const std::size_t start = scheme + 3;
        const std::size_t end = shown.find_first_of("/?", start);
        const std::size_t at = shown.rfind('@', end == std::string::npos ? shown.size() : end);
        if (at != std::string::npos && at > start) {
            const std::size_t colon = shown.find(':', start);
            if (colon != std::string::npos && colon < at)
                shown.replace(colon + 1, at - colon - 1, "***");
        }
    }
    // password=… in a URL's query or a key=value connection string.
    for (std::size_t at = shown.find("password="); at != std::string::npos;
         at = shown.find("password=", at + 1)) {
        const std::size_t value = at + 9;
        const std::size_t end = shown.find_first_of("& ", value);
        shown.replace(value, (end == std::string::npos ? shown.size() : end) - value, "***");
    }
    return shown;
}

bool is_postgres_url(std::string_view database) {
    return database.starts_with("postgresql://") || database.starts_with("postgres://");
}

std::unique_ptr<storage::Store> open_store(const std::string& database,
                                           std::size_t database_connections) {
    constexpr std::string_view sqlite_prefix = "sqlite:";
    if (database.starts_with(sqlite_prefix)) {
        return storage::sqlite::SqliteStore::open(database.substr(sqlite_prefix.size()));
    }
    if (is_postgres_url(database)) {
        storage::postgres::PostgresOptions options;
        if (database_connections > 0) options.connections = database_connections;
        return storage::postgres::PostgresStore::open(database, options);
    }
    throw std::invalid_argument(
        "--database must be sqlite:PATH or postgresql://[USER@]HOST[:PORT]/DATABASE[?PARAMETERS]");
}

struct Application::Parts {
    ServeOptions options;
    ListenAddress listen;
    std::unique_ptr<storage::Store> store;
    app::SystemClock system_clock;
    app::Clock* clock = &system_clock;
    app::RandomIdGenerator ids;
    std::unique_ptr<app::CreditProvider> credit;
    outbound::HttpCallbackSender callback_sender;
    std::unique_ptr<app::CallbackDispatcher> dispatcher;  // Null with --no-callbacks.
    std::unique_ptr<app::PaymentService> payments;
    std::unique_ptr<app::PayerService> payers;
    std::unique_ptr<app::DocumentService> documents;
    std::unique_ptr<http::Router> router;
    std::unique_ptr<http::Server> server;
};

Application::Application(const ServeOptions& options, Environment environment)
    : parts_(std::make_unique<Parts>()) {
    Parts& p = *parts_;
    p.options = options;
    if (environment.clock != nullptr) p.clock = environment.clock;
    p.listen = parse_listen(options.listen);
    // Every request may use a connection at once, and the worker threads' blocking work too; more
    // than that would only idle (0: the default, two per io thread plus one per worker thread).
    p.store = open_store(options.database, options.database_connections > 0
                                               ? options.database_connections
                                               : 2 * options.io_threads + options.worker_threads);
    if (options.credit_provider_url) {
        outbound::HttpCreditProviderOptions provider_options;
        provider_options.timeout = options.credit_provider_timeout;
        for (const std::string& header : options.credit_provider_headers) {
            const std::size_t colon = header.find(':');
            if (colon == std::string::npos || colon == 0) {
                throw std::invalid_argument("--credit-provider-header must be 'Name: value'");
            }
            std::string value = header.substr(colon + 1);
            value.erase(0, value.find_first_not_of(' '));
            provider_options.headers.emplace_back(header.substr(0, colon), value);
        }
        p.credit = std::make_unique<outbound::HttpCreditProvider>(*options.credit_provider_url,
                                                                  std::move(provider_options));
    } else {
        p.credit = std::make_unique<app::TestRegistryProvider>(
            app::TestRegistryProviderOptions{options.slow_answer_delay, environment.sleeper});
    }
    std::function<void()> on_recorded;
    if (options.callbacks.dispatch) {
        p.dispatcher = std::make_unique<app::CallbackDispatcher>(
            *p.store, *p.clock, p.ids, p.callback_sender, dispatcher_options(options.callbacks));
        on_recorded = [dispatcher = p.dispatcher.get()] { dispatcher->wake(); };
    }
    p.payments = std::make_unique<app::PaymentService>(*p.store, *p.clock, p.ids, *p.credit,
                                                       std::move(on_recorded));
    p.payers = std::make_unique<app::PayerService>(*p.payments, *p.store, *p.clock, p.ids,
                                                   app::PayerServiceOptions{options.payment_ttl});
    p.documents = std::make_unique<app::DocumentService>(*p.store);
    p.router = std::make_unique<http::Router>(*p.payments, *p.payers, *p.documents, p.ids,
                                              http::UrlBase{});

    http::ServerOptions server_options;
    server_options.address = p.listen.host;
    server_options.port = p.listen.port;
    server_options.worker_threads = options.worker_threads;
    server_options.connections_per_peer_max = options.connections_per_peer;
    server_options.io_threads = options.io_threads;
    http::Router& router = *p.router;
    server_options.protocol_error_response = [&router, &ids = p.ids](http::ProtocolError error,
                                                                     const std::string& target) {
        return http::protocol_problem_response(
            error, http::ProblemContext{router.base()->api + target, ids.new_guid()});
    };
    server_options.check_header = [&router](const http::RequestHead& head) {
        return router.check_header(head);
    };
    p.server = std::make_unique<http::Server>(
        std::move(server_options),
        [&router](const http::Request& request) { return router.handle(request); });
}

Application::~Application() { stop(); }

void Application::start() {
    Parts& p = *parts_;
    if (p.options.public_url) {
        const std::string base = without_trailing_slash(*p.options.public_url);
        p.router->set_base(http::UrlBase{base, base});
    }
    p.server->start();
    if (p.dispatcher) p.dispatcher->start();
    if (!p.options.public_url) {
        const std::string base =
            "http://" + url_host(p.listen.host) + ":" + std::to_string(p.server->port());
        p.router->set_base(http::UrlBase{base, base});
    }
}

std::uint16_t Application::port() const { return parts_->server->port(); }
std::string Application::public_url() const { return parts_->router->base()->api; }
void Application::stop() {
    parts_->server->stop();
    if (parts_->dispatcher) parts_->dispatcher->stop();
}
void Application::wait() { parts_->server->wait(); }

}  // namespace faktura::cli
