#include "app/payment_service.hpp"

#include <stdexcept>

#include "app/record.hpp"
#include "domain/payer_token.hpp"
#include "domain/transitions.hpp"

namespace faktura::app {

using domain::Error;
using domain::ErrorCode;
using domain::Result;

namespace {

// The payment with its transactions and its captures' invoices. Read after a write has committed,
// never inside it: the writer does only what decides and records.
PaymentWithTransactions load_view(storage::DbReader& db, domain::Payment payment) {
    PaymentWithTransactions view{std::move(payment), {}, {}};
    if (view.payment.transaction_counts.total() == 0) return view;
    view.transactions = db.list_transactions(view.payment.id);
    for (const domain::Transaction& transaction : view.transactions) {
        if (transaction.type != domain::TransactionType::capture) continue;
        if (auto invoice = db.find_invoice(transaction.id))
            view.invoices.push_back(std::move(*invoice));
    }
    return view;
}

// The agreement settings a write decides with, read inside the write on purpose: the caller's
// merchant may be up to merchant_cache_ttl old, and a changed setting (`faktura merchant update`)
// applies from the next transaction on. One primary-key read; it decides, it builds no response.
domain::MerchantSettings settings_of(storage::DbReader& db, const std::string& payee_id) {
    auto merchant = db.find_merchant(payee_id);
    return merchant ? merchant->settings : domain::MerchantSettings{};
}

Error payee_reference_used(std::string field_name) {
    return Error{ErrorCode::payee_reference_already_used,
                 {},
                 {{std::move(field_name), "The payeeReference has already been used."}}};
}

}  // namespace

PaymentService::PaymentService(storage::Store& store, Clock& clock, IdGenerator& ids,
                               CreditProvider& credit, std::function<void()> on_recorded)
    : store_(store),
      clock_(clock),
      ids_(ids),
      credit_(credit),
      on_recorded_(std::move(on_recorded)) {}

Result<Caller> PaymentService::authenticate(std::string_view bearer_token) {
    if (bearer_token.empty()) return Error{ErrorCode::token_missing, {}, {}};
    const std::string token_hash = sha256_hex(bearer_token);
    const domain::Timestamp now = clock_.now();
    const std::int64_t ttl_ticks = merchant_cache_ttl.count() * domain::ticks_per_second;
    {
        std::lock_guard lock(merchant_cache_mutex_);
        if (auto hit = merchant_cache_.find(token_hash); hit != merchant_cache_.end()) {
            // A clock set back makes an entry look young: it is then as stale as it looks old.
            const std::int64_t age = now.unix_100ns - hit->second.cached_at.unix_100ns;
            if (age >= 0 && age < ttl_ticks) return Caller{hit->second.merchant, std::nullopt};
            merchant_cache_.erase(hit);
        }
    }
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
    if (caller.merchant) {
        std::lock_guard lock(merchant_cache_mutex_);
        if (merchant_cache_.size() >= merchant_cache_entries_max) merchant_cache_.clear();
        merchant_cache_[token_hash] = CachedMerchant{*caller.merchant, now};
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
    if (command.operation == domain::PaymentOperation::recur) {
        Result<domain::Payment> created = create_recur_payment(merchant, command);
        if (created && on_recorded_) on_recorded_();
        return created;
    }
    domain::NewPaymentIdentity identity{ids_.new_guid(), 0, ids_.new_front_end_token()};
    const domain::Timestamp now = clock_.now();
    if (command.prefill_payment_token && command.invoice_type) {
        // One-click (§20): the stored payer must be one this merchant may use on this payment.
        std::optional<domain::PayerToken> token;
        store_.read([&](storage::DbReader& db) {
            token = db.find_payer_token(*command.prefill_payment_token);
        });
        if (auto refused =
                domain::check_prefill_token(token, merchant.payee_id, *command.invoice_type, now)) {
            return std::move(*refused);
        }
    }
    return write_result<domain::Payment>(
        store_, [&](storage::DbTransaction& db) -> Result<domain::Payment> {
            if (!db.reserve_payee_reference(merchant.payee_id,
                                            command.payee_info.payee_reference)) {
                return payee_reference_used("Payment.PayeeInfo.PayeeReference");
            }
            identity.number = db.next_number();
            auto created = domain::create_payment(command, merchant, identity, now);
            if (created) db.insert_payment(*created);
            return created;
        });
}

Result<domain::Payment> PaymentService::create_recur_payment(const domain::Merchant& merchant,
                                                             domain::CreatePaymentCommand command) {
    const domain::Timestamp now = clock_.now();
    // The token's payer: who was authorized or verified when the token was made.
    std::optional<domain::PayerToken> token;
    std::optional<domain::AuthorizationDetails> payer;
    store_.read([&](storage::DbReader& db) {
        token = db.find_payer_token(command.recurrence_token.value_or(""));
        if (token) payer = db.find_authorization_details(token->transaction_id);
    });
    if (token) command.invoice_type = token->invoice_type;  // Recur sends no invoice (§9.1).

    // The payment's own rules first (payee, settlement option), with a provisional identity.
    domain::NewPaymentIdentity identity{ids_.new_guid(), 0, ids_.new_front_end_token()};
    auto draft = domain::create_payment(command, merchant, identity, now);
    if (!draft) return std::move(draft).error();
    if (auto refused =
            domain::check_recurrence_token(token, merchant.payee_id, command.currency, now)) {
        return std::move(*refused);
    }
    if (!payer) throw std::logic_error("recurrence token " + token->token + " has no payer data");
    const domain::Country country = domain::country_of(token->invoice_type);
    auto person = domain::parse_national_id(country, payer->consumer.national_id,
                                            domain::CivilDate{9999, 12, 31});
    if (!person)
        throw std::logic_error("stored national id of token " + token->token + " does not parse");
    const domain::ValidatedAuthorization input{*person, payer->consumer, payer->legal_address,
                                               payer->billing_address};

    // The credit decision is asked again for this amount (§9.2), outside the write.
    domain::NewTransactionIdentity transaction{ids_.new_guid(), 0, {}, {}};
    const domain::CreditDecision decision = credit_.decide(CreditQuery{
        merchant.payee_id, identity.id, transaction.id, domain::authorization_activity_name(*draft),
        command.currency, draft->price ? draft->price->amount : domain::Amount{},
        draft->price ? draft->price->vat_amount : domain::Amount{}, input.person, input.consumer,
        input.legal_address, input.billing_address});

    return write_result<domain::Payment>(
        store_, [&](storage::DbTransaction& db) -> Result<domain::Payment> {
            // Deleted while the decision was being made: it no longer works.
            if (auto refused = domain::check_recurrence_token(
                    db.find_payer_token(token->token), merchant.payee_id, command.currency, now)) {
                return std::move(*refused);
            }
            if (!db.reserve_payee_reference(merchant.payee_id,
                                            command.payee_info.payee_reference)) {
                return payee_reference_used("Payment.PayeeInfo.PayeeReference");
            }
            identity.number = db.next_number();
            auto created = domain::create_payment(command, merchant, identity, now);
            if (!created) return std::move(created).error();
            transaction.number = db.next_number();
            // One attempt: a refusal fails the Recur payment at once (§9.2).
            auto authorized = domain::authorize(*created, input, decision, transaction, 1, now);
            if (!authorized) return std::move(authorized).error();
            apply_transition(db, *authorized, PaymentRow::insert);
            return std::move(authorized->payment);
        });
}

Result<domain::PayerToken> PaymentService::delete_payer_token(
    const domain::Merchant& merchant, std::string_view token,
    const std::optional<std::string>& comment) {
    const domain::Timestamp now = clock_.now();
    return write_result<domain::PayerToken>(store_, [&](storage::DbTransaction& db) {
        const auto current = db.find_payer_token(token);
        auto deleted = domain::delete_payer_token(current, merchant.payee_id, comment, now);
        if (deleted && !current->is_deleted) db.update_payer_token(*deleted);
        return deleted;
    });
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
        if (auto payment = db.find_payment(payment_id)) found = load_view(db, std::move(*payment));
    });
    if (!found) return Error{ErrorCode::payment_not_found, {}, {}};
    if (auto denied = check_access(caller, found->payment)) return std::move(*denied);
    return std::move(*found);
}

