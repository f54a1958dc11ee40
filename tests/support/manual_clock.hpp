// A clock the test moves: what the TTL, the merchant cache and the calendar rules read instead of
// the system clock, so that no test waits in real time. Safe to read from server threads while the
// test advances it.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>

#include "app/system.hpp"

namespace faktura::testing {

class ManualClock final : public app::Clock {
  public:
    // 2020-05-22T08:45:42Z, the day of the recordings, unless told otherwise.
    explicit ManualClock(domain::Timestamp start = domain::timestamp_from_seconds(1590137142))
        : ticks_(start.unix_100ns) {}

    domain::Timestamp now() override { return domain::Timestamp{ticks_.load()}; }
    void advance(std::chrono::milliseconds by) {
        ticks_ += by.count() * (domain::ticks_per_second / 1000);
    }
    void set(domain::Timestamp at) { ticks_ = at.unix_100ns; }

  private:
    std::atomic<std::int64_t> ticks_;
};

}  // namespace faktura::testing
