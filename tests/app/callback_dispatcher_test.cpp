// The callback outbox at the app tier: deliveries committed with their transactions, attempts at
// the exact scheduled times under a manual clock, claims and leases between two dispatchers on one
// database, the per-endpoint limit, the merchant's secrets and manual resends — with a fake sender,
// on in-memory SQLite, without threads and without waiting.
#include "app/callback_dispatcher.hpp"

#include <gtest/gtest.h>

#include <deque>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "app/merchant_service.hpp"
#include "app/payment_service.hpp"
#include "app/test_registry_provider.hpp"
#include "storage/sqlite/sqlite_store.hpp"
#include "support/counting_ids.hpp"
#include "support/manual_clock.hpp"

namespace faktura::app {
namespace {

using domain::Amount;
using testing::CountingIds;
using testing::ManualClock;

// Records every message; answers with the scripted statuses of its URL, in order (then 200).
class FakeSender final : public CallbackSender {
  public:
    CallbackAnswer send(const CallbackMessage& message) override {
        std::lock_guard lock(mutex);
        sent.push_back(message);
        std::deque<int>& script = statuses[message.url];
        int status = 200;
        if (!script.empty()) {
            status = script.front();
            script.pop_front();
        }
        if (status == 0)
            return CallbackAnswer{CallbackAnswer::Outcome::timed_out, 0, {}, "timed out"};
        return CallbackAnswer{CallbackAnswer::Outcome::answered, status, "ok", {}};
    }

    std::mutex mutex;
    std::vector<CallbackMessage> sent;
    std::map<std::string, std::deque<int>> statuses;  // 0: a time-out.
};

struct World {
    std::unique_ptr<storage::sqlite::SqliteStore> store =
        storage::sqlite::SqliteStore::open(":memory:");
    ManualClock clock;
    CountingIds ids;
    TestRegistryProvider provider{TestRegistryProviderOptions{}};
    PaymentService payments{*store, clock, ids, provider};
    FakeSender sender;
    domain::Merchant merchant = add_merchant();
    int references = 0;

    domain::Merchant add_merchant() {
        MerchantService merchants(*store, clock, ids);
        auto registered =
            merchants.add(MerchantRegistration{"Shop", std::nullopt, std::nullopt, {}});
        EXPECT_TRUE(registered);
        return registered->merchant;
    }
    Caller caller() const { return Caller{merchant, std::nullopt}; }
    DispatcherOptions options(double scale = 1.0) const {
        DispatcherOptions options;
        options.schedule.scale = scale;
        return options;
    }

