// Every route of the API and of the payer's side in one table (README, "API coverage"), and the
// router that serves it: match the row, authenticate, check the content type, the ids and the
// access, and only then call the handler, which reads the body.
#include "http/routes.hpp"

#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>
#include <cctype>
#include <cstdio>
#include <exception>

#include "http/handlers.hpp"
#include "http/json_reader.hpp"
#include "http/limits.hpp"
#include "http/router.hpp"
#include "runtime/fiber.hpp"
#include "storage/store.hpp"

namespace faktura::http {
namespace {

using enum Access;
using domain::ErrorCode;

constexpr Route routes[] = {
    // The payment (§6–§10) and what the merchant sent (§19).
    {"POST", "/psp/invoice/payments", merchant, handle_create_payment},
    {"GET", "/psp/invoice/payments/{payment}", merchant_or_payer, handle_get_payment},
    {"PATCH", "/psp/invoice/payments/{payment}", merchant_or_payer, handle_abort_payment},
    {"GET", "/psp/invoice/payments/{payment}/urls", merchant, handle_get_part<SubResource::urls>},
    {"GET", "/psp/invoice/payments/{payment}/payeeinfo", merchant,
     handle_get_part<SubResource::payee_info>},
    {"GET", "/psp/invoice/payments/{payment}/prices", merchant,
     handle_get_part<SubResource::prices>},
    {"GET", "/psp/invoice/payments/{payment}/metadata", merchant,
     handle_get_part<SubResource::metadata>},
    {"GET", "/psp/invoice/payments/{payment}/settings", merchant,
     handle_get_part<SubResource::settings>},
    {"GET", "/psp/invoice/payments/{payment}/aborted", merchant, handle_get_aborted},
    // The legal-address lookup (§11) and the payer's data (§18, §19.6).
    {"POST", "/psp/invoice/payments/{payment}/approvedlegaladdress", merchant_or_payer,
     handle_approve_legal_address},
    {"GET", "/psp/invoice/payments/{payment}/approvedlegaladdress", merchant,
     handle_get_approved_legal_address},
    {"GET", "/psp/invoice/payments/{payment}/maskedapprovedlegaladdress", merchant,
     handle_get_masked_approved_legal_address},
    {"GET", "/psp/invoice/payments/{payment}/paid", merchant, handle_get_paid},
    {"GET", "/psp/invoice/payments/{payment}/failed", merchant, handle_get_failed},
    {"GET", "/psp/invoice/payments/{payment}/consumer", merchant, handle_get_consumer},
    {"GET", "/psp/invoice/payments/{payment}/legaladdress", merchant,
     handle_get_address<AddressKind::legal>},
    {"GET", "/psp/invoice/payments/{payment}/billingaddress", merchant,
     handle_get_address<AddressKind::billing>},
    {"GET", "/psp/invoice/payments/{payment}/shippingaddress", merchant,
     handle_get_address<AddressKind::shipping>},
    // Transactions (§12–§17). A payer's token may authorize and verify, never move money (§21.5).
    {"GET", "/psp/invoice/payments/{payment}/transactions", merchant,
     handle_get_transaction_list<SubResource::transactions>},
    {"GET", "/psp/invoice/payments/{payment}/transactions/{tx}", merchant,
     handle_get_transaction<SubResource::transactions>},
    {"GET", "/psp/invoice/payments/{payment}/transactions/{tx}/activities", merchant,
     handle_get_activities},
    {"GET", "/psp/invoice/payments/{payment}/transactions/{tx}/itemdescriptions", merchant,
     handle_get_item_descriptions},
    {"GET", "/psp/invoice/payments/{payment}/authorizations", merchant,
     handle_get_transaction_list<SubResource::authorizations>},
    {"POST", "/psp/invoice/payments/{payment}/authorizations", merchant_or_payer,
     handle_create_authorization},
    {"GET", "/psp/invoice/payments/{payment}/authorizations/{tx}", merchant,
     handle_get_transaction<SubResource::authorizations>},
    {"GET", "/psp/invoice/payments/{payment}/verifications", merchant,
     handle_get_transaction_list<SubResource::verifications>},
    {"POST", "/psp/invoice/payments/{payment}/verifications", merchant_or_payer,
     handle_create_verification},
    {"GET", "/psp/invoice/payments/{payment}/verifications/{tx}", merchant,
     handle_get_transaction<SubResource::verifications>},
    {"GET", "/psp/invoice/payments/{payment}/captures", merchant,
     handle_get_transaction_list<SubResource::captures>},
    {"POST", "/psp/invoice/payments/{payment}/captures", merchant, handle_create_capture},
    {"GET", "/psp/invoice/payments/{payment}/captures/{tx}", merchant,
     handle_get_transaction<SubResource::captures>},
    {"GET", "/psp/invoice/payments/{payment}/cancellations", merchant,
     handle_get_transaction_list<SubResource::cancellations>},
    {"POST", "/psp/invoice/payments/{payment}/cancellations", merchant, handle_create_cancellation},
    {"GET", "/psp/invoice/payments/{payment}/cancellations/{tx}", merchant,
     handle_get_transaction<SubResource::cancellations>},
    {"GET", "/psp/invoice/payments/{payment}/reversals", merchant,
     handle_get_transaction_list<SubResource::reversals>},
    {"POST", "/psp/invoice/payments/{payment}/reversals", merchant, handle_create_reversal},
    {"GET", "/psp/invoice/payments/{payment}/reversals/{tx}", merchant,
     handle_get_transaction<SubResource::reversals>},
    // The invoice copy (§14.7) and a reversal's credit note (a Faktura addition), as PDF.
    {"GET", "/psp/invoice/payments/{payment}/captures/{tx}/invoicecopy", merchant,
     handle_get_invoice_copy, Runs::on_blocking_pool},
    {"GET", "/psp/invoice/payments/{payment}/reversals/{tx}/invoicecopy", merchant,
     handle_get_credit_note, Runs::on_blocking_pool},
    // Settlement (§26; Faktura additions): one merchant's transaction list and balance report.
    {"GET", "/faktura/settlement/transactions", merchant, handle_get_settlement_transactions,
     Runs::on_blocking_pool},
    {"GET", "/faktura/settlement/balance", merchant, handle_get_settlement_balance,
     Runs::on_blocking_pool},
    // What the callback outbox sent for the payment (§22; a Faktura addition).
    {"GET", "/psp/invoice/payments/{payment}/callbacks", merchant, handle_get_callbacks},
    // Stored payer tokens (§20).
    {"PATCH", "/psp/invoice/payments/instrumentdata/{token}", merchant, handle_delete_payer_token},
    // The payer's side (§21): pages, the seamless-view script and static assets. The handlers
    // answer an unknown {flow} or {token} with the not-found page.
    {"GET", "/invoice/payments/{flow}/{token}", anyone, handle_page},
    {"POST", "/invoice/payments/{flow}/{token}/consumer", anyone, handle_page_consumer},
    {"POST", "/invoice/payments/{flow}/{token}/confirm", anyone, handle_page_confirm},
    {"POST", "/invoice/payments/{flow}/{token}/cancel", anyone, handle_page_cancel},
    {"GET", "/invoice/core/scripts/client/px.invoice.client.js", anyone, handle_client_script},
    {"GET", "/invoice/assets/{asset}", anyone, handle_asset},
    // The era's callback test endpoints (§22), so merchants can point callbackUrl at them.
    {"*", "/psp/fakecallback", anyone, handle_fake_callback},
    {"*", "/psp/fakecallback/notfound", anyone, handle_fake_callback_not_found},
    {"*", "/psp/fakecallback/badrequest", anyone, handle_fake_callback_bad_request},
    {"*", "/psp/fakecallback/random", anyone, handle_fake_callback_random},
    {"GET", "/health", anyone, handle_health},
};

// Whether `pattern` matches `segments`; fills `params` with its {name} segments when it does.
bool matches(std::string_view pattern, const std::vector<std::string>& segments,
             std::vector<PathParam>& params) {
    params.clear();
    std::size_t index = 0;
    while (!pattern.empty()) {
        pattern.remove_prefix(1);  // The '/' before each segment.
        const std::size_t slash = pattern.find('/');
        const std::string_view part = pattern.substr(0, slash);
        pattern = slash == std::string_view::npos ? std::string_view{} : pattern.substr(slash);
        if (index == segments.size()) return false;
        const std::string& segment = segments[index++];
        if (part.size() > 2 && part.front() == '{' && part.back() == '}') {
            params.push_back(PathParam{part.substr(1, part.size() - 2), segment});
        } else if (!iequals(part, segment)) {
            return false;
        }
    }
    return index == segments.size();
}

bool method_matches(std::string_view route_method, std::string_view method) {
    return route_method == "*" || route_method == method ||
           (route_method == "GET" && method == "HEAD");
}

// "Bearer <token>", tolerating quotes around the whole value or the token and extra spaces (§3.1).
std::string bearer_token(std::optional<std::string_view> header) {
    if (!header) return {};
    std::string_view value = *header;
    const auto trim = [](std::string_view& text) {
        while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) {
            text.remove_prefix(1);
        }
        while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    };
    const auto unquote = [&](std::string_view& text) {
        trim(text);
        if (text.size() >= 2 && text.front() == '"' && text.back() == '"') {
            text = text.substr(1, text.size() - 2);
            trim(text);
        }
    };
    unquote(value);
    if (value.size() < 7 || !iequals(value.substr(0, 6), "Bearer") ||
        (value[6] != ' ' && value[6] != '\t')) {
        return {};
    }
    value.remove_prefix(7);
    unquote(value);
    return std::string(value);
}

bool is_json_content_type(std::string_view content_type) {
    const std::string_view media = content_type.substr(0, content_type.find(';'));
    std::string_view trimmed = media;
    while (!trimmed.empty() && trimmed.back() == ' ') trimmed.remove_suffix(1);
    return iequals(trimmed, "application/json") ||
           (trimmed.size() > 5 && iequals(trimmed.substr(trimmed.size() - 5), "+json")) ||
           iequals(trimmed, "text/json");
}

// What the router checks before any handler reads the body, in the order the API has always
// answered: 401 for the caller, 415 for the content type, 404 for a {payment} that is no GUID, 403
// for a payer's token on a merchant's route, 404 for a {tx} that is no GUID. Nullopt: the handler
// may run.
std::optional<Response> check_request(RequestContext& context, const Route& route) {
    auto caller =
        context.payments.authenticate(bearer_token(context.request.header("Authorization")));
    if (!caller) return context.fail(caller.error());
    context.caller = std::move(*caller);
    // The API takes JSON; the pages' forms are url-encoded and checked by their handler.
    if (!context.request.body.empty()) {
        if (auto content_type = context.request.header("Content-Type");
            content_type && !is_json_content_type(*content_type)) {
            return context.fail(ErrorCode::unsupported_media_type);
        }
    }
    if (route.pattern.find("{payment}") != std::string_view::npos) {
        auto id = guid_of(context.path_param("payment"));
        if (!id) return context.fail(ErrorCode::payment_not_found);
        context.payment_id = std::move(*id);
    }
    if (auto refused = refusal_of(route.access, *context.caller)) return context.fail(*refused);
    if (route.pattern.find("{tx}") != std::string_view::npos) {
        auto id = guid_of(context.path_param("tx"));
        if (!id) return context.fail(ErrorCode::resource_not_found);
        context.transaction_id = std::move(*id);
    }
    return std::nullopt;
}

}  // namespace

