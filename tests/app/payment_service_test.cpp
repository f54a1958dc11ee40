// The merchant use cases at their own tier: PaymentService on an in-memory SQLite store with a fake
// credit provider and a clock the test moves. What only the app layer decides: the state re-checked
// after the credit call, the failed lookup that still counts, the payeeReference reserved per
// transaction, one write per Recur, the response read after the commit, the merchant cache's
// lifetime — in milliseconds, without a server and without waiting.
#include "app/payment_service.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <cstdio>
#include <functional>
#include <string>

#include "app/merchant_service.hpp"
#include "app/record.hpp"
#include "storage/sqlite/sqlite_store.hpp"
#include "support/counting_ids.hpp"
#include "support/manual_clock.hpp"

namespace faktura::app {
namespace {

using domain::Amount;
using domain::ErrorCode;
using testing::ManualClock;
template <typename T>
using Result = domain::Result<T>;

// GUIDs and tokens that count up, so every run sees the same ids.
using testing::CountingIds;

// Answers every lookup with Azra Oliveira's address and every decision with `decision`; runs
// `during_decision` while deciding, as if another request were served meanwhile.
class FakeProvider final : public CreditProvider {
  public:
    domain::LookupOutcome lookup_legal_address(const LegalAddressQuery& query) override {
        ++lookups;
        if (query.zip_code != "19792")
            return domain::LookupOutcome{domain::LookupStatus::zip_mismatch, std::nullopt};
        return domain::LookupOutcome{domain::LookupStatus::found, azra_address()};
    }
    domain::CreditDecision decide(const CreditQuery& query) override {
        ++decisions;
        last_amount = query.amount;
        if (during_decision) during_decision();
        return decision;
    }
    static domain::Address azra_address() {
        return domain::Address{"Azra Oliveira", std::nullopt, "Helgestavägen 9",
                               "19792",         "Bro",        domain::Country::se};
    }

    domain::CreditDecision decision{domain::CreditOutcome::completed, std::nullopt, std::nullopt};
    std::function<void()> during_decision;
    int lookups = 0;
    int decisions = 0;
    Amount last_amount;
};

struct World {
    std::unique_ptr<storage::sqlite::SqliteStore> store =
        storage::sqlite::SqliteStore::open(":memory:");
    ManualClock clock;
    CountingIds ids;
    FakeProvider provider;
    PaymentService payments{*store, clock, ids, provider};
    domain::Merchant merchant = add_merchant("Shop");

    domain::Merchant add_merchant(const std::string& name) {
        MerchantService merchants(*store, clock, ids);
        auto registered = merchants.add(MerchantRegistration{name, std::nullopt, std::nullopt, {}});
        EXPECT_TRUE(registered);
        return registered->merchant;
    }
    Caller caller() const { return Caller{merchant, std::nullopt}; }