Result<domain::Payment> PaymentService::abort_payment(const Caller& caller,
                                                      std::string_view payment_id,
                                                      const domain::AbortCommand& command) {
    const domain::Timestamp now = clock_.now();
    return write_result<domain::Payment>(
        store_, [&](storage::DbTransaction& db) -> Result<domain::Payment> {
            auto payment = db.find_payment_for_update(payment_id);
            if (!payment) return Error{ErrorCode::payment_not_found, {}, {}};
            if (auto denied = check_access(caller, *payment)) return std::move(*denied);
            auto aborted = domain::abort_payment(*payment, command, now);
            if (aborted) db.update_payment(*aborted);
            return aborted;
        });
}

Result<domain::ApprovedLegalAddress> PaymentService::approve_legal_address(
    const Caller& caller, std::string_view payment_id,
    const domain::ApproveLegalAddressCommand& command) {
    const domain::Timestamp now = clock_.now();
    auto payment = find_payment(caller, payment_id);
    if (!payment) return std::move(payment).error();
    if (auto denied = domain::check_legal_address_lookup_allowed(*payment))
        return std::move(*denied);
    auto lookup =
        domain::validate_legal_address_lookup(*payment, command, domain::civil_date_of(now));
    if (!lookup) return std::move(lookup).error();
    // The registry may be slow or remote: ask it before the write, then re-check the state inside.
    const domain::LookupOutcome outcome = credit_.lookup_legal_address(
        LegalAddressQuery{payment->payee_id, payment->id, lookup->person, lookup->zip_code});
    std::optional<Result<domain::ApprovedLegalAddress>> result;
    store_.write([&](storage::DbTransaction& db) {
        auto current = db.find_payment_for_update(payment_id);
        if (!current) {
            result = Error{ErrorCode::payment_not_found, {}, {}};
            return storage::WorkOutcome::roll_back;
        }
        auto approval = domain::approve_legal_address(*current, *lookup, outcome, now);
        if (!approval) {
            const ErrorCode code = approval.error().code;
            result = std::move(approval).error();
            // A lookup that found no one still counts against the payment's lookup limit.
            if (code == ErrorCode::legal_address_zip_mismatch ||
                code == ErrorCode::legal_address_person_unknown) {
                db.update_payment(domain::record_failed_lookup(*current));
                return storage::WorkOutcome::commit;
            }
            return storage::WorkOutcome::roll_back;
        }
        db.save_approved_legal_address(approval->approved);
        if (!current->has_approved_legal_address) db.update_payment(approval->payment);
        result = approval->approved;
        return storage::WorkOutcome::commit;
    });
    return std::move(*result);
}

