// Step 1 of the hosted page (§21.1): the identity number, e-mail, mobile number and zip code form.
// Field errors are announced by an error summary (role="alert") and tied to their inputs with
// aria-invalid and aria-describedby. The identity number is written back only in answer to this
// browser's own post or to the browser that typed the stored one (ADR 0015), never autocompleted.
#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pages/html_builder.hpp"
#include "pages/i18n.hpp"
#include "pages/layout.hpp"
#include "pages/pages.hpp"

namespace faktura::pages {
namespace {

struct FieldSpec {
    FormField field;
    Markup input_id;  // §21.1 ids.
    Markup error_id;  // input_id + "-error".
    Message label;
    Message required;
    Message invalid;
};

// In the order of the form, which is also the order of the error summary and of focus.
constexpr FieldSpec field_specs[] = {
    {FormField::social_security_number, "ssnInput", "ssnInput-error", Message::ssn_label,
     Message::ssn_required, Message::ssn_invalid},
    {FormField::email, "emailInput", "emailInput-error", Message::email_label,
     Message::email_required, Message::email_invalid},
    {FormField::msisdn, "msisdnInput", "msisdnInput-error", Message::msisdn_label,
     Message::msisdn_required, Message::msisdn_invalid},
    {FormField::zip_code, "zipCodeInput", "zipCodeInput-error", Message::zip_code_label,
     Message::zip_code_required, Message::zip_code_invalid},
};

std::optional<FieldErrorKind> error_of(const ConsumerStep& step, FormField field) {
    const auto found = std::find_if(step.errors.begin(), step.errors.end(),
                                    [field](const FieldError& e) { return e.field == field; });
    if (found == step.errors.end()) return std::nullopt;
    return found->kind;
}

// The field's message; an invalid value is told the format the payment's country expects
// (defect 18): "Skriv det som ÅÅMMDD-XXXX", "… som 070-123 45 67 eller +46 70 123 45 67".
std::string error_message(const PageFrame& frame, const ConsumerStep& step, const FieldSpec& spec,
                          FieldErrorKind kind) {
    if (kind == FieldErrorKind::required) return std::string{say(frame, spec.required)};
    const FieldExamples examples = field_examples(step.country);
    return fill_slots(say(frame, spec.invalid),
                      {{"{format}", identity_number_placeholder(step.country, frame.language)},
                       {"{local}", examples.msisdn_local},
                       {"{international}", examples.msisdn_international},
                       {"{digits}", examples.zip_code_digits},
                       {"{example}", examples.zip_code}});
}

void write_field_error_summary(HtmlBuilder& page, const PageFrame& frame,
                               const ConsumerStep& step) {
    std::vector<SummaryItem> items;
    for (const FieldSpec& spec : field_specs) {
        const auto kind = error_of(step, spec.field);
        if (kind) items.push_back({spec.input_id, error_message(frame, step, spec, *kind)});
    }
    write_error_summary(page, frame, items);
}

void write_field(HtmlBuilder& page, const PageFrame& frame, const ConsumerStep& step,
                 const FieldSpec& spec, bool is_first_invalid) {
    const auto kind = error_of(step, spec.field);
    if (kind) {
        page.markup("<div class=\"px-field px-field-invalid\">\n");
    } else {
        page.markup("<div class=\"px-field\">\n");
    }
    page.markup("<label for=\"")
        .markup(spec.input_id)
        .markup("\">")
        .text(say(frame, spec.label))
        .markup("</label>\n");
    const bool saved =
        spec.field == FormField::social_security_number && step.saved_identity_number;
    if (saved) {
        page.markup("<p class=\"px-field-hint\" id=\"ssnInput-saved\">")
            .text(say(frame, Message::ssn_saved_label))
            .markup(": <strong>")
            .text(*step.saved_identity_number)
            .markup("</strong>. ")
            .text(say(frame, Message::ssn_saved_hint))
            .markup("</p>\n");
    }
    // The error text sits between the label and the input, so it is read before the payer types.
    if (kind) {
        page.markup("<p class=\"px-field-error\" id=\"")
            .markup(spec.error_id)
            .markup("\">")
            .text(error_message(frame, step, spec, *kind))
            .markup("</p>\n");
    }
    page.markup("<input id=\"").markup(spec.input_id).markup("\"");
    switch (spec.field) {
        case FormField::social_security_number:
            // Text, not numeric: Swedish numbers carry a '-' or '+', Finnish ones a century sign
            // and a letter. The value is what this browser typed (ADR 0015); the handler decides.
            page.markup(" name=\"ssn\" type=\"text\" autocomplete=\"off\" spellcheck=\"false\"")
                .attribute("placeholder",
                           identity_number_placeholder(step.country, frame.language));
            if (!step.values.social_security_number.empty()) {
                page.attribute("value", step.values.social_security_number);
            }
            break;
        case FormField::email:
            page.markup(" name=\"email\" type=\"email\" autocomplete=\"email\"")
                .attribute("value", step.values.email);
            break;
        case FormField::msisdn:
            page.markup(" name=\"msisdn\" type=\"tel\" autocomplete=\"tel\"")
                .attribute("value", step.values.msisdn);
            break;
        case FormField::zip_code:
            page.markup(
                    " name=\"zip\" type=\"text\" autocomplete=\"postal-code\" "
                    "inputmode=\"numeric\"")
                .attribute("value", step.values.zip_code);
            break;
        case FormField::addressee:  // Step 2's address fields are not part of this form.
        case FormField::street_address:
        case FormField::address_zip_code:
        case FormField::city:
            break;
    }
    // With a saved payer the identity number may stay empty.
    if (!saved) page.markup(" required");
    if (kind) {
        page.markup(" aria-invalid=\"true\" aria-describedby=\"").markup(spec.error_id);
        if (saved) page.markup(" ssnInput-saved");
        page.markup("\"");
    } else if (saved) {
        page.markup(" aria-describedby=\"ssnInput-saved\"");
    }
    // Embedded, browsers block autofocus in a cross-origin frame (and log it); page.js focuses the
    // field there instead.
    if (is_first_invalid && !frame.embedded) page.markup(" autofocus");
    page.markup(">\n</div>\n");
}

}  // namespace

std::string render_consumer_step(const PageFrame& frame, const ConsumerStep& step) {
    HtmlBuilder page;
    open_document(page, frame, &step.merchant);
    page.markup("<main id=\"px-main\" class=\"px-main px-step-consumer\">\n");
    write_error_box(page, frame, step.error_box, step.attempts_left);
    // After the final failure the payment is Failed: nothing to fill in and nothing to cancel; the
    // box's "Continue" is the way on. After a credit refusal the box stands alone: its "Choose
    // another payment method" and "Try again" are the ways on, not a form inviting a retry.
    const bool box_alone = step.error_box == ErrorBox::attempts_exhausted ||
                           step.error_box == ErrorBox::credit_refused;
    if (!box_alone) write_summary(page, frame, step.summary, false);
    if (!box_alone) {
        const std::string days = days_text(frame.language, step.summary.due_days);
        page.markup(
                "<section class=\"px-info\" aria-labelledby=\"px-info-heading\">\n"
                "<h2 id=\"px-info-heading\">")
            .text(fill_slots(say(frame, Message::info_heading), {{"{days}", days}}))
            .markup("</h2>\n<p>")
            .text(say(frame, Message::info_emailed))
            .markup("</p>\n<details class=\"px-info-more\">\n<summary>")
            .text(say(frame, Message::info_learn_more))
            .markup("</summary>\n<p>")
            .text(fill_slots(say(frame, Message::info_details), {{"{days}", days}}))
            .markup("</p>\n</details>\n</section>\n");

        // novalidate: the server validates (per country, with checksums) and the page shows its
        // messages in the page's language, not the browser's.
        // data-px-step-url: the address of step 1 that page.js puts in the browser's history, so
        // that Back from step 2 comes here, filled in, not to step 2 again (defect 3).
        page.markup("<form id=\"px-consumer-form\" class=\"px-form\" method=\"post\"")
            .attribute("action", frame.links.consumer_action)
            .attribute("data-px-busy", say(frame, Message::busy_consumer));
        if (!frame.links.try_again.empty()) {
            page.attribute("data-px-step-url", frame.links.try_again);
        }
        page.markup(" novalidate>\n");
        write_csrf_field(page, frame);
        write_field_error_summary(page, frame, step);
        bool focus_taken = false;
        for (const FieldSpec& spec : field_specs) {
            const bool is_invalid = error_of(step, spec.field).has_value();
            write_field(page, frame, step, spec, is_invalid && !focus_taken);
            focus_taken = focus_taken || is_invalid;
        }
        page.markup(
                "<button id=\"px-submit\" class=\"px-button px-button-primary\" type=\"submit\">")
            .text(say(frame, Message::next_button))
            .markup("</button>\n</form>\n");
        write_progress(page);
        write_terms(page, frame, step.merchant, step.flow, false);
        write_cancel_form(page, frame, step.merchant);
    }
    page.markup("</main>\n");
    close_document(page);
    return page.take();
}

}  // namespace faktura::pages
