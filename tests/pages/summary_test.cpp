// Tests the order summary at the top of both steps: the amount with its currency per language (a
// no-break space between number and unit), the due days and due date, where the invoice goes on
// step 2, the merchant's name as the frame's heading in the seamless view, and escaping.
#include <gtest/gtest.h>

#include <string>

#include "pages/pages.hpp"
#include "tests/pages/page_builders.hpp"

namespace faktura::pages {
namespace {

using namespace testing_support;

OrderSummary summary_of(domain::Currency currency = domain::Currency::sek) {
    return OrderSummary{.merchant_name = "Testbutiken AB",
                        .amount = domain::Amount{149900},
                        .currency = currency,
                        .due_days = 14,
                        .due_date = domain::CivilDate{2026, 12, 15},
                        .invoice_email = std::nullopt};
}

ConsumerStep consumer_with(OrderSummary summary, domain::Country country = domain::Country::se) {
    ConsumerStep step{.merchant = shop(),
                      .flow = PageFlow::authorize,
                      .country = country,
                      .values = {},
                      .errors = {},
                      .error_box = ErrorBox::none};
    step.summary = std::move(summary);
    return step;
}

ConfirmStep confirm_with(OrderSummary summary) {
    ConfirmStep step{.merchant = shop(),
                     .flow = PageFlow::authorize,
                     .address = masked_address(),
                     .amount = domain::Amount{149900},
                     .currency = summary.currency,
                     .error_box = ErrorBox::none};
    step.summary = std::move(summary);
    return step;
}

// The text of the <dd> of the summary row with class `row`.
std::string row_value(const std::string& html, const std::string& row) {
    const std::size_t at = html.find("<div class=\"px-summary-row " + row + "\">");
    if (at == std::string::npos) return "<no " + row + ">";
    const std::size_t dd = html.find("<dd>", at) + 4;
    return html.substr(dd, html.find("</dd>", dd) - dd);
}

std::string row_label(const std::string& html, const std::string& row) {
    const std::size_t at = html.find("<div class=\"px-summary-row " + row + "\">");
    if (at == std::string::npos) return "<no " + row + ">";
    const std::size_t dt = html.find("<dt>", at) + 4;
    return html.substr(dt, html.find("</dt>", dt) - dt);
}

TEST(OrderSummary, StepOneShowsTheAmountAndTheDueDateInEveryLanguage) {
    struct Case {
        UiLanguage language;
        domain::Currency currency;
        std::string amount_label;
        std::string amount;
        std::string due_label;
        std::string due;
    };
    const Case cases[] = {
        {UiLanguage::sv_se, domain::Currency::sek, "Att betala", "1\u00A0499,00\u00A0kr",
         "Betala senast", "15 december 2026 (inom 14 dagar)"},
        {UiLanguage::nb_no, domain::Currency::nok, "Å betale", "1\u00A0499,00\u00A0kr",
         "Betal senest", "15. desember 2026 (innen 14 dager)"},
        {UiLanguage::fi_fi, domain::Currency::eur, "Maksettava", "1\u00A0499,00\u00A0€",
         "Maksa viimeistään", "15.12.2026 (14 päivän kuluessa)"},
        {UiLanguage::en_us, domain::Currency::sek, "Total", "SEK\u00A01,499.00", "Pay by",
         "December 15, 2026 (within 14 days)"},
    };
    for (const Case& c : cases) {
        const std::string html =
            render_consumer_step(frame_of(c.language), consumer_with(summary_of(c.currency)));
        EXPECT_EQ(row_label(html, "px-summary-amount"), c.amount_label);
        EXPECT_EQ(row_value(html, "px-summary-amount"), c.amount);
        EXPECT_EQ(row_label(html, "px-summary-due"), c.due_label);
        EXPECT_EQ(row_value(html, "px-summary-due"), c.due);
        EXPECT_FALSE(contains(html, "px-summary-sent-to")) << "step 1 has no e-mail yet";
        // The summary comes before the form, inside main.
        EXPECT_LT(html.find("<main"), html.find("id=\"px-summary\""));
        EXPECT_LT(html.find("id=\"px-summary\""), html.find("<form id=\"px-consumer-form\""));
        EXPECT_EQ(csp_violation(html), "");
    }
}

TEST(OrderSummary, TheInfoBoxCountsTheMerchantsDueDays) {
    OrderSummary summary = summary_of();
    summary.due_days = 30;
    const std::string html =
        render_consumer_step(frame_of(UiLanguage::sv_se), consumer_with(summary));
    EXPECT_TRUE(contains(html, "<h2 id=\"px-info-heading\">Köp nu, betala inom 30 dagar</h2>"));
    EXPECT_TRUE(contains(html, "Du betalar fakturan inom 30 dagar från köpet."));
    EXPECT_FALSE(contains(html, "{days}"));
    EXPECT_EQ(row_value(html, "px-summary-due"), "15 december 2026 (inom 30 dagar)");
}

TEST(OrderSummary, StepTwoSaysWhereTheInvoiceGoes) {
    OrderSummary summary = summary_of();
    summary.invoice_email = "azra.oliveira@example.com";
    std::string html = render_confirm_step(frame_of(UiLanguage::sv_se), confirm_with(summary));
    EXPECT_EQ(row_label(html, "px-summary-sent-to"), "Fakturan skickas till");
    EXPECT_EQ(row_value(html, "px-summary-sent-to"), "azra.oliveira@example.com");
    EXPECT_EQ(row_value(html, "px-summary-amount"), "1\u00A0499,00\u00A0kr");
    EXPECT_LT(html.find("id=\"px-summary\""), html.find("id=\"consumer-input\""));

    summary.invoice_email.reset();
    html = render_confirm_step(frame_of(UiLanguage::en_us), confirm_with(summary));
    EXPECT_EQ(row_value(html, "px-summary-sent-to"), "The address below, by post");
}

TEST(OrderSummary, StepTwoOffersChangeDetailsBackToStepOne) {
    const std::string html =
        render_confirm_step(frame_of(UiLanguage::fi_fi), confirm_with(summary_of()));
    EXPECT_TRUE(contains(html,
                         "<p class=\"px-change-details\"><a id=\"px-change-details\" "
                         "href=\"/invoice/payments/authorize/t0k3n\">Muuta tietoja</a></p>"));
    // Under a refusal the box's "Try again" is that way back already.
    ConfirmStep refused = confirm_with(summary_of());
    refused.error_box = ErrorBox::credit_refused;
    EXPECT_FALSE(
        contains(render_confirm_step(frame_of(UiLanguage::fi_fi), refused), "px-change-details"));
}

TEST(OrderSummary, AVerificationHasNothingToPay) {
    OrderSummary summary = summary_of();
    summary.amount.reset();
    ConsumerStep step = consumer_with(summary);
    step.flow = PageFlow::verify;
    // The full page's header says whom it is for; there is nothing else to sum up.
    EXPECT_FALSE(
        contains(render_consumer_step(frame_of(UiLanguage::en_us), step), "id=\"px-summary\""));
    const std::string embedded = render_consumer_step(frame_of(UiLanguage::en_us, true), step);
    EXPECT_TRUE(contains(embedded, "<h1 class=\"px-summary-merchant\">Testbutiken AB</h1>"));
    EXPECT_FALSE(contains(embedded, "px-summary-amount"));
    EXPECT_FALSE(contains(embedded, "px-summary-due"));
    EXPECT_FALSE(contains(embedded, "<dl"));
}

TEST(OrderSummary, EmbeddedNamesTheMerchantAsTheFramesHeadingButNotTheDescription) {
    const std::string embedded =
        render_consumer_step(frame_of(UiLanguage::sv_se, true), consumer_with(summary_of()));
    EXPECT_TRUE(contains(embedded, "<h1 class=\"px-summary-merchant\">Testbutiken AB</h1>"));
    EXPECT_EQ(count_of(embedded, "<h1"), 1U);
    EXPECT_FALSE(contains(embedded, "Test Purchase"));  // §21.2: no description in the frame.
    EXPECT_EQ(row_value(embedded, "px-summary-amount"), "1\u00A0499,00\u00A0kr");
    // The full page's header is the heading there; the summary does not repeat the name.
    const std::string full =
        render_consumer_step(frame_of(UiLanguage::sv_se), consumer_with(summary_of()));
    EXPECT_EQ(count_of(full, "<h1"), 1U);
    EXPECT_FALSE(contains(full, "px-summary-merchant"));
    EXPECT_TRUE(contains(full, "<p class=\"px-subtitle\">Test Purchase - 1551694593</p>"));
}

TEST(OrderSummary, EscapesTheMerchantsNameAndTheEmail) {
    OrderSummary summary = summary_of();
    summary.merchant_name = "Shop " + std::string{hostile};
    summary.invoice_email = std::string{hostile};
    const std::string consumer =
        render_consumer_step(frame_of(UiLanguage::en_us, true), consumer_with(summary));
    EXPECT_TRUE(contains(consumer, "<h1 class=\"px-summary-merchant\">Shop " +
                                       std::string{hostile_escaped} + "</h1>"));
    const std::string confirm =
        render_confirm_step(frame_of(UiLanguage::en_us, true), confirm_with(summary));
    EXPECT_EQ(row_value(confirm, "px-summary-sent-to"), std::string{hostile_escaped});
    for (const std::string& html : {consumer, confirm}) {
        EXPECT_FALSE(contains(html, "<script>alert"));
        EXPECT_EQ(count_of(html, "<script"), 1U);
        EXPECT_EQ(csp_violation(html), "");
    }
}

TEST(OrderSummary, NotShownAfterTheFinalFailure) {
    ConsumerStep step = consumer_with(summary_of());
    step.error_box = ErrorBox::attempts_exhausted;
    EXPECT_FALSE(
        contains(render_consumer_step(frame_of(UiLanguage::en_us), step), "id=\"px-summary\""));
}

}  // namespace
}  // namespace faktura::pages
