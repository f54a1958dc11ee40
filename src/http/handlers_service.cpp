// What the server answers about itself (GET /health, Faktura's addition) and the era's callback
// test endpoints (§22), so that merchants can point callbackUrl at them.
#include <random>

#include "http/handlers.hpp"
#include "http/json_writer.hpp"

namespace faktura::http {
namespace {

Response fake_callback_answer(int status) {
    Response response;
    response.status = status;
    response.set_header("Content-Type", "text/plain; charset=utf-8");
    response.body = status == 200 ? "OK" : (status == 404 ? "Not Found" : "Bad Request");
    return response;
}

}  // namespace

// 200 {"status":"ok"} while the server can take writes; 503 {"status":"unavailable","reason":…}
// when its database cannot (deleted or replaced under it, read-only), so a load balancer stops
// sending it requests it would have to refuse.
Response handle_health(RequestContext& context) {
    if (auto problem = context.payments.store_problem()) {
        JsonWriter body;
        body.begin_object().field("status", "unavailable").field("reason", *problem).end_object();
        return json_response(503, body.take());
    }
    return json_response(200, R"({"status":"ok"})");
}

Response handle_fake_callback(RequestContext&) { return fake_callback_answer(200); }

Response handle_fake_callback_not_found(RequestContext&) { return fake_callback_answer(404); }

Response handle_fake_callback_bad_request(RequestContext&) { return fake_callback_answer(400); }

Response handle_fake_callback_random(RequestContext&) {
    thread_local std::minstd_rand random{std::random_device{}()};
    constexpr int statuses[] = {200, 404, 400};
    return fake_callback_answer(statuses[random() % 3]);
}

}  // namespace faktura::http
