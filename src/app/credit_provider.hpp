// Who decides about the payer: the legal-address registry and the credit decision behind one
// interface. The built-in test registry answers from test-data.md; an operator's service is reached
// over HTTP (outbound/http_credit_provider). Calls may block, so they are made before the database
// write, never inside it.
#pragma once

#include <optional>
#include <string>

#include "domain/address.hpp"
#include "domain/amount.hpp"
#include "domain/national_id.hpp"
#include "domain/payer.hpp"
#include "domain/payment.hpp"
#include "domain/person_registry.hpp"

namespace faktura::app {

struct LegalAddressQuery {
    std::string payee_id;
    std::string payment_id;
    domain::NationalId person;
    std::string zip_code;  // As typed; providers compare it with spaces removed.
};

struct CreditQuery {
    std::string payee_id;
    std::string payment_id;
    std::string transaction_id;
    std::string activity_name;  // "Authorize" or "Verify": becomes failedActivityName.
    domain::Currency currency = domain::Currency::sek;
    domain::Amount amount;  // 0 for a verification.
    domain::Amount vat_amount;
    domain::NationalId person;
    domain::Consumer consumer;
    domain::Address legal_address;
    std::optional<domain::Address> billing_address;
};

class CreditProvider {
  public:
    virtual ~CreditProvider() = default;
    // Never throws for an unavailable provider: that is LookupStatus::provider_unavailable.
    virtual domain::LookupOutcome lookup_legal_address(const LegalAddressQuery& query) = 0;
    // Never throws for an unavailable provider: time-outs and bad answers become a Failed decision
    // with an externalerror problem (spec §24.4). Thread-safe.
    virtual domain::CreditDecision decide(const CreditQuery& query) = 0;
};

}  // namespace faktura::app
