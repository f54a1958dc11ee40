// PostgresStore: the Store over a PostgreSQL 15 database, for several server processes sharing one
// database (docs/decisions/0020-postgresql-several-processes-ha.md). Each write() is one short READ
// COMMITTED transaction on a pooled connection, its money rules serialised by row locks (SELECT …
// FOR UPDATE); each read() one REPEATABLE READ READ ONLY transaction, a consistent snapshot.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "storage/store.hpp"

namespace faktura::storage::postgres {

struct PostgresOptions {
    // Connections in the pool, each owned by a thread of its own that runs the calls' work while
    // the caller waits (a request's fiber suspended, any other thread blocked). At most this many
    // reads and writes talk to the database at once; further calls wait their turn.
    std::size_t connections = 8;
    // How many payment and transaction numbers one reservation takes from the 'number' row, in a
    // transaction of its own on a connection of its own (docs/decisions/0010-numbers.md).
    std::int64_t numbers_per_reservation = 1000;
    // How often a write is run in all when PostgreSQL aborts it with a serialization failure
    // (40001) or a deadlock (40P01); after each, a pause of 1, 2, 4, 8, 16 ms (capped, jittered).
    int write_attempts_max = 5;
};

// Thread-safe: write() and read() may be called from any number of threads and fibers at once, but
// never from inside the work of another write() or read() of this store (std::logic_error).
// Destroying the store finishes the calls already queued and must not race with calls still being
// made.
class PostgresStore final : public Store {
  public:
    // Connects to `url` (a postgresql:// URL or a libpq conninfo string; its search_path decides
    // the schema) and applies missing migrations (migrate). Throws StoreError when the server
    // cannot be reached, a migration fails, or the database's schema is newer than this program.
    static std::unique_ptr<PostgresStore> open(const std::string& url,
                                               PostgresOptions options = {});

    // Brings the database at `url` up to date and returns, for `faktura migrate`: applies the
    // missing migrations in one transaction that holds the migration_lock row, so processes doing
    // it at once wait for each other. Throws StoreError as open() does.
    static void migrate(const std::string& url);

    ~PostgresStore() override;
    PostgresStore(const PostgresStore&) = delete;
    PostgresStore& operator=(const PostgresStore&) = delete;

    // BEGIN; work; COMMIT. A serialization failure or deadlock rolls back and runs `work` again
    // (write_attempts_max in all); a lost connection is a StoreError and that connection is
    // replaced on its next use. Durable when it returns: PostgreSQL acknowledges a COMMIT only
    // after its WAL record is flushed.
    void write(const std::function<WorkOutcome(DbTransaction& db)>& work) override;
    // Owes DeferredDurability nothing: what a read sees was durable before it was visible.
    void read(const std::function<void(DbReader& db)>& work) override;
    // Nothing when the last call reached the server, else why it did not. When nothing has used the
    // store for a second, asks the server (SELECT 1) instead.
    std::optional<std::string> health() override;

    struct Statistics {
        std::uint64_t writes = 0;    // write() calls finished, in any outcome.
        std::uint64_t retries = 0;   // Writes run again after a serialization failure or deadlock.
        std::uint64_t connects = 0;  // Pool connections opened (the first ones and replacements).
        std::uint64_t number_reservations = 0;
    };
    Statistics statistics() const;

  private:
    class Impl;
    explicit PostgresStore(std::unique_ptr<Impl> impl);

    std::unique_ptr<Impl> impl_;
};

}  // namespace faktura::storage::postgres
