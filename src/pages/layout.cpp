// The shared document structure of the payer's pages. No inline script or style anywhere: the
// Content-Security-Policy allows only 'self' scripts and styles, loaded from assets_base.
#include "pages/layout.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace faktura::pages {
namespace {

bool starts_with_ignoring_case(std::string_view text, std::string_view prefix) {
    if (text.size() < prefix.size()) return false;
    for (std::size_t i = 0; i < prefix.size(); ++i) {
        char c = text[i];
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        if (c != prefix[i]) return false;
    }
    return true;
}

void write_language_switch(HtmlBuilder& page, const PageFrame& frame) {
    if (frame.links.language_links.empty()) return;
    page.markup("<nav class=\"px-language-switch\"")
        .attribute("aria-label", say(frame, Message::language_switch_label))
        .markup(">\n<ul>\n");
    for (const auto& [language, href] : frame.links.language_links) {
        page.markup("<li><a").attribute("href", href);
        page.attribute("hreflang", ui_language_tag(language))
            .attribute("lang", ui_language_tag(language));
        if (language == frame.language) page.attribute("aria-current", "true");
        page.markup(">").text(language_name(language)).markup("</a></li>\n");
    }
    page.markup("</ul>\n</nav>\n");
}

void write_header(HtmlBuilder& page, const PageFrame& frame, const MerchantView* merchant) {
    page.markup("<header class=\"px-header\">\n<div class=\"px-header-bar\">\n");
    // The lender's name beside the invoice mark, as the info box names it (defect 22).
    // The mark is decorative: the name follows as text.
    page.markup("<p class=\"px-brand\"><img class=\"px-brand-logo\"")
        .attribute("src", frame.links.assets_base + "/logo.svg")
        .markup(" alt=\"\" width=\"27\" height=\"30\"><span class=\"px-brand-name\">")
        .text(say(frame, Message::brand_name))
        .markup("</span></p>\n");
    write_language_switch(page, frame);
    page.markup("</div>\n");
    if (merchant != nullptr) {
        page.markup("<div class=\"px-merchant\">\n");
        if (merchant->logo_url && is_safe_url(*merchant->logo_url)) {
            // Decorative: the merchant's name follows as the heading.
            page.markup("<img class=\"px-merchant-logo\"")
                .attribute("src", *merchant->logo_url)
                .markup(" alt=\"\">\n");
        }
        page.markup("<h1 class=\"px-merchant-name\">").text(merchant->payee_name).markup("</h1>\n");
        // "<description> - <payeeReference>" (§21.1); the dash only between two parts.
        if (!merchant->description.empty() || !merchant->payee_reference.empty()) {
            page.markup("<p class=\"px-subtitle\">").text(merchant->description);
            if (!merchant->description.empty() && !merchant->payee_reference.empty()) {
                page.text(" - ");
            }
            page.text(merchant->payee_reference).markup("</p>\n");
        }
        page.markup("</div>\n");
    }
    page.markup("</header>\n");
}

}  // namespace

bool is_safe_url(std::string_view url) {
    if (starts_with_ignoring_case(url, "https://") || starts_with_ignoring_case(url, "http://")) {
        return true;
    }
    // A path on this site; "//host" would leave it and "/\host" does in some browsers.
    return url.size() >= 1 && url[0] == '/' &&
           (url.size() == 1 || (url[1] != '/' && url[1] != '\\'));
}

void open_document(HtmlBuilder& page, const PageFrame& frame, const MerchantView* merchant) {
    page.markup("<!DOCTYPE html>\n<html").attribute("lang", ui_language_tag(frame.language));
    page.markup(
        ">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        // The page URL holds the payment's token; no Referer may carry it to the merchant's
        // logo or terms host.
        "<meta name=\"referrer\" content=\"no-referrer\">\n"
        "<meta name=\"robots\" content=\"noindex, nofollow\">\n"
        "<title>");
    // "Demo Shop – Faktura"; without a merchant the page's own heading ("Page not found – …").
    if (merchant != nullptr) {
        page.text(merchant->payee_name).text(" \u2013 ");
    } else if (!frame.title.empty()) {
        page.text(frame.title).text(" \u2013 ");
    }
    page.text(say(frame, Message::document_title)).markup("</title>\n");
    page.markup("<link rel=\"icon\" type=\"image/svg+xml\"")
        .attribute("href", frame.links.assets_base + "/logo.svg")
        .markup(">\n");
    page.markup("<link rel=\"stylesheet\"")
        .attribute("href", frame.links.assets_base + "/faktura.css")
        .markup(">\n");
    page.markup("<script").attribute("src", frame.links.assets_base + "/page.js");
    page.markup(" defer></script>\n</head>\n");
    if (frame.embedded) {
        page.markup("<body class=\"px-embedded\" data-px-embedded=\"1\"")
            .attribute("data-px-host-origin", frame.host_origin)
            .attribute("data-px-payment-id", frame.payment_id)
            .markup(">\n");
        return;
    }
    page.markup("<body class=\"px-full\">\n");
    write_header(page, frame, merchant);
}

