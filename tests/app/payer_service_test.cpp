// The payer's use cases at their own tier: PayerService on an in-memory store, with a clock the
// test moves (the payment TTL without waiting) and the one-click payer of a paymentToken.
#include "app/payer_service.hpp"

#include <gtest/gtest.h>

#include <cstdio>

#include "app/merchant_service.hpp"
#include "app/test_registry_provider.hpp"
#include "storage/sqlite/sqlite_store.hpp"
#include "support/counting_ids.hpp"
#include "support/manual_clock.hpp"

namespace faktura::app {
namespace {

using domain::Amount;

using testing::CountingIds;

struct World {
    explicit World(std::optional<std::chrono::seconds> ttl = std::nullopt)
        : payers(payments, *store, clock, ids, PayerServiceOptions{ttl}) {}

    std::unique_ptr<storage::sqlite::SqliteStore> store =
        storage::sqlite::SqliteStore::open(":memory:");
    testing::ManualClock clock;
    CountingIds ids;
    TestRegistryProvider provider{TestRegistryProviderOptions{}};
    PaymentService payments{*store, clock, ids, provider};
    PayerService payers;
    domain::Merchant merchant = [this] {
        MerchantService merchants(*store, clock, ids);
        return merchants.add(MerchantRegistration{"Shop", std::nullopt, std::nullopt, {}})
            ->merchant;
    }();

    domain::Payment created(const std::string& reference,
                            std::optional<std::string> payment_token = std::nullopt,
                            bool generate_payment_token = false) {
        domain::CreatePaymentCommand command;
        command.currency = domain::Currency::sek;
        command.invoice_type = domain::InvoiceType::payex_financing_se;
        command.price = domain::Price{Amount{10000}, Amount{0}};
        command.description = "Order";
        command.user_agent = "Mozilla/5.0";
        command.urls.complete_url = "https://shop.example/complete";
        command.payee_info.payee_id = merchant.payee_id;
        command.payee_info.payee_reference = reference;
        command.prefill_payment_token = std::move(payment_token);
        command.generate_payment_token = generate_payment_token;
        auto payment = payments.create_payment(merchant, command);
        EXPECT_TRUE(payment);
        return *payment;
    }
};

const ConsumerForm azra{"600307-1161", "azra@example.com", "0739000001", "19792"};

TEST(PayerService, AnUnfinishedPaymentExpiresExactlyAfterItsTtl) {
    World world(std::chrono::seconds{900});
    const domain::Payment payment = world.created("order-1");
    world.clock.advance(std::chrono::seconds{900});
    auto open = world.payers.open(payment.front_end_token);
    ASSERT_TRUE(open);
    EXPECT_FALSE(open->expired) << "at the TTL itself the link still works";
    EXPECT_EQ(domain::PaymentState::ready, open->payment.state);
    world.clock.advance(std::chrono::milliseconds{1});
    auto expired = world.payers.open(payment.front_end_token);
    ASSERT_TRUE(expired);
    EXPECT_TRUE(expired->expired);
    EXPECT_EQ(domain::PaymentState::aborted, expired->payment.state);
    EXPECT_EQ("PaymentExpired", expired->payment.abort_reason);
}

TEST(PayerService, AnAuthorizedPaymentNeverExpires) {
    World world(std::chrono::seconds{60});
    const domain::Payment payment = world.created("order-1");
    auto view = world.payers.open(payment.front_end_token);
    ASSERT_TRUE(view);
    ASSERT_TRUE(world.payers.submit_consumer(*view, azra).succeeded());
    view = world.payers.open(payment.front_end_token);
    ASSERT_TRUE(world.payers.confirm(*view, "127.0.0.1", std::nullopt));
    world.clock.advance(std::chrono::hours{24});
    auto later = world.payers.open(payment.front_end_token);
    ASSERT_TRUE(later);
    EXPECT_FALSE(later->expired);
    EXPECT_TRUE(later->payment.authorization_completed);
}

TEST(PayerService, APaymentTokenBringsItsPayerMaskedAndAnEmptyNumberMeansThatPayer) {
    World world;
    const domain::Payment first = world.created("order-1", std::nullopt, true);
    auto view = world.payers.open(first.front_end_token);
    ASSERT_TRUE(world.payers.submit_consumer(*view, azra).succeeded());
    view = world.payers.open(first.front_end_token);
    ASSERT_TRUE(world.payers.confirm(*view, "127.0.0.1", std::nullopt));
    std::optional<domain::Payment> stored;
    world.store->read([&](storage::DbReader& db) { stored = db.find_payment(first.id); });
    ASSERT_TRUE(stored && stored->payment_token);

    const domain::Payment second = world.created("order-2", *stored->payment_token);
    auto one_click = world.payers.open(second.front_end_token);
    ASSERT_TRUE(one_click && one_click->saved_payer);
    EXPECT_EQ("600307-****", one_click->saved_payer->masked_national_id);
    EXPECT_EQ("azra@example.com", one_click->saved_payer->email);
    EXPECT_EQ("19792", one_click->saved_payer->zip_code);
    const ConsumerStepResult step = world.payers.submit_consumer(
        *one_click, ConsumerForm{"", "azra@example.com", "+46739000001", "19792"});
    EXPECT_TRUE(step.succeeded());
    auto confirmed = world.payers.open(second.front_end_token);
    ASSERT_TRUE(confirmed && confirmed->input);
    EXPECT_EQ("196003071161", confirmed->input->national_id);
    EXPECT_FALSE(confirmed->saved_payer)
        << "once step 1 is done the saved payer is not offered again";

    // Deleted: the next payment's page (created before the deletion) fills in nothing.
    const domain::Payment third = world.created("order-3", *stored->payment_token);
    ASSERT_TRUE(
        world.payments.delete_payer_token(world.merchant, *stored->payment_token, std::nullopt));
    auto after = world.payers.open(third.front_end_token);
    ASSERT_TRUE(after);
    EXPECT_FALSE(after->saved_payer);
    EXPECT_FALSE(
        world.payers
            .submit_consumer(*after, ConsumerForm{"", "azra@example.com", "+46739000001", "19792"})
            .succeeded());
}

}  // namespace
}  // namespace faktura::app
