#include "app/callback_dispatcher.hpp"

#include <algorithm>
#include <iostream>
#include <utility>

#include "app/record.hpp"

namespace faktura::app {
namespace {

// A claim lasts twice the attempt's time-out and a second more, so a dispatcher still sending (the
// time-out bounds the exchange, recording it takes milliseconds) never sees its delivery claimed
// by another one, and a dead one's claim ends soon.
constexpr std::chrono::seconds lease_margin{1};
// How many due deliveries one claim looks at to fill its free slots around busy endpoints.
constexpr std::int32_t claim_window = 256;

domain::AttemptOutcome outcome_of(const CallbackAnswer& answer) {
    switch (answer.outcome) {
        case CallbackAnswer::Outcome::answered:
            return answer.delivered() ? domain::AttemptOutcome::delivered
                                      : domain::AttemptOutcome::rejected;
        case CallbackAnswer::Outcome::timed_out:
            return domain::AttemptOutcome::timed_out;
        case CallbackAnswer::Outcome::refused:
            return domain::AttemptOutcome::refused;
        case CallbackAnswer::Outcome::failed:
            return domain::AttemptOutcome::unreachable;
    }
    return domain::AttemptOutcome::unreachable;
}

std::chrono::milliseconds until(domain::Timestamp from, domain::Timestamp to) {
    return std::chrono::milliseconds{(to.unix_100ns - from.unix_100ns) / 10'000};
}

void log_line(const std::string& line) { std::cerr << "faktura callbacks: " << line << '\n'; }

}  // namespace

CallbackDispatcher::CallbackDispatcher(storage::Store& store, Clock& clock, IdGenerator& ids,
                                       CallbackSender& sender, DispatcherOptions options)
    : store_(store), clock_(clock), ids_(ids), sender_(sender), options_(std::move(options)) {}

CallbackDispatcher::~CallbackDispatcher() { stop(); }

domain::Timestamp CallbackDispatcher::lease_end(domain::Timestamp now) const {
    const auto lease = std::chrono::duration_cast<std::chrono::milliseconds>(
        2 * options_.attempt_timeout + lease_margin);
    return domain::Timestamp{now.unix_100ns + lease.count() * 10'000};
}

std::vector<domain::CallbackDelivery> CallbackDispatcher::claim_due(
    std::int32_t max, const std::map<std::string, std::int32_t>& busy) {
    std::vector<domain::CallbackDelivery> claimed;
    if (max <= 0) return claimed;
    const domain::Timestamp now = clock_.now();
    const std::string claim = ids_.new_guid();
    store_.write([&](storage::DbTransaction& db) {
        claimed.clear();
        std::map<std::string, std::int32_t> counts = busy;
        for (const domain::CallbackDelivery& due :
             db.list_claimable_callback_deliveries(now, std::max(max, claim_window))) {
            if (static_cast<std::int32_t>(claimed.size()) >= max) break;
            if (!domain::is_claimable(due, now)) continue;
            std::int32_t& count = counts[due.endpoint];
            if (count >= options_.per_endpoint) continue;
            count += 1;
            claimed.push_back(domain::claimed(due, claim, lease_end(now)));
            db.update_callback_delivery(claimed.back());
        }
        return claimed.empty() ? storage::WorkOutcome::roll_back : storage::WorkOutcome::commit;
    });
    return claimed;
}

CallbackDispatcher::Sent CallbackDispatcher::send(const domain::CallbackDelivery& delivery,
                                                  std::int32_t number, bool manual) {
    std::vector<std::string> secrets;
    store_.read([&](storage::DbReader& db) {
        if (std::optional<domain::Merchant> merchant = db.find_merchant(delivery.payee_id)) {
            secrets = merchant->callback_secrets;
        }
    });
    const domain::Timestamp started = clock_.now();
    const CallbackMessage message{
        .delivery_id = delivery.id,
        .url = delivery.url,
        .payment_path = delivery.payment_path,
        .payment_number = delivery.payment_number,
        .transaction_path = delivery.transaction_path,
        .transaction_number = delivery.transaction_number,
        .secrets = std::move(secrets),
        .sent_at = started,
        .timeout = options_.attempt_timeout,
        .deny_private_addresses = options_.deny_private_addresses,
    };
    const CallbackAnswer answer = sender_.send(message);
    const domain::Timestamp finished = clock_.now();
    domain::CallbackAttempt attempt{
        .delivery_id = delivery.id,
        .number = number,
        .started_at = started,
        .duration_ms = until(started, finished).count(),
        .outcome = outcome_of(answer),
        .status = std::nullopt,
        .error = answer.error,
        .response_excerpt = answer.body_excerpt,
        .manual = manual,
    };
    if (answer.outcome == CallbackAnswer::Outcome::answered) attempt.status = answer.status;
    return Sent{std::move(attempt), finished};
}

domain::CallbackDelivery CallbackDispatcher::attempt(const domain::CallbackDelivery& claimed) {
    Sent sent = send(claimed, claimed.attempts + 1, false);
    domain::CallbackDelivery recorded = claimed;
    store_.write([&](storage::DbTransaction& db) {
        std::optional<domain::CallbackDelivery> current =
            db.find_callback_delivery_for_update(claimed.id);
        if (!current) return storage::WorkOutcome::roll_back;
        sent.attempt.number = current->attempts + 1;
        if (current->claim == claimed.claim) {
            recorded = domain::after_attempt(*current, sent.attempt.outcome, sent.finished_at,
                                             options_.schedule);
        } else {
            // The lease ran out while this attempt was under way and another dispatcher holds the
            // delivery now: the attempt happened and is history, the schedule is the holder's.
            recorded =
                domain::after_manual_attempt(*current, sent.attempt.outcome, sent.finished_at);
        }
        db.insert_callback_attempt(sent.attempt);
        db.update_callback_delivery(recorded);
        return storage::WorkOutcome::commit;
    });
    return recorded;
}

std::int32_t CallbackDispatcher::run_due() {
    std::int32_t attempts = 0;
    for (;;) {
        const std::vector<domain::CallbackDelivery> claimed = claim_due(options_.concurrency, {});
        if (claimed.empty()) return attempts;
        for (const domain::CallbackDelivery& delivery : claimed) {
            attempt(delivery);
            attempts += 1;
        }
    }
}

domain::Result<domain::CallbackAttempt> CallbackDispatcher::resend(std::string_view delivery_id) {
    std::optional<domain::CallbackDelivery> delivery;
    store_.read([&](storage::DbReader& db) { delivery = db.find_callback_delivery(delivery_id); });
    if (!delivery) {
        return domain::Error{domain::ErrorCode::resource_not_found,
                             "No callback delivery has the id " + std::string(delivery_id) + ".",
                             {}};
    }
    Sent sent = send(*delivery, delivery->attempts + 1, true);
    store_.write([&](storage::DbTransaction& db) {
        std::optional<domain::CallbackDelivery> current =
            db.find_callback_delivery_for_update(delivery->id);
        if (!current) return storage::WorkOutcome::roll_back;
        sent.attempt.number = current->attempts + 1;
        db.insert_callback_attempt(sent.attempt);
        db.update_callback_delivery(
            domain::after_manual_attempt(*current, sent.attempt.outcome, sent.finished_at));
        return storage::WorkOutcome::commit;
    });
    return sent.attempt;
}

void CallbackDispatcher::start() {
    std::lock_guard lock(mutex_);
    if (running_) return;
    running_ = true;
    stopping_ = false;
    for (std::int32_t i = 0; i < std::max(1, options_.concurrency); ++i) {
        senders_.emplace_back([this] { send_jobs(); });
    }
    coordinator_ = std::thread([this] { coordinate(); });
}

void CallbackDispatcher::stop() {
    {
        std::lock_guard lock(mutex_);
        if (!running_) return;
        stopping_ = true;
    }
    changed_.notify_all();
    if (coordinator_.joinable()) coordinator_.join();
    for (std::thread& sender : senders_) sender.join();
    senders_.clear();
    std::lock_guard lock(mutex_);
    // Claimed but never sent: given back, so the next dispatcher sends them at once rather than
    // when the lease ends.
    try {
        if (!queue_.empty())
            store_.write([&](storage::DbTransaction& db) {
                for (const domain::CallbackDelivery& queued : queue_) {
                    std::optional<domain::CallbackDelivery> current =
                        db.find_callback_delivery_for_update(queued.id);
                    if (!current || current->claim != queued.claim) continue;
                    current->claim.reset();
                    current->lease_until.reset();
                    db.update_callback_delivery(*current);
                }
                return storage::WorkOutcome::commit;
            });
    } catch (const std::exception& error) {
        log_line(std::string("giving back claims failed (their leases expire): ") + error.what());
    }
    queue_.clear();
    in_flight_.clear();
    in_flight_total_ = 0;
    running_ = false;
}

void CallbackDispatcher::wake() {
    {
        std::lock_guard lock(mutex_);
        woken_ = true;
    }
    changed_.notify_all();
}

void CallbackDispatcher::coordinate() {
    std::unique_lock lock(mutex_);
    while (!stopping_) {
        woken_ = false;
        const std::int32_t free = std::max(1, options_.concurrency) - in_flight_total_;
        std::vector<domain::CallbackDelivery> claimed;
        std::optional<domain::Timestamp> next_due;
        domain::Timestamp now{};
        if (free > 0) {
            const std::map<std::string, std::int32_t> busy = in_flight_;
            lock.unlock();
            try {
                // A read first: an idle dispatcher costs the writer nothing.
                store_.read([&](storage::DbReader& db) { next_due = db.next_callback_due(); });
                now = clock_.now();
                if (next_due && *next_due <= now) claimed = claim_due(free, busy);
            } catch (const std::exception& error) {
                log_line(std::string("claiming failed: ") + error.what());
            }
            lock.lock();
            for (domain::CallbackDelivery& delivery : claimed) {
                in_flight_[delivery.endpoint] += 1;
                in_flight_total_ += 1;
                queue_.push_back(std::move(delivery));
            }
            if (!claimed.empty()) changed_.notify_all();
            // Every free slot filled: claim again once one frees up.
            if (static_cast<std::int32_t>(claimed.size()) == free) continue;
        }
        if (stopping_ || woken_) continue;
        // Due work left unclaimed waits for its endpoint's slot: a finished attempt wakes this
        // thread (woken_), so the poll interval only bounds how long other processes' work waits.
        std::chrono::milliseconds wait = options_.poll_interval;
        if (next_due && *next_due > now) {
            wait = std::clamp(until(now, *next_due), std::chrono::milliseconds{1},
                              options_.poll_interval);
        }
        changed_.wait_for(lock, wait, [this] { return stopping_ || woken_; });
    }
}

void CallbackDispatcher::send_jobs() {
    std::unique_lock lock(mutex_);
    for (;;) {
        changed_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
        if (stopping_) return;
        domain::CallbackDelivery delivery = std::move(queue_.front());
        queue_.pop_front();
        lock.unlock();
        try {
            attempt(delivery);
        } catch (const std::exception& error) {
            // The lease expires and the delivery is claimed again.
            log_line("recording an attempt of " + delivery.id + " failed: " + error.what());
        }
        lock.lock();
        if (--in_flight_[delivery.endpoint] <= 0) in_flight_.erase(delivery.endpoint);
        in_flight_total_ -= 1;
        woken_ = true;
        changed_.notify_all();
    }
}

}  // namespace faktura::app
