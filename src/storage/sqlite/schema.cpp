// The code that applies the migrations at open. The migrations themselves are the .sql files of
// migrations/, compiled into this binary by embed_migrations.cmake, so the program never depends
// on files beside it at run time.
#include "storage/sqlite/schema.hpp"

#include <string>

#include "storage/sqlite/migrations_generated.hpp"
#include "storage/store.hpp"

namespace faktura::storage::sqlite {

std::span<const Migration> migrations() { return embedded_migrations; }

std::int64_t latest_schema_version() { return embedded_migrations.back().version; }

namespace {

void refuse_newer(std::int64_t version) {
    if (version <= latest_schema_version()) return;
    throw StoreError("sqlite: the database schema is version " + std::to_string(version) +
                     ", newer than the latest this program knows (" +
                     std::to_string(latest_schema_version()) +
                     "); run a newer faktura, or open a database this version created");
}

}  // namespace

void migrate(Connection& connection) {
    // The common case, an up-to-date database, takes no write lock.
    const std::int64_t version_at_open = connection.query_int64("PRAGMA user_version");
    refuse_newer(version_at_open);
    if (version_at_open == latest_schema_version()) return;

    for (const Migration& migration : embedded_migrations) {
        // The version is read inside the write transaction, so of two processes opening the same
        // new file at once, the second sees the first one's work and skips it.
        connection.execute("BEGIN IMMEDIATE");
        try {
            const std::int64_t version = connection.query_int64("PRAGMA user_version");
            refuse_newer(version);
            if (version >= migration.version) {
                connection.execute("COMMIT");
                continue;
            }
            connection.execute(migration.sql);
            // PRAGMA takes no parameters; the number comes from the table above, not from input.
            connection.execute("PRAGMA user_version = " + std::to_string(migration.version));
            connection.execute("COMMIT");
        } catch (const StoreError&) {
            // The failure being reported matters more than a failed ROLLBACK, which SQLite
            // follows by rolling back itself when the connection closes.
            if (!connection.is_autocommit()) {
                try {
                    connection.execute("ROLLBACK");
                } catch (const StoreError&) {
                }
            }
            throw;
        }
    }
}

}  // namespace faktura::storage::sqlite
