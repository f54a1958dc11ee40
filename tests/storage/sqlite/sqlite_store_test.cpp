// What SqliteStore promises beyond the Store contract: schema versioning at open, file handling,
// group commit batching, error texts and misuse detection; checked through the public API, with a
// raw sqlite3 connection where a test must reach around the store.
#include "storage/sqlite/sqlite_store.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <functional>
#include <latch>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "storage/sqlite/connection.hpp"
#include "storage/sqlite/schema.hpp"
#include "support/storage_builders.hpp"
#include "support/test_loop.hpp"

namespace faktura::storage {
namespace {

using sqlite::SqliteOptions;
using sqlite::SqliteStore;

using ::testing::HasSubstr;

const std::string payee_id = support::guid_numbered(1);

void write_committing(Store& store, const std::function<void(DbTransaction& db)>& work) {
    store.write([&](DbTransaction& db) {
        work(db);
        return WorkOutcome::commit;
    });
}

// Runs one statement on the file behind the store's back; returns the first column of the first
// row, if any.
std::string run_raw_sql(const std::string& path, const std::string& sql) {
    sqlite3* db = nullptr;
    if (sqlite3_open(path.c_str(), &db) != SQLITE_OK) {
        sqlite3_close(db);
        throw std::runtime_error("cannot open " + path);
    }
    sqlite3_stmt* statement = nullptr;
    std::string value;
    int result = sqlite3_prepare_v2(db, sql.c_str(), -1, &statement, nullptr);
    if (result == SQLITE_OK) {
        result = sqlite3_step(statement);
        if (result == SQLITE_ROW && sqlite3_column_text(statement, 0) != nullptr) {
            value = reinterpret_cast<const char*>(sqlite3_column_text(statement, 0));
        }
    }
    const std::string message = sqlite3_errmsg(db);
    sqlite3_finalize(statement);
    sqlite3_close(db);
    if (result != SQLITE_ROW && result != SQLITE_DONE) {
        throw std::runtime_error(sql + ": " + message);
    }
    return value;
}

std::string store_error_text(const std::function<void()>& action) {
    try {
        action();
    } catch (const StoreError& error) {
        return error.what();
    }
    return "no StoreError";
}

TEST(SqliteStoreSchema, ANewFileIsMigratedToTheLatestVersionInWriteAheadLogMode) {
    const support::TemporaryDirectory directory;
    const std::string path = (directory.path() / "faktura.db").string();
    SqliteStore::open(path);

    EXPECT_EQ(run_raw_sql(path, "PRAGMA user_version"),
              std::to_string(sqlite::latest_schema_version()));
    EXPECT_EQ(run_raw_sql(path, "PRAGMA journal_mode"), "wal");
}

TEST(SqliteStoreSchema, ReopeningAMigratedDatabaseKeepsSchemaAndData) {
    const support::TemporaryDirectory directory;
    const std::string path = (directory.path() / "faktura.db").string();
    const domain::Payment payment = support::payment_with_every_field(1, payee_id);
    write_committing(*SqliteStore::open(path),
                     [&](DbTransaction& db) { db.insert_payment(payment); });
    const std::string schema_sql =
        "SELECT group_concat(sql, ';') FROM (SELECT sql FROM sqlite_schema ORDER BY name)";
    const std::string schema_before = run_raw_sql(path, schema_sql);

    const auto store = SqliteStore::open(path);

    EXPECT_EQ(run_raw_sql(path, schema_sql), schema_before);
    EXPECT_EQ(run_raw_sql(path, "PRAGMA user_version"),
              std::to_string(sqlite::latest_schema_version()));
    store->read([&](DbReader& db) { EXPECT_EQ(db.find_payment(payment.id), payment); });
}

// Builds the database a release with only the first `version` migrations left behind, holding
// what `fill` writes. That release's row mapping is gone from this program (today's writes columns
// an old table lacks), so `fill` writes through today's store into a scratch file, and every table
// of the old schema takes the columns it has of those rows: what the old release stored.
void create_database_at_version(const std::string& path, std::int64_t version,
                                const std::function<void(DbTransaction& db)>& fill) {
    const std::string scratch_path = path + ".scratch";
    write_committing(*SqliteStore::open(scratch_path), fill);

    sqlite::Connection connection(path, std::chrono::milliseconds{1000});
    // A temporary directory's path holds no quote; ATTACH is not allowed inside a transaction.
    connection.execute("ATTACH DATABASE '" + scratch_path + "' AS scratch");
    connection.execute("BEGIN IMMEDIATE");
    for (const sqlite::Migration& migration :
         sqlite::migrations().first(static_cast<std::size_t>(version))) {
        connection.execute(migration.sql);
    }
    connection.execute("PRAGMA user_version = " + std::to_string(version));
    const std::string tables = connection.query_text(
        "SELECT group_concat(name, ' ') FROM main.sqlite_schema WHERE type = 'table'");
    std::istringstream table_names(tables);
    for (std::string table; table_names >> table;) {
        const std::string columns = connection.query_text(
            "SELECT group_concat(name, ', ') FROM pragma_table_info('" + table + "', 'main')");
        // OR REPLACE: migration 1 inserts the sequence row the scratch file has advanced.
        connection.execute("INSERT OR REPLACE INTO main." + table + " (" + columns + ") SELECT " +
                           columns + " FROM scratch." + table);
    }
    connection.execute("COMMIT");
    connection.execute("DETACH DATABASE scratch");
}

const std::string schema_listing_sql =
    "SELECT group_concat(sql, ';') FROM (SELECT sql FROM sqlite_schema ORDER BY name)";

TEST(SqliteStoreSchema, AVersion1DatabaseIsMigratedKeepingItsPaymentsAndSequence) {
    const support::TemporaryDirectory directory;
    const std::string path = (directory.path() / "faktura.db").string();
    const domain::Payment payment = support::payment_with_every_field(1, payee_id);
    const domain::Transaction transaction = support::transaction_with_every_field(1, payment.id);
    create_database_at_version(path, 1, [&](DbTransaction& db) {
        db.insert_payment(payment);
        db.insert_transaction(transaction);
        EXPECT_EQ(db.next_number(), 41100000001);
    });
    ASSERT_EQ(run_raw_sql(path, "PRAGMA user_version"), "1");

    const auto store = SqliteStore::open(path);

    EXPECT_EQ(run_raw_sql(path, "PRAGMA user_version"),
              std::to_string(sqlite::latest_schema_version()));
    domain::Payment migrated = payment;
    migrated.failed_lookups = 0;  // Version 1 had no such column; migration 3 adds it as 0.
    store->read([&](DbReader& db) {
        EXPECT_EQ(db.find_payment(payment.id), migrated);
        EXPECT_EQ(db.list_transactions(payment.id), std::vector<domain::Transaction>{transaction});
    });
    // The version 2 tables work against the version 1 rows.
    const domain::Invoice invoice = support::invoice_with_every_field(
        1, transaction.id, payment.id,
        support::payment_reference_of(domain::PaymentReferenceKind::ocr));
    write_committing(*store, [&](DbTransaction& db) {
        EXPECT_EQ(db.next_number(), 41100000002);
        EXPECT_EQ(db.next_invoice_sequence(payee_id), 1);
        db.insert_invoice(invoice);
    });
    store->read([&](DbReader& db) { EXPECT_EQ(db.find_invoice(transaction.id), invoice); });
}

// A version 2 database holds every kind of row but the ones of migration 3; they must all read back
// the same, the new column must read as 0, and the new tables must work against the old rows.
TEST(SqliteStoreSchema, AVersion2DatabaseIsMigratedKeepingItsData) {
    const support::TemporaryDirectory directory;
    const std::string path = (directory.path() / "faktura.db").string();
    const domain::Merchant merchant = support::merchant_with_every_field(1);
    const domain::Payment payment = support::payment_with_every_field(1, merchant.payee_id);
    const domain::Transaction transaction = support::transaction_with_every_field(1, payment.id);
    const auto address = support::approved_legal_address_of(1, payment.id);
    const auto details =
        support::authorization_details_with_every_field(1, transaction.id, payment.id);
    const auto token = support::payer_token_with_every_field(
        1, domain::PayerTokenKind::recurrence, merchant.payee_id, payment.id, transaction.id);
    const auto invoice = support::invoice_with_every_field(
        1, transaction.id, payment.id,
        support::payment_reference_of(domain::PaymentReferenceKind::kid));
    create_database_at_version(path, 2, [&](DbTransaction& db) {
        db.insert_merchant(merchant);
        db.insert_payment(payment);
        db.insert_transaction(transaction);
        db.reserve_payee_reference(merchant.payee_id, "order-1");
        db.next_number();
        db.save_approved_legal_address(address);
        db.insert_authorization_details(details);
        db.insert_payer_token(token);
        db.insert_invoice(invoice);
        db.next_invoice_sequence(merchant.payee_id);
    });
    ASSERT_EQ(run_raw_sql(path, "PRAGMA user_version"), "2");
    ASSERT_NE(payment.failed_lookups, 0) << "the builder must set it, or the default goes untested";

    const auto store = SqliteStore::open(path);

    EXPECT_EQ(run_raw_sql(path, "PRAGMA user_version"),
              std::to_string(sqlite::latest_schema_version()));
    domain::Payment migrated = payment;
    migrated.failed_lookups = 0;  // Version 2 had no such column; migration 3 adds it as 0.
    domain::PayerToken migrated_token =
        token;  // Migration 4 adds when and why, unknown for old rows.
    migrated_token.deleted_at.reset();
    migrated_token.deletion_comment.reset();
    domain::Merchant migrated_merchant = merchant;
    migrated_merchant.callback_secrets.clear();  // Migration 5 adds them, none for old rows.
    migrated_merchant.document_details = {};     // Migration 6: none set for old rows.
    store->read([&](DbReader& db) {
        EXPECT_EQ(db.find_merchant(merchant.payee_id), migrated_merchant);
        EXPECT_EQ(db.find_payment(payment.id), migrated);
        EXPECT_EQ(db.find_payment_by_front_end_token(payment.front_end_token), migrated);
        EXPECT_EQ(db.list_transactions(payment.id), std::vector<domain::Transaction>{transaction});
        EXPECT_EQ(db.find_approved_legal_address(payment.id), address);
        EXPECT_EQ(db.find_authorization_details(transaction.id), details);
        EXPECT_EQ(db.find_payer_token(token.token), migrated_token);
        EXPECT_EQ(db.find_invoice(transaction.id), invoice);
        EXPECT_EQ(db.find_payer_input(payment.id), std::nullopt);
        EXPECT_EQ(db.find_setting("csrf_secret"), std::nullopt);
    });

    const domain::PayerInput payer_input = support::payer_input_with_every_field(1, payment.id);
    migrated.failed_lookups = 2;
    write_committing(*store, [&](DbTransaction& db) {
        EXPECT_FALSE(db.reserve_payee_reference(merchant.payee_id, "order-1"));
        EXPECT_EQ(db.next_number(), 41100000002);
        EXPECT_EQ(db.next_invoice_sequence(merchant.payee_id), 2);
        db.update_payment(migrated);
        db.save_payer_input(payer_input);
        EXPECT_TRUE(db.insert_setting_if_absent("csrf_secret", "secret"));
    });
    store->read([&](DbReader& db) {
        EXPECT_EQ(db.find_payment(payment.id), migrated);
        EXPECT_EQ(db.find_payer_input(payment.id), payer_input);
        EXPECT_EQ(db.find_setting("csrf_secret"), "secret");
    });
}

// Migrating step by step, from any older version, must end where a new database starts, or old
// and new installations would drift apart unnoticed.
TEST(SqliteStoreSchema, AMigratedOlderDatabaseHasTheSchemaOfANewOne) {
    const support::TemporaryDirectory directory;
    const std::string new_path = (directory.path() / "new.db").string();
    SqliteStore::open(new_path);
    const domain::Payment payment = support::payment_with_every_field(1, payee_id);
    for (std::int64_t version = 1; version < sqlite::latest_schema_version(); ++version) {
        const std::string migrated_path =
            (directory.path() / ("version-" + std::to_string(version) + ".db")).string();
        create_database_at_version(migrated_path, version,
                                   [&](DbTransaction& db) { db.insert_payment(payment); });

        SqliteStore::open(migrated_path);

        EXPECT_EQ(run_raw_sql(migrated_path, schema_listing_sql),
                  run_raw_sql(new_path, schema_listing_sql))
            << "from version " << version;
    }
}

TEST(SqliteStoreSchema, ADatabaseNewerThanThisProgramIsRefused) {
    const support::TemporaryDirectory directory;
    const std::string path = (directory.path() / "faktura.db").string();
    SqliteStore::open(path);
    const std::int64_t newer = sqlite::latest_schema_version() + 1;
    run_raw_sql(path, "PRAGMA user_version = " + std::to_string(newer));

    const std::string error = store_error_text([&] { SqliteStore::open(path); });

    EXPECT_THAT(error, HasSubstr("schema is version " + std::to_string(newer)));
    EXPECT_THAT(error, HasSubstr("newer"));
}

TEST(SqliteStoreSchema, MigrationsAreNumberedOneUpInOrder) {
    std::int64_t expected = 1;
    for (const sqlite::Migration& migration : sqlite::migrations()) {
        EXPECT_EQ(migration.version, expected++) << migration.name;
    }
    EXPECT_EQ(sqlite::latest_schema_version(), expected - 1);
}

TEST(SqliteStoreFiles, MissingParentDirectoriesAreCreated) {
    const support::TemporaryDirectory directory;
    const auto path = directory.path() / "a" / "b" / "faktura.db";

    write_committing(*SqliteStore::open(path.string()),
                     [](DbTransaction& db) { db.next_number(); });

    EXPECT_TRUE(std::filesystem::exists(path));
}

TEST(SqliteStoreFiles, AFileThatIsNotADatabaseIsAStoreError) {
    const support::TemporaryDirectory directory;
    const auto path = directory.path() / "faktura.db";
    std::ofstream(path) << "this is not an SQLite database, but it is long enough to have a header";

    EXPECT_THAT(store_error_text([&] { SqliteStore::open(path.string()); }),
                HasSubstr("not a database"));
}

// The database holds national ids and payer tokens: only its owner may read it, and its write-ahead
// log and shared-memory file inherit that.
TEST(SqliteStoreFiles, ANewDatabaseAndItsLogAreReadableByTheOwnerOnly) {
    const support::TemporaryDirectory directory;
    const auto path = directory.path() / "faktura.db";
    const auto store = SqliteStore::open(path.string());
    write_committing(*store, [](DbTransaction& db) { db.next_number(); });
    for (const auto& file : {path, std::filesystem::path(path.string() + "-wal"),
                             std::filesystem::path(path.string() + "-shm")}) {
        ASSERT_TRUE(std::filesystem::exists(file)) << file;
        const auto permissions = std::filesystem::status(file).permissions();
        EXPECT_EQ(std::filesystem::perms::owner_read | std::filesystem::perms::owner_write,
                  permissions & std::filesystem::perms::all)
            << file;
    }
    EXPECT_EQ(std::nullopt, store->health());
}

// Deleting the database under a running store must not leave it acknowledging writes into an
// unlinked file: the next batch fails before its COMMIT, and health says why.
TEST(SqliteStoreFiles, AWriteAfterTheFileWasDeletedFailsAndHealthSaysWhy) {
    const support::TemporaryDirectory directory;
    const auto path = directory.path() / "faktura.db";
    const auto store = SqliteStore::open(path.string());
    write_committing(*store, [](DbTransaction& db) { db.next_number(); });
    for (const char* suffix : {"", "-wal", "-shm"}) {
        std::filesystem::remove(path.string() + suffix);
    }
    EXPECT_THAT(store_error_text(
                    [&] { write_committing(*store, [](DbTransaction& db) { db.next_number(); }); }),
                HasSubstr("was deleted while the server ran"));
    ASSERT_TRUE(store->health());
    EXPECT_THAT(*store->health(), HasSubstr("was deleted"));
}

TEST(SqliteStoreFiles, AFileReplacedUnderTheStoreIsNoticed) {
    const support::TemporaryDirectory directory;
    const auto path = directory.path() / "faktura.db";
    const auto store = SqliteStore::open(path.string());
    { const auto other = SqliteStore::open((directory.path() / "other.db").string()); }
    std::filesystem::rename(directory.path() / "other.db", path);
    EXPECT_THAT(store_error_text(
                    [&] { write_committing(*store, [](DbTransaction& db) { db.next_number(); }); }),
                HasSubstr("was replaced"));
    EXPECT_THAT(store->health().value_or(""), HasSubstr("was replaced"));
}

TEST(SqliteStoreFiles, InMemoryStoresDoNotShareData) {
    const auto first = SqliteStore::open(":memory:");
    const auto second = SqliteStore::open(":memory:");
    const domain::Payment payment = support::payment_with_every_field(1, payee_id);
    write_committing(*first, [&](DbTransaction& db) { db.insert_payment(payment); });

    second->read([&](DbReader& db) { EXPECT_EQ(db.find_payment(payment.id), std::nullopt); });
}

// The first job holds the writer until the others are queued, so the batches are known exactly.
void write_while_others_queue(SqliteStore& store, int others) {
    std::atomic<bool> first_started = false;
    std::thread first([&] {
        write_committing(store, [&](DbTransaction& db) {
            first_started = true;
            while (store.statistics().jobs_waiting < static_cast<std::size_t>(others)) {
                std::this_thread::yield();
            }
            db.next_number();
        });
    });
    while (!first_started) std::this_thread::yield();
    std::vector<std::thread> threads;
    for (int t = 0; t < others; ++t) {
        threads.emplace_back(
            [&] { write_committing(store, [](DbTransaction& db) { db.next_number(); }); });
    }
    first.join();
    for (std::thread& thread : threads) thread.join();
}

TEST(SqliteStoreGroupCommit, QueuedWritesShareOneCommit) {
    const support::TemporaryDirectory directory;
    const auto store = SqliteStore::open((directory.path() / "faktura.db").string());

    write_while_others_queue(*store, 31);

    const SqliteStore::Statistics statistics = store->statistics();
    EXPECT_EQ(statistics.jobs, 32u);
    EXPECT_EQ(statistics.commits, 2u) << "the first job alone, then the 31 queued behind it";
    EXPECT_EQ(statistics.jobs_waiting, 0u);
}

TEST(SqliteStoreGroupCommit, ACommitCarriesAtMostBatchJobsMax) {
    const auto store = SqliteStore::open(":memory:", {.batch_jobs_max = 8});

    write_while_others_queue(*store, 20);

    EXPECT_EQ(store->statistics().jobs, 21u);
    EXPECT_EQ(store->statistics().commits, 4u) << "1, then 8 + 8 + 4";
}

// The background checkpoint copies the WAL into the database while writes go on, and the WAL
// starts over instead of holding every write since the start (some 10,000 frames here): when the
// checkpointer lags (a loaded machine), the writer copies itself at wal_pages_max. Nothing written
// is lost on the way.
TEST(SqliteStoreGroupCommit, TheWalIsCheckpointedInTheBackgroundAndStaysBounded) {
    const support::TemporaryDirectory directory;
    const std::string path = (directory.path() / "faktura.db").string();
    constexpr int payments = 2000;
    constexpr std::int64_t wal_pages_max = 256;
    std::uintmax_t largest_wal = 0;
    {
        const auto store =
            SqliteStore::open(path, {.checkpoint_pages = 64, .wal_pages_max = wal_pages_max});
        for (int i = 1; i <= payments; ++i) {
            write_committing(*store, [&](DbTransaction& db) {
                domain::Payment payment = support::payment_with_every_field(i, payee_id);
                payment.number = db.next_number();
                db.insert_payment(payment);
            });
            largest_wal = std::max(largest_wal, std::filesystem::file_size(path + "-wal"));
        }
        EXPECT_GT(store->statistics().checkpoints, 0u);
        // A frame is a 4 KiB page and its 24-byte header; one commit here writes a few.
        EXPECT_LT(largest_wal, static_cast<std::uintmax_t>(2 * wal_pages_max * 4120));
    }
    EXPECT_EQ(run_raw_sql(path, "SELECT count(*) FROM payments"), std::to_string(payments));
}

TEST(SqliteStoreGroupCommit, ClosingTheStoreFinishesQueuedWrites) {
    const support::TemporaryDirectory directory;
    const std::string path = (directory.path() / "faktura.db").string();
    {
        const auto store = SqliteStore::open(path);
        write_while_others_queue(*store, 10);
    }
    const auto reopened = SqliteStore::open(path);
    write_committing(*reopened,
                     [](DbTransaction& db) { EXPECT_EQ(db.next_number(), 41100000001 + 11); });
}

// A full database fails writes mid-batch (SQLite may then roll back the whole batch): whatever
// happens, a write() that returned is stored and a write() that threw StoreError left nothing.
TEST(SqliteStoreGroupCommit, AWriteIsAcknowledgedExactlyWhenItIsStored) {
    const support::TemporaryDirectory directory;
    const std::string path = (directory.path() / "faktura.db").string();
    constexpr int thread_count = 32;
    constexpr int writes_per_thread = 8;
    std::vector<std::vector<int>> acknowledged(thread_count);
    std::vector<std::vector<int>> failed(thread_count);
    {
        const auto store = SqliteStore::open(path, {.database_size_max_bytes = 160 * 1024});
        std::latch start(thread_count);
        std::vector<std::thread> threads;
        for (int t = 0; t < thread_count; ++t) {
            threads.emplace_back([&, t] {
                start.arrive_and_wait();
                for (int i = 0; i < writes_per_thread; ++i) {
                    const int n = t * writes_per_thread + i;
                    try {
                        write_committing(*store, [&](DbTransaction& db) {
                            db.insert_payment(support::payment_with_every_field(n, payee_id));
                        });
                        acknowledged[t].push_back(n);
                    } catch (const StoreError& error) {
                        EXPECT_THAT(error.what(), HasSubstr("full"));
                        failed[t].push_back(n);
                    }
                }
            });
        }
        for (std::thread& thread : threads) thread.join();
    }

    const auto store = SqliteStore::open(path);
    int acknowledged_count = 0;
    int failed_count = 0;
    store->read([&](DbReader& db) {
        for (int t = 0; t < thread_count; ++t) {
            for (const int n : acknowledged[t]) {
                EXPECT_TRUE(db.find_payment(support::guid_numbered(n))) << "acknowledged " << n;
                ++acknowledged_count;
            }
            for (const int n : failed[t]) {
                EXPECT_FALSE(db.find_payment(support::guid_numbered(n))) << "failed " << n;
                ++failed_count;
            }
        }
    });
    EXPECT_GT(acknowledged_count, 0);
    EXPECT_GT(failed_count, 0) << "the size limit should have been reached";
}

TEST(SqliteStoreMisuse, WritingFromInsideWriteWorkIsALogicError) {
    const auto store = SqliteStore::open(":memory:");
    EXPECT_THROW(
        write_committing(*store,
                         [&](DbTransaction&) { write_committing(*store, [](DbTransaction&) {}); }),
        std::logic_error);
    EXPECT_THROW(write_committing(*store, [&](DbTransaction&) { store->read([](DbReader&) {}); }),
                 std::logic_error);
}

TEST(SqliteStoreMisuse, CallingTheStoreFromInsideReadWorkIsALogicError) {
    for (const std::string path : {":memory:", "file"}) {
        const support::TemporaryDirectory directory;
        const auto store =
            SqliteStore::open(path == "file" ? (directory.path() / "faktura.db").string() : path);
        EXPECT_THROW(store->read([&](DbReader&) { store->read([](DbReader&) {}); }),
                     std::logic_error)
            << path;
        EXPECT_THROW(
            store->read([&](DbReader&) { write_committing(*store, [](DbTransaction&) {}); }),
            std::logic_error)
            << path;
        // Another store may be used from inside the work.
        const auto other = SqliteStore::open(":memory:");
        store->read([&](DbReader&) { other->read([](DbReader&) {}); });
        store->read([](DbReader&) {});
    }
}

TEST(SqliteStoreMisuse, UpdatingWhatWasNeverInsertedIsALogicError) {
    const auto store = SqliteStore::open(":memory:");
    const domain::Payment payment = support::payment_with_every_field(1, payee_id);
    EXPECT_THROW(write_committing(*store, [&](DbTransaction& db) { db.update_payment(payment); }),
                 std::logic_error);
    EXPECT_THROW(write_committing(*store,
                                  [&](DbTransaction& db) {
                                      db.update_merchant(support::merchant_with_every_field(1));
                                  }),
                 std::logic_error);
    EXPECT_THROW(write_committing(*store,
                                  [&](DbTransaction& db) {
                                      db.update_transaction(
                                          support::transaction_with_every_field(1, payment.id));
                                  }),
                 std::logic_error);
    EXPECT_THROW(write_committing(*store,
                                  [&](DbTransaction& db) {
                                      db.update_payer_token(support::payer_token_with_every_field(
                                          1, domain::PayerTokenKind::payment, payee_id, payment.id,
                                          support::guid_numbered(2)));
                                  }),
                 std::logic_error);
}

TEST(SqliteStoreMisuse, AnInvoiceDateBeyondYear9999IsALogicError) {
    const auto store = SqliteStore::open(":memory:");
    const domain::Payment payment = support::payment_with_every_field(1, payee_id);
    const domain::Transaction transaction = support::transaction_with_every_field(1, payment.id);
    domain::Invoice invoice = support::invoice_with_every_field(
        1, transaction.id, payment.id,
        support::payment_reference_of(domain::PaymentReferenceKind::ocr));
    invoice.due_date.year = 10000;

    EXPECT_THROW(write_committing(*store,
                                  [&](DbTransaction& db) {
                                      db.insert_payment(payment);
                                      db.insert_transaction(transaction);
                                      db.insert_invoice(invoice);
                                  }),
                 std::logic_error);
    store->read([&](DbReader& db) { EXPECT_EQ(db.find_payment(payment.id), std::nullopt); });
}

TEST(SqliteStoreErrors, AConstraintViolationNamesTheMessageAndTheSql) {
    const auto store = SqliteStore::open(":memory:");
    const domain::Payment payment = support::payment_with_every_field(1, payee_id);
    write_committing(*store, [&](DbTransaction& db) { db.insert_payment(payment); });

    const std::string error = store_error_text(
        [&] { write_committing(*store, [&](DbTransaction& db) { db.insert_payment(payment); }); });

    EXPECT_THAT(error, HasSubstr("UNIQUE constraint failed: payments."));
    EXPECT_THAT(error, HasSubstr("INSERT INTO payments"));
}

TEST(SqliteStoreErrors, ATransactionOfAMissingPaymentViolatesTheForeignKey) {
    const auto store = SqliteStore::open(":memory:");
    const std::string error = store_error_text([&] {
        write_committing(*store, [](DbTransaction& db) {
            db.insert_transaction(
                support::transaction_with_every_field(1, support::guid_numbered(404)));
        });
    });

    EXPECT_THAT(error, HasSubstr("FOREIGN KEY constraint failed"));
}

TEST(SqliteStoreErrors, PayerDataAndInvoicesOfAMissingPaymentOrTransactionViolateForeignKeys) {
    const auto store = SqliteStore::open(":memory:");
    const std::string missing = support::guid_numbered(404);
    const std::vector<std::function<void(DbTransaction&)>> writes{
        [&](DbTransaction& db) {
            db.save_approved_legal_address(support::approved_legal_address_of(1, missing));
        },
        [&](DbTransaction& db) {
            db.insert_authorization_details(
                support::authorization_details_with_every_field(1, missing, missing));
        },
        [&](DbTransaction& db) {
            db.insert_invoice(support::invoice_with_every_field(
                1, missing, missing,
                support::payment_reference_of(domain::PaymentReferenceKind::kid)));
        },
        [&](DbTransaction& db) {
            db.save_payer_input(support::payer_input_with_every_field(1, missing));
        },
    };
    for (std::size_t i = 0; i < writes.size(); ++i) {
        EXPECT_THAT(store_error_text([&] { write_committing(*store, writes[i]); }),
                    HasSubstr("FOREIGN KEY constraint failed"))
            << "write " << i;
    }
}

// Columns the store writes itself, changed behind its back: a read names the column and the
// problem instead of returning a half-read invoice.
TEST(SqliteStoreErrors, AnInvoiceWithUnreadableLinesOrDatesIsAStoreError) {
    const support::TemporaryDirectory directory;
    const std::string path = (directory.path() / "faktura.db").string();
    const domain::Payment payment = support::payment_with_every_field(1, payee_id);
    const domain::Transaction transaction = support::transaction_with_every_field(1, payment.id);
    const auto store = SqliteStore::open(path);
    write_committing(*store, [&](DbTransaction& db) {
        db.insert_payment(payment);
        db.insert_transaction(transaction);
        db.insert_invoice(support::invoice_with_every_field(
            1, transaction.id, payment.id,
            support::payment_reference_of(domain::PaymentReferenceKind::ocr)));
    });
    const auto read_error = [&] {
        return store_error_text(
            [&] { store->read([&](DbReader& db) { db.find_invoice(transaction.id); }); });
    };

    run_raw_sql(path, "UPDATE invoices SET item_descriptions = '{}'");
    EXPECT_THAT(read_error(), HasSubstr("item_descriptions is not a JSON array"));

    run_raw_sql(path,
                "UPDATE invoices SET item_descriptions = "
                "'[{\"amount\": \"1\", \"description\": \"\"}]'");
    EXPECT_THAT(read_error(), HasSubstr("lacks the integer amount"));

    run_raw_sql(path, "UPDATE invoices SET item_descriptions = '[]', vat_summary = '[{}]'");
    EXPECT_THAT(read_error(), HasSubstr("lacks the integer vat_percent"));

    run_raw_sql(path, "UPDATE invoices SET vat_summary = '[]', payment_reference_kind = 'OCR'");
    EXPECT_THAT(read_error(), HasSubstr("unknown value 'OCR' in column payment_reference_kind"));

    EXPECT_THROW(run_raw_sql(path, "UPDATE invoices SET issue_date = '2024-2-9'"),
                 std::runtime_error)
        << "the column's CHECK keeps dates in YYYY-MM-DD";
}

TEST(SqliteStoreErrors, AnUnknownEnumSpellingInARowIsAStoreError) {
    const support::TemporaryDirectory directory;
    const std::string path = (directory.path() / "faktura.db").string();
    const domain::Payment payment = support::payment_with_every_field(1, payee_id);
    const auto store = SqliteStore::open(path);
    write_committing(*store, [&](DbTransaction& db) { db.insert_payment(payment); });
    run_raw_sql(path, "UPDATE payments SET state = 'Ready'");

    const std::string error =
        store_error_text([&] { store->read([&](DbReader& db) { db.find_payment(payment.id); }); });

    EXPECT_THAT(error, HasSubstr("unknown value 'Ready' in column state"));
}

TEST(SqliteStoreReaders, MoreConcurrentReadsThanConnectionsAllComplete) {
    const support::TemporaryDirectory directory;
    const auto store =
        SqliteStore::open((directory.path() / "faktura.db").string(), {.readers_max = 2});
    const domain::Payment payment = support::payment_with_every_field(1, payee_id);
    write_committing(*store, [&](DbTransaction& db) { db.insert_payment(payment); });
    constexpr int thread_count = 16;
    std::atomic<int> found = 0;
    std::latch start(thread_count);
    std::vector<std::thread> threads;
    for (int t = 0; t < thread_count; ++t) {
        threads.emplace_back([&] {
            start.arrive_and_wait();
            for (int i = 0; i < 20; ++i) {
                store->read([&](DbReader& db) {
                    if (db.find_payment(payment.id) == payment) ++found;
                });
            }
        });
    }
    for (std::thread& thread : threads) thread.join();

    EXPECT_EQ(found.load(), thread_count * 20);
}

TEST(SqliteStoreReaders, AReadSeesOneSnapshotWhileWritesCommit) {
    const support::TemporaryDirectory directory;
    const auto store = SqliteStore::open((directory.path() / "faktura.db").string());
    std::atomic<bool> stop = false;
    std::atomic<int> merchants_written = 0;
    std::thread writer([&] {
        for (int n = 1; !stop; ++n) {
            write_committing(*store, [&](DbTransaction& db) {
                db.insert_merchant(support::merchant_with_every_field(n));
            });
            ++merchants_written;
        }
    });
    while (merchants_written < 3) std::this_thread::yield();
    // Two listings inside one read() must agree although commits land in between.
    for (int i = 0; i < 50; ++i) {
        store->read([&](DbReader& db) {
            const std::size_t first = db.list_merchants().size();
            const int written_before = merchants_written;
            while (merchants_written == written_before && !stop) std::this_thread::yield();
            EXPECT_EQ(db.list_merchants().size(), first);
        });
    }
    stop = true;
    writer.join();
}

// The pipelined commit: the writer's COMMIT makes a batch visible before the syncer's fdatasync
// makes it durable. A gate in the sync shows that neither the write nor a read that could see it
// is answered before the sync returns.
class SyncGate {
  public:
    // The store's sync_wal: says it was entered, then waits to be opened.
    int sync(int fd) {
        entered_.fetch_add(1);
        entered_.notify_all();
        while (!open_.load()) std::this_thread::yield();
        synced_.fetch_add(1);
        if (fsync_result_.load() != 0) return fsync_result_.load();
        return ::fdatasync(fd) == 0 ? 0 : errno;
    }
    void wait_entered(int times) {
        for (int seen = entered_.load(); seen < times; seen = entered_.load()) {
            entered_.wait(seen);
        }
    }
    void open() { open_.store(true); }
    void fail_with(int error) { fsync_result_.store(error); }
    int synced() const { return synced_.load(); }

