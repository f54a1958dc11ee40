#include "domain/callback.hpp"

#include <cmath>
#include <utility>

#include "domain/text.hpp"

namespace faktura::domain {

Timestamp CallbackSchedule::slot_time(Timestamp transaction_time, std::int32_t slot) const {
    if (slot <= 0) return transaction_time;
    const std::int64_t seconds = callback_retry_offsets_seconds[static_cast<std::size_t>(slot - 1)];
    const double ticks = static_cast<double>(seconds * ticks_per_second) * scale;
    return Timestamp{transaction_time.unix_100ns + static_cast<std::int64_t>(std::llround(ticks))};
}

std::string callback_endpoint(std::string_view url) {
    std::string scheme;
    std::string_view rest;
    const auto has_prefix = [&url](std::string_view prefix) {
        return url.size() >= prefix.size() &&
               ascii_lowercase(std::string(url.substr(0, prefix.size()))) == prefix;
    };
    if (has_prefix("http://")) {
        scheme = "http";
        rest = url.substr(7);
    } else if (has_prefix("https://")) {
        scheme = "https";
        rest = url.substr(8);
    } else {
        return {};
    }
    std::string_view authority = rest.substr(0, rest.find_first_of("/?#"));
    if (const std::size_t at = authority.rfind('@'); at != std::string_view::npos) {
        authority.remove_prefix(at + 1);  // No credentials in the endpoint.
    }
    if (authority.empty()) return {};
    std::string host = ascii_lowercase(std::string(authority));
    const std::size_t bracket = host.rfind(']');
    const std::size_t colon = host.rfind(':');
    const bool has_port =
        colon != std::string::npos && (bracket == std::string::npos || colon > bracket);
    if (!has_port) host += scheme == "http" ? ":80" : ":443";
    return scheme + "://" + host;
}

std::string_view transaction_collection(TransactionType type) {
    switch (type) {
        case TransactionType::authorization:
            return "authorizations";
        case TransactionType::capture:
            return "captures";
        case TransactionType::cancellation:
            return "cancellations";
        case TransactionType::reversal:
            return "reversals";
        case TransactionType::verification:
            return "verifications";
    }
    return {};
}

std::optional<CallbackDelivery> delivery_for(const TransactionRecorded& event,
                                             const Payment& payment, std::string delivery_id) {
    if (!payment.urls.callback_url || payment.urls.callback_url->empty()) return std::nullopt;
    const std::string payment_path = "/psp/invoice/payments/" + event.payment_id;
    CallbackDelivery delivery;
    delivery.id = std::move(delivery_id);
    delivery.transaction_id = event.transaction_id;
    delivery.payment_id = event.payment_id;
    delivery.payee_id = payment.payee_id;
    delivery.url = *payment.urls.callback_url;
    delivery.endpoint = callback_endpoint(delivery.url);
    delivery.payment_path = payment_path;
    delivery.payment_number = event.payment_number;
    delivery.transaction_path = payment_path + "/" +
                                std::string(transaction_collection(event.type)) + "/" +
                                event.transaction_id;
    delivery.transaction_number = event.transaction_number;
    delivery.transaction_type = event.type;
    delivery.transaction_state = event.state;
    delivery.created_at = event.at;
    delivery.next_attempt_at = event.at;
    return delivery;
}

bool is_claimable(const CallbackDelivery& delivery, Timestamp now) {
    if (delivery.state != DeliveryState::pending) return false;
    if (delivery.next_attempt_at > now) return false;
    return !delivery.lease_until || *delivery.lease_until <= now;
}

CallbackDelivery claimed(CallbackDelivery delivery, std::string claim, Timestamp lease_until) {
    delivery.claim = std::move(claim);
    delivery.lease_until = lease_until;
    return delivery;
}

CallbackDelivery after_attempt(CallbackDelivery delivery, AttemptOutcome outcome,
                               Timestamp finished_at, const CallbackSchedule& schedule) {
    delivery.attempts += 1;
    delivery.claim.reset();
    delivery.lease_until.reset();
    if (outcome == AttemptOutcome::delivered) {
        delivery.state = DeliveryState::delivered;
        delivery.delivered_at = finished_at;
        return delivery;
    }
    std::int32_t slot = delivery.next_slot + 1;
    while (slot < callback_slots && schedule.slot_time(delivery.created_at, slot) <= finished_at) {
        ++slot;
    }
    if (slot >= callback_slots) {
        delivery.state = DeliveryState::failed;
        delivery.next_slot = callback_slots;
        return delivery;
    }
    delivery.next_slot = slot;
    delivery.next_attempt_at = schedule.slot_time(delivery.created_at, slot);
    return delivery;
}

CallbackDelivery after_manual_attempt(CallbackDelivery delivery, AttemptOutcome outcome,
                                      Timestamp finished_at) {
    delivery.attempts += 1;
    if (outcome == AttemptOutcome::delivered) {
        delivery.state = DeliveryState::delivered;
        delivery.delivered_at = finished_at;
        delivery.claim.reset();
        delivery.lease_until.reset();
    }
    return delivery;
}

}  // namespace faktura::domain
