// The reserve of numbers. The rule it keeps: a number is handed out from memory only once the
// reservation holding it has committed on its own connection, so neither a rolled-back write, a
// crash nor a second process can make it come out again.
#include "storage/postgres/number_reserve.hpp"

#include <algorithm>
#include <utility>

namespace faktura::storage::postgres {
namespace {

// next_value is the first number nobody has reserved. Each runs as a transaction of its own
// (autocommit), durable when it returns.
constexpr std::string_view advance_sql =
    "UPDATE sequences SET next_value = greatest(next_value, $1::bigint) + $2::bigint "
    "WHERE name = 'number' RETURNING next_value - $2::bigint";

constexpr std::string_view give_back_sql =
    "UPDATE sequences SET next_value = $1::bigint WHERE name = 'number' AND next_value = "
    "$2::bigint";

}  // namespace

NumberReserve::NumberReserve(std::string conninfo, std::int64_t numbers_per_reservation)
    : conninfo_(std::move(conninfo)),
      numbers_per_reservation_(std::max<std::int64_t>(numbers_per_reservation, 1)) {}

std::int64_t NumberReserve::reserve(std::int64_t count) {
    // Twice at most: a connection that broke since its last use (a server restart) is replaced
    // once. A reservation whose answer was lost may have committed: its block is a gap.
    for (int attempt = 1;; ++attempt) {
        try {
            if (!connection_) connection_ = std::make_unique<Connection>(conninfo_);
            Statement statement = connection_->statement(advance_sql);
            statement.bind_int64(1, next_);
            statement.bind_int64(2, count);
            if (!statement.step()) {
                statement.fail_on_content("the 'number' sequence row is missing");
            }
            return statement.int64(0);
        } catch (const StoreError&) {
            const bool broken = !connection_ || connection_->is_broken();
            if (broken) connection_.reset();
            if (!broken || attempt == 2) throw;
        }
    }
}

std::int64_t NumberReserve::next() {
    const std::lock_guard lock(mutex_);
    if (next_ >= end_) {
        const std::int64_t first = reserve(numbers_per_reservation_);
        reservations_.fetch_add(1, std::memory_order_relaxed);
        // The row never goes below next_ (greatest), so first >= next_: the numbers increase.
        next_ = first;
        end_ = first + numbers_per_reservation_;
    }
    return next_++;
}

void NumberReserve::give_back() noexcept {
    const std::lock_guard lock(mutex_);
    if (next_ >= end_ || !connection_) return;
    try {
        Statement statement = connection_->statement(give_back_sql);
        statement.bind_int64(1, next_);
        statement.bind_int64(2, end_);
        statement.run();
        end_ = next_;
    } catch (...) {  // Skipping the numbers is always safe.
    }
}

}  // namespace faktura::storage::postgres
