// What every handler knows about the request it serves: the parsed target, the problem context and
// the caller. Shared by routes.cpp and the handler files; not part of the library's interface.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/payer_service.hpp"
#include "app/payment_service.hpp"
#include "http/json_codec.hpp"
#include "http/message.hpp"
#include "http/problem.hpp"

namespace faktura::http {

struct RequestContext {
    const Request& request;
    std::vector<std::string> segments;  // Decoded path segments, empty ones removed.
    std::string expand;                 // Value of $expand / expand, if any.
    std::vector<std::pair<std::string, std::string>> query;  // Every decoded query parameter.
    ProblemContext problem;
    const UrlBase& base;
    app::PaymentService& payments;
    app::PayerService& payers;
    std::optional<app::Caller> caller;  // Set once authenticated.

    Response fail(const domain::Error& error) const { return problem_response(error, problem); }
    Response fail(domain::ErrorCode code) const { return fail(domain::Error{code, {}, {}}); }
};

Response json_response(int status, std::string body);

// Handlers, one per route (payment_handlers.cpp). segments[3] is the payment id where present.
Response handle_create_payment(RequestContext& context);
Response handle_get_payment(RequestContext& context);
Response handle_abort_payment(RequestContext& context);
Response handle_delete_payer_token(RequestContext& context);  // PATCH …/instrumentdata/{token}
Response handle_get_sub_resource(RequestContext& context);
Response handle_get_transaction_item(RequestContext& context);

// transaction_handlers.cpp: creating transactions and reading the payer data.
Response handle_post_sub_resource(RequestContext& context);     // POST …/{id}/<name>
Response handle_get_payer_resource(RequestContext& context);    // GET …/{id}/<payer data or status>
Response handle_get_transaction_detail(RequestContext& context);  // GET …/transactions/{tx}/<name>
bool is_payer_resource(std::string_view name);

// page_handlers.cpp: the payer's pages, the seamless-view script and the static assets (§21).
Response handle_page(RequestContext& context);         // GET /invoice/payments/{flow}/{token}
Response handle_page_post(RequestContext& context);    // POST …/{token}/consumer|confirm|cancel
Response handle_client_script(RequestContext& context);
Response handle_asset(RequestContext& context);

// Shared by the handler files.
std::optional<std::string> payment_id_of(const RequestContext& context);
std::string lowercase_id(std::string id);

}  // namespace faktura::http
