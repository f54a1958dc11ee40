#include "http/problem.hpp"

#include "http/json_writer.hpp"

namespace faktura::http {

using domain::ErrorCode;

ProblemShape problem_shape(ErrorCode code) {
    constexpr std::string_view input_title = "Error in input data";
    constexpr std::string_view input_detail =
        "Input validation failed, error description in problems node!";
    constexpr std::string_view forbidden_title = "Operation not allowed";
    constexpr std::string_view forbidden_detail =
        "Payment check failed, description in problems node!";
    constexpr std::string_view not_found_detail = "The requested resource was not found.";
    switch (code) {
        case ErrorCode::request_malformed:
        case ErrorCode::request_invalid:
        case ErrorCode::payee_reference_already_used:
        case ErrorCode::recurrence_token_unknown:
        case ErrorCode::payment_token_unknown:
            return {400, "inputerror", input_title, input_detail};
        case ErrorCode::request_body_too_large:
            return {413, "inputerror", input_title, "The request body is too large."};
        case ErrorCode::request_headers_too_large:
            return {431, "inputerror", input_title, "The request headers are too large."};
        case ErrorCode::request_not_http:
            return {400, "inputerror", input_title, "The request is not valid HTTP/1.1."};
        case ErrorCode::unsupported_media_type:
            return {415, "inputerror", input_title,
                    "The request body must be sent as Content-Type: application/json."};
        case ErrorCode::token_missing:
            return {401, "unauthorized", "Unauthorized",
                    "An Authorization header with a Bearer access token is required."};
        case ErrorCode::token_unknown:
            return {401, "unauthorized", "Unauthorized", "The access token is not valid."};
        case ErrorCode::payee_not_owned_by_token:
        case ErrorCode::operation_not_allowed_in_state:
        case ErrorCode::legal_address_lookups_exhausted:
        case ErrorCode::capture_exceeds_capturable_amount:
        case ErrorCode::reversal_exceeds_reversible_amount:
            return {403, "forbidden", forbidden_title, forbidden_detail};
        // The same words whatever the payment's state: the caller must learn nothing about it.
        case ErrorCode::payment_of_other_payee:
        case ErrorCode::front_end_token_not_allowed:
            return {403, "forbidden", "Forbidden",
                    "The access token is not allowed to access this resource."};
        // The credit provider's answers keep its problem family (§24.4).
        case ErrorCode::legal_address_zip_mismatch:
            return {400, "invoice/inputerror", input_title,
                    "Unable to complete the legal address "
                    "lookup, look at problem node!"};
        case ErrorCode::legal_address_person_unknown:
            return {403, "invoice/forbidden", "Operation failed",
                    "Unable to complete the legal address lookup, look at problem node!"};
        case ErrorCode::credit_provider_unavailable:
            return {502, "invoice/externalerror", "External error",
                    "The credit provider could not be reached, look at problem node!"};
        case ErrorCode::route_not_found:
        case ErrorCode::payment_not_found:
        case ErrorCode::resource_not_found:
            return {404, "notfound", "Not found", not_found_detail};
        case ErrorCode::method_not_allowed:
            return {405, "methodnotallowed", "Method not allowed",
                    "The resource does not support this HTTP method."};
        case ErrorCode::service_overloaded:
            return {503, "systemerror", "Service unavailable",
                    "The server is overloaded; retry later."};
        case ErrorCode::store_unavailable:
            return {503, "systemerror", "Service unavailable",
                    "The database cannot take the request now; nothing of it was saved. Retry "
                    "later."};
        case ErrorCode::system_error:
            return {500, "systemerror", "System error",
                    "An unexpected error occurred; quote the sessionId when reporting it."};
    }
    return {500, "systemerror", "System error",
            "Unknown error."};  // Unreachable: exhaustive switch.
}

namespace {

Response make_problem(const ProblemShape& shape, std::string_view detail,
                      const std::vector<domain::FieldProblem>& problems,
                      const ProblemContext& context) {
    JsonWriter out;
    out.begin_object()
        .field("sessionId", context.session())
        .key("type")
        .string(std::string(problem_type_base) + std::string(shape.type))
        .field("title", shape.title)
        .field("status", static_cast<std::int64_t>(shape.status))
        .field("instance", context.instance)
        .field("detail", detail.empty() ? shape.detail : detail);
    if (!problems.empty()) {
        out.key("problems").begin_array();
        for (const domain::FieldProblem& problem : problems) {
            out.begin_object()
                .field("name", problem.name)
                .field("description", problem.description)
                .end_object();
        }
        out.end_array();
    }
    out.end_object();
    Response response;
    response.status = shape.status;
    response.set_header("Content-Type", std::string(problem_content_type));
    if (shape.status == 401) response.set_header("WWW-Authenticate", "Bearer");
    response.body = out.take();
    return response;
}

}  // namespace

Response problem_response(const domain::Error& error, const ProblemContext& context) {
    return make_problem(problem_shape(error.code), error.detail, error.problems, context);
}

ErrorCode error_code_of(ProtocolError error) {
    switch (error) {
        case ProtocolError::body_too_large:
            return ErrorCode::request_body_too_large;
        case ProtocolError::header_too_large:
            return ErrorCode::request_headers_too_large;
        case ProtocolError::bad_request:
            return ErrorCode::request_not_http;
        case ProtocolError::overloaded:
            return ErrorCode::service_overloaded;
        case ProtocolError::handler_failed:
            return ErrorCode::system_error;
    }
    return ErrorCode::system_error;  // Unreachable: the switch covers every enumerator.
}

Response protocol_problem_response(ProtocolError error, const ProblemContext& context) {
    return problem_response(domain::Error{error_code_of(error), {}, {}}, context);
}

}  // namespace faktura::http
