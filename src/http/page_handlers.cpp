// The payer's side over HTTP (spec §21): the two-step flow of the hosted authorization and
// verification pages (full page, seamless-view iframe and payment link alike), the seamless-view
// script and the static assets. Plain forms with POST-redirect-GET, so the full-page flow works
// without JavaScript; the headers and checks that keep them safe are page_security.cpp's.
#include <algorithm>
#include <variant>

#include "domain/contact.hpp"
#include "domain/operations.hpp"
#include "http/form.hpp"
#include "http/handlers.hpp"
#include "http/limits.hpp"
#include "http/page_security.hpp"
#include "pages/i18n.hpp"
#include "pages/pages.hpp"

namespace faktura::http {
namespace {

using pages::PageFlow;
using pages::UiLanguage;

bool is_front_end_token(std::string_view token) {
    return token.size() == 64 && std::all_of(token.begin(), token.end(), [](char c) {
               return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
           });
}

std::optional<PageFlow> flow_of(std::string_view segment) {
    if (iequals(segment, "authorize")) return PageFlow::authorize;
    if (iequals(segment, "verify")) return PageFlow::verify;
    return std::nullopt;
}

bool flow_matches(PageFlow flow, const domain::Payment& payment) {
    return (flow == PageFlow::verify) == (payment.operation == domain::PaymentOperation::verify);
}

// One page request: which payment, in which mode and language.
struct PageRequest {
    PageFlow flow = PageFlow::authorize;
    std::string token;
    std::string path;  // "/invoice/payments/<flow>/<token>"
    bool embedded = false;
    std::string host_origin;
    std::optional<UiLanguage> language;
};

std::optional<PageRequest> page_request_of(const RequestContext& context) {
    const auto flow = flow_of(context.path_param("flow"));
    const std::string_view token = context.path_param("token");
    if (!flow || !is_front_end_token(token)) return std::nullopt;
    PageRequest page;
    page.flow = *flow;
    page.token = std::string(token);
    page.path = "/invoice/payments/" +
                std::string(*flow == PageFlow::verify ? "verify" : "authorize") + "/" + page.token;
    page.embedded = context.query_value("embedded") == "1";
    if (page.embedded) page.host_origin = context.query_value("hostOrigin").value_or("");
    if (auto tag = context.query_value("lang")) page.language = pages::parse_ui_language(*tag);
    return page;
}

// The query that keeps the page's mode and language across its links and redirects.
std::string mode_query(const PageRequest& page, std::optional<UiLanguage> language,
                       std::string_view extra = {}) {
    std::string query;
    const auto add = [&](const std::string& part) { query += (query.empty() ? "?" : "&") + part; };
    if (page.embedded) {
        add("embedded=1");
        add("hostOrigin=" + percent_encode(page.host_origin));
    }
    if (language) add("lang=" + std::string(pages::ui_language_tag(*language)));
    if (!extra.empty()) add(std::string(extra));
    return query;
}

struct PageContext {
    PageRequest request;
    app::PayerView view;
    pages::PageFrame frame;
    pages::MerchantView merchant;
};

PageContext page_context_of(RequestContext& context, PageRequest request, app::PayerView view) {
    const domain::Payment& payment = view.payment;
    const domain::Country country = domain::country_of(payment.invoice_type);
    const UiLanguage language =
        request.language.value_or(pages::initial_ui_language(payment.language, country));
    pages::PageFrame frame;
    frame.language = language;
    frame.embedded = request.embedded;
    frame.host_origin = request.host_origin;
    frame.csrf_token = context.payers.csrf_token(request.token);
    frame.payment_id = payment_path(payment.id);
    const std::string keep = mode_query(request, request.language);
    frame.links.consumer_action = request.path + "/consumer" + keep;
    frame.links.confirm_action = request.path + "/confirm" + keep;
    frame.links.cancel_action = request.path + "/cancel" + keep;
    frame.links.try_again = request.path + mode_query(request, request.language, "step=consumer");
    frame.links.assets_base = "/invoice/assets";
    frame.links.continue_url = payment.urls.complete_url;
    frame.links.other_method_url = payment.urls.cancel_url    ? payment.urls.cancel_url
                                   : payment.urls.payment_url ? payment.urls.payment_url
                                                              : payment.urls.complete_url;
    if (!request.embedded) {
        for (const UiLanguage offered : pages::offered_ui_languages(country)) {
            frame.links.language_links.emplace_back(offered,
                                                    request.path + mode_query(request, offered));
        }
    }
    pages::MerchantView merchant;
    merchant.payee_name = payment.payee_info.payee_name.value_or("");
    merchant.description = payment.description;
    merchant.payee_reference = payment.payee_info.payee_reference;
    merchant.logo_url = payment.urls.logo_url;
    merchant.terms_of_service_url = payment.urls.terms_of_service_url;
    merchant.can_cancel =
        payment.urls.cancel_url.has_value() || payment.urls.payment_url.has_value();
    return PageContext{std::move(request), std::move(view), std::move(frame), std::move(merchant)};
}

// No payment to take the language from: the browser's (defect 23).
Response not_found_page(const RequestContext& context) {
    const bool embedded = context.query_value("embedded") == "1";
    pages::PageFrame frame;
    frame.links.assets_base = "/invoice/assets";
    frame.embedded = embedded;
    frame.language = pages::language_from_accept_language(
        context.request.header("Accept-Language").value_or(""));
    return html_page(
        404,
        pages::render_status_page(frame, pages::StatusPage{pages::StatusKind::not_found, {}, {}}),
        nullptr, embedded);
}

std::string event_payload(const domain::Payment& payment,
                          const std::optional<std::string>& redirect_url) {
    // Built by hand: ids and URLs were validated on creation; quotes and backslashes are escaped.
    const auto quoted = [](std::string_view text) {
        std::string out = "\"";
        for (const char c : text) {
            if (c == '"' || c == '\\') out += '\\';
            if (static_cast<unsigned char>(c) >= 0x20) out += c;
        }
        return out + "\"";
    };
    std::string json = "{\"id\":" + quoted(payment_path(payment.id));
    if (redirect_url) json += ",\"redirectUrl\":" + quoted(*redirect_url);
    return json + "}";
}

// Where a page goes once the payment has left F1: the status page, or (full page) the merchant.
Response status_response(const PageContext& page,
                         std::optional<pages::EmbeddedEvent> event = std::nullopt) {
    const domain::Payment& payment = page.view.payment;
    pages::StatusPage status;
    status.merchant = page.merchant;
    status.flow = page.request.flow;
    const std::optional<std::string>& complete_url = payment.urls.complete_url;
    const std::optional<std::string> cancel_url =
        payment.urls.cancel_url ? payment.urls.cancel_url : payment.urls.payment_url;
    switch (domain::situation_of(payment)) {
        case domain::PaymentSituation::authorized:
            status.kind = pages::StatusKind::completed;
            status.continue_url = complete_url;
            if (!event) {
                event = pages::EmbeddedEvent{"onPaymentCompleted",
                                             event_payload(payment, complete_url)};
            }
            break;
        case domain::PaymentSituation::failed:
            status.kind = pages::StatusKind::failed;
            status.continue_url = complete_url;
            if (!event) {
                event =
                    pages::EmbeddedEvent{"onPaymentFailed", event_payload(payment, complete_url)};
            }
            break;
        case domain::PaymentSituation::aborted:
            // Expired on this request or an earlier one: the abort reason remembers (defect 7).
            status.kind = page.view.expired || payment.abort_reason == "PaymentExpired"
                              ? pages::StatusKind::expired
                              : pages::StatusKind::aborted;
            status.continue_url = cancel_url;
            break;
        case domain::PaymentSituation::pending:
            status.kind = pages::StatusKind::pending;
            // The shop learns the result; the payer may go back to it meanwhile (defect 16).
            status.continue_url = complete_url;
            if (!event) {
                event =
                    pages::EmbeddedEvent{"onPaymentPending", event_payload(payment, std::nullopt)};
            }
            break;
        case domain::PaymentSituation::awaiting_authorization:
            status.kind = pages::StatusKind::pending;
            break;
    }
    // "Both a successful and rejected payment reach completion" (§21.1): the full page goes on to
    // completeUrl at once after success; a final failure is an "error box, then the payer is sent
    // to completeUrl" — the failure card with its button on (defect 4), as in the seamless view.
    const bool goes_to_merchant = status.kind == pages::StatusKind::completed;
    if (!page.request.embedded && goes_to_merchant && complete_url) return see_other(*complete_url);
    return html_page(
        200,
        pages::render_status_page(page.frame, status, page.request.embedded ? event : std::nullopt),
        &payment, page.request.embedded);
}

// Step 1 once the payment allows no more legal-address lookups (defect 1): no form, only the way
// back to the shop (cancelUrl, else completeUrl). The payment stays open for the merchant, so the
// seamless view sends no event.
Response lookups_exhausted_response(const PageContext& page) {
    const domain::Payment& payment = page.view.payment;
    pages::StatusPage status;
    status.kind = pages::StatusKind::lookups_exhausted;
    status.merchant = page.merchant;
    status.continue_url =
        payment.urls.cancel_url ? payment.urls.cancel_url : payment.urls.complete_url;
    return html_page(200, pages::render_status_page(page.frame, status, std::nullopt), &payment,
                     page.request.embedded);
}

pages::ErrorBox error_box_of(std::string_view notice) {
    if (notice == "refused") return pages::ErrorBox::credit_refused;
    if (notice == "failed") return pages::ErrorBox::payment_failed;
    if (notice == "lookup") return pages::ErrorBox::lookup_failed;
    if (notice == "unavailable") return pages::ErrorBox::provider_unavailable;
    if (notice == "expired-form") return pages::ErrorBox::form_expired;
    return pages::ErrorBox::none;
}

// What is being paid, for the top of both steps.
pages::OrderSummary summary_of(const PageContext& page) {
    const domain::Payment& payment = page.view.payment;
    pages::OrderSummary summary;
    summary.merchant_name = page.view.merchant_name;
    if (payment.operation != domain::PaymentOperation::verify && payment.price) {
        summary.amount = payment.price->amount;
    }
    summary.currency = payment.currency;
    summary.due_days = page.view.invoice_due_days;
    summary.due_date = page.view.due_date;
    if (page.view.input) summary.invoice_email = page.view.input->email;
    return summary;
}

// Step 1 from what the store holds: the stored entry after "Try again" or "Change details" (its
// identity number only for the browser with the entry's cookie, ADR 0015), else the saved payer of
// a paymentToken, else the merchant's prefilled mobile number.
pages::ConsumerStep consumer_step_of(const PageContext& page,
                                     std::optional<std::string> own_identity_number = {}) {
    pages::ConsumerStep step;
    step.merchant = page.merchant;
    step.flow = page.request.flow;
    step.country = domain::country_of(page.view.payment.invoice_type);
    step.summary = summary_of(page);
    const std::int32_t attempts_left =
        page.view.authorization_attempts_max - page.view.payment.failed_attempts;
    if (attempts_left > 0) step.attempts_left = attempts_left;
    if (page.view.input) {
        step.values.email = page.view.input->email.value_or("");
        step.values.msisdn = page.view.input->msisdn;
        step.values.zip_code = page.view.input->zip_code;
        step.values.social_security_number = own_identity_number.value_or("");
    } else if (const auto& saved = page.view.saved_payer) {
        step.values.email = saved->email.value_or("");
        step.values.msisdn = saved->msisdn;
        step.values.zip_code = saved->zip_code;
        step.saved_identity_number = saved->masked_national_id;
    }
    if (!page.view.input && page.view.payment.prefill_msisdn) {
        step.values.msisdn = *page.view.payment.prefill_msisdn;  // The merchant's word wins.
    }
    return step;
}

// Step 1 or step 2 of a payment that is still awaiting its authorization.
Response step_page(RequestContext& context, const PageContext& page, std::string_view notice,
                   bool force_step_one) {
    const pages::ErrorBox box = error_box_of(notice);
    const bool address_entry = app::needs_address_entry(page.view);
    const bool step_one = force_step_one || box != pages::ErrorBox::none || !page.view.input ||
                          (!page.view.approved && !address_entry);
    if (step_one && page.view.payment.lookups_exhausted() && !page.view.approved) {
        return lookups_exhausted_response(page);
    }
    if (step_one) {
        pages::ConsumerStep step = consumer_step_of(
            page,
            context.payers.own_identity_number(page.view, page.request.token,
                                               cookie_value(context.request, input_cookie_name)));
        step.error_box = box;
        return html_page(200, pages::render_consumer_step(page.frame, step), &page.view.payment,
                         page.request.embedded);
    }
    pages::ConfirmStep step;
    step.merchant = page.merchant;
    step.flow = page.request.flow;
    step.summary = summary_of(page);
    step.address_entry = address_entry;
    if (address_entry) {
        step.address_values.zip_code = page.view.input->zip_code;
    } else {
        step.address = domain::mask_address(page.view.approved->address);
    }
    if (page.view.payment.price) step.amount = page.view.payment.price->amount;
    step.currency = page.view.payment.currency;
    return html_page(200, pages::render_confirm_step(page.frame, step), &page.view.payment,
                     page.request.embedded);
}

// Loads the page's payment; nullopt when the token or flow names none.
std::optional<PageContext> load_page(RequestContext& context) {
    auto request = page_request_of(context);
    if (!request) return std::nullopt;
    auto view = context.payers.open(request->token);
    if (!view || !flow_matches(request->flow, view->payment)) return std::nullopt;
    return page_context_of(context, std::move(*request), std::move(*view));
}

pages::FormField form_field_of(app::ConsumerField field) {
    switch (field) {
        case app::ConsumerField::social_security_number:
            return pages::FormField::social_security_number;
        case app::ConsumerField::email:
            return pages::FormField::email;
        case app::ConsumerField::msisdn:
            return pages::FormField::msisdn;
        case app::ConsumerField::zip_code:
            return pages::FormField::zip_code;
    }
    return pages::FormField::social_security_number;
}

std::string page_url(const PageContext& page, std::string_view extra = {}) {
    return page.request.path + mode_query(page.request, page.request.language, extra);
}

// Step 1 again as this browser just posted it: every typed value, the identity number too — it
// comes from this very request (ADR 0015).
pages::ConsumerStep consumer_step_as_posted(const PageContext& page,
                                            const app::ConsumerForm& input) {
    pages::ConsumerStep step = consumer_step_of(page);
    step.values = pages::ConsumerFormValues{input.email, input.msisdn, input.zip_code,
                                            input.social_security_number};
    return step;
}

Response submit_consumer(RequestContext& context, PageContext& page, const FormFields& form) {
    const app::ConsumerForm input{form_value(form, "ssn"), form_value(form, "email"),
                                  form_value(form, "msisdn"), form_value(form, "zip")};
    // The language switch of step 1 (page.js) posts the form to the page in the chosen language:
    // the typed values come back in it, nothing is checked or looked up.
    if (form_value(form, "px-language-switch") == "1") {
        return html_page(
            200, pages::render_consumer_step(page.frame, consumer_step_as_posted(page, input)),
            &page.view.payment, page.request.embedded);
    }
    const app::ConsumerStepResult result = context.payers.submit_consumer(page.view, input);
    if (!result.field_problems.empty()) {
        pages::ConsumerStep step = consumer_step_as_posted(page, input);
        for (const app::ConsumerFieldProblem& problem : result.field_problems) {
            step.errors.push_back(pages::FieldError{
                form_field_of(problem.field), problem.missing ? pages::FieldErrorKind::required
                                                              : pages::FieldErrorKind::invalid});
        }
        return html_page(422, pages::render_consumer_step(page.frame, step), &page.view.payment,
                         page.request.embedded);
    }
    if (result.lookup_error) {
        // Answered here rather than redirected, so that what the payer typed comes back (a reload
        // asks before posting again, as after a field error).
        const bool unavailable =
            result.lookup_error->code == domain::ErrorCode::credit_provider_unavailable;
        // The last lookup allowed has just failed (or none was left): the GET page says so.
        const bool exhausted =
            result.lookup_error->code == domain::ErrorCode::legal_address_lookups_exhausted ||
            (!unavailable && page.view.payment.failed_lookups + 1 >= domain::failed_lookups_max);
        if (exhausted) return see_other(page_url(page));
        pages::ConsumerStep step = consumer_step_as_posted(page, input);
        step.error_box =
            unavailable ? pages::ErrorBox::provider_unavailable : pages::ErrorBox::lookup_failed;
        return html_page(unavailable ? 503 : 422, pages::render_consumer_step(page.frame, step),
                         &page.view.payment, page.request.embedded);
    }
    Response response = see_other(page_url(page));
    if (result.saved_input) {
        response.set_header(
            "Set-Cookie", input_cookie_header(
                              page.request.path,
                              context.payers.input_cookie(page.request.token, *result.saved_input),
                              context.base.front_end));
    }
    return response;
}

// The address a Finnish payer typed on step 2, or the page again naming the missing fields.
std::variant<domain::AddressInput, Response> entered_address(const PageContext& page,
                                                             const FormFields& form) {
    const auto trimmed = [&](std::string_view name) {
        std::string value = form_value(form, name);
        const auto first = value.find_first_not_of(" \t");
        if (first == std::string::npos) return std::string();
        return value.substr(first, value.find_last_not_of(" \t") - first + 1);
    };
    pages::AddressFormValues values{trimmed("addressee"), trimmed("street"), trimmed("addresszip"),
                                    trimmed("city")};
    const auto zip = domain::normalise_zip_code(domain::Country::fi, values.zip_code);
    std::vector<pages::FieldError> errors;
    const auto require = [&](const std::string& value, pages::FormField field) {
        if (value.empty() || value.size() > address_field_length_max) {
            errors.push_back({field, pages::FieldErrorKind::required});
        }
    };
    require(values.addressee, pages::FormField::addressee);
    require(values.street_address, pages::FormField::street_address);
    if (!zip) {
        errors.push_back({pages::FormField::address_zip_code,
                          values.zip_code.empty() ? pages::FieldErrorKind::required
                                                  : pages::FieldErrorKind::invalid});
    }
    require(values.city, pages::FormField::city);
    if (errors.empty()) {
        return domain::AddressInput{values.addressee,      std::nullopt,
                                    values.street_address, *zip,
                                    values.city,           domain::Country::fi};
    }
    pages::ConfirmStep step;
    step.merchant = page.merchant;
    step.flow = page.request.flow;
    step.address_entry = true;
    step.address_values = std::move(values);
    step.errors = std::move(errors);
    step.summary = summary_of(page);
    if (page.view.payment.price) step.amount = page.view.payment.price->amount;
    step.currency = page.view.payment.currency;
    return html_page(422, pages::render_confirm_step(page.frame, step), &page.view.payment,
                     page.request.embedded);
}

Response confirm(RequestContext& context, PageContext& page, const FormFields& form) {
    std::optional<domain::AddressInput> address;
    if (app::needs_address_entry(page.view)) {
        auto entered = entered_address(page, form);
        if (auto* problem = std::get_if<Response>(&entered)) return std::move(*problem);
        address = std::get<domain::AddressInput>(std::move(entered));
    }
    auto outcome = context.payers.confirm(page.view, context.request.remote_address, address);
    if (!outcome) return see_other(page_url(page, "step=consumer"));
    const app::PaymentWithTransactions& after = outcome->view;
    const domain::Transaction* transaction = nullptr;
    for (const domain::Transaction& candidate : after.transactions) {
        if (candidate.id == outcome->transaction_id) transaction = &candidate;
    }
    page.view.payment = after.payment;
    page.view.transactions = after.transactions;
    if (transaction != nullptr && transaction->state == domain::TransactionState::failed &&
        after.payment.state == domain::PaymentState::ready) {
        // Attempts remain: back to step 1 with the error box and "Try again".
        const bool refused =
            transaction->failure && domain::third_party_problem_of(*transaction->failure) ==
                                        domain::ThirdPartyProblem::forbidden_403;
        return see_other(page_url(page, refused ? "notice=refused" : "notice=failed"));
    }
    // Every other outcome is POST-redirect-GET to the page's status (the final failure's card,
    // pending, or in the seamless view also the completed card), so a reload posts nothing
    // (defect 16); the GET carries the same seamless-view event. A completed full page goes on to
    // completeUrl at once.
    if (!page.request.embedded &&
        domain::situation_of(after.payment) == domain::PaymentSituation::authorized) {
        return status_response(page);
    }
    return see_other(page_url(page));
}

Response cancel(RequestContext& context, PageContext& page) {
    auto aborted = context.payers.cancel(page.view);
    if (!aborted) return see_other(page_url(page));
    page.view.payment = *aborted;
    const domain::Payment& payment = page.view.payment;
    const std::optional<std::string> cancel_url =
        payment.urls.cancel_url ? payment.urls.cancel_url : payment.urls.payment_url;
    if (page.request.embedded) {
        return status_response(
            page, pages::EmbeddedEvent{"onPaymentCanceled", event_payload(payment, cancel_url)});
    }
    if (cancel_url) return see_other(*cancel_url);
    return status_response(page);
}

std::optional<Response> refuse_foreign_host(const PageContext& page) {
    return http::refuse_foreign_host(page.view.payment, page.request.embedded,
                                     page.request.host_origin, page.frame, page.merchant);
}

// Every form post of a page: its payment, a host it may be embedded in, a genuine form, and a
// payment still awaiting its authorization; then `act` (submit step 1, confirm, or cancel).
template <typename Act>
Response page_post(RequestContext& context, Act&& act) {
    auto page = load_page(context);
    if (!page) return not_found_page(context);
    if (auto refused = refuse_foreign_host(*page)) return std::move(*refused);
    const FormFields form = parse_form(context.request.body);
    if (!is_genuine_form_post(context.request, context.base.front_end, context.payers,
                              page->request.token, form_value(form, "csrf"))) {
        pages::ConsumerStep step = consumer_step_of(*page);
        step.error_box = pages::ErrorBox::form_expired;
        return html_page(403, pages::render_consumer_step(page->frame, step), &page->view.payment,
                         page->request.embedded);
    }
    if (domain::situation_of(page->view.payment) !=
        domain::PaymentSituation::awaiting_authorization) {
        return see_other(page_url(*page));
    }
    return act(context, *page, form);
}

}  // namespace

Response handle_page(RequestContext& context) {
    auto page = load_page(context);
    if (!page) return not_found_page(context);
    if (auto refused = refuse_foreign_host(*page)) return std::move(*refused);
    if (domain::situation_of(page->view.payment) !=
        domain::PaymentSituation::awaiting_authorization) {
        return status_response(*page);
    }
    return step_page(context, *page, context.query_value("notice").value_or(""),
                     context.query_value("step") == "consumer");
}

Response handle_page_consumer(RequestContext& context) {
    return page_post(context,
                     [](RequestContext& request, PageContext& page, const FormFields& form) {
                         return submit_consumer(request, page, form);
                     });
}

Response handle_page_confirm(RequestContext& context) {
    return page_post(context, [](RequestContext& request, PageContext& page,
                                 const FormFields& form) { return confirm(request, page, form); });
}

Response handle_page_cancel(RequestContext& context) {
    return page_post(context, [](RequestContext& request, PageContext& page, const FormFields&) {
        return cancel(request, page);
    });
}

Response handle_client_script(RequestContext& context) {
    const std::string token = context.query_value("token").value_or("");
    const std::string operation = context.query_value("operation").value_or("authorize");
    const auto flow = flow_of(operation);
    std::optional<app::PayerView> view;
    if (flow && is_front_end_token(token)) view = context.payers.open(token);
    Response response;
    response.set_header("Content-Type", "application/javascript; charset=utf-8");
    response.set_header("Cache-Control", "no-store");
    response.set_header("X-Content-Type-Options", "nosniff");
    if (!view || !flow_matches(*flow, view->payment)) {
        response.status = 404;
        response.body = "console.error(\"px.invoice.client.js: unknown payment token\");\n";
        return response;
    }
    pages::ClientScriptConfig config;
    config.token = token;
    config.flow = *flow;
    config.front_end_origin = origin_of(context.base.front_end);
    config.page_url = context.base.front_end + "/invoice/payments/" +
                      (*flow == PageFlow::verify ? "verify/" : "authorize/") + token;
    config.host_origins = host_origins_of(view->payment);
    config.language = std::string(pages::ui_language_tag(pages::initial_ui_language(
        view->payment.language, domain::country_of(view->payment.invoice_type))));
    response.body = pages::render_client_script(config);
    return response;
}

Response handle_asset(RequestContext& context) {
    const auto asset = pages::find_asset(context.path_param("asset"));
    if (!asset) return not_found_page(context);
    Response response;
    response.set_header("Content-Type", std::string(asset->content_type));
    response.set_header("Cache-Control", "public, max-age=3600");
    response.set_header("X-Content-Type-Options", "nosniff");
    response.body = std::string(asset->body);
    return response;
}

}  // namespace faktura::http
