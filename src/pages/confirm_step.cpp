// Step 2 of the hosted page (§21.1): the masked legal address (§11.3) and "Pay <amount>" or, for a
// verification, "Confirm". Only the masked address type reaches this page.
#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/country.hpp"
#include "pages/html_builder.hpp"
#include "pages/i18n.hpp"
#include "pages/layout.hpp"
#include "pages/pages.hpp"

namespace faktura::pages {
namespace {

// Whether the confirm form is still offered under this error box. After a refusal or a failed
// authorization the same data would fail again, so the payer goes back to step 1 ("Try again") or
// on to the merchant; a timeout or a stale form may simply be confirmed again.
bool offers_confirmation(ErrorBox box) {
    switch (box) {
        case ErrorBox::none:
        case ErrorBox::lookup_failed:
        case ErrorBox::provider_unavailable:
        case ErrorBox::form_expired:
            return true;
        case ErrorBox::credit_refused:
        case ErrorBox::payment_failed:
        case ErrorBox::attempts_exhausted:
            return false;
    }
    return false;
}

Message country_name(domain::Country country) {
    switch (country) {
        case domain::Country::se:
            return Message::country_se;
        case domain::Country::no:
            return Message::country_no;
        case domain::Country::fi:
            return Message::country_fi;
    }
    return Message::country_se;
}

void write_address(HtmlBuilder& page, const PageFrame& frame,
                   const domain::MaskedAddress& address) {
    page.markup(
            "<div id=\"consumer-input\" class=\"px-address\">\n"
            "<h2 id=\"px-address-heading\">")
        .text(say(frame, Message::legal_address_heading))
        .markup("</h2>\n<p class=\"px-address-lines\">");
    page.text(address.addressee).markup("<br>\n");
    if (address.co_address && !address.co_address->empty()) {
        page.text(*address.co_address).markup("<br>\n");
    }
    page.text(address.street_address).markup("<br>\n");
    page.text(address.zip_code).text(" ").text(address.city).markup("<br>\n");
    // The country by name in the page's language, not its ISO code (defect 19).
    page.text(say(frame, country_name(address.country))).markup("</p>\n</div>\n");
}

struct AddressFieldSpec {
    FormField field;
    Markup input_id;
    Markup error_id;
    Markup name;
    Markup autocomplete;
    Message label;
    Message required;  // Each field says what it wants (defect 20), not "fill in this field".
};

constexpr AddressFieldSpec address_field_specs[] = {
    {FormField::addressee, "addresseeInput", "addresseeInput-error", "addressee", "name",
     Message::addressee_label, Message::addressee_required},
    {FormField::street_address, "streetAddressInput", "streetAddressInput-error", "street",
     "street-address", Message::street_address_label, Message::street_address_required},
    {FormField::address_zip_code, "addressZipCodeInput", "addressZipCodeInput-error", "addresszip",
     "postal-code", Message::zip_code_label, Message::zip_code_required},
    {FormField::city, "cityInput", "cityInput-error", "city", "address-level2", Message::city_label,
     Message::city_required},
};

// An address field's message: what is missing, or (the zip code) the format Finland expects.
std::string address_error_message(const PageFrame& frame, const AddressFieldSpec& spec,
                                  FieldErrorKind kind) {
    if (spec.field == FormField::address_zip_code && kind == FieldErrorKind::invalid) {
        const FieldExamples examples = field_examples(domain::Country::fi);
        return fill_slots(
            say(frame, Message::zip_code_invalid),
            {{"{digits}", examples.zip_code_digits}, {"{example}", examples.zip_code}});
    }
    return std::string{say(frame, spec.required)};
}

std::optional<FieldErrorKind> address_error_of(const ConfirmStep& step, FormField field) {
    const auto found = std::find_if(step.errors.begin(), step.errors.end(),
                                    [field](const FieldError& e) { return e.field == field; });
    if (found == step.errors.end()) return std::nullopt;
    return found->kind;
}

const std::string& value_of(const AddressFormValues& values, FormField field) {
    switch (field) {
        case FormField::addressee:
            return values.addressee;
        case FormField::street_address:
            return values.street_address;
        case FormField::address_zip_code:
            return values.zip_code;
        case FormField::city:
        case FormField::social_security_number:
        case FormField::email:
        case FormField::msisdn:
        case FormField::zip_code:
            break;
    }
    return values.city;
}

// The payer types the address the register did not have (Finland, §21.1): labelled inputs whose
// errors are tied to them as on step 1.
void write_address_entry(HtmlBuilder& page, const PageFrame& frame, const ConfirmStep& step) {
    std::vector<SummaryItem> summary;
    for (const AddressFieldSpec& spec : address_field_specs) {
        if (const auto kind = address_error_of(step, spec.field)) {
            summary.push_back({spec.input_id, address_error_message(frame, spec, *kind)});
        }
    }
    write_error_summary(page, frame, summary);
    page.markup("<fieldset id=\"consumer-input\" class=\"px-address px-address-entry\">\n<legend>")
        .text(say(frame, Message::manual_address_heading))
        .markup("</legend>\n<p class=\"px-address-intro\">")
        .text(say(frame, Message::manual_address_intro))
        .markup("</p>\n");
    bool focus_taken = false;
    for (const AddressFieldSpec& spec : address_field_specs) {
        const auto kind = address_error_of(step, spec.field);
        const bool invalid = kind.has_value();
        if (invalid) {
            page.markup("<div class=\"px-field px-field-invalid\">\n");
        } else {
            page.markup("<div class=\"px-field\">\n");
        }
        page.markup("<label for=\"")
            .markup(spec.input_id)
            .markup("\">")
            .text(say(frame, spec.label))
            .markup("</label>\n");
        if (invalid) {
            page.markup("<p class=\"px-field-error\" id=\"")
                .markup(spec.error_id)
                .markup("\">")
                .text(address_error_message(frame, spec, *kind))
                .markup("</p>\n");
        }
        page.markup("<input id=\"")
            .markup(spec.input_id)
            .markup("\" name=\"")
            .markup(spec.name)
            .markup("\" type=\"text\" autocomplete=\"")
            .markup(spec.autocomplete)
            .markup("\"")
            .attribute("value", value_of(step.address_values, spec.field))
            .markup(" required");
        if (invalid) {
            page.markup(" aria-invalid=\"true\" aria-describedby=\"")
                .markup(spec.error_id)
                .markup("\"");
            if (!focus_taken && !frame.embedded) page.markup(" autofocus");
            focus_taken = true;
        }
        page.markup(">\n</div>\n");
    }
    page.markup("</fieldset>\n");
}

}  // namespace

std::string render_confirm_step(const PageFrame& frame, const ConfirmStep& step) {
    HtmlBuilder page;
    open_document(page, frame, &step.merchant);
    page.markup("<main id=\"px-main\" class=\"px-main px-step-confirm\">\n");
    write_error_box(page, frame, step.error_box);
    if (step.error_box != ErrorBox::attempts_exhausted)
        write_summary(page, frame, step.summary, true);
    if (!step.address_entry) write_address(page, frame, step.address);
    // Back to step 1, filled in from what was stored (the identity number only for this browser).
    // Not under a refusal or a failure: their box has "Try again" to the same page.
    if (offers_confirmation(step.error_box) && !frame.links.try_again.empty()) {
        page.markup("<p class=\"px-change-details\"><a id=\"px-change-details\"")
            .attribute("href", frame.links.try_again)
            .markup(">")
            .text(say(frame, Message::change_details))
            .markup("</a></p>\n");
    }
    if (offers_confirmation(step.error_box)) {
        // data-px-final: page.js announces onPaymentCreated when this form is submitted (§21.2).
        page.markup("<form id=\"px-confirm-form\" class=\"px-form\" method=\"post\"")
            .attribute("action", frame.links.confirm_action)
            .attribute("data-px-busy", say(frame, Message::busy_confirm))
            .markup(" data-px-final=\"1\"");
        // The server checks the typed address, in the page's language (as on step 1).
        if (step.address_entry) page.markup(" novalidate");
        page.markup(">\n");
        write_csrf_field(page, frame);
        if (step.address_entry) write_address_entry(page, frame, step);
        page.markup(
            "<button id=\"px-submit\" class=\"px-button px-button-primary\" type=\"submit\">");
        if (step.flow == PageFlow::verify) {
            page.text(say(frame, Message::confirm_button));
        } else {
            page.text(pay_button_text(frame.language, step.amount, step.currency));
        }
        page.markup("</button>\n</form>\n");
        write_progress(page);
        write_terms(page, frame, step.merchant, step.flow, true);
    }
    if (step.error_box != ErrorBox::attempts_exhausted) {
        write_cancel_form(page, frame, step.merchant);
    }
    page.markup("</main>\n");
    close_document(page);
    return page.take();
}

}  // namespace faktura::pages
