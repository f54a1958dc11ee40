// The PostgreSQL schema as an ordered list of migrations (the files of migrations/, embedded at
// build time), and the code that brings a database up to date. Applied versions are rows of
// schema_migrations; one migration run at a time holds the row of migration_lock (SELECT … FOR
// UPDATE, no advisory lock), so server processes starting together wait for one another.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "storage/postgres/connection.hpp"

namespace faktura::storage::postgres {

struct Migration {
    std::int64_t version;   // 1, 2, 3, …: position in the list, and its row in schema_migrations.
    std::string_view name;  // The file name without .sql: "0001_schema".
    std::string_view sql;
};

// Every migration this binary knows, oldest first. Released migrations are never edited.
std::span<const Migration> migrations();

// The version a fully migrated database has.
std::int64_t latest_schema_version();

// Creates schema_migrations and migration_lock if missing, then, in one transaction holding the
// lock row, applies every missing migration and records it; a database already at the latest
// version is left as it is. The tables go into the connection's current schema (the first of its
// search_path). Throws StoreError when the database is newer than this binary (it would misread
// the data) or a migration fails (everything of that run is rolled back).
void migrate(Connection& connection);

}  // namespace faktura::storage::postgres