  private:
    std::atomic<int> entered_{0};
    std::atomic<int> synced_{0};
    std::atomic<bool> open_{false};
    std::atomic<int> fsync_result_{0};
};

TEST(SqliteStorePipelinedCommit, AWriteAndAReadThatSeesItAreAnsweredOnlyAfterTheSync) {
    const support::TemporaryDirectory directory;
    SyncGate gate;
    const auto store = SqliteStore::open((directory.path() / "faktura.db").string(),
                                         {.sync_wal = [&](int fd) { return gate.sync(fd); }});
    std::atomic<int> synced_when_written{-1};
    std::thread writer([&] {
        write_committing(*store, [](DbTransaction& db) {
            db.insert_merchant(support::merchant_with_every_field(1));
        });
        synced_when_written = gate.synced();
    });
    gate.wait_entered(1);  // Committed, so visible; not yet durable.
    std::atomic<int> synced_when_read{-1};
    std::atomic<std::size_t> merchants_read{0};
    std::thread reader([&] {
        store->read([&](DbReader& db) { merchants_read = db.list_merchants().size(); });
        synced_when_read = gate.synced();
    });
    gate.open();
    writer.join();
    reader.join();
    EXPECT_EQ(synced_when_written.load(), 1) << "the write was answered before its sync";
    EXPECT_EQ(merchants_read.load(), 1u) << "the read ran after the commit";
    EXPECT_EQ(synced_when_read.load(), 1) << "the read showed a commit before its sync";
    EXPECT_GE(store->statistics().syncs, 1u);
}

// A store whose WAL syncs wait at `gate`, with one write (merchant 1) committed — visible — whose
// sync waits there until the gate opens.
class PendingSync {
  public:
    PendingSync()
        : store_(SqliteStore::open((directory_.path() / "faktura.db").string(),
                                   {.sync_wal = [this](int fd) { return gate.sync(fd); }})),
          writer_([this] {
              write_committing(*store_, [](DbTransaction& db) {
                  db.insert_merchant(support::merchant_with_every_field(1));
              });
          }) {
        gate.wait_entered(1);
    }
    ~PendingSync() {
        gate.open();
        if (writer_.joinable()) writer_.join();
    }
    PendingSync(const PendingSync&) = delete;
    PendingSync& operator=(const PendingSync&) = delete;

