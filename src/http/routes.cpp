// Every route of the API in one table, matched case-insensitively with a trailing slash tolerated
// (spec §2), plus authentication of the caller before any payment route runs.
#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>

#include <array>
#include <cstdio>
#include <exception>
#include <random>

#include "http/request_context.hpp"
#include "http/router.hpp"

namespace faktura::http {
namespace {

using Handle = Response (*)(RequestContext&);

// A path pattern: literal segments compared case-insensitively; "*" matches any one segment.
struct Route {
    std::string_view method;  // "GET" also serves HEAD.
    std::array<std::string_view, 7> pattern;
    std::size_t length;
    bool needs_caller;
    Handle handle;
};

Response fake_callback(RequestContext& context);
Response health(RequestContext&) { return json_response(200, R"({"status":"ok"})"); }

constexpr Route routes[] = {
    {"POST", {"psp", "invoice", "payments"}, 3, true, handle_create_payment},
    {"GET", {"psp", "invoice", "payments", "*"}, 4, true, handle_get_payment},
    {"PATCH", {"psp", "invoice", "payments", "*"}, 4, true, handle_abort_payment},
    {"PATCH", {"psp", "invoice", "payments", "instrumentdata", "*"}, 5, true, handle_delete_payer_token},
    {"GET", {"psp", "invoice", "payments", "*", "*"}, 5, true, handle_get_sub_resource},
    {"POST", {"psp", "invoice", "payments", "*", "*"}, 5, true, handle_post_sub_resource},
    {"GET", {"psp", "invoice", "payments", "*", "*", "*"}, 6, true, handle_get_transaction_item},
    {"GET", {"psp", "invoice", "payments", "*", "*", "*", "*"}, 7, true, handle_get_transaction_detail},
    // The payer's side (§21): pages, the seamless-view script and static assets.
    {"GET", {"invoice", "payments", "*", "*"}, 4, false, handle_page},
    {"POST", {"invoice", "payments", "*", "*", "*"}, 5, false, handle_page_post},
    {"GET", {"invoice", "core", "scripts", "client", "px.invoice.client.js"}, 5, false, handle_client_script},
    {"GET", {"invoice", "assets", "*"}, 3, false, handle_asset},
    // The era's callback test endpoints (§22), so merchants can point callbackUrl at them.
    {"*", {"psp", "fakecallback"}, 2, false, fake_callback},
    {"*", {"psp", "fakecallback", "*"}, 3, false, fake_callback},
    {"GET", {"health"}, 1, false, health},
};

bool matches(const Route& route, const std::vector<std::string>& segments) {
    if (segments.size() != route.length) return false;
    for (std::size_t i = 0; i < route.length; ++i) {
        if (route.pattern[i] != "*" && !iequals(route.pattern[i], segments[i])) return false;
    }
    return true;
}

bool method_matches(std::string_view route_method, std::string_view method) {
    return route_method == "*" || route_method == method ||
           (route_method == "GET" && method == "HEAD");
}

Response fake_callback(RequestContext& context) {
    const std::string which = context.segments.size() == 3 ? context.segments[2] : "";
    int status = 200;
    if (iequals(which, "notfound")) {
        status = 404;
    } else if (iequals(which, "badrequest")) {
        status = 400;
    } else if (iequals(which, "random")) {
        thread_local std::minstd_rand random{std::random_device{}()};
        constexpr int statuses[] = {200, 404, 400};
        status = statuses[random() % 3];
    } else if (!which.empty()) {
        return context.fail(domain::ErrorCode::route_not_found);
    }
    Response response;
    response.status = status;
    response.set_header("Content-Type", "text/plain; charset=utf-8");
    response.body = status == 200 ? "OK" : (status == 404 ? "Not Found" : "Bad Request");
    return response;
}

// "Bearer <token>", tolerating quotes around the whole value or the token and extra spaces (§3.1).
std::string bearer_token(std::optional<std::string_view> header) {
    if (!header) return {};
    std::string_view value = *header;
    const auto trim = [](std::string_view& text) {
        while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
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

}  // namespace

Response json_response(int status, std::string body) {
    Response response;
    response.status = status;
    response.set_header("Content-Type", std::string(json_content_type));
    response.body = std::move(body);
    return response;
}

Router::Router(app::PaymentService& payments, app::PayerService& payers, app::IdGenerator& ids,
               UrlBase base)
    : payments_(payments),
      payers_(payers),
      ids_(ids),
      base_(std::make_shared<const UrlBase>(std::move(base))) {}

void Router::set_base(UrlBase base) { base_.store(std::make_shared<const UrlBase>(std::move(base))); }

Response Router::handle(const Request& request) {
    const std::shared_ptr<const UrlBase> base = base_.load();
    ProblemContext problem{base->api + request.target, {}};
    if (auto session = request.header("Session-Id"); session && !session->empty() &&
                                                     session->size() <= 64) {
        problem.session_id = std::string(*session);
    } else {
        problem.session_id = ids_.new_guid();
    }
    try {
        const auto target = boost::urls::parse_origin_form(request.target);
        if (!target) return protocol_problem_response(ProtocolError::bad_request, problem);

        RequestContext context{request, {}, {}, {}, problem, *base, payments_, payers_, std::nullopt};
        for (const auto segment : target->segments()) {
            if (!segment.empty()) context.segments.push_back(segment);
        }
        for (const auto param : target->params()) {
            context.query.emplace_back(param.key, param.value);
            if (iequals(param.key, "$expand") || iequals(param.key, "expand")) {
                if (!context.expand.empty()) context.expand += ',';
                context.expand += param.value;
            }
        }

        const Route* path_match = nullptr;
        const Route* route = nullptr;
        std::string allowed;
        for (const Route& candidate : routes) {
            if (!matches(candidate, context.segments)) continue;
            path_match = &candidate;
            if (!allowed.empty()) allowed += ", ";
            allowed += candidate.method == "*" ? "GET, POST" : candidate.method;
            if (method_matches(candidate.method, request.method)) {
                route = &candidate;
                break;
            }
        }
        if (route == nullptr) {
            if (path_match == nullptr) return context.fail(domain::ErrorCode::route_not_found);
            Response response = context.fail(domain::ErrorCode::method_not_allowed);
            response.set_header("Allow", allowed);
            return response;
        }
        if (route->needs_caller) {
            auto caller = payments_.authenticate(bearer_token(request.header("Authorization")));
            if (!caller) return context.fail(caller.error());
            context.caller = std::move(*caller);
        }
        // The API takes JSON; the pages' forms are url-encoded and checked by their handler.
        if (route->needs_caller && !request.body.empty()) {
            if (auto content_type = request.header("Content-Type");
                content_type && !is_json_content_type(*content_type)) {
                return context.fail(domain::ErrorCode::unsupported_media_type);
            }
        }
        return route->handle(context);
    } catch (const std::exception& error) {
        std::fprintf(stderr, "faktura: session %s: %s %s failed: %s\n", problem.session_id.c_str(),
                     request.method.c_str(), request.target.c_str(), error.what());
        return problem_response(domain::Error{domain::ErrorCode::system_error, {}, {}}, problem);
    }
}

}  // namespace faktura::http
