// The outbox's pure rules: §22's schedule (exact attempt times, scaled), skipped slots after an
// outage, the lease, delivered and failed-for-good, and manual resends.
#include "domain/callback.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace faktura::domain {
namespace {

constexpr Timestamp t0 = timestamp_from_seconds(1590137142);

Timestamp at_seconds(double seconds) {
    return Timestamp{t0.unix_100ns + static_cast<std::int64_t>(seconds * ticks_per_second)};
}

Payment payment_with_callback(std::optional<std::string> url) {
    Payment payment;
    payment.id = "7e6cdfc3-1276-44e9-9992-7cf4419750e1";
    payment.payee_id = "12345678-1234-1234-1234-123456789012";
    payment.number = 222222222;
    payment.urls.callback_url = std::move(url);
    return payment;
}

TransactionRecorded capture_event() {
    return TransactionRecorded{"7e6cdfc3-1276-44e9-9992-7cf4419750e1",
                               222222222,
                               "ec2a9b09-601a-42ae-8e33-a5737e1cf177",
                               333333333,
                               TransactionType::capture,
                               TransactionState::completed,
                               t0};
}

CallbackDelivery new_delivery() {
    return *delivery_for(capture_event(), payment_with_callback("https://Shop.example/cb?x=1"),
                         "ec2a9b09-601a-42ae-8e33-a5737e1cf177");
}

TEST(CallbackSchedule, TheDocumentedOffsetsFromTheTransactionTime) {
    const CallbackSchedule schedule;
    const std::vector<double> expected{0, 30, 60, 360, 432, 864, 1265};
    for (std::int32_t slot = 0; slot < callback_slots; ++slot) {
        EXPECT_EQ(schedule.slot_time(t0, slot),
                  at_seconds(expected[static_cast<std::size_t>(slot)]))
            << "slot " << slot;
    }
}

TEST(CallbackSchedule, AScaleShrinksEveryOffset) {
    const CallbackSchedule schedule{0.01};
    EXPECT_EQ(schedule.slot_time(t0, 0), t0);
    EXPECT_EQ(schedule.slot_time(t0, 1), at_seconds(0.3));
    EXPECT_EQ(schedule.slot_time(t0, 6), at_seconds(12.65));
}

TEST(CallbackDelivery, OnePerTransactionWithTheBodysPathsAndNumbers) {
    const CallbackDelivery delivery = new_delivery();
    EXPECT_EQ(delivery.payment_path, "/psp/invoice/payments/7e6cdfc3-1276-44e9-9992-7cf4419750e1");
    EXPECT_EQ(delivery.transaction_path,
              "/psp/invoice/payments/7e6cdfc3-1276-44e9-9992-7cf4419750e1/captures/"
              "ec2a9b09-601a-42ae-8e33-a5737e1cf177");
    EXPECT_EQ(delivery.payment_number, 222222222);
    EXPECT_EQ(delivery.transaction_number, 333333333);
    EXPECT_EQ(delivery.payee_id, "12345678-1234-1234-1234-123456789012");
    EXPECT_EQ(delivery.url, "https://Shop.example/cb?x=1");
    EXPECT_EQ(delivery.endpoint, "https://shop.example:443");
    EXPECT_EQ(delivery.state, DeliveryState::pending);
    EXPECT_EQ(delivery.next_attempt_at, t0);  // The first attempt at once.
    EXPECT_EQ(delivery.attempts, 0);
}

TEST(CallbackDelivery, NoneWithoutACallbackUrl) {
    EXPECT_FALSE(delivery_for(capture_event(), payment_with_callback(std::nullopt), "x"));
    EXPECT_FALSE(delivery_for(capture_event(), payment_with_callback(""), "x"));
}

TEST(CallbackDelivery, EveryTransactionTypeHasItsPathWord) {
    TransactionRecorded event = capture_event();
    const std::vector<std::pair<TransactionType, std::string>> words{
        {TransactionType::authorization, "/authorizations/"},
        {TransactionType::verification, "/verifications/"},
        {TransactionType::capture, "/captures/"},
        {TransactionType::cancellation, "/cancellations/"},
        {TransactionType::reversal, "/reversals/"}};
    for (const auto& [type, word] : words) {
        event.type = type;
        const auto delivery = delivery_for(event, payment_with_callback("http://a/"), "x");
        EXPECT_NE(delivery->transaction_path.find(word), std::string::npos) << word;
    }
}

TEST(CallbackEndpoint, SchemeHostAndPortLowerCased) {
    EXPECT_EQ(callback_endpoint("http://127.0.0.1:3000/cb"), "http://127.0.0.1:3000");
    EXPECT_EQ(callback_endpoint("HTTP://Shop.Example/cb"), "http://shop.example:80");
    EXPECT_EQ(callback_endpoint("https://user:pw@shop.example:8443"), "https://shop.example:8443");
    EXPECT_EQ(callback_endpoint("http://[::1]/cb"), "http://[::1]:80");
    EXPECT_EQ(callback_endpoint("http://[::1]:9/cb"), "http://[::1]:9");
    EXPECT_EQ(callback_endpoint("ftp://shop.example/"), "");
    EXPECT_EQ(callback_endpoint("http:///nohost"), "");
}

TEST(CallbackLease, ClaimableWhenDueAndNotHeld) {
    CallbackDelivery delivery = new_delivery();
    EXPECT_TRUE(is_claimable(delivery, t0));
    EXPECT_FALSE(is_claimable(delivery, at_seconds(-1)));  // Not due yet.
    const CallbackDelivery held = claimed(delivery, "claim-a", at_seconds(40));
    EXPECT_FALSE(is_claimable(held, at_seconds(39.9)));
    EXPECT_TRUE(is_claimable(held, at_seconds(40)));  // An expired lease is claimed again.
    delivery.state = DeliveryState::delivered;
    EXPECT_FALSE(is_claimable(delivery, at_seconds(10000)));
    delivery.state = DeliveryState::failed;
    EXPECT_FALSE(is_claimable(delivery, at_seconds(10000)));
}

TEST(CallbackAttempts, FailuresWalkTheScheduleThenFailForGood) {
    const CallbackSchedule schedule;
    CallbackDelivery delivery = new_delivery();
    const std::vector<double> due{30, 60, 360, 432, 864, 1265};
    double now = 0.2;
    for (double next : due) {
        delivery = claimed(delivery, "c", at_seconds(now + 40));
        delivery = after_attempt(delivery, AttemptOutcome::rejected, at_seconds(now), schedule);
        ASSERT_EQ(delivery.state, DeliveryState::pending);
        EXPECT_EQ(delivery.next_attempt_at, at_seconds(next));
        EXPECT_FALSE(delivery.claim);
        EXPECT_FALSE(delivery.lease_until);
        now = next + 0.2;
    }
    delivery = after_attempt(delivery, AttemptOutcome::timed_out, at_seconds(now), schedule);
    EXPECT_EQ(delivery.state, DeliveryState::failed);
    EXPECT_EQ(delivery.attempts, 7);
    EXPECT_FALSE(is_claimable(delivery, at_seconds(100000)));
}

TEST(CallbackAttempts, ADeliveredAttemptEndsTheSchedule) {
    CallbackDelivery delivery = claimed(new_delivery(), "c", at_seconds(40));
    delivery = after_attempt(delivery, AttemptOutcome::delivered, at_seconds(0.05), {});
    EXPECT_EQ(delivery.state, DeliveryState::delivered);
    EXPECT_EQ(delivery.delivered_at, at_seconds(0.05));
    EXPECT_EQ(delivery.attempts, 1);
    EXPECT_FALSE(delivery.claim);
}

TEST(CallbackAttempts, SlotsMissedDuringAnOutageAreSkippedNotBurst) {
    // First attempt only at 400 s (the dispatcher was down): the next is 432 s, not 30, 60, 360.
    CallbackDelivery delivery = new_delivery();
    delivery = after_attempt(delivery, AttemptOutcome::unreachable, at_seconds(400), {});
    EXPECT_EQ(delivery.next_slot, 4);
    EXPECT_EQ(delivery.next_attempt_at, at_seconds(432));
    // After the last slot has passed, one failure is the end.
    delivery = after_attempt(new_delivery(), AttemptOutcome::unreachable, at_seconds(2000), {});
    EXPECT_EQ(delivery.state, DeliveryState::failed);
}

TEST(CallbackAttempts, AManualResendCountsAndLeavesTheSchedule) {
    CallbackDelivery delivery =
        after_attempt(new_delivery(), AttemptOutcome::rejected, at_seconds(1), {});
    const CallbackDelivery failed_resend =
        after_manual_attempt(delivery, AttemptOutcome::rejected, at_seconds(5));
    EXPECT_EQ(failed_resend.attempts, 2);
    EXPECT_EQ(failed_resend.next_attempt_at, at_seconds(30));
    EXPECT_EQ(failed_resend.next_slot, 1);
    EXPECT_EQ(failed_resend.state, DeliveryState::pending);
    const CallbackDelivery delivered =
        after_manual_attempt(delivery, AttemptOutcome::delivered, at_seconds(5));
    EXPECT_EQ(delivered.state, DeliveryState::delivered);
    // A delivery failed for good is delivered by a successful resend.
    delivery.state = DeliveryState::failed;
    EXPECT_EQ(after_manual_attempt(delivery, AttemptOutcome::delivered, at_seconds(5)).state,
              DeliveryState::delivered);
}

}  // namespace
}  // namespace faktura::domain
