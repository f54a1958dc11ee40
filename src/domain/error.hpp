// Expected failures as facts. The domain and app layers name what happened; http/problem.cpp alone
// decides how each code looks on the wire (status, problem type, title).
#pragma once

#include <string>
#include <vector>

namespace faktura::domain {

enum class ErrorCode {
    // The request itself.
    request_malformed,  // Body is not JSON, or a value has the wrong JSON type.
    request_invalid,    // Fields fail validation; problems[] names each one.
    request_body_too_large,
    request_headers_too_large,
    request_not_http,  // The bytes received are not an HTTP/1.1 request.
    unsupported_media_type,
    // Who is asking.
    token_missing,
    token_unknown,
    payee_not_owned_by_token,     // payeeInfo.payeeId is not the authenticated merchant's.
    payment_of_other_payee,       // The payment exists but belongs to another merchant.
    front_end_token_not_allowed,  // A payer's front-end token used outside its payment's routes.
    // What is asked for.
    route_not_found,
    method_not_allowed,
    payment_not_found,
    resource_not_found,  // A sub-resource or transaction that does not exist (yet).
    // Business rules.
    operation_not_allowed_in_state,
    payee_reference_already_used,
    capture_exceeds_capturable_amount,
    reversal_exceeds_reversible_amount,
    recurrence_token_unknown,  // Recur with a token this payee cannot use (§20).
    payment_token_unknown,     // payment.paymentToken that this payee cannot use (§20).
    // The credit provider's answers (third-party problems, spec §24.4).
    legal_address_zip_mismatch,       // 400 invoice/inputerror, code 30.
    legal_address_person_unknown,     // 403 invoice/forbidden.
    credit_provider_unavailable,      // 502 invoice/externalerror.
    legal_address_lookups_exhausted,  // Too many failed lookups on one payment.
    // Infrastructure.
    service_overloaded,
    store_unavailable,  // The database cannot take writes (deleted or replaced, read-only, I/O).
    system_error,
};

// A problem with one named part of the request; safe to show the caller.
struct FieldProblem {
    std::string name;
    std::string description;

    bool operator==(const FieldProblem&) const = default;
};

// `detail` and `problems` are shown to the caller; internal context belongs in the log, never here.
struct Error {
    ErrorCode code;
    std::string detail;
    std::vector<FieldProblem> problems;
};

}  // namespace faktura::domain
