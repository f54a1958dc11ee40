// The payment and transaction numbers this process has reserved from the shared 'number' row and
// not yet handed out (docs/decisions/0010-numbers.md, 0020): a block is reserved by one UPDATE that
// commits on a connection of its own, outside every write's transaction, so no write holds the row
// lock and no rollback can give a handed-out number back.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>

#include "storage/postgres/connection.hpp"

namespace faktura::storage::postgres {

// Thread-safe: every pool thread draws from the one reserve. Numbers come out increasing and never
// twice within the process; gaps where a reservation went unused (a crash, another process
// reserving in between, a write that drew a number and then rolled back or was run again).
class NumberReserve {
  public:
    // `numbers_per_reservation`: at least 1.
    NumberReserve(std::string conninfo, std::int64_t numbers_per_reservation);
    NumberReserve(const NumberReserve&) = delete;
    NumberReserve& operator=(const NumberReserve&) = delete;

    // The next number: from memory, or from a block reserved (and committed) first. Throws
    // StoreError when the reservation fails.
    std::int64_t next();

    // At close: returns the numbers still reserved to the row if nobody has taken numbers after
    // them, so a restart goes on without a gap. Never throws; if it fails, they are skipped.
    void give_back() noexcept;

    std::uint64_t reservations() const { return reservations_.load(std::memory_order_relaxed); }

  private:
    std::int64_t reserve(std::int64_t count);  // With mutex_ held; the block's first number.

    const std::string conninfo_;
    const std::int64_t numbers_per_reservation_;
    std::mutex mutex_;  // Guards everything below but reservations_.
    std::unique_ptr<Connection> connection_;
    std::int64_t next_ = 0;  // The lowest number this process may still hand out; 0 before any.
    std::int64_t end_ = 0;   // One past the reserved numbers; the reserve is [next_, end_).
    std::atomic<std::uint64_t> reservations_ = 0;
};

}  // namespace faktura::storage::postgres