void write_continue_link(HtmlBuilder& page, const PageFrame& frame, const std::string& url,
                         Message label) {
    if (!is_safe_url(url)) return;
    // _top: in the seamless view the merchant's page, not the iframe, goes on to the merchant.
    page.markup("<p class=\"px-actions\"><a id=\"px-continue\" class=\"px-button\"")
        .attribute("href", url)
        .markup(" target=\"_top\">")
        .text(say(frame, label))
        .markup("</a></p>\n");
}

void close_document(HtmlBuilder& page) { page.markup("</body>\n</html>\n"); }

void write_csrf_field(HtmlBuilder& page, const PageFrame& frame) {
    page.markup("<input type=\"hidden\" name=\"csrf\"").attribute("value", frame.csrf_token);
    page.markup(">\n");
}

void write_error_box(HtmlBuilder& page, const PageFrame& frame, ErrorBox box,
                     std::optional<std::int32_t> attempts_left) {
    if (box == ErrorBox::none) return;
    page.markup("<div class=\"px-error\" role=\"alert\" id=\"px-error\">\n");
    const auto title = [&](Message message) {
        page.markup("<h2 class=\"px-error-title\">").text(say(frame, message)).markup("</h2>\n");
    };
    const auto paragraph = [&](Message message) {
        page.markup("<p>").text(say(frame, message)).markup("</p>\n");
    };
    // "You have 2 attempts left." under a refusal or failure that allows another (defect 15).
    const auto attempts = [&] {
        if (!attempts_left || *attempts_left < 1) return;
        const std::string count = std::to_string(*attempts_left);
        page.markup("<p id=\"px-attempts-left\" class=\"px-attempts-left\">")
            .text(*attempts_left == 1
                      ? std::string{say(frame, Message::attempts_left_one)}
                      : fill_slots(say(frame, Message::attempts_left_many), {{"{count}", count}}))
            .markup("</p>\n");
    };
    const auto try_again = [&] {
        page.markup("<p class=\"px-actions\"><a id=\"px-try-again\" class=\"px-button\"")
            .attribute("href", frame.links.try_again)
            .markup(">")
            .text(say(frame, Message::try_again))
            .markup("</a></p>\n");
    };
    switch (box) {
        case ErrorBox::none:
            break;
        case ErrorBox::lookup_failed:
            title(Message::lookup_failed_title);
            paragraph(Message::lookup_failed_text);
            break;
        case ErrorBox::credit_refused:
            title(Message::credit_refused_title);
            paragraph(Message::credit_refused_intro);
            page.markup("<ul>\n");
            for (const Message reason :
                 {Message::credit_refused_reason_under_18, Message::credit_refused_reason_guardian,
                  Message::credit_refused_reason_payment_remarks,
                  Message::credit_refused_reason_unpaid_debts,
                  Message::credit_refused_reason_blocked_accounts}) {
                page.markup("<li>").text(say(frame, reason)).markup("</li>\n");
            }
            page.markup("</ul>\n");
            paragraph(Message::credit_refused_outro);
            attempts();
            // Another payment method first: the refusal says "apply again later" (defect 10).
            if (frame.links.other_method_url && is_safe_url(*frame.links.other_method_url)) {
                page.markup(
                        "<p class=\"px-actions\"><a id=\"px-other-method\" "
                        "class=\"px-button px-button-primary\"")
                    .attribute("href", *frame.links.other_method_url)
                    .markup(" target=\"_top\">")
                    .text(say(frame, Message::choose_other_method))
                    .markup("</a></p>\n");
            }
            try_again();
            break;
        case ErrorBox::payment_failed:
            title(Message::payment_failed_title);
            paragraph(Message::payment_failed_text);
            attempts();
            try_again();
            break;
        case ErrorBox::attempts_exhausted:
            title(Message::attempts_exhausted_title);
            paragraph(Message::attempts_exhausted_text);
            if (frame.links.continue_url) {
                write_continue_link(page, frame, *frame.links.continue_url,
                                    Message::back_to_merchant);
            }
            break;
        case ErrorBox::provider_unavailable:
            paragraph(Message::provider_unavailable_text);
            break;
        case ErrorBox::form_expired:
            paragraph(Message::form_expired_text);
            break;
    }
    page.markup("</div>\n");
}

void write_error_summary(HtmlBuilder& page, const PageFrame& frame,
                         const std::vector<SummaryItem>& items) {
    if (items.empty()) return;
    page.markup(
            "<div class=\"px-error-summary\" id=\"px-error-summary\" role=\"alert\">\n"
            "<h2 class=\"px-error-summary-title\">")
        .text(say(frame, Message::error_summary_heading))
        .markup("</h2>\n<ul>\n");
    for (const SummaryItem& item : items) {
        page.markup("<li><a href=\"#")
            .markup(item.input_id)
            .markup("\">")
            .text(item.message)
            .markup("</a></li>\n");
    }
    page.markup("</ul>\n</div>\n");
}

