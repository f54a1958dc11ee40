// The payment and transaction numbers the writer has reserved from the shared sequence and not yet
// handed out, so that writes take numbers from memory instead of all updating the one 'number'
// row. See docs/decisions/0010-numbers.md for why each step is safe.
#pragma once

#include <atomic>
#include <cstdint>

#include "storage/sqlite/connection.hpp"

namespace faktura::storage::sqlite {

// Used by the writer thread only (statistics() aside). Numbers come out increasing and never twice,
// with gaps where a reservation went unused (a crash, another process reserving in between).
class NumberReserve {
  public:
    // 0 reserves nothing: every number is drawn inside its write, as one row update each.
    explicit NumberReserve(std::int64_t numbers_per_reservation)
        : numbers_per_reservation_(numbers_per_reservation) {}

    // Between batches, outside any transaction: unless `wanted` numbers are left, reserves more in
    // a transaction of its own that commits before any of them is handed out, so no later rollback
    // can undo it. It is durable before any write using them is answered: the WAL is synced in
    // order, so the sync that makes that write durable covers the reservation before it. Does
    // nothing until this process has drawn its first number, so a process that never draws one
    // reserves none. A failed reservation is not an error: the batch then draws its numbers inside
    // its own transaction.
    void top_up(Connection& connection, std::int64_t wanted);

    // Inside a write job: the next number, from the reserve; when the reserve is spent (a batch
    // that wanted more than top_up provided, or the first draw of the process), drawn inside the
    // open transaction, which then keeps or undoes it with the rest of the job.
    std::int64_t next(Connection& connection);

    // At close, outside any transaction: returns the numbers still reserved to the sequence if
    // nobody has taken numbers after them, so a restart goes on without a gap. Never throws; if it
    // fails, the numbers are simply skipped.
    void give_back(Connection& connection) noexcept;

    // Reservations committed so far (each one a transaction of its own).
    std::uint64_t reservations() const { return reservations_.load(std::memory_order_relaxed); }

  private:
    std::int64_t available() const { return end_ > next_ ? end_ - next_ : 0; }

    const std::int64_t numbers_per_reservation_;
    std::int64_t next_ = 0;  // The lowest number this process may still hand out; 0 before any.
    std::int64_t end_ = 0;   // One past the reserved numbers; the reserve is [next_, end_).
    bool drawn_ = false;     // This process has drawn a number.
    std::atomic<std::uint64_t> reservations_ = 0;
};

}  // namespace faktura::storage::sqlite
