// The writer's reserve of numbers, through SqliteStore: a reserved number is on disk before it is
// handed out, none comes out twice after a rollback, two stores on one file (two processes) never
// meet, and closing gives back only what nobody took after.
#include "storage/sqlite/number_reserve.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <latch>
#include <memory>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "storage/sqlite/connection.hpp"
#include "storage/sqlite/sqlite_store.hpp"
#include "support/storage_builders.hpp"

namespace faktura::storage::sqlite {
namespace {

using sqlite::SqliteOptions;
using sqlite::SqliteStore;

constexpr std::int64_t first_number = 41100000001;

std::int64_t draw_number(Store& store) {
    std::int64_t number = 0;
    store.write([&](DbTransaction& db) {
        number = db.next_number();
        return WorkOutcome::commit;
    });
    return number;
}

// The sequence row as another connection sees it: what a crash at this moment would leave.
std::int64_t sequence_on_disk(const std::string& path) {
    Connection connection(path, std::chrono::milliseconds{5000});
    return connection.query_int64("SELECT next_value FROM sequences WHERE name = 'number'");
}

struct WorkFailed : std::runtime_error {
    using std::runtime_error::runtime_error;
};

TEST(SqliteNumbers, AReservedNumberIsCommittedBeforeItIsHandedOut) {
    const support::TemporaryDirectory directory;
    const std::string path = (directory.path() / "faktura.db").string();
    const auto store = SqliteStore::open(path, {.numbers_per_reservation = 10});
    draw_number(*store);  // A process's first number is drawn inside its write.

    for (int i = 0; i < 25; ++i) {
        std::int64_t number = 0;
        std::int64_t on_disk = 0;
        store->write([&](DbTransaction& db) {
            number = db.next_number();
            on_disk = sequence_on_disk(path);
            return WorkOutcome::commit;
        });
        EXPECT_GT(on_disk, number) << "number " << number << " was handed out before it was saved";
    }
    EXPECT_EQ(store->statistics().number_reservations, 3u) << "10 numbers at a time, 25 drawn";
}

TEST(SqliteNumbers, ANumberOfAWriteThatRolledBackIsNotHandedOutAgain) {
    for (const std::int64_t per_reservation : {std::int64_t{0}, std::int64_t{1000}}) {
        const auto store =
            SqliteStore::open(":memory:", {.numbers_per_reservation = per_reservation});
        const std::int64_t committed = draw_number(*store);
        std::int64_t rolled_back = 0;
        store->write([&](DbTransaction& db) {
            rolled_back = db.next_number();
            return WorkOutcome::roll_back;
        });
        std::int64_t thrown = 0;
        EXPECT_THROW(store->write([&](DbTransaction& db) -> WorkOutcome {
            thrown = db.next_number();
            throw WorkFailed("after drawing");
        }),
                     WorkFailed);

        EXPECT_LT(committed, rolled_back) << per_reservation;
        EXPECT_LT(rolled_back, thrown) << per_reservation;
        EXPECT_LT(thrown, draw_number(*store)) << per_reservation;
    }
}

TEST(SqliteNumbers, AWriteThatWantsMoreThanTheReserveGetsConsecutiveNumbers) {
    const auto store = SqliteStore::open(":memory:", {.numbers_per_reservation = 4});
    draw_number(*store);
    std::vector<std::int64_t> numbers;
    store->write([&](DbTransaction& db) {
        for (int i = 0; i < 10; ++i) numbers.push_back(db.next_number());
        return WorkOutcome::commit;
    });

    for (std::size_t i = 1; i < numbers.size(); ++i) {
        EXPECT_EQ(numbers[i], numbers[0] + static_cast<std::int64_t>(i));
    }
    EXPECT_EQ(draw_number(*store), numbers.back() + 1);
}

TEST(SqliteNumbers, AThousandNumbersCostOneReservation) {
    const auto store = SqliteStore::open(":memory:");
    std::int64_t expected = first_number;
    for (int i = 0; i < 500; ++i) EXPECT_EQ(draw_number(*store), expected++);
    EXPECT_EQ(store->statistics().number_reservations, 1u);
}

TEST(SqliteNumbers, WithoutReservationsEachWriteSavesTheNumbersItDrew) {
    const support::TemporaryDirectory directory;
    const std::string path = (directory.path() / "faktura.db").string();
    const auto store = SqliteStore::open(path, {.numbers_per_reservation = 0});
    for (int i = 0; i < 5; ++i) {
        const std::int64_t number = draw_number(*store);
        EXPECT_EQ(number, first_number + i);
        EXPECT_EQ(sequence_on_disk(path), number + 1);
    }
    EXPECT_EQ(store->statistics().number_reservations, 0u);
}

TEST(SqliteNumbers, AProcessThatDrawsNoNumberReservesNone) {
    const support::TemporaryDirectory directory;
    const std::string path = (directory.path() / "faktura.db").string();
    {
        const auto store = SqliteStore::open(path);
        store->write([](DbTransaction& db) {
            db.insert_merchant(support::merchant_with_every_field(1));
            return WorkOutcome::commit;
        });
        EXPECT_EQ(store->statistics().number_reservations, 0u);
        EXPECT_EQ(sequence_on_disk(path), first_number);
    }
    EXPECT_EQ(sequence_on_disk(path), first_number);
}

// Each store stands for a server process: they reserve from the one row, so their numbers never
// meet, and the file reopened afterwards goes on above all of them.
TEST(SqliteNumbers, TwoStoresOnOneFileNeverShareANumber) {
    const support::TemporaryDirectory directory;
    const std::string path = (directory.path() / "faktura.db").string();
    std::vector<std::unique_ptr<SqliteStore>> stores;
    stores.push_back(SqliteStore::open(path, {.numbers_per_reservation = 5}));
    stores.push_back(SqliteStore::open(path, {.numbers_per_reservation = 5}));
    constexpr int threads_per_store = 2;
    constexpr int draws_per_thread = 15;
    std::vector<std::vector<std::int64_t>> numbers(stores.size() * threads_per_store);
    std::latch start(static_cast<std::ptrdiff_t>(numbers.size()));
    std::vector<std::thread> threads;
    for (std::size_t t = 0; t < numbers.size(); ++t) {
        threads.emplace_back([&, t] {
            Store& store = *stores[t % stores.size()];
            start.arrive_and_wait();
            for (int i = 0; i < draws_per_thread; ++i) numbers[t].push_back(draw_number(store));
        });
    }
    for (std::thread& thread : threads) thread.join();

    std::set<std::int64_t> distinct;
    for (const auto& of_thread : numbers) {
        for (std::size_t i = 1; i < of_thread.size(); ++i) {
            EXPECT_LT(of_thread[i - 1], of_thread[i]) << "a store's numbers must increase";
        }
        distinct.insert(of_thread.begin(), of_thread.end());
    }
    EXPECT_EQ(distinct.size(), numbers.size() * draws_per_thread);
    stores.clear();
    EXPECT_GT(draw_number(*SqliteStore::open(path)), *distinct.rbegin());
}

// The first store's unused numbers lie below the second store's reservation: giving them back
// would let a third process take numbers below ones already handed out, so they stay a gap.
TEST(SqliteNumbers, ClosingGivesBackOnlyNumbersNobodyTookAfter) {
    const support::TemporaryDirectory directory;
    const std::string path = (directory.path() / "faktura.db").string();
    auto first = SqliteStore::open(path);
    draw_number(*first);
    const std::int64_t of_first = draw_number(*first);
    auto second = SqliteStore::open(path);
    draw_number(*second);
    const std::int64_t of_second = draw_number(*second);
    ASSERT_GT(of_second, of_first + 1);

    first.reset();
    EXPECT_GT(sequence_on_disk(path), of_second) << "the first store gave back its numbers";
    second.reset();
    EXPECT_EQ(sequence_on_disk(path), of_second + 1);
    EXPECT_EQ(draw_number(*SqliteStore::open(path)), of_second + 1);
}

}  // namespace
}  // namespace faktura::storage::sqlite
