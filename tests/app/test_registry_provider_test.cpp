// Tests the built-in credit provider through the CreditProvider interface: registry answers, the
// magic amounts passed through, and the slow-answer trigger with a recording sleeper (no real
// waits except one short check of the default sleeper).
#include "app/test_registry_provider.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>
#include <vector>

namespace faktura::app {
namespace {

using std::chrono::milliseconds;

domain::NationalId azra_oliveira() {
    return domain::NationalId{domain::Country::se, "196003071161", {1960, 3, 7}};
}

domain::NationalId unregistered_swede() {
    // Valid checksum (test-data.md §2.2 rules), but in no registry row.
    return domain::NationalId{domain::Country::se, "198112189876", {1981, 12, 18}};
}

domain::Address azra_address() {
    return domain::Address{.addressee = "Azra Oliveira",
                           .co_address = std::nullopt,
                           .street_address = "Helgestavägen 9",
                           .zip_code = "19792",
                           .city = "Bro",
                           .country = domain::Country::se};
}

CreditQuery credit_query(domain::NationalId person, domain::Amount amount,
                         std::string activity_name = "Authorize") {
    return CreditQuery{
        .payee_id = "payee",
        .payment_id = "payment",
        .transaction_id = "transaction",
        .activity_name = std::move(activity_name),
        .currency = domain::Currency::sek,
        .amount = amount,
        .vat_amount = domain::Amount{0},
        .person = person,
        .consumer = domain::Consumer{.national_id = person.canonical,
                                     .customer_number = std::nullopt,
                                     .email = std::nullopt,
                                     .msisdn = "+46739000001",
                                     .ip = "127.0.0.1"},
        .legal_address = azra_address(),
        .billing_address = std::nullopt,
    };
}

// Records every wait instead of sleeping. Safe to call from several threads.
struct RecordingSleeper {
    std::shared_ptr<std::mutex> mutex = std::make_shared<std::mutex>();
    std::shared_ptr<std::vector<milliseconds>> waits =
        std::make_shared<std::vector<milliseconds>>();

    std::function<void(milliseconds)> function() const {
        return [mutex = mutex, waits = waits](milliseconds delay) {
            const std::lock_guard lock(*mutex);
            waits->push_back(delay);
        };
    }
    std::vector<milliseconds> recorded() const {
        const std::lock_guard lock(*mutex);
        return *waits;
    }
};

TEST(TestRegistryProvider, LookupFindsTheRegisteredAddressIgnoringSpacesInTheZipCode) {
    TestRegistryProvider provider;
    const domain::LookupOutcome outcome =
        provider.lookup_legal_address(LegalAddressQuery{.payee_id = "payee",
                                                        .payment_id = "payment",
                                                        .person = azra_oliveira(),
                                                        .zip_code = "197 92"});
    EXPECT_EQ(outcome.status, domain::LookupStatus::found);
    EXPECT_EQ(outcome.address, azra_address());
}

TEST(TestRegistryProvider, LookupTellsZipMismatchFromUnknownPerson) {
    TestRegistryProvider provider;
    EXPECT_EQ(provider
                  .lookup_legal_address({.payee_id = "payee",
                                         .payment_id = "payment",
                                         .person = azra_oliveira(),
                                         .zip_code = "11122"})
                  .status,
              domain::LookupStatus::zip_mismatch);
    EXPECT_EQ(provider
                  .lookup_legal_address({.payee_id = "payee",
                                         .payment_id = "payment",
                                         .person = unregistered_swede(),
                                         .zip_code = "19792"})
                  .status,
              domain::LookupStatus::person_unknown);
}

TEST(TestRegistryProvider, CompletesForARegisteredPersonAtTheirAddressWithoutWaiting) {
    RecordingSleeper sleeper;
    TestRegistryProvider provider(
        {.slow_answer_delay = milliseconds{5000}, .sleeper = sleeper.function()});
    const domain::CreditDecision decision =
        provider.decide(credit_query(azra_oliveira(), domain::Amount{1500}));
    EXPECT_EQ(decision.outcome, domain::CreditOutcome::completed);
    EXPECT_TRUE(sleeper.recorded().empty());
}

TEST(TestRegistryProvider, MagicAmountsDecideAndNameTheQueryActivity) {
    TestRegistryProvider provider;
    const domain::CreditDecision decision =
        provider.decide(credit_query(azra_oliveira(), domain::Amount{900403}, "Verify"));
    ASSERT_EQ(decision.outcome, domain::CreditOutcome::failed);
    ASSERT_TRUE(decision.failure);
    EXPECT_EQ(decision.failure->reason, "ExternalResponseError");
    EXPECT_EQ(decision.failure->activity_name, "Verify");
    EXPECT_EQ(decision.failure->error_code, "1001");
    EXPECT_EQ(decision.problem, domain::ThirdPartyProblem::forbidden_403);
    EXPECT_EQ(provider.decide(credit_query(azra_oliveira(), domain::Amount{900999})).outcome,
              domain::CreditOutcome::initialized);
}

TEST(TestRegistryProvider, SlowAnswerWaitsTheDefaultFiveSecondsThenCompletesForAKnownPerson) {
    RecordingSleeper sleeper;
    TestRegistryProvider provider({.sleeper = sleeper.function()});
    const domain::CreditDecision decision =
        provider.decide(credit_query(azra_oliveira(), slow_answer_amount));
    EXPECT_EQ(decision.outcome, domain::CreditOutcome::completed);
    EXPECT_EQ(sleeper.recorded(), std::vector<milliseconds>{milliseconds{5000}});
}

TEST(TestRegistryProvider, SlowAnswerWaitsTheConfiguredDelayThenAppliesThePersonRules) {
    RecordingSleeper sleeper;
    TestRegistryProvider provider(
        {.slow_answer_delay = milliseconds{250}, .sleeper = sleeper.function()});
    const domain::CreditDecision decision =
        provider.decide(credit_query(unregistered_swede(), slow_answer_amount));
    ASSERT_EQ(decision.outcome, domain::CreditOutcome::failed);
    EXPECT_EQ(decision.failure->error_code, "1001");  // Unknown person: refused as for 900403.
    EXPECT_EQ(sleeper.recorded(), std::vector<milliseconds>{milliseconds{250}});
}

TEST(TestRegistryProvider, DefaultSleeperReallyWaits) {
    TestRegistryProvider provider({.slow_answer_delay = milliseconds{30}, .sleeper = {}});
    const auto started = std::chrono::steady_clock::now();
    provider.decide(credit_query(azra_oliveira(), slow_answer_amount));
    EXPECT_GE(std::chrono::steady_clock::now() - started, milliseconds{30});
}

TEST(TestRegistryProvider, AnswersConcurrentCallersIndependently) {
    RecordingSleeper sleeper;
    TestRegistryProvider provider(
        {.slow_answer_delay = milliseconds{1}, .sleeper = sleeper.function()});
    std::atomic<int> completed{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < 8; ++i) {
        threads.emplace_back([&provider, &completed, i] {
            const domain::Amount amount = i % 2 == 0 ? slow_answer_amount : domain::Amount{100};
            for (int call = 0; call < 50; ++call) {
                if (provider.decide(credit_query(azra_oliveira(), amount)).outcome ==
                    domain::CreditOutcome::completed)
                    ++completed;
            }
        });
    }
    for (std::thread& thread : threads) thread.join();
    EXPECT_EQ(completed.load(), 8 * 50);
    EXPECT_EQ(sleeper.recorded().size(), 4u * 50u);
}

}  // namespace
}  // namespace faktura::app
