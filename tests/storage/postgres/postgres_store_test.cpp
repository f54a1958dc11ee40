// What only the PostgreSQL backend has: migrations shared by several processes, a pool whose
// connections can be lost, the retry of writes the server aborted, row locks skipped by claims,
// fibers waiting on the pool. The Store contract itself runs in store_contract_test.cpp.
#include "storage/postgres/postgres_store.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <functional>
#include <latch>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "runtime/fiber.hpp"
#include "storage/postgres/test_schema.hpp"
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
#include "support/storage_builders.hpp"
#include "support/test_loop.hpp"

namespace faktura::storage::postgres {
namespace {

using testing::TestSchema;

class PostgresStoreTest : public ::testing::Test {
  protected:
    void SetUp() override {
        const std::string reason = testing::postgres_skip_reason();
        if (!reason.empty()) GTEST_SKIP() << reason;
        schema_ = std::make_unique<TestSchema>();
    }

    TestSchema& schema() { return *schema_; }

  private:
    std::unique_ptr<TestSchema> schema_;
};

void write_committing(Store& store, const std::function<void(DbTransaction& db)>& work) {
    store.write([&](DbTransaction& db) {
        work(db);
        return WorkOutcome::commit;
    });
}

const std::string payee_id = support::guid_numbered(1);

TEST_F(PostgresStoreTest, StoresOpeningANewDatabaseAtOnceMigrateItOnce) {
    constexpr int store_count = 4;
    std::latch start(store_count);
    std::atomic<int> opened = 0;
    std::vector<std::thread> threads;
    for (int i = 0; i < store_count; ++i) {
        threads.emplace_back([&] {
            start.arrive_and_wait();
            try {
                const auto store = PostgresStore::open(schema().url(), {.connections = 1});
                ++opened;
            } catch (const std::exception& error) {
                ADD_FAILURE() << error.what();
            }
        });
    }
    for (std::thread& thread : threads) thread.join();

    EXPECT_EQ(opened.load(), store_count);
    EXPECT_EQ(schema().query("SELECT count(*) FROM " + schema().name() + ".schema_migrations"),
              "1");
    EXPECT_EQ(schema().query("SELECT next_value FROM " + schema().name() +
                             ".sequences WHERE name = 'number'"),
              "41100000001");
}

TEST_F(PostgresStoreTest, ADatabaseOfANewerSchemaIsRefused) {
    PostgresStore::migrate(schema().url());
    schema().execute("INSERT INTO " + schema().name() +
                     ".schema_migrations (version, name) VALUES (999, '0999_future')");
    try {
        PostgresStore::open(schema().url());
        FAIL() << "opened a database of a newer schema";
    } catch (const StoreError& error) {
        EXPECT_NE(std::string(error.what()).find("newer than the latest this program knows"),
                  std::string::npos)
            << error.what();
    }
}

TEST_F(PostgresStoreTest, AnUnreachableServerIsAStoreErrorAtOpen) {
    EXPECT_THROW(PostgresStore::open("postgresql:///postgres?host=/nonexistent&user=faktura"),
                 StoreError);
}

// The server ends the pool's session (a restart, a failover, an administrator): the call that
// meets it fails as StoreError and changes nothing, health says why, and the next call reconnects.
TEST_F(PostgresStoreTest, ALostConnectionIsAStoreErrorAndTheNextWriteReconnects) {
    const auto store = PostgresStore::open(schema().url(), {.connections = 1});
    write_committing(*store, [](DbTransaction& db) {
        db.insert_payment(support::payment_with_every_field(1, payee_id));
    });
    EXPECT_EQ(store->health(), std::nullopt);

    schema().execute(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '" +
        schema().name() + "' AND pid <> pg_backend_pid()");
    EXPECT_THROW(
        write_committing(*store,
                         [](DbTransaction& db) {
                             db.insert_payment(support::payment_with_every_field(2, payee_id));
                         }),
        StoreError);
    const std::optional<std::string> problem = store->health();
    ASSERT_TRUE(problem.has_value());
    EXPECT_FALSE(problem->empty());

    write_committing(*store, [](DbTransaction& db) {
        db.insert_payment(support::payment_with_every_field(3, payee_id));
    });
    EXPECT_EQ(store->health(), std::nullopt);
    store->read([](DbReader& db) {
        EXPECT_TRUE(db.find_payment(support::guid_numbered(1)).has_value());
        EXPECT_FALSE(db.find_payment(support::guid_numbered(2)).has_value());
        EXPECT_TRUE(db.find_payment(support::guid_numbered(3)).has_value());
    });
    EXPECT_GE(store->statistics().connects, 2u);
}

// Two writes lock two payments in opposite orders: PostgreSQL aborts one with a deadlock (40P01),
// the store rolls it back and runs its work again, and both writes' changes are there.
TEST_F(PostgresStoreTest, AWriteTheServerAbortsForADeadlockRunsAgain) {
    const auto store = PostgresStore::open(schema().url("-cdeadlock_timeout=20ms"));
    const domain::Payment first = support::payment_with_only_required_fields(1, payee_id);
    const domain::Payment second = support::payment_with_only_required_fields(2, payee_id);
    write_committing(*store, [&](DbTransaction& db) {
        db.insert_payment(first);
        db.insert_payment(second);
    });

    std::latch both_hold_one(2);
    std::atomic<int> runs = 0;
    const auto capture_from_both = [&](const domain::Payment& one, const domain::Payment& other) {
        bool first_run = true;
        write_committing(*store, [&](DbTransaction& db) {
            ++runs;
            std::optional<domain::Payment> locked = db.find_payment_for_update(one.id);
            if (first_run) {
                first_run = false;
                both_hold_one.arrive_and_wait();
            }
            std::optional<domain::Payment> also_locked = db.find_payment_for_update(other.id);
            locked->captured += domain::Amount{1};
            also_locked->captured += domain::Amount{1};
            db.update_payment(*locked);
            db.update_payment(*also_locked);
        });
    };
    std::thread a([&] { capture_from_both(first, second); });
    std::thread b([&] { capture_from_both(second, first); });
    a.join();
    b.join();

    EXPECT_EQ(runs.load(), 3) << "the deadlock's victim ran again, once";
    EXPECT_EQ(store->statistics().retries, 1u);
    store->read([&](DbReader& db) {
        EXPECT_EQ(db.find_payment(first.id)->captured, domain::Amount{2});
        EXPECT_EQ(db.find_payment(second.id)->captured, domain::Amount{2});
    });
}

// Work that catches the StoreError of a failed statement and asks to commit: the transaction is
// dead on the server, so the write is a StoreError, not reported as saved.
TEST_F(PostgresStoreTest, WorkThatSwallowsAFailedStatementDoesNotCommit) {
    const auto store = PostgresStore::open(schema().url());
    const domain::Payment payment = support::payment_with_every_field(1, payee_id);
    write_committing(*store, [&](DbTransaction& db) { db.insert_payment(payment); });

    EXPECT_THROW(write_committing(*store,
                                  [&](DbTransaction& db) {
                                      db.reserve_payee_reference(payee_id, "order-1");
                                      try {
                                          db.insert_payment(payment);
                                      } catch (const StoreError&) {
                                      }
                                  }),
                 StoreError);
    write_committing(*store, [&](DbTransaction& db) {
        EXPECT_TRUE(db.reserve_payee_reference(payee_id, "order-1"));
    });
}

// A dispatcher's claim holds its rows; a second claim meanwhile (another process's dispatcher)
// skips them instead of waiting.
TEST_F(PostgresStoreTest, ClaimsSkipTheDeliveriesAnotherWriteHolds) {
    const auto store = PostgresStore::open(schema().url());
    const domain::Payment payment = support::payment_with_every_field(1, payee_id);
    const domain::Timestamp now{1'000'000'000};
    std::vector<domain::Transaction> transactions;
    std::vector<domain::CallbackDelivery> deliveries;
    for (int n = 1; n <= 3; ++n) {
        transactions.push_back(support::transaction_with_every_field(100 + n, payment.id));
        domain::CallbackDelivery delivery =
            support::callback_delivery_with_every_field(transactions.back(), payee_id);
        delivery.state = domain::DeliveryState::pending;
        delivery.next_attempt_at = domain::Timestamp{now.unix_100ns - 100 + n};
        delivery.claim.reset();
        delivery.lease_until.reset();
        deliveries.push_back(delivery);
    }
    write_committing(*store, [&](DbTransaction& db) {
        db.insert_payment(payment);
        for (const auto& transaction : transactions) db.insert_transaction(transaction);
        for (const auto& delivery : deliveries) db.insert_callback_delivery(delivery);
    });

    std::latch claimed(1);
    std::latch second_done(1);
    std::thread holder([&] {
        write_committing(*store, [&](DbTransaction& db) {
            const auto mine = db.list_claimable_callback_deliveries(now, 1);
            ASSERT_EQ(mine.size(), 1u);
            EXPECT_EQ(mine[0].id, deliveries[0].id) << "the most overdue first";
            claimed.count_down();
            second_done.wait();
        });
    });
    claimed.wait();
    std::vector<std::string> seen;
    write_committing(*store, [&](DbTransaction& db) {
        for (const auto& delivery : db.list_claimable_callback_deliveries(now, 10)) {
            seen.push_back(delivery.id);
        }
    });
    second_done.count_down();
    holder.join();

    EXPECT_EQ(seen, (std::vector<std::string>{deliveries[1].id, deliveries[2].id}));
}

TEST_F(PostgresStoreTest, WorkCallingItsOwnStoreIsRefused) {
    const auto store = PostgresStore::open(schema().url());
    EXPECT_THROW(store->write([&](DbTransaction&) {
        store->read([](DbReader&) {});
        return WorkOutcome::commit;
    }),
                 std::logic_error);
    EXPECT_THROW(store->read([&](DbReader&) { write_committing(*store, [](DbTransaction&) {}); }),
                 std::logic_error);
}

// A write from a request's fiber suspends the fiber while a pool thread runs it: the io thread
// goes on with other work meanwhile.
TEST_F(PostgresStoreTest, AFiberWaitsForItsWriteSuspended) {
    const auto store = PostgresStore::open(schema().url());
    support::TestLoop loop;
    runtime::Scheduler scheduler(loop, 256 * 1024);
    std::latch release(1);
    std::atomic<bool> done = false;
    scheduler.spawn([&] {
        try {
            write_committing(*store, [&](DbTransaction& db) {
                release.wait();
                db.insert_merchant(support::merchant_with_every_field(1));
            });
        } catch (const std::exception& error) {
            ADD_FAILURE() << error.what();
        }
        done = true;
    });
    EXPECT_FALSE(done.load()) << "spawn returned while the write is still running";
    EXPECT_EQ(scheduler.fibers_alive(), 1u);
    release.count_down();
    EXPECT_TRUE(loop.run_until([&] { return done.load(); }));
    store->read([](DbReader& db) { EXPECT_EQ(db.list_merchants().size(), 1u); });
}

// A clean close gives the unused rest of the reserved block back; the next store goes on from
// there, without a gap, and a second store meanwhile takes a block of its own.
TEST_F(PostgresStoreTest, NumbersOfTwoStoresNeverMeet) {
    const auto one = PostgresStore::open(schema().url(), {.numbers_per_reservation = 10});
    const auto two = PostgresStore::open(schema().url(), {.numbers_per_reservation = 10});
    std::vector<std::int64_t> of_one;
    std::vector<std::int64_t> of_two;
    for (int i = 0; i < 25; ++i) {
        write_committing(*one, [&](DbTransaction& db) { of_one.push_back(db.next_number()); });
        write_committing(*two, [&](DbTransaction& db) { of_two.push_back(db.next_number()); });
    }
    std::vector<std::int64_t> all = of_one;
    all.insert(all.end(), of_two.begin(), of_two.end());
    std::sort(all.begin(), all.end());
    EXPECT_EQ(std::adjacent_find(all.begin(), all.end()), all.end()) << "a number came out twice";
    EXPECT_TRUE(std::is_sorted(of_one.begin(), of_one.end()));
    EXPECT_TRUE(std::is_sorted(of_two.begin(), of_two.end()));
    EXPECT_EQ(one->statistics().number_reservations, 3u);
}

// The schema and the row descriptors agree column for column, in order (as
// tests/storage/sqlite/schema_test.cpp holds the SQLite schema to them).
TEST_F(PostgresStoreTest, EveryTableHasTheColumnsOfItsDescriptorInOrder) {
    PostgresStore::migrate(schema().url());
    const auto columns_of = [&](std::string_view table) {
        return schema().query(
            "SELECT string_agg(column_name, ',' ORDER BY ordinal_position) "
            "FROM information_schema.columns WHERE table_schema = '" +
            schema().name() + "' AND table_name = '" + std::string(table) + "'");
    };
    const auto joined = [](const std::vector<std::string>& names) {
        std::string text;
        for (const std::string& name : names) text += (text.empty() ? "" : ",") + name;
        return text;
    };
    const auto expect_matches = [&](const auto& descriptor) {
        EXPECT_EQ(columns_of(descriptor.name), joined(rows::column_names(descriptor)))
            << descriptor.name;
    };
    expect_matches(rows::merchant_table);
    expect_matches(rows::payment_table);
    expect_matches(rows::transaction_table);
    expect_matches(rows::approved_legal_address_table);
    expect_matches(rows::authorization_details_table);
    expect_matches(rows::payer_token_table);
    expect_matches(rows::invoice_table);
    expect_matches(rows::credit_note_table);
    expect_matches(rows::payer_input_table);
    expect_matches(rows::callback_delivery_table);
    expect_matches(rows::callback_attempt_table);
}

}  // namespace
}  // namespace faktura::storage::postgres
