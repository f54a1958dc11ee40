// What the payer's pages show (spec §21): plain view models built by the HTTP page handlers and
// turned into HTML by the pure render functions of pages.hpp. No IO, no clock; every text goes
// through HtmlBuilder's escaping.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "domain/amount.hpp"
#include "domain/masking.hpp"
#include "domain/national_id.hpp"
#include "domain/payment.hpp"

namespace faktura::pages {

// The page's language: the payment's language, fi-FI for Finnish payments, or the payer's choice.
enum class UiLanguage { sv_se, nb_no, en_us, fi_fi };

std::optional<UiLanguage> parse_ui_language(std::string_view tag);  // "sv-SE" (any case) → sv_se.
std::string_view ui_language_tag(UiLanguage language);              // sv_se → "sv-SE".
// The language a payment's page opens in: its own language, except Finnish payments open in fi-FI.
UiLanguage initial_ui_language(domain::Language language, domain::Country country);
// The languages the switch offers for a payment of this country (fi-FI only for Finland).
std::vector<UiLanguage> offered_ui_languages(domain::Country country);

enum class PageFlow { authorize, verify };  // /authorize/{token} or /verify/{token}.

// URLs the page links or posts to, built by the handler (root-relative or absolute).
struct PageLinks {
    std::string consumer_action;  // POST target of step 1 (the consumer data form).
    std::string confirm_action;   // POST target of step 2 ("Pay" / "Confirm").
    std::string cancel_action;    // POST target of "Cancel payment".
    std::string try_again;        // GET link back to step 1 after a failure.
    std::string assets_base;  // e.g. "/invoice/assets": faktura.css, page.js, logo.svg live here.
    // Where "Continue" in the attempts_exhausted error box goes (the completeUrl); no link if
    // absent.
    std::optional<std::string> continue_url;
    // "Choose another payment method" under a credit refusal: back to the shop (cancelUrl, else
    // paymentUrl, else completeUrl); no link if absent.
    std::optional<std::string> other_method_url;
    std::vector<std::pair<UiLanguage, std::string>> language_links;  // Full page only.
};

// Everything every page needs to know about the request it answers.
struct PageFrame {
    UiLanguage language = UiLanguage::en_us;
    bool embedded = false;    // Inside the seamless-view iframe: no outer chrome, no switch.
    std::string host_origin;  // Embedded only: the checked parent origin events are posted to.
    std::string csrf_token;   // Hidden field "csrf" of every form.
    std::string payment_id;   // "/psp/invoice/payments/{id}", carried in event payloads.
    PageLinks links;
    // The page's own title before the product's, for a page without a merchant ("Page not found").
    std::string title{};
};

struct MerchantView {
    std::string payee_name;
    std::string description;      // Not shown in seamless view (§21.2).
    std::string payee_reference;  // Subtitle "<description> - <payeeReference>".
    std::optional<std::string> logo_url;
    std::optional<std::string> terms_of_service_url;
    bool can_cancel = false;  // "Cancel payment" is shown when a cancelUrl (or paymentUrl) exists.
};

// Step 1's fields, then the address a Finnish payer types on step 2 when the register has no entry.
enum class FormField {
    social_security_number,
    email,
    msisdn,
    zip_code,
    addressee,
    street_address,
    address_zip_code,
    city,
};
enum class FieldErrorKind { required, invalid };

struct FieldError {
    FormField field;
    FieldErrorKind kind;
};

// What the payer typed, shown again after a field error, a failed lookup or a language switch (all
// in answer to this browser's own post), and after "Try again" or "Change details" from the stored
// step 1 — the identity number then only to the browser that typed it (ADR 0015).
struct ConsumerFormValues {
    std::string email;
    std::string msisdn;
    std::string zip_code;
    std::string social_security_number{};
};

// What is being paid, shown at the top of both steps (full page and seamless view). The full page's
// header already names the merchant and the description; embedded, the summary names the merchant
// (as the frame's heading) and leaves the description out (§21.2).
struct OrderSummary {
    std::string merchant_name;             // payeeName, else the merchant's registered name.
    std::optional<domain::Amount> amount;  // Absent for a verification (nothing to pay).
    domain::Currency currency = domain::Currency::sek;
    std::int32_t due_days = 14;                 // The merchant's invoice due days.
    std::optional<domain::CivilDate> due_date;  // Today in the payment's country + due_days.
    // Step 2: where the invoice goes — the e-mail address typed on step 1; empty: by post to the
    // address shown.
    std::optional<std::string> invoice_email;
};

// The error box at the top of a step (§21.1).
enum class ErrorBox {
    none,
    lookup_failed,         // The register found no such person at that zip code.
    credit_refused,        // The credit check said no; attempts remain ("Try again").
    payment_failed,        // Another failure; attempts remain ("Try again").
    attempts_exhausted,    // Final failure: continue to the merchant.
    provider_unavailable,  // The registry or credit provider did not answer.
    form_expired,          // The CSRF token did not match (a stale or forged form).
};

struct ConsumerStep {
    MerchantView merchant;
    PageFlow flow = PageFlow::authorize;
    domain::Country country = domain::Country::se;
    ConsumerFormValues values;
    std::vector<FieldError> errors;
    ErrorBox error_box = ErrorBox::none;
    // One-click (§20): the masked identity number of the payer stored with the payment's
    // paymentToken ("600307-****"). The field may then be left empty; the full number stays on the
    // server and is never rendered.
    std::optional<std::string> saved_identity_number{};
    OrderSummary summary{};
    // How many authorization attempts remain, said under a refusal or failure box.
    std::optional<std::int32_t> attempts_left{};
};

// The address typed on step 2 (Finland, payer not in the register: §21.1, C-23), shown again after
// a field error.
struct AddressFormValues {
    std::string addressee;
    std::string street_address;
    std::string zip_code;
    std::string city;
};

struct ConfirmStep {
    MerchantView merchant;
    PageFlow flow = PageFlow::authorize;
    domain::MaskedAddress address;  // Box "Legal address", element id consumer-input.
    domain::Amount amount;          // The "Pay <amount>" button; not shown for verify ("Confirm").
    domain::Currency currency = domain::Currency::sek;
    ErrorBox error_box = ErrorBox::none;
    // Instead of the masked address: editable name, street, zip and city (ids addresseeInput,
    // streetAddressInput, addressZipCodeInput, cityInput; names addressee, street, addresszip,
    // city), posted with the confirm form.
    bool address_entry = false;
    AddressFormValues address_values{};
    std::vector<FieldError> errors{};  // Of the address fields.
    // Also the "Change details" link (links.try_again: step 1 again, pre-filled from the store).
    OrderSummary summary{};
};

enum class StatusKind {
    completed,          // Authorized or verified: continue to the merchant.
    failed,             // Final failure: continue to the merchant (completeUrl).
    aborted,            // Aborted (by the merchant or the payer): link to cancelUrl if any.
    pending,            // The decision is not known yet.
    expired,            // An unfinished payment past --payment-ttl (abortReason PaymentExpired).
    lookups_exhausted,  // Step 1 after the last failed legal-address lookup: no way on but back.
    not_found,          // Unknown or malformed token (404).
    host_not_allowed,   // Embedded from an origin not in hostUrls.
};

struct StatusPage {
    StatusKind kind = StatusKind::not_found;
    std::optional<MerchantView> merchant;     // Absent for not_found.
    std::optional<std::string> continue_url;  // completeUrl / cancelUrl, shown as a link.
    PageFlow flow = PageFlow::authorize;      // A completed verification sends no invoice.
};

// A seamless-view event for the host page (§21.2). The page renders it as data attributes that
// page.js posts to the parent: data-px-event="<name>" and data-px-payload="<json>".
struct EmbeddedEvent {
    std::string name;          // "onPaymentCompleted", "onPaymentFailed", "onPaymentCanceled",
                               // "onPaymentPending", "onError".
    std::string payload_json;  // e.g. {"id":"/psp/invoice/payments/…","redirectUrl":"https://…"}.
};

}  // namespace faktura::pages
