// Which operations a payment offers in its current state: the state × operations table of spec §5.2
// (merchant view) and §21.5 (payer's view). Pure; the wire spelling of each rel lives in the codec.
#pragma once

#include <cstdint>
#include <vector>

#include "domain/payment.hpp"

namespace faktura::domain {

enum class OperationRel {
    create_approved_legal_address,
    create_authorization,
    update_payment_abort,
    redirect_authorization,
    view_authorization,
    create_verification,
    redirect_verification,
    view_verification,
    create_cancellation,
    create_capture,
    create_reversal,
    paid_payment,
    failed_payment,
    aborted_payment,
    redirect_merchant_complete,
    redirect_merchant_cancel,
};

// The situations of §5.2 that decide the operations.
enum class PaymentSituation {
    awaiting_authorization,  // F1 / V1.
    pending,                 // F2.
    authorized,              // F3–F5, R1, V2.
    aborted,                 // F6.
    failed,                  // F7.
};

PaymentSituation situation_of(const Payment& payment);

// The merchant's operations, in the order of the table's cells.
std::vector<OperationRel> merchant_operations(const Payment& payment);

// The operations a payer's front-end token sees (§21.5).
std::vector<OperationRel> payer_operations(const Payment& payment);

bool offers(const std::vector<OperationRel>& operations, OperationRel rel);

}  // namespace faktura::domain
