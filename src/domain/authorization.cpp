#include "domain/authorization.hpp"

#include "domain/contact.hpp"
#include "domain/operations.hpp"
#include "domain/transitions.hpp"

namespace faktura::domain {
namespace {

bool is_verify(const Payment& payment) { return payment.operation == PaymentOperation::verify; }

// Validates an address of the payment's country; problems are named "<prefix>.<Field>".
std::optional<Address> validate_address(const AddressInput& input, Country country,
                                        const std::string& prefix,
                                        std::vector<FieldProblem>& problems) {
    bool valid = true;
    if (input.country != country) {
        problems.push_back({prefix + ".CountryCode",
                            "The country code must be the country of the payment's invoice type."});
        valid = false;
    }
    const auto zip = normalise_zip_code(country, input.zip_code);
    if (!zip) {
        problems.push_back({prefix + ".ZipCode", "The zip code is not valid for the country."});
        valid = false;
    }
    if (!valid) return std::nullopt;
    return Address{input.addressee, input.co_address, input.street_address, *zip,
                   input.city,      country};
}

std::string masked_error(const char* code, const char* message) {
    return std::string(code) + " - " + message;
}

}  // namespace

const char* authorization_operation_name(const Payment& payment) {
    return is_verify(payment) ? "Verification" : "Authorization";
}

const char* authorization_activity_name(const Payment& payment) {
    return is_verify(payment) ? "Verify" : "Authorize";
}

std::optional<Error> check_legal_address_lookup_allowed(const Payment& payment) {
    // Verify payments are not offered the operation, but the hosted verification page needs the
    // same lookup; it is allowed wherever the authorization step is.
    if (situation_of(payment) != PaymentSituation::awaiting_authorization) {
        return operation_not_allowed("ApprovedLegalAddress");
    }
    if (payment.lookups_exhausted()) {
        return Error{
            ErrorCode::legal_address_lookups_exhausted,
            {},
            {{"ApprovedLegalAddress", "Too many failed legal address lookups for this payment."}}};
    }
    return std::nullopt;
}

Payment record_failed_lookup(const Payment& payment) {
    Payment next = payment;
    next.failed_lookups += 1;
    return next;
}

std::optional<Error> check_authorization_allowed(const Payment& payment) {
    const OperationRel rel =
        is_verify(payment) ? OperationRel::create_verification : OperationRel::create_authorization;
    if (!offers(merchant_operations(payment), rel)) {
        return operation_not_allowed(authorization_operation_name(payment));
    }
    return std::nullopt;
}

Result<ValidatedLookup> validate_legal_address_lookup(const Payment& payment,
                                                      const ApproveLegalAddressCommand& command,
                                                      CivilDate today) {
    const Country country = country_of(payment.invoice_type);
    std::vector<FieldProblem> problems;
    auto person = parse_national_id(country, command.social_security_number, today);
    if (!person) {
        problems.push_back(
            {"Addressee.SocialSecurityNumber", national_id_invalid_description(country)});
    }
    const auto zip = normalise_zip_code(country, command.zip_code);
    if (!zip)
        problems.push_back({"Addressee.ZipCode", "The zip code is not valid for the country."});
    if (!problems.empty()) {
        return Error{ErrorCode::request_invalid, {}, std::move(problems)};
    }
    return ValidatedLookup{std::move(*person), *zip};
}

Result<ValidatedAuthorization> validate_authorization(const Payment& payment,
                                                      const AuthorizeCommand& command,
                                                      CivilDate today) {
    const Country country = country_of(payment.invoice_type);
    std::vector<FieldProblem> problems;
    auto person = parse_national_id(country, command.social_security_number, today);
    if (!person) {
        problems.push_back(
            {"Consumer.SocialSecurityNumber", national_id_invalid_description(country)});
    }
    auto legal = validate_address(command.legal_address, country, "LegalAddress", problems);
    std::optional<Address> billing;
    if (command.billing_address) {
        billing = validate_address(*command.billing_address, country, "BillingAddress", problems);
    }
    if (!problems.empty()) return Error{ErrorCode::request_invalid, {}, std::move(problems)};
    Consumer consumer{person->canonical, command.customer_number, command.email, command.msisdn,
                      command.ip};
    return ValidatedAuthorization{std::move(*person), std::move(consumer), std::move(*legal),
                                  std::move(billing)};
}

Result<LegalAddressApproval> approve_legal_address(const Payment& payment,
                                                   const ValidatedLookup& lookup,
                                                   const LookupOutcome& outcome, Timestamp now) {
    if (auto denied = check_legal_address_lookup_allowed(payment)) return std::move(*denied);
    switch (outcome.status) {
        case LookupStatus::found:
            break;
        case LookupStatus::zip_mismatch:
            return Error{ErrorCode::legal_address_zip_mismatch,
                         {},
                         {{"ExternalResponse", masked_error("30", "ValidationError")}}};
        case LookupStatus::person_unknown:
            return Error{ErrorCode::legal_address_person_unknown,
                         {},
                         {{"ExternalResponse", masked_error("1002", "PersonNotFound")}}};
        case LookupStatus::provider_unavailable:
            return Error{ErrorCode::credit_provider_unavailable,
                         {},
                         {{"ExternalResponse", "The legal address registry did not answer."}}};
    }
    LegalAddressApproval approval{
        payment, ApprovedLegalAddress{payment.id, lookup.person.canonical, *outcome.address, now}};
    approval.payment.has_approved_legal_address = true;
    return approval;
}

Result<TransactionTransition> authorize(const Payment& payment, const ValidatedAuthorization& input,
                                        const CreditDecision& decision,
                                        const NewTransactionIdentity& identity,
                                        std::int32_t attempts_max, Timestamp now) {
    if (auto denied = check_authorization_allowed(payment)) return std::move(*denied);
    const bool verify = is_verify(payment);

    TransactionTransition result{payment, {}};
    Payment& next = result.payment;
    Transaction& transaction = result.transaction;
    transaction.id = identity.id;
    transaction.payment_id = payment.id;
    transaction.type = verify ? TransactionType::verification : TransactionType::authorization;
    transaction.number = identity.number;
    transaction.created_at = now;
    transaction.updated_at = now;
    if (!verify && payment.price) {
        transaction.amount = payment.price->amount;
        transaction.vat_amount = payment.price->vat_amount;
    }
    transaction.description = payment.description;
    transaction.payee_reference = payment.payee_info.payee_reference;

    next.updated_at = now;
    if (verify) {
        next.transaction_counts.verifications += 1;
    } else {
        next.transaction_counts.authorizations += 1;
    }

    switch (decision.outcome) {
        case CreditOutcome::completed:
            transaction.state = TransactionState::completed;
            transaction.is_operational = false;
            next.authorization_completed = true;
            next.authorized = transaction.amount;
            if (payment.generate_payment_token) next.payment_token = identity.payment_token;
            // A completed verification always yields a recurrence token (§8.1, §20).
            if (payment.generate_recurrence_token || verify) {
                next.recurrence_token = identity.recurrence_token;
            }
            break;
        case CreditOutcome::failed:
            transaction.state = TransactionState::failed;
            transaction.failure = decision.failure.value_or(
                TransactionFailure{"ExternalResponseError", authorization_activity_name(payment),
                                   std::nullopt, "No error code"});
            next.failed_attempts += 1;
            if (next.failed_attempts >= attempts_max) next.state = PaymentState::failed;
            // Operational while the payment still accepts a new attempt (§4.5, C-11).
            transaction.is_operational = next.state == PaymentState::ready;
            break;
        case CreditOutcome::initialized:
            transaction.state = TransactionState::initialized;
            transaction.is_operational = true;
            next.state = PaymentState::pending;
            break;
    }

    result.details = AuthorizationDetails{transaction.id, payment.id, input.consumer,
                                          input.legal_address, input.billing_address};
    const auto add_token = [&](const std::optional<std::string>& token, PayerTokenKind kind) {
        if (!token) return;
        result.tokens.push_back(PayerToken{*token, kind, payment.payee_id, payment.id,
                                           transaction.id, payment.currency, payment.invoice_type,
                                           now, false, std::nullopt, std::nullopt});
    };
    add_token(next.payment_token, PayerTokenKind::payment);
    add_token(next.recurrence_token, PayerTokenKind::recurrence);
    ensure_money_invariants(next);
    result.events.push_back(recorded_event(next, transaction));
    return result;
}

ThirdPartyProblem third_party_problem_of(const TransactionFailure& failure) {
    return third_party_problem_of(failure.error_code);
}

ThirdPartyProblem third_party_problem_of(const std::optional<std::string>& error_code) {
    if (!error_code || error_code->empty()) return ThirdPartyProblem::external_error_500;
    const std::string& code = *error_code;
    if (code == "10" || code == "30" || code == "3010") return ThirdPartyProblem::input_error_400;
    if (code == "40" || code == "50" || code == "60" || code == "9999") {
        return ThirdPartyProblem::external_error_502;
    }
    return ThirdPartyProblem::forbidden_403;
}

}  // namespace faktura::domain
