// The built-in credit provider: answers from the test registry of test-data.md §1 and the decision
// rules of §3.2, plus one trigger of its own (a slow answer) so that a client can see what a slow
// credit provider does to its requests. Keeps no state between calls.
#pragma once

#include <chrono>
#include <functional>

#include "app/credit_provider.hpp"
#include "domain/amount.hpp"

namespace faktura::app {

// The authorization amount (minor units) that makes the test registry wait
// TestRegistryProviderOptions::slow_answer_delay before deciding by the person rules. Not in the
// spec's magic-amount table; documented in docs/credit-provider.md.
inline constexpr domain::Amount slow_answer_amount{900504};

struct TestRegistryProviderOptions {
    std::chrono::milliseconds slow_answer_delay{std::chrono::seconds{5}};
    // Waits the given time; tests pass one that records the wait instead. Called concurrently from
    // every thread that calls decide(), so it must be thread-safe. Empty:
    // runtime::sleep_for (a timer in a request's fiber).
    std::function<void(std::chrono::milliseconds)> sleeper{};
};

class TestRegistryProvider final : public CreditProvider {
  public:
    explicit TestRegistryProvider(TestRegistryProviderOptions options = {});

    // Never answers provider_unavailable.
    domain::LookupOutcome lookup_legal_address(const LegalAddressQuery& query) override;
    // domain::decide_credit with the query's authorization amount; slow_answer_amount first waits
    // slow_answer_delay, then the person rules apply. Thread-safe.
    domain::CreditDecision decide(const CreditQuery& query) override;

  private:
    std::chrono::milliseconds slow_answer_delay_;
    std::function<void(std::chrono::milliseconds)> sleeper_;
};

}  // namespace faktura::app
