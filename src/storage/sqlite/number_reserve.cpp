// The writer's reserve of numbers. The rule it keeps: a number is handed out from memory only once
// the reservation holding it is committed on its own, so neither a rolled-back batch, a crash nor a
// second process sharing the file can make it come out again.
#include "storage/sqlite/number_reserve.hpp"

#include <algorithm>

#include "storage/sqlite/counters.hpp"
#include "storage/store.hpp"

namespace faktura::storage::sqlite {
namespace {

// Prepared once per connection like every other statement; the texts differ from the store's own
// transaction control only in their addresses.
constexpr std::string_view begin_immediate_sql = "BEGIN IMMEDIATE";
constexpr std::string_view commit_sql = "COMMIT";

}  // namespace

void NumberReserve::top_up(Connection& connection, std::int64_t wanted) {
    if (numbers_per_reservation_ <= 0 || !drawn_ || available() >= wanted) return;
    const std::int64_t count = std::max(numbers_per_reservation_, wanted);
    std::int64_t first = 0;
    try {
        connection.statement(begin_immediate_sql).run();
        first = counters::advance_number_sequence(connection, next_, count);
        connection.statement(commit_sql).run();
    } catch (const StoreError&) {
        // Busy past the timeout (another process), or the disk: the reserve stays as it was and
        // the batch draws inside its transaction, where the same failure will be reported.
        connection.roll_back_quietly();
        return;
    }
    reservations_.fetch_add(1, std::memory_order_relaxed);
    if (first == end_ && next_ <= end_) {
        end_ += count;  // Right after the reserve left: it simply grows.
    } else {
        // Another process took numbers in between (or draws in transactions moved past the
        // reserve): what was left of it is skipped, a gap.
        next_ = first;
        end_ = first + count;
    }
}

std::int64_t NumberReserve::next(Connection& connection) {
    drawn_ = true;
    if (next_ < end_) return next_++;
    const std::int64_t number = counters::advance_number_sequence(connection, next_, 1);
    // Even if this job or its batch rolls back and the row forgets the number, this process will
    // not hand it out again.
    next_ = number + 1;
    return number;
}

void NumberReserve::give_back(Connection& connection) noexcept {
    if (available() == 0) return;
    try {
        connection.statement(begin_immediate_sql).run();
        counters::give_back_numbers(connection, next_, end_);
        connection.statement(commit_sql).run();
        end_ = next_;
    } catch (...) {  // Out of memory as much as StoreError: skipping the numbers is always safe.
        try {
            connection.roll_back_quietly();
        } catch (...) {  // The connection closes next, and SQLite rolls back then.
        }
    }
}

}  // namespace faktura::storage::sqlite