Result<domain::ApprovedLegalAddress> PaymentService::find_approved_legal_address(
    const Caller& caller, std::string_view payment_id) {
    auto payment = find_payment(caller, payment_id);
    if (!payment) return std::move(payment).error();
    std::optional<domain::ApprovedLegalAddress> approved;
    store_.read(
        [&](storage::DbReader& db) { approved = db.find_approved_legal_address(payment_id); });
    if (!approved) return Error{ErrorCode::resource_not_found, {}, {}};
    return std::move(*approved);
}

Result<TransactionOutcome> PaymentService::authorize(const Caller& caller,
                                                     std::string_view payment_id,
                                                     const domain::AuthorizeCommand& command,
                                                     domain::TransactionType type) {
    const domain::Timestamp now = clock_.now();
    auto payment = find_payment(caller, payment_id);
    if (!payment) return std::move(payment).error();
    const bool is_verify = payment->operation == domain::PaymentOperation::verify;
    if (type == domain::TransactionType::authorization && is_verify) {
        return domain::operation_not_allowed("Authorization");
    }
    if (type == domain::TransactionType::verification && !is_verify) {
        return domain::operation_not_allowed("Verification");
    }
    if (auto denied = domain::check_authorization_allowed(*payment)) return std::move(*denied);
    auto input = domain::validate_authorization(*payment, command, domain::civil_date_of(now));
    if (!input) return std::move(input).error();

    domain::NewTransactionIdentity identity{ids_.new_guid(), 0, ids_.new_guid(), ids_.new_guid()};
    CreditQuery query{
        payment->payee_id,
        payment->id,
        identity.id,
        domain::authorization_activity_name(*payment),
        payment->currency,
        (!is_verify && payment->price) ? payment->price->amount : domain::Amount{},
        (!is_verify && payment->price) ? payment->price->vat_amount : domain::Amount{},
        input->person,
        input->consumer,
        input->legal_address,
        input->billing_address};
    // The decision may take seconds (an operator's service); it is made outside the write, and the
    // write re-checks the state, so of two racing authorizations at most one completes.
    const domain::CreditDecision decision = credit_.decide(query);

    auto recorded = write_result<domain::TransactionTransition>(
        store_, [&](storage::DbTransaction& db) -> Result<domain::TransactionTransition> {
            auto current = db.find_payment_for_update(payment_id);
            if (!current) return Error{ErrorCode::payment_not_found, {}, {}};
            const domain::MerchantSettings settings = settings_of(db, current->payee_id);
            identity.number = db.next_number();
            auto transition = domain::authorize(*current, *input, decision, identity,
                                                settings.authorization_attempts_max, now);
            if (transition) apply_transition(db, *transition, PaymentRow::update);
            return transition;
        });
    if (!recorded) return std::move(recorded).error();
    return outcome_of(*recorded);
}

