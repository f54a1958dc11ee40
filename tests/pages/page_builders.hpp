// View models for the pages tests, written out in full so each test shows its data, and a few
// checks on rendered HTML shared by the suites.
#pragma once

#include <cctype>
#include <cstddef>
#include <string>
#include <string_view>

#include "pages/page_model.hpp"

namespace faktura::pages::testing_support {

// Markup and every character HTML escapes, for values that must never reach a page raw.
inline constexpr std::string_view hostile = "<script>alert(1)</script>\"'&";
inline constexpr std::string_view hostile_escaped =
    "&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;";

inline PageFrame frame_of(UiLanguage language, bool embedded = false) {
    PageFrame frame;
    frame.language = language;
    frame.embedded = embedded;
    frame.host_origin = embedded ? "https://shop.example" : "";
    frame.csrf_token = "csrf-0123456789abcdef";
    frame.payment_id = "/psp/invoice/payments/5adc265f-f87f-4313-577e-08d3dca1a26c";
    frame.links.consumer_action = "/invoice/payments/authorize/t0k3n/consumer";
    frame.links.confirm_action = "/invoice/payments/authorize/t0k3n/confirm";
    frame.links.cancel_action = "/invoice/payments/authorize/t0k3n/cancel";
    frame.links.try_again = "/invoice/payments/authorize/t0k3n";
    frame.links.assets_base = "/invoice/assets";
    frame.links.continue_url = "https://shop.example/complete";
    if (!embedded) {
        frame.links.language_links = {
            {UiLanguage::sv_se, "/invoice/payments/authorize/t0k3n?lang=sv-SE"},
            {UiLanguage::en_us, "/invoice/payments/authorize/t0k3n?lang=en-US"}};
    }
    return frame;
}

inline MerchantView shop() {
    return MerchantView{.payee_name = "Testbutiken AB",
                        .description = "Test Purchase",
                        .payee_reference = "1551694593",
                        .logo_url = "https://shop.example/logo.png",
                        .terms_of_service_url = "https://shop.example/terms",
                        .can_cancel = true};
}

inline MerchantView hostile_shop() {
    const std::string h{hostile};
    return MerchantView{.payee_name = "Shop " + h,
                        .description = "Item " + h,
                        .payee_reference = "ref" + h,
                        .logo_url = "https://shop.example/logo.png?" + h,
                        .terms_of_service_url = "https://shop.example/terms?" + h,
                        .can_cancel = true};
}

inline domain::MaskedAddress masked_address() {
    return domain::MaskedAddress{.addressee = "Azra Oliveira",
                                 .co_address = std::nullopt,
                                 .street_address = "Hel•••••••gen •",
                                 .zip_code = "1••92",
                                 .city = "B•o",
                                 .country = domain::Country::se};
}

inline std::size_t count_of(std::string_view html, std::string_view needle) {
    std::size_t count = 0;
    for (std::size_t at = html.find(needle); at != std::string_view::npos;
         at = html.find(needle, at + needle.size())) {
        ++count;
    }
    return count;
}

inline bool contains(std::string_view html, std::string_view needle) {
    return html.find(needle) != std::string_view::npos;
}

// The Content-Security-Policy (script-src 'self'; style-src 'self') blocks inline code: every
// <script> must load a file, and no style attribute, <style> element or on* handler may appear.
// Scanned by hand: std::regex trips GCC 12's -Wmaybe-uninitialized under the sanitizers.
inline std::string csp_violation(const std::string& html) {
    std::string lower = html;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (std::size_t at = lower.find("<script"); at != std::string::npos;
         at = lower.find("<script", at + 1)) {
        const std::string tag = lower.substr(at, lower.find('>', at) - at);
        if (tag.find(" src=\"") == std::string::npos) return "inline script: " + tag;
    }
    if (contains(lower, "<style")) return "style element";
    const auto is_space = [](char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r'; };
    const auto is_letter = [](char c) { return c >= 'a' && c <= 'z'; };
    for (std::size_t i = 1; i + 2 < lower.size(); ++i) {
        if (!is_space(lower[i - 1])) continue;
        std::size_t end = i;
        while (end < lower.size() && is_letter(lower[end])) ++end;
        if (end == lower.size() || lower[end] != '=') continue;
        const std::string name = lower.substr(i, end - i);
        if (name == "style") return "style attribute";
        if (name.size() > 2 && name.starts_with("on")) return "event handler attribute " + name;
    }
    return {};
}

}  // namespace faktura::pages::testing_support