void write_terms(HtmlBuilder& page, const PageFrame& frame, const MerchantView& merchant,
                 PageFlow flow, bool final_step) {
    const bool verify = flow == PageFlow::verify;
    const Message message =
        final_step
            ? (verify ? Message::terms_sentence_confirm : Message::terms_sentence_pay)
            : (verify ? Message::terms_sentence_confirm_next : Message::terms_sentence_pay_next);
    const std::string_view sentence = say(frame, message);
    const bool has_terms =
        merchant.terms_of_service_url && is_safe_url(*merchant.terms_of_service_url);
    page.markup("<p class=\"px-terms\">");
    // Fill the sentence's slots; everything between them is text.
    std::string_view rest = sentence;
    while (!rest.empty()) {
        const std::size_t open = rest.find('{');
        const std::size_t close = open == std::string_view::npos ? open : rest.find('}', open);
        if (close == std::string_view::npos) {
            page.text(rest);
            break;
        }
        page.text(rest.substr(0, open));
        const std::string_view slot = rest.substr(open, close - open + 1);
        if (slot == "{payee}") {
            page.text(merchant.payee_name);
        } else if (slot == "{terms}" && has_terms) {
            page.markup("<a id=\"px-terms\"")
                .attribute("href", *merchant.terms_of_service_url)
                .markup(" target=\"_blank\" rel=\"noopener\"")
                .attribute("data-px-terms-url", *merchant.terms_of_service_url)
                .markup(">")
                .text(say(frame, Message::terms_link))
                .markup("</a>");
        } else if (slot == "{terms}") {
            page.text(say(frame, Message::terms_link));
        } else {
            page.text(slot);  // Not a slot: a brace in the text itself.
        }
        rest.remove_prefix(close + 1);
    }
    page.markup("</p>\n");
}

void write_summary(HtmlBuilder& page, const PageFrame& frame, const OrderSummary& summary,
                   bool final_step) {
    struct Row {
        Markup css;
        Message label;
        std::string value;
    };
    std::vector<Row> rows;
    if (summary.amount) {
        rows.push_back({"px-summary-amount", Message::summary_amount,
                        format_money(frame.language, *summary.amount, summary.currency)});
        if (summary.due_date) {
            const std::string date = format_date(frame.language, *summary.due_date);
            const std::string days = days_text(frame.language, summary.due_days);
            rows.push_back({"px-summary-due", Message::summary_due_label,
                            fill_slots(say(frame, Message::summary_due_value),
                                       {{"{date}", date}, {"{days}", days}})});
        }
    }
    if (final_step) {
        if (summary.invoice_email && !summary.invoice_email->empty()) {
            rows.push_back(
                {"px-summary-sent-to", Message::summary_sent_to, *summary.invoice_email});
        } else if (summary.amount) {
            rows.push_back({"px-summary-sent-to", Message::summary_sent_to,
                            std::string{say(frame, Message::summary_sent_by_post)}});
        }
    }
    // The full page's header holds the <h1>; the frame has no header, so the summary names the
    // merchant there.
    const bool heading = frame.embedded && !summary.merchant_name.empty();
    if (rows.empty() && !heading) return;
    page.markup("<section id=\"px-summary\" class=\"px-summary\"")
        .attribute("aria-label", say(frame, Message::summary_label))
        .markup(">\n");
    if (heading) {
        page.markup("<h1 class=\"px-summary-merchant\">")
            .text(summary.merchant_name)
            .markup("</h1>\n");
    }
    if (!rows.empty()) {
        page.markup("<dl class=\"px-summary-list\">\n");
        for (const Row& row : rows) {
            page.markup("<div class=\"px-summary-row ")
                .markup(row.css)
                .markup("\">\n<dt>")
                .text(say(frame, row.label))
                .markup("</dt>\n<dd>")
                .text(row.value)
                .markup("</dd>\n</div>\n");
        }
        page.markup("</dl>\n");
    }
    page.markup("</section>\n");
}

void write_progress(HtmlBuilder& page) {
    page.markup("<p id=\"px-progress\" class=\"px-progress\" role=\"status\"></p>\n");
}

void write_cancel_form(HtmlBuilder& page, const PageFrame& frame, const MerchantView& merchant) {
    if (!merchant.can_cancel) return;
    // Cancelling is for good, so it asks first (defect 14) — inline, and without JavaScript: the
    // question and its button open under the summary.
    page.markup(
            "<details id=\"px-cancel-details\" class=\"px-cancel\">\n"
            "<summary id=\"px-cancel-open\">")
        .text(say(frame, Message::cancel_payment))
        .markup("</summary>\n<div class=\"px-cancel-confirm\">\n<p id=\"px-cancel-question\">")
        .text(say(frame, Message::cancel_question))
        .markup("</p>\n<form class=\"px-cancel-form\" method=\"post\"")
        .attribute("action", frame.links.cancel_action)
        .markup(">\n");
    write_csrf_field(page, frame);
    page.markup(
            "<button id=\"px-cancel\" class=\"px-button-link\" type=\"submit\" "
            "aria-describedby=\"px-cancel-question\">")
        .text(say(frame, Message::cancel_confirm))
        .markup("</button>\n</form>\n</div>\n</details>\n");
}

}  // namespace faktura::pages
