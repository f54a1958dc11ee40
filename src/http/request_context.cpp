#include "http/request_context.hpp"

namespace faktura::http {

std::string_view RequestContext::path_param(std::string_view name) const {
    for (const PathParam& param : path) {
        if (param.name == name) return param.value;
    }
    return {};
}

std::optional<std::string> RequestContext::query_value(std::string_view key) const {
    for (const auto& [name, value] : query) {
        if (iequals(name, key)) return value;
    }
    return std::nullopt;
}

Response json_response(int status, std::string body) {
    Response response;
    response.status = status;
    response.set_header("Content-Type", std::string(json_content_type));
    response.body = std::move(body);
    return response;
}

Response body_problem(RequestContext& context, const domain::Error& error) {
    auto visible = context.payments.find_payment(*context.caller, context.payment_id);
    if (!visible) return context.fail(visible.error());
    return context.fail(error);
}

}  // namespace faktura::http