TransactionOutcome PaymentService::outcome_of(const domain::TransactionTransition& recorded) {
    if (on_recorded_) on_recorded_();
    // The response view is read after the commit, on a reader: the writer did only the recording.
    std::optional<PaymentWithTransactions> view;
    store_.read([&](storage::DbReader& db) {
        if (auto payment = db.find_payment(recorded.payment.id))
            view = load_view(db, std::move(*payment));
    });
    if (!view) view = PaymentWithTransactions{recorded.payment, {recorded.transaction}, {}};
    return TransactionOutcome{std::move(*view), recorded.transaction.id};
}

template <typename Decide>
Result<TransactionOutcome> PaymentService::record_transaction(const Caller& caller,
                                                              std::string_view payment_id,
                                                              const std::string& payee_reference,
                                                              Decide&& decide) {
    const domain::Timestamp now = clock_.now();
    domain::NewTransactionIdentity identity{ids_.new_guid(), 0, {}, {}};
    auto recorded = write_result<domain::TransactionTransition>(
        store_, [&](storage::DbTransaction& db) -> Result<domain::TransactionTransition> {
            auto current = db.find_payment_for_update(payment_id);
            if (!current) return Error{ErrorCode::payment_not_found, {}, {}};
            if (auto denied = check_access(caller, *current)) return std::move(*denied);
            if (!caller.is_merchant()) return Error{ErrorCode::front_end_token_not_allowed, {}, {}};
            const domain::MerchantSettings settings = settings_of(db, current->payee_id);
            if (auto refused = domain::check_settlement_reference(
                    settings.settlement_option, payee_reference, "Transaction.PayeeReference")) {
                return std::move(*refused);
            }
            identity.number = db.next_number();
            // `decide` runs the domain transition and attaches what hangs off it (a capture's
            // invoice).
            auto transition = decide(db, *current, settings, identity, now);
            if (!transition) return transition;
            if (!db.reserve_payee_reference(current->payee_id, payee_reference)) {
                return payee_reference_used("Transaction.PayeeReference");
            }
            apply_transition(db, *transition, PaymentRow::update);
            return transition;
        });
    if (!recorded) return std::move(recorded).error();
    return outcome_of(*recorded);
}

Result<TransactionOutcome> PaymentService::capture(const Caller& caller,
                                                   std::string_view payment_id,
                                                   const domain::CaptureCommand& command) {
    return record_transaction(
        caller, payment_id, command.payee_reference,
        [&](storage::DbTransaction& db, const domain::Payment& payment,
            const domain::MerchantSettings& settings,
            const domain::NewTransactionIdentity& identity, domain::Timestamp now) {
            auto transition = domain::capture(payment, command, identity, now);
            if (transition) {
                // The invoice number is drawn only for a capture that happens: the series has no
                // gaps.
                transition->invoice =
                    domain::make_invoice(payment, transition->transaction, command,
                                         db.next_invoice_sequence(payment.payee_id), settings);
            }
            return transition;
        });
}