    SqliteStore& store() { return *store_; }
    // Waits until the first write has returned (open the gate first).
    void wait_written() { writer_.join(); }

    SyncGate gate;

  private:
    support::TemporaryDirectory directory_;
    std::unique_ptr<SqliteStore> store_;
    std::thread writer_;
};

// Reads wait for durability as fibers do: suspended, their io thread running others, and another
// fiber's read on that thread meanwhile is not mistaken for a read nested in the first.
TEST(SqliteStorePipelinedCommit, FibersOnOneThreadReadWhileASyncIsPending) {
    PendingSync pending;
    SyncGate& gate = pending.gate;
    SqliteStore* const store = &pending.store();
    support::TestLoop loop;
    runtime::Scheduler scheduler(loop, 256 * 1024);
    constexpr int readers = 5;
    std::atomic<int> done{0};
    std::atomic<int> failed{0};
    for (int i = 0; i < readers; ++i) {
        scheduler.spawn([&] {
            try {
                store->read([](DbReader& db) { EXPECT_EQ(db.list_merchants().size(), 1u); });
            } catch (const std::exception& error) {
                ADD_FAILURE() << error.what();
                ++failed;
            }
            ++done;
        });
    }
    EXPECT_EQ(done.load(), 0) << "every read waits for the sync, suspended";
    EXPECT_EQ(scheduler.fibers_alive(), static_cast<std::size_t>(readers));
    gate.open();
    EXPECT_TRUE(loop.run_until([&] { return done.load() == readers; }));
    EXPECT_EQ(failed.load(), 0);
    pending.wait_written();
}

// Inside a DeferredDurability scope a read does not wait for the sync of what it saw; settle()
// does, once. A write in the scope returns durable, so afterwards nothing is owed.
TEST(SqliteStorePipelinedCommit, InADeferredDurabilityScopeReadsLeaveTheWaitToSettle) {
    PendingSync pending;
    SyncGate& gate = pending.gate;
    SqliteStore* const store = &pending.store();
    {
        DeferredDurability durability;
        std::size_t merchants = 0;
        store->read([&](DbReader& db) { merchants = db.list_merchants().size(); });
        EXPECT_EQ(merchants, 1u);
        EXPECT_EQ(gate.synced(), 0) << "the read returned without waiting for the sync";
        std::thread opener([&] { gate.open(); });
        durability.settle();
        EXPECT_EQ(gate.synced(), 1) << "settle() returned before the sync";
        opener.join();
    }
    pending.wait_written();
    {
        DeferredDurability durability;
        store->read([](DbReader& db) { db.list_merchants(); });
        write_committing(*store, [](DbTransaction& db) {
            db.insert_merchant(support::merchant_with_every_field(2));
        });
        const int synced = gate.synced();
        durability.settle();
        EXPECT_EQ(gate.synced(), synced) << "nothing was owed after the write";
    }
}

// A scope left without settle() (an exception on the way out) leaves what it owes to the scope
// around it, so the outer settle() still waits for the sync.
TEST(SqliteStorePipelinedCommit, AnUnsettledInnerScopeHandsItsWaitToTheOuterOne) {
    PendingSync pending;
    DeferredDurability outer;
    {
        DeferredDurability inner;
        pending.store().read([](DbReader& db) { EXPECT_EQ(db.list_merchants().size(), 1u); });
    }
    EXPECT_EQ(pending.gate.synced(), 0);
    std::thread opener([&] { pending.gate.open(); });
    outer.settle();
    EXPECT_EQ(pending.gate.synced(), 1) << "the outer scope did not wait for the inner read's sync";
    opener.join();
}

// After a failed fsync the kernel may have dropped the pages it could not write, and a later fsync
// would not say so: the write fails, health() says why, and the store acknowledges nothing more.
TEST(SqliteStorePipelinedCommit, AFailedSyncFailsTheWriteAndEveryLaterOne) {
    const support::TemporaryDirectory directory;
    SyncGate gate;
    gate.fail_with(EIO);
    gate.open();
    const auto store = SqliteStore::open((directory.path() / "faktura.db").string(),
                                         {.sync_wal = [&](int fd) { return gate.sync(fd); }});
    EXPECT_THAT(store_error_text([&] {
                    write_committing(*store, [](DbTransaction& db) {
                        db.insert_merchant(support::merchant_with_every_field(1));
                    });
                }),
                HasSubstr("syncing the WAL failed"));
    EXPECT_THAT(store->health().value_or("healthy"), HasSubstr("syncing the WAL failed"));
    EXPECT_THAT(store_error_text([&] {
                    write_committing(*store, [](DbTransaction& db) {
                        db.insert_merchant(support::merchant_with_every_field(2));
                    });
                }),
                HasSubstr("syncing the WAL failed"));
    EXPECT_THAT(store_error_text([&] { store->read([](DbReader& db) { db.list_merchants(); }); }),
                HasSubstr("may not survive a crash"));
}

}  // namespace
}  // namespace faktura::storage
