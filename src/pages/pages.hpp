// The payer's pages as pure functions: view model in, complete HTML document out. Every value is
// escaped by HtmlBuilder; raw markup exists only as literals in this folder. The element ids of
// §21.1 (ssnInput, emailInput, msisdnInput, zipCodeInput, px-submit, consumer-input) are kept so
// that shop integrations' browser tests can drive the pages.
#pragma once

#include <string>

#include "pages/page_model.hpp"

namespace faktura::pages {

// Step 1: identity number, e-mail, mobile number and zip code (form POST to links.consumer_action).
std::string render_consumer_step(const PageFrame& frame, const ConsumerStep& step);

// Step 2: the masked legal address and "Pay <amount>" / "Confirm" (form POST to
// links.confirm_action).
std::string render_confirm_step(const PageFrame& frame, const ConfirmStep& step);

// Completed / failed / aborted / pending / expired / lookups exhausted / not found / host not
// allowed. In embedded mode an `event` (if given) is rendered for page.js to post to the host page.
std::string render_status_page(const PageFrame& frame, const StatusPage& status,
                               const std::optional<EmbeddedEvent>& event = std::nullopt);

// "Pay SEK 100.00" (en-US), "Betala 10,01 kr" (sv-SE), "Betal 100,00 kr" (nb-NO), "Maksa 100,00 €"
// (fi-FI): the confirm button of an authorization.
std::string pay_button_text(UiLanguage language, domain::Amount amount, domain::Currency currency);

// The seamless-view script for one payment: the static client script with its configuration.
struct ClientScriptConfig {
    std::string token;                    // The payment's front-end token.
    PageFlow flow = PageFlow::authorize;  // operation=authorize | verify.
    std::string front_end_origin;  // e.g. "http://127.0.0.1:8080": iframe and message origin.
    std::string page_url;          // Absolute URL of /invoice/payments/<flow>/<token>.
    std::vector<std::string> host_origins;  // Origins of urls.hostUrls ("scheme://host[:port]").
    std::string language;  // The payment's initial page language ("sv-SE"): the script's own texts.
};
std::string render_client_script(const ClientScriptConfig& config);

// Static files served under /invoice/assets/<name> (faktura.css, page.js, logo.svg), compiled into
// the binary. nullopt for unknown names.
struct Asset {
    std::string_view content_type;
    std::string_view body;
};
std::optional<Asset> find_asset(std::string_view name);

}  // namespace faktura::pages