    domain::CreatePaymentCommand financing(const std::string& reference) const {
        domain::CreatePaymentCommand command;
        command.operation = domain::PaymentOperation::financing_consumer;
        command.currency = domain::Currency::sek;
        command.invoice_type = domain::InvoiceType::payex_financing_se;
        command.price = domain::Price{Amount{10000}, Amount{2000}};
        command.description = "Order";
        command.user_agent = "Mozilla/5.0";
        command.urls.complete_url = "https://shop.example/complete";
        command.payee_info.payee_id = merchant.payee_id;
        command.payee_info.payee_reference = reference;
        return command;
    }
    domain::Payment created(const std::string& reference, bool recurrence_token = false) {
        domain::CreatePaymentCommand command = financing(reference);
        command.generate_recurrence_token = recurrence_token;
        auto payment = payments.create_payment(merchant, command);
        EXPECT_TRUE(payment) << (payment ? "" : payment.error().problems.at(0).description);
        return *payment;
    }
    Result<TransactionOutcome> authorized(const domain::Payment& payment) {
        return payments.authorize(caller(), payment.id, azra(),
                                  domain::TransactionType::authorization);
    }
    static domain::AuthorizeCommand azra() {
        domain::AuthorizeCommand command;
        command.social_security_number = "196003071161";
        command.email = "azra.oliveira@payex.com";
        command.msisdn = "+46739000001";
        command.ip = "127.0.0.1";
        command.legal_address = domain::AddressInput{
            "Azra Oliveira", std::nullopt, "Helgestavägen 9", "19792", "Bro", domain::Country::se};
        return command;
    }
    static domain::CaptureCommand capture_of(std::int64_t amount, const std::string& reference) {
        return domain::CaptureCommand{Amount{amount},
                                      Amount{0},
                                      reference,
                                      std::nullopt,
                                      "Goods",
                                      {{Amount{amount}, "Goods"}},
                                      {{Amount{amount}, domain::VatRate{0}, Amount{0}}}};
    }
    domain::Payment stored(const std::string& id) {
        std::optional<domain::Payment> payment;
        store->read([&](storage::DbReader& db) { payment = db.find_payment(id); });
        EXPECT_TRUE(payment);
        return *payment;
    }
};

TEST(PaymentService, AnAuthorizationDecidedWhileAnotherCompletedIsRefused) {
    World world;
    const domain::Payment payment = world.created("order-1");
    // The decision takes a while; meanwhile another request authorizes the same payment.
    bool raced = false;
    world.provider.during_decision = [&] {
        if (raced) return;
        raced = true;
        EXPECT_TRUE(world.authorized(payment));
    };
    const auto second = world.authorized(payment);
    ASSERT_FALSE(second);
    EXPECT_EQ(ErrorCode::operation_not_allowed_in_state, second.error().code);
    const domain::Payment after = world.stored(payment.id);
    EXPECT_EQ(1, after.transaction_counts.authorizations) << "the late decision recorded nothing";
    EXPECT_EQ(Amount{10000}, after.authorized);
}

TEST(PaymentService, AFailedLookupCountsAgainstTheLimitAlthoughItFails) {
    World world;
    const domain::Payment payment = world.created("order-1");
    const auto failed = world.payments.approve_legal_address(
        world.caller(), payment.id, domain::ApproveLegalAddressCommand{"196003071161", "11111"});
    ASSERT_FALSE(failed);
    EXPECT_EQ(ErrorCode::legal_address_zip_mismatch, failed.error().code);
    EXPECT_EQ(1, world.stored(payment.id).failed_lookups);
    for (int i = 1; i < domain::failed_lookups_max; ++i) {
        EXPECT_FALSE(world.payments.approve_legal_address(
            world.caller(), payment.id,
            domain::ApproveLegalAddressCommand{"196003071161", "11111"}));
    }
    const auto exhausted = world.payments.approve_legal_address(
        world.caller(), payment.id, domain::ApproveLegalAddressCommand{"196003071161", "19792"});
    ASSERT_FALSE(exhausted);
    EXPECT_EQ(ErrorCode::legal_address_lookups_exhausted, exhausted.error().code);
    EXPECT_EQ(domain::failed_lookups_max, world.provider.lookups) << "no lookup once exhausted";
}

TEST(PaymentService, APayeeReferenceIsReservedByTheTransactionThatUsedItAndNothingElseChanges) {
    World world;
    const domain::Payment payment = world.created("order-1");
    ASSERT_TRUE(world.authorized(payment));
    ASSERT_TRUE(
        world.payments.capture(world.caller(), payment.id, World::capture_of(1000, "capture-1")));
    const domain::Payment before = world.stored(payment.id);
    for (const std::string reference : {"capture-1", "order-1"}) {
        const auto again =
            world.payments.capture(world.caller(), payment.id, World::capture_of(1000, reference));
        ASSERT_FALSE(again);
        EXPECT_EQ(ErrorCode::payee_reference_already_used, again.error().code);
        EXPECT_EQ("Transaction.PayeeReference", again.error().problems.at(0).name);
    }
    EXPECT_EQ(before, world.stored(payment.id)) << "a refused capture changes nothing";
    // A refused capture drew no invoice number: the next invoice continues the series.
    const auto next =
        world.payments.capture(world.caller(), payment.id, World::capture_of(1000, "capture-2"));
    ASSERT_TRUE(next);
    ASSERT_EQ(2u, next->view.invoices.size());
    EXPECT_EQ(next->view.invoices[0].invoice_number + 1, next->view.invoices[1].invoice_number);
}

TEST(PaymentService, TheOutcomeOfATransactionIsTheCommittedState) {
    World world;
    const domain::Payment payment = world.created("order-1");
    const auto authorized = world.authorized(payment);
    ASSERT_TRUE(authorized);
    EXPECT_EQ(world.stored(payment.id), authorized->view.payment);
    ASSERT_EQ(1u, authorized->view.transactions.size());
    EXPECT_EQ(authorized->transaction_id, authorized->view.transactions[0].id);
    const auto captured =
        world.payments.capture(world.caller(), payment.id, World::capture_of(4000, "capture-1"));
    ASSERT_TRUE(captured);
    EXPECT_EQ(2u, captured->view.transactions.size());
    ASSERT_EQ(1u, captured->view.invoices.size());
    EXPECT_EQ(captured->transaction_id, captured->view.invoices[0].transaction_id);
    EXPECT_EQ(Amount{4000}, captured->view.payment.captured);
}

TEST(PaymentService, ARecurPaymentIsCreatedAuthorizedInOneWriteForTheTokensPayer) {
    World world;
    const domain::Payment first = world.created("order-1", true);
    ASSERT_TRUE(world.authorized(first));
    const std::string token = *world.stored(first.id).recurrence_token;

    domain::CreatePaymentCommand recur;
    recur.operation = domain::PaymentOperation::recur;
    recur.currency = domain::Currency::sek;
    recur.price = domain::Price{Amount{1500}, Amount{0}};
    recur.description = "Month 2";
    recur.user_agent = "Mozilla/5.0";
    recur.payee_info.payee_id = world.merchant.payee_id;
    recur.payee_info.payee_reference = "month-2";
    recur.recurrence_token = token;
    const auto payment = world.payments.create_payment(world.merchant, recur);
    ASSERT_TRUE(payment);
    EXPECT_EQ(Amount{1500}, world.provider.last_amount)
        << "the decision is asked for the new amount";
    EXPECT_EQ(Amount{1500}, payment->authorized);
    EXPECT_EQ(token, payment->recurrence_token_used);
    EXPECT_EQ(domain::InvoiceType::payex_financing_se, payment->invoice_type);
    std::vector<domain::Transaction> transactions;
    std::optional<domain::AuthorizationDetails> details;
    world.store->read([&](storage::DbReader& db) {
        transactions = db.list_transactions(payment->id);
        if (!transactions.empty()) details = db.find_authorization_details(transactions[0].id);
    });
    ASSERT_EQ(1u, transactions.size());
    EXPECT_EQ(payment->number + 1, transactions[0].number);
    ASSERT_TRUE(details);
    EXPECT_EQ("196003071161", details->consumer.national_id);

    // Refused: still a payment, Failed with one Failed authorization; nothing else is half-written.
    world.provider.decision =
        domain::CreditDecision{domain::CreditOutcome::failed,
                               domain::TransactionFailure{"ExternalResponseError", "Authorize",
                                                          "1001", "CreditNotApproved"},
                               domain::ThirdPartyProblem::forbidden_403};
    recur.payee_info.payee_reference = "month-3";
    const auto refused = world.payments.create_payment(world.merchant, recur);
    ASSERT_TRUE(refused);
    EXPECT_EQ(domain::PaymentState::failed, refused->state);
    EXPECT_EQ(Amount{0}, refused->authorized);

    // A token deleted while the decision is being made no longer works when the write comes.
    world.provider.decision =
        domain::CreditDecision{domain::CreditOutcome::completed, std::nullopt, std::nullopt};
    world.provider.during_decision = [&] {
        EXPECT_TRUE(world.payments.delete_payer_token(world.merchant, token, std::string("ended")));
    };
    recur.payee_info.payee_reference = "month-4";
    const auto deleted = world.payments.create_payment(world.merchant, recur);
    ASSERT_FALSE(deleted);
    EXPECT_EQ(ErrorCode::recurrence_token_unknown, deleted.error().code);
}

TEST(PaymentService, AMerchantIsCachedForFiveSecondsOfTheClock) {
    World world;
    MerchantService merchants(*world.store, world.clock, world.ids);
    auto registered =
        merchants.add(MerchantRegistration{"Cached", std::nullopt, std::string(20, 'k'), {}});
    ASSERT_TRUE(registered);
    ASSERT_TRUE(world.payments.authenticate(registered->token));
    domain::MerchantSettings changed = registered->merchant.settings;
    changed.invoice_due_days = 30;
    ASSERT_TRUE(merchants.update_settings(registered->merchant.payee_id, changed));

    world.clock.advance(std::chrono::milliseconds{4999});
    auto cached = world.payments.authenticate(registered->token);
    ASSERT_TRUE(cached);
    EXPECT_EQ(14, cached->merchant->settings.invoice_due_days) << "still the cached merchant";
    world.clock.advance(std::chrono::milliseconds{1});
    auto fresh = world.payments.authenticate(registered->token);
    ASSERT_TRUE(fresh);
    EXPECT_EQ(30, fresh->merchant->settings.invoice_due_days) << "read again after the TTL";
    // A clock set back does not make an entry live longer.
    world.clock.advance(std::chrono::milliseconds{-60000});
    changed.invoice_due_days = 45;
    ASSERT_TRUE(merchants.update_settings(registered->merchant.payee_id, changed));
    EXPECT_EQ(45,
              world.payments.authenticate(registered->token)->merchant->settings.invoice_due_days);
}

TEST(WriteResult, CommitsTheValueAndRollsBackTheError) {
    World world;
    const domain::Payment payment = world.created("order-1");
    const auto refused =
        write_result<int>(*world.store, [&](storage::DbTransaction& db) -> Result<int> {
            domain::Payment changed = *db.find_payment(payment.id);
            changed.description = "changed";
            db.update_payment(changed);
            return domain::Error{ErrorCode::request_invalid, {}, {}};
        });
    EXPECT_FALSE(refused);
    EXPECT_EQ("Order", world.stored(payment.id).description) << "rolled back";
    const auto committed =
        write_result<int>(*world.store, [&](storage::DbTransaction& db) -> Result<int> {
            domain::Payment changed = *db.find_payment(payment.id);
            changed.description = "changed";
            db.update_payment(changed);
            return 7;
        });
    ASSERT_TRUE(committed);
    EXPECT_EQ(7, *committed);
    EXPECT_EQ("changed", world.stored(payment.id).description);
}

}  // namespace
}  // namespace faktura::app
