// The `faktura` command line and the object graph that `faktura serve` runs. Shared with the tests,
// which start the same Application in-process; main.cpp only calls run().
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace faktura::app {
class Clock;
}

namespace faktura::storage {
class Store;
}

namespace faktura::cli {

// Opens (and migrates) the database named by a --database value: "sqlite:PATH".
// `database` is sqlite:PATH or a postgresql:// URL; database_connections sizes a PostgreSQL pool
// (0: the backend's default) and means nothing to SQLite.
// `database` as it may be shown in a log or on a terminal: a password in a URL's user part
// (`postgresql://user:secret@host`) or in a `password=` parameter becomes `***`.
std::string redacted_database(std::string_view database);

std::unique_ptr<storage::Store> open_store(const std::string& database,
                                           std::size_t database_connections = 0);

// The callback dispatcher's settings, shared by `serve` and `dispatch-callbacks`.
struct CallbackOptions {
    // Whether this process runs a dispatcher. Off in an Application built from ServeOptions{} (the
    // tests' in-process servers send nothing unless asked); `faktura serve` turns it on unless
    // --no-callbacks is given.
    bool dispatch = false;
    double schedule_scale = 1.0;  // Multiplies §22's retry offsets (0.01: 12.65 s in all).
    std::chrono::milliseconds timeout{10000};
    std::int32_t concurrency = 8;
    std::int32_t per_endpoint = 2;
    bool deny_private = false;  // Refuse loopback, link-local and private addresses.
};

struct ServeOptions {
    std::string listen = "127.0.0.1:8080";  // host:port; port 0 picks a free one.
    std::string database = "sqlite:./var/faktura.db";
    std::optional<std::string> public_url;   // Base of absolute hrefs; default from listen.
    std::size_t worker_threads = 8;          // For blocking work (credit provider, documents).
    std::size_t connections_per_peer = 512;  // 0: no limit per client address.
    std::size_t io_threads = 2;
    // PostgreSQL connections in the pool; 0: 2 × io_threads + worker_threads.
    std::size_t database_connections = 0;
    // The test registry's "slow answer" trigger (amount 900504) waits this long.
    std::chrono::milliseconds slow_answer_delay{5000};
    // An operator's credit provider (docs/credit-provider.md); the built-in test registry if
    // absent.
    std::optional<std::string> credit_provider_url;
    std::chrono::milliseconds credit_provider_timeout{10000};
    std::vector<std::string> credit_provider_headers;  // "Name: value", sent with every request.
    // Unfinished payments older than this are aborted when their page or payment link is opened.
    std::optional<std::chrono::seconds> payment_ttl;
    CallbackOptions callbacks{};
};

// What the Application reads time from. Tests pass a clock they move (TTL, merchant cache, dates
// at the edges of summer time) instead of waiting; `faktura serve` uses the system clock.
struct Environment {
    app::Clock* clock = nullptr;  // Not owned; the system clock when null.
    // How the test registry's slow answer (amount 900504) waits; really sleeping when empty.
    std::function<void(std::chrono::milliseconds)> sleeper{};
};

// Store, services, router and HTTP server, wired together.
class Application {
  public:
    // Opens and migrates the database.
    explicit Application(const ServeOptions& options, Environment environment = {});
    ~Application();
    Application(const Application&) = delete;
    Application& operator=(const Application&) = delete;

    void start();  // Binds and serves in the background; throws if the address is taken.
    std::uint16_t port() const;
    std::string public_url() const;
    void stop();  // In-flight requests finish; idempotent.
    void wait();

  private:
    struct Parts;
    std::unique_ptr<Parts> parts_;
};

// Parses the command line and runs the subcommand; returns the process exit code.
int run(int argc, char** argv);

}  // namespace faktura::cli