    // A FinancingConsumer payment with this callbackUrl (none when empty), authorized as Azra.
    std::string authorized_payment(const std::string& callback_url) {
        domain::CreatePaymentCommand command;
        command.operation = domain::PaymentOperation::financing_consumer;
        command.currency = domain::Currency::sek;
        command.invoice_type = domain::InvoiceType::payex_financing_se;
        command.price = domain::Price{Amount{10000}, Amount{2000}};
        command.description = "Order";
        command.user_agent = "Mozilla/5.0";
        command.urls.complete_url = "https://shop.example/complete";
        if (!callback_url.empty()) command.urls.callback_url = callback_url;
        command.payee_info.payee_id = merchant.payee_id;
        command.payee_info.payee_reference = "ref" + std::to_string(++references);
        auto payment = payments.create_payment(merchant, command);
        EXPECT_TRUE(payment);
        domain::AuthorizeCommand azra;
        azra.social_security_number = "196003071161";
        azra.msisdn = "+46739000001";
        azra.ip = "127.0.0.1";
        azra.legal_address = domain::AddressInput{
            "Azra Oliveira", std::nullopt, "Helgestavägen 9", "19792", "Bro", domain::Country::se};
        EXPECT_TRUE(payments.authorize(caller(), payment->id, azra,
                                       domain::TransactionType::authorization));
        return payment->id;
    }
    void capture(const std::string& payment_id) {
        domain::CaptureCommand command{Amount{10000},
                                       Amount{2000},
                                       "cap" + std::to_string(++references),
                                       std::nullopt,
                                       "Goods",
                                       {{Amount{10000}, "Goods"}},
                                       {{Amount{10000}, domain::VatRate{2500}, Amount{2000}}}};
        auto captured = payments.capture(caller(), payment_id, command);
        ASSERT_TRUE(captured) << captured.error().detail;
    }
    std::vector<domain::CallbackDelivery> deliveries(const std::string& payment_id) {
        std::vector<domain::CallbackDelivery> found;
        store->read(
            [&](storage::DbReader& db) { found = db.list_callback_deliveries(payment_id); });
        return found;
    }
    std::vector<domain::CallbackAttempt> attempts(const std::string& delivery_id) {
        std::vector<domain::CallbackAttempt> found;
        store->read([&](storage::DbReader& db) { found = db.list_callback_attempts(delivery_id); });
        return found;
    }
};

domain::Timestamp plus(domain::Timestamp at, double seconds) {
    return domain::Timestamp{at.unix_100ns +
                             static_cast<std::int64_t>(seconds * domain::ticks_per_second)};
}

TEST(CallbackOutbox, EveryTransactionCommitsOneDeliveryWhenTheresACallbackUrl) {
    World world;
    const std::string with = world.authorized_payment("http://127.0.0.1:3000/cb");
    world.capture(with);
    const auto deliveries = world.deliveries(with);
    ASSERT_EQ(deliveries.size(), 2u);
    EXPECT_EQ(deliveries[0].transaction_type, domain::TransactionType::authorization);
    EXPECT_EQ(deliveries[1].transaction_type, domain::TransactionType::capture);
    for (const auto& delivery : deliveries) {
        EXPECT_EQ(delivery.id, delivery.transaction_id);
        EXPECT_EQ(delivery.state, domain::DeliveryState::pending);
        EXPECT_EQ(delivery.next_attempt_at, delivery.created_at);
        EXPECT_EQ(delivery.payee_id, world.merchant.payee_id);
    }
    EXPECT_TRUE(world.deliveries(world.authorized_payment("")).empty());
}

TEST(CallbackDispatcher, AttemptsAtTheScheduledTimesUntilA2xx) {
    World world;
    const std::string payment = world.authorized_payment("http://127.0.0.1:3000/cb");
    world.sender.statuses["http://127.0.0.1:3000/cb"] = {500, 0, 404, 200};
    CallbackDispatcher dispatcher(*world.store, world.clock, world.ids, world.sender,
                                  world.options());
    const domain::Timestamp t0 = world.deliveries(payment)[0].created_at;

    EXPECT_EQ(dispatcher.run_due(), 1);  // At once.
    world.clock.set(plus(t0, 29.9));
    EXPECT_EQ(dispatcher.run_due(), 0);
    world.clock.set(plus(t0, 30));
    EXPECT_EQ(dispatcher.run_due(), 1);
    world.clock.set(plus(t0, 59.99));
    EXPECT_EQ(dispatcher.run_due(), 0);
    world.clock.set(plus(t0, 60));
    EXPECT_EQ(dispatcher.run_due(), 1);
    world.clock.set(plus(t0, 360));
    EXPECT_EQ(dispatcher.run_due(), 1);  // 200: delivered.
    world.clock.set(plus(t0, 5000));
    EXPECT_EQ(dispatcher.run_due(), 0);

    const domain::CallbackDelivery delivery = world.deliveries(payment)[0];
    EXPECT_EQ(delivery.state, domain::DeliveryState::delivered);
    EXPECT_EQ(delivery.attempts, 4);
    const auto attempts = world.attempts(delivery.id);
    ASSERT_EQ(attempts.size(), 4u);
    const std::vector<double> at{0, 30, 60, 360};
    const std::vector<domain::AttemptOutcome> outcomes{
        domain::AttemptOutcome::rejected, domain::AttemptOutcome::timed_out,
        domain::AttemptOutcome::rejected, domain::AttemptOutcome::delivered};
    for (std::size_t i = 0; i < attempts.size(); ++i) {
        EXPECT_EQ(attempts[i].number, static_cast<std::int32_t>(i + 1));
        EXPECT_EQ(attempts[i].started_at, plus(t0, at[i])) << "attempt " << i + 1;
        EXPECT_EQ(attempts[i].outcome, outcomes[i]);
        EXPECT_FALSE(attempts[i].manual);
    }
    EXPECT_EQ(attempts[0].status, 500);
    EXPECT_FALSE(attempts[1].status);
    // Every attempt carried the same webhook-id and the §22 fields.
    ASSERT_EQ(world.sender.sent.size(), 4u);
    for (const CallbackMessage& message : world.sender.sent) {
        EXPECT_EQ(message.delivery_id, delivery.id);
        EXPECT_EQ(message.payment_path, "/psp/invoice/payments/" + payment);
        EXPECT_EQ(message.transaction_path, "/psp/invoice/payments/" + payment +
                                                "/authorizations/" + delivery.transaction_id);
        EXPECT_EQ(message.transaction_number, delivery.transaction_number);
        EXPECT_TRUE(message.secrets.empty());
    }
}

TEST(CallbackDispatcher, AScaledScheduleAndFailureForGood) {
    World world;
    const std::string payment = world.authorized_payment("http://127.0.0.1:3000/cb");
    world.sender.statuses["http://127.0.0.1:3000/cb"] = {503, 503, 503, 503, 503, 503, 503, 200};
    CallbackDispatcher dispatcher(*world.store, world.clock, world.ids, world.sender,
                                  world.options(0.01));
    const domain::Timestamp t0 = world.deliveries(payment)[0].created_at;
    for (double offset : {0.0, 0.3, 0.6, 3.6, 4.32, 8.64, 12.65}) {
        world.clock.set(plus(t0, offset));
        EXPECT_EQ(dispatcher.run_due(), 1) << "at " << offset;
    }
    world.clock.set(plus(t0, 100000));
    EXPECT_EQ(dispatcher.run_due(), 0);
    EXPECT_EQ(world.deliveries(payment)[0].state, domain::DeliveryState::failed);
    EXPECT_EQ(world.attempts(world.deliveries(payment)[0].id).size(), 7u);
}

TEST(CallbackDispatcher, TwoDispatchersNeverClaimTheSameDelivery) {
    World world;
    for (int i = 0; i < 5; ++i)
        world.authorized_payment("http://shop-" + std::to_string(i) + "/cb");
    CallbackDispatcher first(*world.store, world.clock, world.ids, world.sender, world.options());
    CallbackDispatcher second(*world.store, world.clock, world.ids, world.sender, world.options());
    const auto a = first.claim_due(3, {});
    const auto b = second.claim_due(10, {});
    EXPECT_EQ(a.size(), 3u);
    EXPECT_EQ(b.size(), 2u);
    for (const auto& x : a) {
        for (const auto& y : b) EXPECT_NE(x.id, y.id);
    }
    EXPECT_TRUE(second.claim_due(10, {}).empty());
    for (const auto& claimed : a) first.attempt(claimed);
    for (const auto& claimed : b) second.attempt(claimed);
    EXPECT_EQ(world.sender.sent.size(), 5u);
}

TEST(CallbackDispatcher, AnExpiredLeaseIsClaimedAgainAndTheLateAttemptIsHistory) {
    World world;
    const std::string payment = world.authorized_payment("http://127.0.0.1:3000/cb");
    DispatcherOptions options = world.options();
    options.attempt_timeout = std::chrono::seconds{10};
    CallbackDispatcher dead(*world.store, world.clock, world.ids, world.sender, options);
    CallbackDispatcher alive(*world.store, world.clock, world.ids, world.sender, options);
    const auto held = dead.claim_due(1, {});
    ASSERT_EQ(held.size(), 1u);
    world.clock.advance(std::chrono::seconds{20});  // The lease is twice the time-out + 1 s.
    EXPECT_TRUE(alive.claim_due(1, {}).empty());
    world.clock.advance(std::chrono::seconds{1});
    const auto reclaimed = alive.claim_due(1, {});
    ASSERT_EQ(reclaimed.size(), 1u);
    EXPECT_NE(reclaimed[0].claim, held[0].claim);

    // The first dispatcher's attempt finally comes back failing: counted, but the schedule stays
    // with the holder, whose 2xx then delivers.
    world.sender.statuses["http://127.0.0.1:3000/cb"] = {500, 200};
    EXPECT_EQ(dead.attempt(held[0]).state, domain::DeliveryState::pending);
    EXPECT_EQ(alive.attempt(reclaimed[0]).state, domain::DeliveryState::delivered);
    const auto delivery = world.deliveries(payment)[0];
    EXPECT_EQ(delivery.attempts, 2);
    EXPECT_EQ(world.attempts(delivery.id).size(), 2u);
}

TEST(CallbackDispatcher, ABusyEndpointLeavesRoomForTheOthers) {
    World world;
    for (int i = 0; i < 3; ++i) world.authorized_payment("http://slow.example/cb");
    world.authorized_payment("http://fast.example/cb");
    DispatcherOptions options = world.options();
    options.per_endpoint = 2;
    CallbackDispatcher dispatcher(*world.store, world.clock, world.ids, world.sender, options);
    const auto claimed = dispatcher.claim_due(8, {});
    ASSERT_EQ(claimed.size(), 3u);  // Two to the slow endpoint, the fast one's one.
    int slow = 0;
    for (const auto& delivery : claimed) slow += delivery.endpoint == "http://slow.example:80";
    EXPECT_EQ(slow, 2);
    // With both slow attempts in flight, nothing more is claimed for it.
    EXPECT_TRUE(dispatcher.claim_due(8, {{"http://slow.example:80", 2}}).empty());
}

TEST(CallbackDispatcher, SignsWithTheMerchantsSecretsNewestFirst) {
    World world;
    MerchantService merchants(*world.store, world.clock, world.ids);
    ASSERT_TRUE(merchants.set_callback_secrets(
        world.merchant.payee_id, {"whsec_bmV3ZXN0LXNlY3JldA==", "whsec_b2xkZXItc2VjcmV0"}));
    world.authorized_payment("http://127.0.0.1:3000/cb");
    CallbackDispatcher dispatcher(*world.store, world.clock, world.ids, world.sender,
                                  world.options());
    EXPECT_EQ(dispatcher.run_due(), 1);
    ASSERT_EQ(world.sender.sent.size(), 1u);
    EXPECT_EQ(world.sender.sent[0].secrets,
              (std::vector<std::string>{"whsec_bmV3ZXN0LXNlY3JldA==", "whsec_b2xkZXItc2VjcmV0"}));
    EXPECT_EQ(world.sender.sent[0].sent_at, world.clock.now());
}

TEST(CallbackDispatcher, AResendIsANewAttemptThatLeavesTheSchedule) {
    World world;
    const std::string payment = world.authorized_payment("http://127.0.0.1:3000/cb");
    world.sender.statuses["http://127.0.0.1:3000/cb"] = {500, 500, 204};
    CallbackDispatcher dispatcher(*world.store, world.clock, world.ids, world.sender,
                                  world.options());
    EXPECT_EQ(dispatcher.run_due(), 1);
    const std::string id = world.deliveries(payment)[0].id;
    const domain::Timestamp next = world.deliveries(payment)[0].next_attempt_at;

    auto failed = dispatcher.resend(id);
    ASSERT_TRUE(failed);
    EXPECT_TRUE(failed->manual);
    EXPECT_EQ(failed->number, 2);
    EXPECT_EQ(world.deliveries(payment)[0].next_attempt_at, next);
    EXPECT_EQ(world.deliveries(payment)[0].state, domain::DeliveryState::pending);

    auto delivered = dispatcher.resend(id);
    ASSERT_TRUE(delivered);
    EXPECT_EQ(delivered->outcome, domain::AttemptOutcome::delivered);
    EXPECT_EQ(world.deliveries(payment)[0].state, domain::DeliveryState::delivered);
    EXPECT_EQ(world.sender.sent.back().delivery_id, id);

    EXPECT_EQ(dispatcher.resend("00000000-0000-4000-8000-999999999999").error().code,
              domain::ErrorCode::resource_not_found);
}

}  // namespace
}  // namespace faktura::app
