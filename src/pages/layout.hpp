// The parts every page shares (internal to pages/): the document around a page, the header, the
// error box, the terms sentence and the cancel form. Pure; all values go through HtmlBuilder.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pages/html_builder.hpp"
#include "pages/i18n.hpp"
#include "pages/page_model.hpp"

namespace faktura::pages {

// True for URLs a link or image may carry: http(s) and same-site paths. Escaping keeps a value
// inside its attribute; this keeps "javascript:" and "data:" out of href and src as well.
bool is_safe_url(std::string_view url);

// <!DOCTYPE html> … <body …>, then (full page only) the header with the logos, the merchant's name
// and subtitle and the language switch. `merchant` may be null (a page for an unknown payment).
void open_document(HtmlBuilder& page, const PageFrame& frame, const MerchantView* merchant);

// </body></html>.
void close_document(HtmlBuilder& page);

// The hidden "csrf" field of every form.
void write_csrf_field(HtmlBuilder& page, const PageFrame& frame);

// <div class="px-error" role="alert" id="px-error"> with the box's texts and its link; nothing for
// ErrorBox::none.
// The error summary above a form's fields (role="alert"): the heading "Please correct the
// following" and one link per field error to its input, in the order given.
struct SummaryItem {
    Markup input_id;
    std::string message;
};
void write_error_summary(HtmlBuilder& page, const PageFrame& frame,
                         const std::vector<SummaryItem>& items);

// Under a refusal or failure, `attempts_left` (when known and ≥ 1) says how many tries remain.
void write_error_box(HtmlBuilder& page, const PageFrame& frame, ErrorBox box,
                     std::optional<std::int32_t> attempts_left = std::nullopt);

// The terms sentence with the terms link (if the merchant has terms). On step 1 (`final_step`
// false) it names the button of the next step ("When you press “Pay” on the next step …"); on step
// 2 the button on the page ("By pressing “Pay” …").
void write_terms(HtmlBuilder& page, const PageFrame& frame, const MerchantView& merchant,
                 PageFlow flow, bool final_step);

// The order summary (id px-summary): embedded, the merchant's name as the frame's <h1>; then the
// amount, the due date with the due days and, on step 2, where the invoice goes.
void write_summary(HtmlBuilder& page, const PageFrame& frame, const OrderSummary& summary,
                   bool final_step);

// The link on to the merchant (id px-continue): "Continue to the merchant" after a completed
// payment, "Back to the merchant" from every other state; nothing if `url` is not is_safe_url.
void write_continue_link(HtmlBuilder& page, const PageFrame& frame, const std::string& url,
                         Message label = Message::continue_to_merchant);

// The live region (id px-progress, role="status") page.js fills with the submitted form's
// data-px-busy text while its request is on the way (defect 13).
void write_progress(HtmlBuilder& page);

// "Cancel payment" (if the merchant can be returned to): a <details> whose summary opens the
// question "Do you want to cancel …?" and the form with "Yes, cancel the payment" (id px-cancel).
void write_cancel_form(HtmlBuilder& page, const PageFrame& frame, const MerchantView& merchant);

// Shorthand for the frame's language.
inline std::string_view say(const PageFrame& frame, Message message) {
    return message_text(frame.language, message);
}

}  // namespace faktura::pages
