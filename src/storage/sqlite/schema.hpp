// The database schema as an ordered list of migrations (the files of migrations/, embedded at
// build time), and the code that brings a database up to date. The schema version lives in
// SQLite's `PRAGMA user_version`, written in the same transaction as the migration it records.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "storage/sqlite/connection.hpp"

namespace faktura::storage::sqlite {

struct Migration {
    std::int64_t version;   // 1, 2, 3, …: position in the list, and user_version once applied.
    std::string_view name;  // The file name without .sql: "0001_merchants_payments_transactions".
    std::string_view sql;
};

// Every migration this binary knows, oldest first. Released migrations are never edited: a change
// to the schema is a new file after the last one.
std::span<const Migration> migrations();

// The version a fully migrated database has.
std::int64_t latest_schema_version();

// Applies the missing migrations, each in its own IMMEDIATE transaction, so a second process
// opening the same file waits instead of migrating twice. A database already at the latest version
// is left untouched. Throws StoreError when the database is newer than this binary (it would
// misread the data) or when a migration fails (that migration is rolled back).
void migrate(Connection& connection);

}  // namespace faktura::storage::sqlite
