// The built-in registry behind the CreditProvider interface: the pure domain tables do the
// deciding; this file only adds the slow-answer wait.
#include "app/test_registry_provider.hpp"

#include <utility>

#include "domain/person_registry.hpp"
#include "runtime/fiber.hpp"

namespace faktura::app {

TestRegistryProvider::TestRegistryProvider(TestRegistryProviderOptions options)
    : slow_answer_delay_(options.slow_answer_delay), sleeper_(std::move(options.sleeper)) {
    if (!sleeper_) {
        // A timer in a request's fiber: the io thread serves others meanwhile.
        sleeper_ = [](std::chrono::milliseconds delay) { runtime::sleep_for(delay); };
    }
}

domain::LookupOutcome TestRegistryProvider::lookup_legal_address(const LegalAddressQuery& query) {
    return domain::lookup_legal_address(query.person, query.zip_code);
}

domain::CreditDecision TestRegistryProvider::decide(const CreditQuery& query) {
    // The wait comes before the decision, as a slow remote provider's would, so a client sees the
    // delay on the request that carries the amount and nothing else changes.
    if (query.amount == slow_answer_amount) sleeper_(slow_answer_delay_);
    return domain::decide_credit(query.amount, query.person, query.legal_address,
                                 query.activity_name);
}

}  // namespace faktura::app
