// The code that applies the migrations. The migrations themselves are the .sql files of
// migrations/, compiled into this binary by embed_migrations.cmake.
#include "storage/postgres/schema.hpp"

#include <string>

#include "storage/postgres/migrations_generated.hpp"

namespace faktura::storage::postgres {

std::span<const Migration> migrations() { return embedded_migrations; }

std::int64_t latest_schema_version() { return embedded_migrations.back().version; }

namespace {

// Idempotent, and one implicit transaction (one simple query). Two processes creating the tables
// of a new database at the same moment may collide in the catalog (a unique violation on the
// type's name): the loser runs it again and finds them.
constexpr std::string_view bootstrap_sql =
    "CREATE TABLE IF NOT EXISTS migration_lock (id integer PRIMARY KEY CHECK (id = 1));"
    "INSERT INTO migration_lock (id) VALUES (1) ON CONFLICT DO NOTHING;"
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version bigint PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT "
    "now())";

constexpr std::string_view lock_sql = "SELECT id FROM migration_lock WHERE id = 1 FOR UPDATE";
constexpr std::string_view version_sql = "SELECT coalesce(max(version), 0) FROM schema_migrations";
constexpr std::string_view record_sql =
    "INSERT INTO schema_migrations (version, name) VALUES ($1::bigint, $2::text)";

void refuse_newer(std::int64_t version) {
    if (version <= latest_schema_version()) return;
    throw StoreError("postgres: the database schema is version " + std::to_string(version) +
                     ", newer than the latest this program knows (" +
                     std::to_string(latest_schema_version()) +
                     "); run a newer faktura, or use a database this version created");
}

void bootstrap(Connection& connection) {
    for (int attempt = 1;; ++attempt) {
        try {
            connection.execute(bootstrap_sql);
            return;
        } catch (const PostgresError& error) {
            // 23505 unique_violation, 42P07 duplicate_table, 42710 duplicate_object.
            const std::string& state = error.sqlstate();
            const bool collided = state == "23505" || state == "42P07" || state == "42710";
            if (!collided || attempt == 3) throw;
        }
    }
}

}  // namespace

void migrate(Connection& connection) {
    bootstrap(connection);
    connection.execute("BEGIN ISOLATION LEVEL READ COMMITTED");
    try {
        // Held until COMMIT: a second process waits here, then reads the version this one left.
        connection.statement(lock_sql).run();
        Statement version_query = connection.statement(version_sql);
        if (!version_query.step()) version_query.fail_on_content("no schema version");
        const std::int64_t version = version_query.int64(0);
        refuse_newer(version);
        for (const Migration& migration : embedded_migrations) {
            if (migration.version <= version) continue;
            connection.execute(migration.sql);
            Statement record = connection.statement(record_sql);
            record.bind_int64(1, migration.version);
            record.bind_text(2, migration.name);
            record.run();
        }
        connection.execute("COMMIT");
    } catch (...) {
        connection.roll_back_quietly();
        throw;
    }
}

}  // namespace faktura::storage::postgres