std::span<const Route> route_table() { return routes; }

std::string redact_tokens(std::string_view target) {
    // A payer's page token is 64 hex digits in the path; a seamless-view script carries it as
    // ?token=. Either opens a payment's page to whoever reads the log.
    std::string out;
    out.reserve(target.size());
    std::size_t at = 0;
    while (at < target.size()) {
        std::size_t run = 0;
        while (at + run < target.size() &&
               std::isxdigit(static_cast<unsigned char>(target[at + run]))) {
            ++run;
        }
        if (run >= 32) {
            out += "<redacted>";
            at += run;
            continue;
        }
        if (run > 0) {
            out.append(target.substr(at, run));
            at += run;
            continue;
        }
        out += target[at];
        if ((target[at] == '?' || target[at] == '&') &&
            iequals(target.substr(at + 1, 6), "token=")) {
            out.append(target.substr(at + 1, 6));
            at += 7;
            const std::size_t end = std::min(target.find('&', at), target.size());
            if (end > at) out += "<redacted>";
            at = end;
            continue;
        }
        ++at;
    }
    return out;
}

RouteMatch match_route(std::string_view method, const std::vector<std::string>& segments) {
    RouteMatch match;
    std::vector<PathParam> params;
    for (const Route& candidate : routes) {
        if (!matches(candidate.pattern, segments, params)) continue;
        if (method_matches(candidate.method, method)) {
            match.route = &candidate;
            match.params = std::move(params);
            match.allow.clear();
            return match;
        }
        if (!match.allow.empty()) match.allow += ", ";
        match.allow += candidate.method;
    }
    return match;
}

