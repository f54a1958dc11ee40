#include "domain/operations.hpp"

#include <algorithm>

namespace faktura::domain {

PaymentSituation situation_of(const Payment& payment) {
    switch (payment.state) {
        case PaymentState::aborted:
            return PaymentSituation::aborted;
        case PaymentState::failed:
            return PaymentSituation::failed;
        case PaymentState::pending:
            return PaymentSituation::pending;
        case PaymentState::ready:
            break;
    }
    return payment.authorization_completed ? PaymentSituation::authorized
                                           : PaymentSituation::awaiting_authorization;
}

std::vector<OperationRel> merchant_operations(const Payment& payment) {
    using enum OperationRel;
    // "If not supplied, view-operation will not be available" (§5.2 footnote 1).
    const bool has_view = !payment.urls.host_urls.empty();
    std::vector<OperationRel> operations;
    switch (situation_of(payment)) {
        case PaymentSituation::awaiting_authorization:
            if (payment.operation == PaymentOperation::verify) {
                operations = {update_payment_abort, create_verification, redirect_verification};
                if (has_view) operations.push_back(view_verification);
            } else {
                // The lookup limit and the operation list agree: an exhausted lookup is not
                // offered.
                if (!payment.lookups_exhausted())
                    operations.push_back(create_approved_legal_address);
                operations.insert(operations.end(), {create_authorization, update_payment_abort,
                                                     redirect_authorization});
                if (has_view) operations.push_back(view_authorization);
            }
            break;
        case PaymentSituation::pending:
            break;
        case PaymentSituation::authorized:
            if (payment.remaining_capture().minor > 0) {
                operations.push_back(create_cancellation);
                operations.push_back(create_capture);
            }
            // Footnote 2: create-reversal only while something captured is not yet reversed.
            if (payment.remaining_reversal().minor > 0) operations.push_back(create_reversal);
            operations.push_back(paid_payment);
            break;
        case PaymentSituation::aborted:
            operations = {aborted_payment};
            break;
        case PaymentSituation::failed:
            operations = {failed_payment};
            break;
    }
    return operations;
}

std::vector<OperationRel> payer_operations(const Payment& payment) {
    using enum OperationRel;
    std::vector<OperationRel> operations;
    switch (situation_of(payment)) {
        case PaymentSituation::awaiting_authorization:
            if (!payment.lookups_exhausted()) operations.push_back(create_approved_legal_address);
            operations.push_back(payment.operation == PaymentOperation::verify
                                     ? create_verification
                                     : create_authorization);
            if (payment.urls.cancel_url) operations.push_back(redirect_merchant_cancel);
            break;
        case PaymentSituation::pending:
            break;
        case PaymentSituation::authorized:
        case PaymentSituation::failed:
            operations = {redirect_merchant_complete};
            break;
        case PaymentSituation::aborted:
            operations = {redirect_merchant_cancel};
            break;
    }
    return operations;
}

bool offers(const std::vector<OperationRel>& operations, OperationRel rel) {
    return std::find(operations.begin(), operations.end(), rel) != operations.end();
}

}  // namespace faktura::domain
