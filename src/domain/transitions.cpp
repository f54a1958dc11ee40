#include "domain/transitions.hpp"

#include <stdexcept>

#include "domain/operations.hpp"
#include "domain/text.hpp"

namespace faktura::domain {
Error operation_not_allowed(std::string operation_name) {
    std::string description =
        operation_name + " is not allowed in the current state of the payment.";
    return Error{ErrorCode::operation_not_allowed_in_state,
                 {},
                 {FieldProblem{std::move(operation_name), std::move(description)}}};
}

std::optional<Error> check_settlement_reference(SettlementOption option,
                                                const std::string& reference,
                                                std::string field_name) {
    // The codec checked the option-A charset and length; option B is stricter (digits, ≤ 12),
    // because the reference itself goes to the acquirer (§25).
    if (option != SettlementOption::b || (is_digits(reference) && reference.size() <= 12)) {
        return std::nullopt;
    }
    return Error{ErrorCode::request_invalid,
                 {},
                 {FieldProblem{std::move(field_name),
                               "The payeeReference must be at most 12 digits for a merchant with "
                               "settlement option B."}}};
}

Result<Payment> create_payment(const CreatePaymentCommand& command, const Merchant& merchant,
                               const NewPaymentIdentity& identity, Timestamp now) {
    if (command.payee_info.payee_id != merchant.payee_id) {
        return Error{ErrorCode::payee_not_owned_by_token,
                     {},
                     {FieldProblem{"Payment.PayeeInfo.PayeeId",
                                   "The payeeId does not belong to the access token's merchant."}}};
    }
    if (auto refused = check_settlement_reference(merchant.settings.settlement_option,
                                                  command.payee_info.payee_reference,
                                                  "Payment.PayeeInfo.PayeeReference")) {
        return std::move(*refused);
    }

    Payment payment;
    payment.id = identity.id;
    payment.payee_id = merchant.payee_id;
    payment.number = identity.number;
    payment.created_at = now;
    payment.updated_at = now;
    payment.operation = command.operation;
    payment.state = PaymentState::ready;
    payment.currency = command.currency;
    payment.invoice_type = command.invoice_type.value_or(InvoiceType::payex_financing_se);
    if (command.operation != PaymentOperation::verify) payment.price = command.price;
    payment.description = command.description;
    payment.payer_reference = command.payer_reference;
    payment.initiating_system_user_agent = command.initiating_system_user_agent;
    payment.user_agent = command.user_agent;
    payment.language = command.language;
    payment.urls = command.urls;
    payment.payee_info = command.payee_info;
    if (!payment.payee_info.payee_name) payment.payee_info.payee_name = merchant.name;
    payment.metadata = command.metadata;
    // A Recur payment is made with a token; it generates none (§9, §20).
    const bool is_recur = command.operation == PaymentOperation::recur;
    payment.generate_payment_token = command.generate_payment_token && !is_recur;
    payment.generate_recurrence_token = command.generate_recurrence_token && !is_recur;
    if (is_recur) payment.recurrence_token_used = command.recurrence_token;
    payment.prefill_payment_token = is_recur ? std::nullopt : command.prefill_payment_token;
    payment.prefill_msisdn = command.prefill_msisdn;
    payment.front_end_token = identity.front_end_token;
    ensure_money_invariants(payment);
    return payment;
}

Result<Payment> abort_payment(const Payment& payment, const AbortCommand& command, Timestamp now) {
    if (!offers(merchant_operations(payment), OperationRel::update_payment_abort)) {
        return operation_not_allowed("Abort");
    }
    Payment aborted = payment;
    aborted.state = PaymentState::aborted;
    aborted.abort_reason = command.abort_reason;
    aborted.updated_at = now;
    return aborted;
}

void ensure_money_invariants(const Payment& payment) {
    const bool holds = payment.authorized.minor >= 0 && payment.captured.minor >= 0 &&
                       payment.cancelled.minor >= 0 && payment.reversed.minor >= 0 &&
                       payment.captured + payment.cancelled <= payment.authorized &&
                       payment.reversed <= payment.captured;
    if (!holds) {
        throw std::logic_error("money invariant broken on payment " + payment.id);
    }
}

}  // namespace faktura::domain
