// The emulator's built-in test persons (test-data.md §1) and the credit decision made about them
// (§3.2). Pure data and lookups: the registry is a constant table, the decision depends only on its
// inputs.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/address.hpp"
#include "domain/amount.hpp"
#include "domain/national_id.hpp"
#include "domain/payment.hpp"

namespace faktura::domain {

// One registered (person, address) pair. A person may have several rows; a lookup picks the row
// whose zip code matches (test-data.md §1, registry rule).
struct RegistryRow {
    Country country = Country::se;
    std::string national_id;  // NationalId::canonical.
    Address address;
    // Found by the lookup, but always refused credit (§12.1 "designated rejected"): lets a payer's
    // page show a refusal and then succeed with another person.
    bool credit_refused = false;

    bool operator==(const RegistryRow&) const = default;
};

// The persons of test-data.md §1, Leia Ahlström with her current and legacy rows, and one person
// per country who is found but refused credit (README, "Test persons"). Built once, never changed.
const std::vector<RegistryRow>& test_person_registry();

// provider_unavailable: the lookup could not be made (an operator's registry timed out or answered
// nonsense); the built-in registry never gives it.
enum class LookupStatus { found, zip_mismatch, person_unknown, provider_unavailable };

struct LookupOutcome {
    LookupStatus status = LookupStatus::person_unknown;
    std::optional<Address> address;  // Set exactly when status is found.

    bool operator==(const LookupOutcome&) const = default;
};

// Zip codes are compared with spaces removed, so "197 92" finds the "19792" row.
LookupOutcome lookup_legal_address(const std::vector<RegistryRow>& registry,
                                   const NationalId& person, std::string_view zip_code);
// The same against test_person_registry().
LookupOutcome lookup_legal_address(const NationalId& person, std::string_view zip_code);

enum class CreditOutcome { completed, failed, initialized };

// Which problem family GET …/failed serves for a failed transaction (test-data.md §3.2, last
// column).
enum class ThirdPartyProblem {
    external_error_500,
    input_error_400,
    external_error_502,
    forbidden_403
};

struct CreditDecision {
    CreditOutcome outcome = CreditOutcome::completed;
    std::optional<TransactionFailure> failure;  // Set exactly when outcome is failed.
    std::optional<ThirdPartyProblem> problem;   // Likewise.

    bool operator==(const CreditDecision&) const = default;
};

// test-data.md §3.2 in its order: magic authorization amounts (minor units) first, then the person
// rules (unknown or credit-refused person → refused as for 900403; zip or country not matching the
// registry → as for 900030), else completed. `activity_name` is "Authorize" or "Verify" and becomes
// failedActivityName.
CreditDecision decide_credit(const std::vector<RegistryRow>& registry, Amount authorization_amount,
                             const NationalId& consumer, const Address& legal_address,
                             std::string_view activity_name);
// The same against test_person_registry().
CreditDecision decide_credit(Amount authorization_amount, const NationalId& consumer,
                             const Address& legal_address, std::string_view activity_name);

}  // namespace faktura::domain
