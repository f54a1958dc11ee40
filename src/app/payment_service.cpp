#include "app/payment_service.hpp"

#include "domain/transitions.hpp"

namespace faktura::app {

using domain::Error;
using domain::ErrorCode;
using domain::Result;

PaymentService::PaymentService(storage::Store& store, Clock& clock, IdGenerator& ids)
    : store_(store), clock_(clock), ids_(ids) {}

Result<Caller> PaymentService::authenticate(std::string_view bearer_token) {
    if (bearer_token.empty()) return Error{ErrorCode::token_missing, {}, {}};
    const std::string token_hash = sha256_hex(bearer_token);
    Caller caller;
    store_.read([&](storage::DbReader& db) {
        caller.merchant = db.find_merchant_by_token_hash(token_hash);
        if (!caller.merchant && bearer_token.size() == 64) {
            if (auto payment = db.find_payment_by_front_end_token(bearer_token)) {
                caller.front_end_payment_id = payment->id;
            }
        }
    });
    if (!caller.merchant && !caller.front_end_payment_id) {
        return Error{ErrorCode::token_unknown, {}, {}};
    }
    return caller;
}

std::optional<Error> PaymentService::check_access(const Caller& caller,
                                                  const domain::Payment& payment) {
    if (caller.merchant) {
        if (caller.merchant->payee_id == payment.payee_id) return std::nullopt;
        return Error{ErrorCode::payment_of_other_payee, {}, {}};
    }
    if (caller.front_end_payment_id == payment.id) return std::nullopt;
    return Error{ErrorCode::front_end_token_not_allowed, {}, {}};
}

Result<domain::Payment> PaymentService::create_payment(
    const domain::Merchant& merchant, const domain::CreatePaymentCommand& command) {
    domain::NewPaymentIdentity identity{ids_.new_guid(), 0, ids_.new_front_end_token()};
    const domain::Timestamp now = clock_.now();
    std::optional<Result<domain::Payment>> outcome;
    store_.write([&](storage::DbTransaction& db) {
        if (!db.reserve_payee_reference(merchant.payee_id, command.payee_info.payee_reference)) {
            outcome = Error{ErrorCode::payee_reference_already_used,
                            {},
                            {{"Payment.PayeeInfo.PayeeReference",
                              "The payeeReference has already been used."}}};
            return storage::WorkOutcome::roll_back;
        }
        identity.number = db.next_number();
        outcome = domain::create_payment(command, merchant, identity, now);
        if (!*outcome) return storage::WorkOutcome::roll_back;
        db.insert_payment(outcome->value());
        return storage::WorkOutcome::commit;
    });
    return std::move(*outcome);
}

Result<domain::Payment> PaymentService::find_payment(const Caller& caller,
                                                     std::string_view payment_id) {
    std::optional<domain::Payment> payment;
    store_.read([&](storage::DbReader& db) { payment = db.find_payment(payment_id); });
    if (!payment) return Error{ErrorCode::payment_not_found, {}, {}};
    if (auto denied = check_access(caller, *payment)) return std::move(*denied);
    return std::move(*payment);
}

Result<PaymentWithTransactions> PaymentService::find_payment_with_transactions(
    const Caller& caller, std::string_view payment_id) {
    std::optional<PaymentWithTransactions> found;
    store_.read([&](storage::DbReader& db) {
        if (auto payment = db.find_payment(payment_id)) {
            found = PaymentWithTransactions{std::move(*payment), {}};
            if (found->payment.transaction_counts.total() > 0) {
                found->transactions = db.list_transactions(payment_id);
            }
        }
    });
    if (!found) return Error{ErrorCode::payment_not_found, {}, {}};
    if (auto denied = check_access(caller, found->payment)) return std::move(*denied);
    return std::move(*found);
}

Result<domain::Payment> PaymentService::abort_payment(const Caller& caller,
                                                      std::string_view payment_id,
                                                      const domain::AbortCommand& command) {
    const domain::Timestamp now = clock_.now();
    std::optional<Result<domain::Payment>> outcome;
    store_.write([&](storage::DbTransaction& db) {
        auto payment = db.find_payment(payment_id);
        if (!payment) {
            outcome = Error{ErrorCode::payment_not_found, {}, {}};
            return storage::WorkOutcome::roll_back;
        }
        if (auto denied = check_access(caller, *payment)) {
            outcome = std::move(*denied);
            return storage::WorkOutcome::roll_back;
        }
        outcome = domain::abort_payment(*payment, command, now);
        if (!*outcome) return storage::WorkOutcome::roll_back;
        db.update_payment(outcome->value());
        return storage::WorkOutcome::commit;
    });
    return std::move(*outcome);
}

}  // namespace faktura::app
