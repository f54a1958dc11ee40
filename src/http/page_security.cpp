#include "http/page_security.hpp"

#include <algorithm>
#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>

namespace faktura::http {

std::string origin_of(std::string_view url) {
    const auto parsed = boost::urls::parse_absolute_uri(url);
    if (!parsed || !parsed->has_authority()) return {};
    std::string origin =
        std::string(parsed->scheme()) + "://" + std::string(parsed->encoded_host());
    if (parsed->has_port()) origin += ":" + std::string(parsed->port());
    return lowercase(std::move(origin));
}

std::vector<std::string> host_origins_of(const domain::Payment& payment) {
    std::vector<std::string> origins;
    for (const std::string& url : payment.urls.host_urls) {
        std::string origin = origin_of(url);
        if (!origin.empty() && std::find(origins.begin(), origins.end(), origin) == origins.end()) {
            origins.push_back(std::move(origin));
        }
    }
    return origins;
}

// No caching (the pages show personal data), no referrer (the URL holds the payment's token), and a
// CSP that allows our own scripts and styles only, form posts to us and the merchant's return URLs,
// and framing only by the payment's hostUrls.
Response html_page(int status, std::string body, const domain::Payment* payment, bool embedded) {
    Response response;
    response.status = status;
    response.body = std::move(body);
    response.set_header("Content-Type", std::string(html_content_type));
    response.set_header("Cache-Control", "no-store");
    response.set_header("X-Content-Type-Options", "nosniff");
    response.set_header("Referrer-Policy", "no-referrer");
    std::string form_action = "'self'";
    std::string frame_ancestors = "'none'";
    if (payment != nullptr) {
        for (const auto& url :
             {payment->urls.complete_url, payment->urls.cancel_url, payment->urls.payment_url}) {
            if (!url) continue;
            const std::string origin = origin_of(*url);
            if (!origin.empty() && form_action.find(origin) == std::string::npos) {
                form_action += " " + origin;
            }
        }
        if (embedded) {
            const auto origins = host_origins_of(*payment);
            if (!origins.empty()) {
                frame_ancestors.clear();
                for (const std::string& origin : origins) {
                    frame_ancestors += (frame_ancestors.empty() ? "" : " ") + origin;
                }
            }
        }
    }
    response.set_header("Content-Security-Policy",
                        "default-src 'none'; script-src 'self'; style-src 'self'; "
                        "img-src 'self' https: data:; form-action " +
                            form_action + "; frame-ancestors " + frame_ancestors +
                            "; base-uri 'none'");
    if (!embedded) response.set_header("X-Frame-Options", "DENY");
    return response;
}

Response see_other(const std::string& location) {
    Response response;
    response.status = 303;
    response.set_header("Location", location);
    response.set_header("Cache-Control", "no-store");
    response.set_header("Referrer-Policy", "no-referrer");
    return response;
}

std::optional<Response> refuse_foreign_host(const domain::Payment& payment, bool embedded,
                                            const std::string& host_origin, pages::PageFrame frame,
                                            const pages::MerchantView& merchant) {
    if (!embedded) return std::nullopt;
    const auto origins = host_origins_of(payment);
    if (std::find(origins.begin(), origins.end(), host_origin) != origins.end()) {
        return std::nullopt;
    }
    const std::string details = "The host origin is not in the payment's urls.hostUrls.";
    pages::EmbeddedEvent event{
        "onError",
        "{\"origin\":\"invoice\",\"messageId\":\"host-mismatch\",\"details\":\"" + details + "\"}"};
    frame.host_origin.clear();  // Never post to an origin we did not accept.
    return html_page(
        403,
        pages::render_status_page(
            frame, pages::StatusPage{pages::StatusKind::host_not_allowed, merchant, std::nullopt},
            event),
        &payment, true);
}

bool is_genuine_form_post(const Request& request, std::string_view front_end_base,
                          app::PayerService& payers, std::string_view front_end_token,
                          std::string_view csrf_token) {
    if (auto site = request.header("Sec-Fetch-Site"); site && iequals(*site, "cross-site")) {
        return false;
    }
    if (auto origin = request.header("Origin"); origin && *origin != "null") {
        const auto host = request.header("Host");
        const std::string request_origin = origin_of(*origin);
        if (!host || (request_origin != "http://" + std::string(*host) &&
                      request_origin != "https://" + std::string(*host) &&
                      request_origin != origin_of(front_end_base))) {
            return false;
        }
    }
    return payers.is_valid_csrf(front_end_token, csrf_token);
}

std::string input_cookie_header(std::string_view page_path, std::string_view value,
                                std::string_view front_end_base) {
    std::string header = std::string(input_cookie_name) + "=" + std::string(value) +
                         "; Path=" + std::string(page_path) + "; Max-Age=86400; HttpOnly";
    const bool https =
        front_end_base.size() >= 8 && iequals(front_end_base.substr(0, 8), "https://");
    header += https ? "; SameSite=None; Secure; Partitioned" : "; SameSite=Lax";
    return header;
}

std::string cookie_value(const Request& request, std::string_view name) {
    // "a=1; b=2" (RFC 6265 §4.2.1); the first cookie of that name is the most specific path's.
    for (const Header& header : request.headers) {
        if (!iequals(header.name, "Cookie")) continue;
        std::string_view rest = header.value;
        while (!rest.empty()) {
            const std::size_t end = rest.find(';');
            std::string_view pair = rest.substr(0, end);
            rest = end == std::string_view::npos ? std::string_view{} : rest.substr(end + 1);
            while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
            const std::size_t equals = pair.find('=');
            if (equals != std::string_view::npos && pair.substr(0, equals) == name) {
                return std::string(pair.substr(equals + 1));
            }
        }
    }
    return {};
}

}  // namespace faktura::http