std::optional<ErrorCode> refusal_of(Access access, const app::Caller& caller) {
    switch (access) {
        case merchant:
            if (!caller.is_merchant()) return ErrorCode::front_end_token_not_allowed;
            return std::nullopt;
        case merchant_or_payer:
        case anyone:
            return std::nullopt;
    }
    return ErrorCode::front_end_token_not_allowed;  // Unreachable: the switch covers every access.
}

Router::Router(app::PaymentService& payments, app::PayerService& payers,
               app::DocumentService& documents, app::IdGenerator& ids, UrlBase base)
    : payments_(payments),
      payers_(payers),
      documents_(documents),
      ids_(ids),
      base_(std::make_shared<const UrlBase>(std::move(base))) {}

std::optional<Response> Router::check_header(const RequestHead& head) {
    const std::string_view target = head.target;
    const bool merchant_api =
        target.size() > 5 && iequals(target.substr(0, 5), "/psp/") &&
        !(target.size() >= 17 && iequals(target.substr(0, 17), "/psp/fakecallback"));
    if (!merchant_api) return std::nullopt;
    const auto length = head.header("Content-Length");
    const bool has_body = head.header("Transfer-Encoding").has_value() ||
                          (length && !length->empty() && *length != "0");
    if (!has_body || !bearer_token(head.header("Authorization")).empty()) return std::nullopt;
    const std::shared_ptr<const UrlBase> base = base_.load();
    ProblemContext problem{base->api + std::string(target), ids_.new_guid()};
    if (auto session = head.header("Session-Id");
        session && !session->empty() && session->size() <= session_id_length_max) {
        problem.session_id = std::string(*session);
    }
    return problem_response(domain::Error{ErrorCode::token_missing, {}, {}}, problem);
}

