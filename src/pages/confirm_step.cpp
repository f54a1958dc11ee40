// Step 2 of the hosted page (§21.1): the masked legal address (§11.3) and "Pay <amount>" or, for a
// verification, "Confirm". Only the masked address type reaches this page.
#include <string_view>

#include "pages/html_builder.hpp"
#include "pages/i18n.hpp"
#include "pages/layout.hpp"
#include "pages/pages.hpp"

namespace faktura::pages {
namespace {

// The country line of the address box, as §11.3 shows it ("SE").
std::string_view country_code(domain::Country country) {
    switch (country) {
        case domain::Country::se:
            return "SE";
        case domain::Country::no:
            return "NO";
        case domain::Country::fi:
            return "FI";
    }
    return "";
}

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
    page.text(country_code(address.country)).markup("</p>\n</div>\n");
}

}  // namespace

std::string render_confirm_step(const PageFrame& frame, const ConfirmStep& step) {
    HtmlBuilder page;
    open_document(page, frame, &step.merchant);
    page.markup("<main id=\"px-main\" class=\"px-main px-step-confirm\">\n");
    write_error_box(page, frame, step.error_box);
    write_address(page, frame, step.address);
    if (offers_confirmation(step.error_box)) {
        // data-px-final: page.js announces onPaymentCreated when this form is submitted (§21.2).
        page.markup("<form id=\"px-confirm-form\" class=\"px-form\" method=\"post\"")
            .attribute("action", frame.links.confirm_action)
            .markup(" data-px-final=\"1\">\n");
        write_csrf_field(page, frame);
        page.markup(
            "<button id=\"px-submit\" class=\"px-button px-button-primary\" type=\"submit\">");
        if (step.flow == PageFlow::verify) {
            page.text(say(frame, Message::confirm_button));
        } else {
            page.text(pay_button_text(frame.language, step.amount, step.currency));
        }
        page.markup("</button>\n</form>\n");
        write_terms(page, frame, step.merchant, step.flow);
    }
    if (step.error_box != ErrorBox::attempts_exhausted) {
        write_cancel_form(page, frame, step.merchant);
    }
    page.markup("</main>\n");
    close_document(page);
    return page.take();
}

}  // namespace faktura::pages
