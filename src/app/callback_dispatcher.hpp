// The callback dispatcher (spec §22): claims due deliveries from the outbox with a lease, sends
// each through a CallbackSender on a small pool of threads, and records every attempt. It runs
// inside `faktura serve` and alone as `faktura dispatch-callbacks`; several dispatchers on one
// database share the work, because a claim is a database write and a claimed delivery is nobody
// else's until its lease ends. At-least-once: a dispatcher that dies mid-send leaves a lease that
// expires, and the delivery is claimed and sent again; a delivered one is never sent again.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "app/callback_sender.hpp"
#include "app/system.hpp"
#include "domain/callback.hpp"
#include "domain/result.hpp"
#include "storage/store.hpp"

namespace faktura::app {

struct DispatcherOptions {
    domain::CallbackSchedule schedule{};
    std::chrono::milliseconds attempt_timeout{std::chrono::seconds{10}};
    std::int32_t concurrency = 8;   // Attempts in flight at most, over all endpoints.
    std::int32_t per_endpoint = 2;  // In flight to one endpoint: a dead one holds no more.
    bool deny_private_addresses = false;
    // How often to look for work other processes committed (this process's writes wake it at once).
    std::chrono::milliseconds poll_interval{std::chrono::milliseconds{250}};
};

class CallbackDispatcher {
  public:
    CallbackDispatcher(storage::Store& store, Clock& clock, IdGenerator& ids,
                       CallbackSender& sender, DispatcherOptions options);
    ~CallbackDispatcher();
    CallbackDispatcher(const CallbackDispatcher&) = delete;
    CallbackDispatcher& operator=(const CallbackDispatcher&) = delete;

    // Starts the coordinator and the sending threads; stop() (or the destructor) ends them after
    // the attempts in flight.
    void start();
    void stop();
    // New deliveries were committed: look now rather than at the next poll. Thread-safe.
    void wake();

    // The steps the threads run, public for tests that drive them with a manual clock.
    // Claims up to `max` deliveries due at the clock's now, at most per_endpoint per endpoint
    // counting `busy` (attempts in flight per endpoint), in one write.
    std::vector<domain::CallbackDelivery> claim_due(
        std::int32_t max, const std::map<std::string, std::int32_t>& busy);
    // Sends one claimed delivery and records the attempt; returns the delivery as recorded.
    domain::CallbackDelivery attempt(const domain::CallbackDelivery& claimed);
    // Claims and sends, one after another on this thread, until nothing is due at the clock's now.
    // Returns the attempts made.
    std::int32_t run_due();

    // An operator's resend: a new attempt now, with the same webhook-id; the schedule is not
    // changed, and a 2xx makes the delivery delivered. delivery_not_found for an unknown id.
    domain::Result<domain::CallbackAttempt> resend(std::string_view delivery_id);

  private:
    struct Sent {
        domain::CallbackAttempt attempt;
        domain::Timestamp finished_at;
    };
    Sent send(const domain::CallbackDelivery& delivery, std::int32_t number, bool manual);
    domain::Timestamp lease_end(domain::Timestamp now) const;
    void coordinate();
    void send_jobs();

    storage::Store& store_;
    Clock& clock_;
    IdGenerator& ids_;
    CallbackSender& sender_;
    const DispatcherOptions options_;

    std::mutex mutex_;
    std::condition_variable changed_;  // Work queued, a slot freed, woken or stopping.
    bool running_ = false;
    bool stopping_ = false;
    bool woken_ = false;
    std::deque<domain::CallbackDelivery> queue_;       // Claimed, not yet taken by a sender.
    std::map<std::string, std::int32_t> in_flight_{};  // Per endpoint: queued or sending.
    std::int32_t in_flight_total_ = 0;
    std::thread coordinator_;
    std::vector<std::thread> senders_;
};

}  // namespace faktura::app
