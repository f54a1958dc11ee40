// State transitions of a payment: (state, command, now) → Result<new state>. Pure and
// deterministic; the caller loads, calls one of these, and stores the result in one database
// transaction.
#pragma once

#include "domain/commands.hpp"
#include "domain/merchant.hpp"
#include "domain/payment.hpp"
#include "domain/result.hpp"

namespace faktura::domain {

// A new FinancingConsumer or Verify payment in state Ready (F1 / V1). Fails when the payee id of
// the body is not the merchant's, or the payeeReference breaks the merchant's settlement option
// (§25).
Result<Payment> create_payment(const CreatePaymentCommand& command, const Merchant& merchant,
                               const NewPaymentIdentity& identity, Timestamp now);

// A payeeReference (of a payment or a transaction) under the merchant's settlement option: option B
// allows only digits, at most 12 (§25). `field_name` names the field in the problem.
std::optional<Error> check_settlement_reference(SettlementOption option,
                                                const std::string& reference,
                                                std::string field_name);

// Aborts a payment that has no successful transaction (F1 / V1 only, §18.1).
Result<Payment> abort_payment(const Payment& payment, const AbortCommand& command, Timestamp now);

// Problem for an operation the payment does not offer in its state (§24.3), e.g. name "Abort".
Error operation_not_allowed(std::string operation_name);

// The money rules of §4.3; a failure is a bug in a transition, never bad input.
void ensure_money_invariants(const Payment& payment);

}  // namespace faktura::domain
