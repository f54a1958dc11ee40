// The short pages shown instead of the form (§21.1): completed, failed, aborted, pending, expired,
// lookups exhausted, not found and host not allowed. In the seamless view, an event for the host
// page rides on <main> as data attributes that page.js posts to the parent (§21.2).

#include "pages/html_builder.hpp"
#include "pages/i18n.hpp"
#include "pages/layout.hpp"
#include "pages/pages.hpp"

namespace faktura::pages {
namespace {

struct StatusTexts {
    Markup class_name;
    Message heading;
    Message text;
};

StatusTexts texts_of(StatusKind kind) {
    switch (kind) {
        case StatusKind::completed:
            return {"px-status-completed", Message::completed_heading, Message::completed_text};
        case StatusKind::failed:
            return {"px-status-failed", Message::failed_heading, Message::failed_text};
        case StatusKind::aborted:
            return {"px-status-aborted", Message::aborted_heading, Message::aborted_text};
        case StatusKind::pending:
            return {"px-status-pending", Message::pending_heading, Message::pending_text};
        case StatusKind::expired:
            return {"px-status-expired", Message::expired_heading, Message::expired_text};
        case StatusKind::lookups_exhausted:
            return {"px-status-lookups-exhausted", Message::lookups_exhausted_heading,
                    Message::lookups_exhausted_text};
        case StatusKind::not_found:
            return {"px-status-not-found", Message::not_found_heading, Message::not_found_text};
        case StatusKind::host_not_allowed:
            return {"px-status-host-not-allowed", Message::host_not_allowed_heading,
                    Message::host_not_allowed_text};
    }
    return {"px-status-not-found", Message::not_found_heading, Message::not_found_text};
}

}  // namespace

std::string render_status_page(const PageFrame& page_frame, const StatusPage& status,
                               const std::optional<EmbeddedEvent>& event) {
    StatusTexts texts = texts_of(status.kind);
    if (status.kind == StatusKind::completed && status.flow == PageFlow::verify) {
        texts.text = Message::verified_text;
    }
    const MerchantView* merchant = status.merchant ? &*status.merchant : nullptr;
    PageFrame frame = page_frame;
    // Without a merchant, the tab says what the page is: "Page not found – Invoice" (defect 23).
    if (merchant == nullptr) frame.title = std::string{say(frame, texts.heading)};
    // The page's one <h1> is the merchant's name in the full page's header; without that header the
    // status heading takes its place.
    const bool heading_is_top = frame.embedded || merchant == nullptr;

    HtmlBuilder page;
    open_document(page, frame, merchant);
    page.markup("<main id=\"px-main\" class=\"px-main px-status ").markup(texts.class_name);
    page.markup("\"");
    if (frame.embedded && event) {
        page.attribute("data-px-event", event->name)
            .attribute("data-px-payload", event->payload_json);
    }
    page.markup(">\n<div class=\"px-status-box\" role=\"status\">\n");
    if (heading_is_top) {
        page.markup("<h1 class=\"px-status-heading\">")
            .text(say(frame, texts.heading))
            .markup("</h1>\n");
    } else {
        page.markup("<h2 class=\"px-status-heading\">")
            .text(say(frame, texts.heading))
            .markup("</h2>\n");
    }
    page.markup("<p>").text(say(frame, texts.text)).markup("</p>\n");
    // On after a completed payment; back from every other state (defect translation notes).
    if (status.continue_url) {
        write_continue_link(page, frame, *status.continue_url,
                            status.kind == StatusKind::completed ? Message::continue_to_merchant
                                                                 : Message::back_to_merchant);
    }
    page.markup("</div>\n</main>\n");
    close_document(page);
    return page.take();
}

}  // namespace faktura::pages
