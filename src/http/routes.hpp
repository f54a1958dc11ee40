// The route table: every resource of the API and of the payer's pages as one row (method, path
// pattern, who may call it, handler), and the lookup the router makes in it. Exposed for its tests.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "app/payment_service.hpp"
#include "domain/error.hpp"
#include "http/request_context.hpp"

namespace faktura::http {

// Who may call a route. Checked by the router before the body is read, so a caller that may not
// touch the resource learns nothing from the answer.
enum class Access {
    merchant,           // A merchant's bearer token only; a payer's front-end token is refused.
    merchant_or_payer,  // Also the front-end token of the payment named by the path (§21.5).
    anyone,             // No authentication: the payer's browser and the test endpoints.
};

using Handle = Response (*)(RequestContext&);

// Where a route's handler runs. Most answer in microseconds and run in the request's fiber on the
// io thread that parsed it (runtime/fiber.hpp: their database waits suspend only the fiber). One
// that computes for milliseconds — a PDF, a settlement period's rows — runs on the pool for
// blocking work, so that the io thread keeps serving every other connection meanwhile.
enum class Runs { on_io_thread, on_blocking_pool };

struct Route {
    std::string_view method;  // "GET" also serves HEAD; "*" serves every method.
    // Segments separated by '/'. Literal segments match case-insensitively; `{name}` matches any
    // one segment. `{payment}` and `{tx}` must then be GUIDs (checked after authentication).
    std::string_view pattern;
    Access access;
    Handle handle;
    Runs runs = Runs::on_io_thread;
};

// Every row, in the order they are tried; the order of a path's rows is the order of its Allow.
std::span<const Route> route_table();

// A request target as the log may show it: payer page tokens (runs of 32 or more hex digits) and
// `token=` query values replaced by "<redacted>".
std::string redact_tokens(std::string_view target);

struct RouteMatch {
    const Route* route = nullptr;   // The row serving this method and path; null if none.
    std::vector<PathParam> params;  // The route's `{name}` segments, as sent.
    // When `route` is null: the methods of the rows with this path ("GET, PATCH"), for a 405's
    // Allow; empty when no row has this path (404).
    std::string allow;
};

// `segments` are the decoded, non-empty segments of the path, so a trailing or doubled slash
// does not matter (spec §2).
RouteMatch match_route(std::string_view method, const std::vector<std::string>& segments);

// Why `caller` may not call a route with `access`, or nullopt when it may. A payer's token on a
// merchant's route is front_end_token_not_allowed; whether it is *this* payment's token is the
// service's check (it must load the payment to know).
std::optional<domain::ErrorCode> refusal_of(Access access, const app::Caller& caller);

}  // namespace faktura::http