void Router::set_base(UrlBase base) {
    base_.store(std::make_shared<const UrlBase>(std::move(base)));
}

Response Router::handle(const Request& request) {
    const std::shared_ptr<const UrlBase> base = base_.load();
    ProblemContext problem{base->api + request.target, {}, &ids_};
    if (auto session = request.header("Session-Id");
        session && !session->empty() && session->size() <= session_id_length_max) {
        problem.session_id = std::string(*session);
    }
    // What the handler's reads saw is durable before the answer leaves, waited for once here
    // (after a write, usually not at all) instead of at each read.
    storage::DeferredDurability durability;
    Response response = dispatch(request, *base, problem);
    try {
        durability.settle();
    } catch (const storage::StoreError& error) {
        std::fprintf(stderr, "faktura: session %s: %s %s: database: %s\n",
                     problem.session().c_str(), request.method.c_str(),
                     redact_tokens(request.target).c_str(), error.what());
        return problem_response(domain::Error{ErrorCode::store_unavailable, {}, {}}, problem);
    }
    return response;
}

Response Router::dispatch(const Request& request, const UrlBase& base, ProblemContext& problem) {
    try {
        const auto target = boost::urls::parse_origin_form(request.target);
        if (!target) {
            return problem_response(domain::Error{ErrorCode::request_not_http, {}, {}}, problem);
        }
        std::vector<std::string> segments;
        for (const auto segment : target->segments()) {
            if (!segment.empty()) segments.push_back(segment);
        }
        RouteMatch match = match_route(request.method, segments);
        RequestContext context{.request = request,
                               .path = std::move(match.params),
                               .problem = problem,
                               .base = base,
                               .payments = payments_,
                               .payers = payers_,
                               .documents = documents_};
        for (const auto param : target->params()) {
            context.query.emplace_back(param.key, param.value);
            if (iequals(param.key, "$expand") || iequals(param.key, "expand")) {
                if (!context.expand.empty()) context.expand += ',';
                context.expand += param.value;
            }
        }
        if (match.route == nullptr) {
            if (match.allow.empty()) return context.fail(ErrorCode::route_not_found);
            Response response = context.fail(ErrorCode::method_not_allowed);
            response.set_header("Allow", match.allow);
            return response;
        }
        if (match.route->access != anyone) {
            if (auto refused = check_request(context, *match.route)) return std::move(*refused);
        }
        if (match.route->runs == Runs::on_blocking_pool) {
            return runtime::blocking([&] { return match.route->handle(context); });
        }
        return match.route->handle(context);
    } catch (const storage::StoreError& error) {
        // The database failed, not the request: nothing was saved, and a retry may succeed.
        std::fprintf(stderr, "faktura: session %s: %s %s: database: %s\n",
                     problem.session().c_str(), request.method.c_str(),
                     redact_tokens(request.target).c_str(), error.what());
        return problem_response(domain::Error{ErrorCode::store_unavailable, {}, {}}, problem);
    } catch (const std::exception& error) {
        std::fprintf(stderr, "faktura: session %s: %s %s failed: %s\n", problem.session().c_str(),
                     request.method.c_str(), redact_tokens(request.target).c_str(), error.what());
        return problem_response(domain::Error{ErrorCode::system_error, {}, {}}, problem);
    }
}

}  // namespace faktura::http
