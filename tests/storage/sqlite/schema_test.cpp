// The schema against its two other descriptions: every row descriptor (storage/rows/) names the
// columns of its table in a freshly migrated database, in order, every table has a descriptor or
// is one of the hand-written counter tables, and the migrations compiled in are the .sql files.
#include "storage/sqlite/schema.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "storage/rows/approved_legal_address_row.hpp"
#include "storage/rows/authorization_details_row.hpp"
#include "storage/rows/callback_row.hpp"
#include "storage/rows/credit_note_row.hpp"
#include "storage/rows/invoice_row.hpp"
#include "storage/rows/merchant_row.hpp"
#include "storage/rows/payer_input_row.hpp"
#include "storage/rows/payer_token_row.hpp"
#include "storage/rows/payment_row.hpp"
#include "storage/rows/transaction_row.hpp"
#include "storage/sqlite/connection.hpp"

namespace faktura::storage::sqlite {
namespace {

struct DescribedTable {
    std::string name;
    std::vector<std::string> columns;
};

template <typename Descriptor>
DescribedTable described(const Descriptor& descriptor) {
    return {std::string(descriptor.name), rows::column_names(descriptor)};
}

// Every table with a row descriptor. A new table gets one, and a line here.
std::vector<DescribedTable> described_tables() {
    return {
        described(rows::merchant_table),
        described(rows::payment_table),
        described(rows::transaction_table),
        described(rows::approved_legal_address_table),
        described(rows::authorization_details_table),
        described(rows::payer_token_table),
        described(rows::payer_input_table),
        described(rows::invoice_table),
        described(rows::credit_note_table),
        described(rows::callback_delivery_table),
        described(rows::callback_attempt_table),
    };
}

// The tables counters.cpp writes with its own SQL: a key and a value or two, no struct to map.
const std::set<std::string> counter_tables{
    "payee_references",
    "sequences",
    "invoice_sequences",
    "settings",
};

// The `value` column of every row `sql` returns (names without spaces).
std::vector<std::string> column_of(Connection& connection, const std::string& sql) {
    const std::string joined =
        connection.query_text("SELECT group_concat(value, ' ') FROM (" + sql + ")");
    std::vector<std::string> values;
    std::istringstream words(joined);
    for (std::string word; words >> word;) values.push_back(word);
    return values;
}

TEST(SqliteSchema, EveryDescriptorNamesItsTablesColumnsInOrder) {
    Connection connection(":memory:", std::chrono::milliseconds{1000});
    migrate(connection);
    for (const DescribedTable& table : described_tables()) {
        EXPECT_EQ(column_of(connection, "SELECT name AS value FROM pragma_table_info('" +
                                            table.name + "') ORDER BY cid"),
                  table.columns)
            << "table " << table.name << ": the descriptor in src/storage/rows/ and the migrations "
            << "disagree";
    }
}

TEST(SqliteSchema, EveryTableHasADescriptorOrIsACounterTable) {
    Connection connection(":memory:", std::chrono::milliseconds{1000});
    migrate(connection);
    std::set<std::string> expected = counter_tables;
    for (const DescribedTable& table : described_tables()) expected.insert(table.name);

    const std::vector<std::string> tables = column_of(
        connection, "SELECT name AS value FROM sqlite_schema WHERE type = 'table' ORDER BY name");

    EXPECT_EQ(std::set<std::string>(tables.begin(), tables.end()), expected);
}

std::string file_text(const std::filesystem::path& path) {
    std::ifstream file(path, std::ios::binary);
    std::ostringstream text;
    text << file.rdbuf();
    return text.str();
}

// The build embeds migrations/*.sql; this catches a stale or mangled copy (a file the glob missed,
// a literal cut short).
TEST(SqliteSchema, TheEmbeddedMigrationsAreTheSqlFilesByteForByte) {
    const std::filesystem::path directory =
        std::filesystem::path(FAKTURA_SOURCE_DIR) / "src" / "storage" / "sqlite" / "migrations";
    std::set<std::string> files;
    for (const auto& entry : std::filesystem::directory_iterator(directory)) {
        if (entry.path().extension() == ".sql") files.insert(entry.path().filename().string());
    }
    std::set<std::string> embedded;
    for (const Migration& migration : migrations()) {
        const std::string file_name = std::string(migration.name) + ".sql";
        embedded.insert(file_name);
        EXPECT_EQ(migration.sql, file_text(directory / file_name)) << file_name;
    }
    EXPECT_EQ(embedded, files);
}

}  // namespace
}  // namespace faktura::storage::sqlite
