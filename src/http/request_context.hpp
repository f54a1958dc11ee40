// What every handler knows about the request it serves: the caller, the ids and path parameters the
// router has checked, the query and the problem context; and the answers the handler files share.
// Not part of the library's interface.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "app/document_service.hpp"
#include "app/payer_service.hpp"
#include "app/payment_service.hpp"
#include "http/json_codec.hpp"
#include "http/message.hpp"
#include "http/problem.hpp"

namespace faktura::http {

// A `{name}` segment of the route's pattern and the segment it matched, as sent.
struct PathParam {
    std::string_view name;
    std::string value;
};

struct RequestContext {
    const Request& request;
    std::vector<PathParam> path{};                             // Every {name} of the route.
    std::vector<std::pair<std::string, std::string>> query{};  // Every decoded query parameter.
    std::string expand{};                                      // Value of $expand / expand, if any.
    const ProblemContext& problem;  // The router's: one session id per request, drawn once.
    const UrlBase& base;
    app::PaymentService& payments;
    app::PayerService& payers;
    app::DocumentService& documents;
    std::optional<app::Caller>
        caller{};  // Set once authenticated (every route but Access::anyone).
    // {payment} and {tx}: lower-case GUIDs, checked by the router; empty when the route has none.
    std::string payment_id{};
    std::string transaction_id{};

    Response fail(const domain::Error& error) const { return problem_response(error, problem); }
    Response fail(domain::ErrorCode code) const { return fail(domain::Error{code, {}, {}}); }

    // The segment matched by `{name}` (as sent), or "" when the route has no such parameter.
    std::string_view path_param(std::string_view name) const;
    // The first query parameter named `key` in any case.
    std::optional<std::string> query_value(std::string_view key) const;
};

Response json_response(int status, std::string body);

// A body that failed to decode, answered by the rule of ADR 0005: a caller that may not touch the
// payment learns nothing, not even about its body, so the payment is checked first.
Response body_problem(RequestContext& context, const domain::Error& error);

}  // namespace faktura::http
