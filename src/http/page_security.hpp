// What keeps the hosted pages safe to show and to post: the security headers of every page (no
// caching, no referrer, a Content-Security-Policy, framing only by the payment's hostUrls), the
// refusal of an embedding host the payment does not name (§21.2), and the Origin and CSRF checks of
// every form post (ADR 0007).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/payer_service.hpp"
#include "domain/payment.hpp"
#include "http/message.hpp"
#include "pages/pages.hpp"

namespace faktura::http {

// "scheme://host[:port]" of an absolute URL, lower-cased; empty if it is not one.
std::string origin_of(std::string_view url);

// The distinct origins of the payment's urls.hostUrls: who may embed its pages.
std::vector<std::string> host_origins_of(const domain::Payment& payment);

// A page with the security headers. `payment` (may be null) widens form-action to its return URLs
// and, when `embedded`, frame-ancestors to its host origins.
Response html_page(int status, std::string body, const domain::Payment* payment, bool embedded);

// 303 to `location`, neither cached nor sending a referrer (the page's URL holds its token).
Response see_other(const std::string& location);

// The 403 page when an embedded page's hostOrigin is not among the payment's hostUrls, or nullopt
// when it may be shown. The script checks too; this is the server's word.
std::optional<Response> refuse_foreign_host(const domain::Payment& payment, bool embedded,
                                            const std::string& host_origin, pages::PageFrame frame,
                                            const pages::MerchantView& merchant);

// A form post must come from our own page: not cross-site, from our origin when the browser says
// which (`front_end_base` or the Host it was sent to), and carrying the page's CSRF token.
bool is_genuine_form_post(const Request& request, std::string_view front_end_base,
                          app::PayerService& payers, std::string_view front_end_token,
                          std::string_view csrf_token);

// The cookie that marks the browser which typed a payment's stored step 1 (ADR 0015).
inline constexpr std::string_view input_cookie_name = "px_input";

// Set-Cookie for it: scoped to the payment's page path, HttpOnly, for a day. Over https
// `SameSite=None; Secure; Partitioned`, so that the seamless-view iframe has it too (in its own
// partition); over http (a sandbox) `SameSite=Lax`.
std::string input_cookie_header(std::string_view page_path, std::string_view value,
                                std::string_view front_end_base);

// The value of the cookie `name` in the request's Cookie header; "" when there is none.
std::string cookie_value(const Request& request, std::string_view name);

}  // namespace faktura::http
