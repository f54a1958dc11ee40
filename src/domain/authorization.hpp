// Looking up the approved legal address and authorizing (or verifying) a payment: the rules of spec
// §11, §12, §13 and test-data.md §3.3 as pure functions. The credit decision itself is an input:
// whoever made it (test registry or an operator's service), the state change is decided here.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/address.hpp"
#include "domain/national_id.hpp"
#include "domain/payer.hpp"
#include "domain/payment.hpp"
#include "domain/person_registry.hpp"
#include "domain/result.hpp"
#include "domain/transition.hpp"

namespace faktura::domain {

// POST …/approvedlegaladdress as typed by the caller (formats not yet checked against the country).
struct ApproveLegalAddressCommand {
    std::string social_security_number;
    std::string zip_code;
};

// An address as sent in legalAddress / billingAddress; the codec has checked presence and lengths.
struct AddressInput {
    std::string addressee;
    std::optional<std::string> co_address;
    std::string street_address;
    std::string zip_code;
    std::string city;
    Country country = Country::se;
};

// POST …/authorizations or …/verifications (§12.1, §13).
struct AuthorizeCommand {
    std::string social_security_number;
    std::optional<std::string> customer_number;
    std::optional<std::string> email;
    std::string msisdn;
    std::string ip;
    AddressInput legal_address;
    std::optional<AddressInput> billing_address;
};

struct ValidatedLookup {
    NationalId person;
    std::string zip_code;  // Normalised for the country.
};

struct ValidatedAuthorization {
    NationalId person;
    Consumer consumer;
    Address legal_address;
    std::optional<Address> billing_address;
};

// The rel name of the payment's authorization step: "Authorization", or "Verification" for Verify.
const char* authorization_operation_name(const Payment& payment);
// "Authorize" or "Verify": the credit provider's activity and failedActivityName.
const char* authorization_activity_name(const Payment& payment);

// The lookup and the authorization are offered only in F1 / V1 (§5.2); otherwise the problem
// names the operation. A payment with failed_lookups_max failed lookups allows no more.
std::optional<Error> check_legal_address_lookup_allowed(const Payment& payment);
std::optional<Error> check_authorization_allowed(const Payment& payment);

// Country-dependent formats: the national id and zip code of the payment's country (§6.2).
Result<ValidatedLookup> validate_legal_address_lookup(const Payment& payment,
                                                      const ApproveLegalAddressCommand& command,
                                                      CivilDate today);
Result<ValidatedAuthorization> validate_authorization(const Payment& payment,
                                                      const AuthorizeCommand& command,
                                                      CivilDate today);

struct LegalAddressApproval {
    Payment payment;  // Now linking approvedLegalAddress and maskedApprovedLegalAddress.
    ApprovedLegalAddress approved;
};

// Turns the registry's answer into the stored approved address, or the spec's problem: zip mismatch
// 400 invoice/inputerror, unknown person 403 invoice/forbidden, provider down 502 (§11.1, §24.4).
Result<LegalAddressApproval> approve_legal_address(const Payment& payment,
                                                   const ValidatedLookup& lookup,
                                                   const LookupOutcome& outcome, Timestamp now);

// The payment after a lookup that found no one, or not at that zip code.
Payment record_failed_lookup(const Payment& payment);

// Identity of a new transaction, drawn by the caller from the store and the id generator.
struct NewTransactionIdentity {
    std::string id;
    std::int64_t number = 0;
    std::string payment_token;     // Used only if the authorization generates one.
    std::string recurrence_token;  // Likewise.
};

// Records the credit decision as an Authorization (or Verification) transaction with its payer data
// (`details`) and moves the payment:
// Completed → authorized (F3 / V2), tokens generated as requested; Failed → F1 while attempts are
// left, else Failed (F7); Initialized → Pending (F2).
Result<TransactionTransition> authorize(const Payment& payment, const ValidatedAuthorization& input,
                                        const CreditDecision& decision,
                                        const NewTransactionIdentity& identity,
                                        std::int32_t attempts_max, Timestamp now);

// The problem family of a credit provider's error code (§24.4): none → externalerror 500;
// 10, 30, 3010 → inputerror 400; 40, 50, 60, 9999 → externalerror 502; any other → forbidden 403.
ThirdPartyProblem third_party_problem_of(const std::optional<std::string>& error_code);
// The problem family of GET …/failed for a failed transaction (§18.3).
ThirdPartyProblem third_party_problem_of(const TransactionFailure& failure);

}  // namespace faktura::domain
