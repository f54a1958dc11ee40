// What the server answers about itself (GET /health, Faktura's addition) and the era's callback
// test endpoints (§22), so that merchants can point callbackUrl at them.
#include <random>

#include "http/handlers.hpp"

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

Response handle_health(RequestContext&) { return json_response(200, R"({"status":"ok"})"); }

Response handle_fake_callback(RequestContext&) { return fake_callback_answer(200); }

Response handle_fake_callback_not_found(RequestContext&) { return fake_callback_answer(404); }

Response handle_fake_callback_bad_request(RequestContext&) { return fake_callback_answer(400); }

Response handle_fake_callback_random(RequestContext&) {
    thread_local std::minstd_rand random{std::random_device{}()};
    constexpr int statuses[] = {200, 404, 400};
    return fake_callback_answer(statuses[random() % 3]);
}

}  // namespace faktura::http