Result<TransactionOutcome> PaymentService::cancel(const Caller& caller, std::string_view payment_id,
                                                  const domain::CancelCommand& command) {
    return record_transaction(
        caller, payment_id, command.payee_reference,
        [&](storage::DbTransaction& db, const domain::Payment& payment,
            const domain::MerchantSettings&, const domain::NewTransactionIdentity& identity,
            domain::Timestamp now) {
            // The VAT left to cancel depends on what the captures took: a read that decides.
            domain::Amount captured_vat;
            for (const domain::Transaction& transaction : db.list_transactions(payment.id)) {
                if (transaction.type == domain::TransactionType::capture &&
                    transaction.state == domain::TransactionState::completed) {
                    captured_vat += transaction.vat_amount;
                }
            }
            return domain::cancel(payment, command, captured_vat, identity, now);
        });
}

Result<TransactionOutcome> PaymentService::reverse(const Caller& caller,
                                                   std::string_view payment_id,
                                                   const domain::ReverseCommand& command) {
    return record_transaction(
        caller, payment_id, command.payee_reference,
        [&](storage::DbTransaction& db, const domain::Payment& payment,
            const domain::MerchantSettings&, const domain::NewTransactionIdentity& identity,
            domain::Timestamp now) {
            auto transition = domain::reverse(payment, command, identity, now);
            if (transition) {
                // The credit note takes its number from the invoice series, like an invoice, only
                // for a reversal that happens.
                std::vector<domain::Transaction> captures;
                for (domain::Transaction& transaction : db.list_transactions(payment.id)) {
                    if (transaction.type == domain::TransactionType::capture &&
                        transaction.state == domain::TransactionState::completed) {
                        captures.push_back(std::move(transaction));
                    }
                }
                const std::vector<domain::Invoice> invoices = db.list_invoices(payment.id);
                if (!invoices.empty()) {
                    transition->credit_note =
                        domain::make_credit_note(payment, transition->transaction, invoices,
                                                 captures, db.list_credit_notes(payment.id),
                                                 db.next_invoice_sequence(payment.payee_id));
                }
            }
            return transition;
        });
}

Result<domain::AuthorizationDetails> PaymentService::find_authorization_details(
    const Caller& caller, std::string_view payment_id) {
    auto found = find_payment_with_transactions(caller, payment_id);
    if (!found) return std::move(found).error();
    const domain::Transaction* latest = nullptr;
    for (const domain::Transaction& transaction : found->transactions) {
        const bool is_authorization = transaction.type == domain::TransactionType::authorization ||
                                      transaction.type == domain::TransactionType::verification;
        if (!is_authorization) continue;
        // The completed one wins; otherwise the latest attempt.
        if (latest == nullptr || latest->state != domain::TransactionState::completed)
            latest = &transaction;
    }
    if (latest == nullptr) return Error{ErrorCode::resource_not_found, {}, {}};
    std::optional<domain::AuthorizationDetails> details;
    store_.read(
        [&](storage::DbReader& db) { details = db.find_authorization_details(latest->id); });
    if (!details) return Error{ErrorCode::resource_not_found, {}, {}};
    return std::move(*details);
}

Result<std::vector<CallbackHistory>> PaymentService::find_callbacks(const Caller& caller,
                                                                    std::string_view payment_id) {
    auto payment = find_payment(caller, payment_id);
    if (!payment) return std::move(payment).error();
    std::vector<CallbackHistory> history;
    store_.read([&](storage::DbReader& db) {
        for (domain::CallbackDelivery& delivery : db.list_callback_deliveries(payment->id)) {
            std::vector<domain::CallbackAttempt> attempts = db.list_callback_attempts(delivery.id);
            history.push_back(CallbackHistory{std::move(delivery), std::move(attempts)});
        }
    });
    return history;
}

}  // namespace faktura::app
