// Tests step 2's HTML contract (§21.1): the masked address box, the pay/confirm form and the error
// boxes with their "Try again" and "Continue" links.
#include <gtest/gtest.h>

#include <string>

#include "pages/pages.hpp"
#include "tests/pages/page_builders.hpp"

namespace faktura::pages {
namespace {

using namespace testing_support;

ConfirmStep confirm_of(ErrorBox box = ErrorBox::none) {
    return ConfirmStep{.merchant = shop(),
                       .flow = PageFlow::authorize,
                       .address = masked_address(),
                       .amount = domain::Amount{150000},
                       .currency = domain::Currency::sek,
                       .error_box = box};
}

TEST(ConfirmStep, ShowsTheMaskedAddressInConsumerInput) {
    const std::string html = render_confirm_step(frame_of(UiLanguage::sv_se), confirm_of());
    EXPECT_TRUE(contains(html,
                         "<div id=\"consumer-input\" class=\"px-address\">\n"
                         "<h2 id=\"px-address-heading\">Din folkbokföringsadress</h2>\n"
                         "<p class=\"px-address-lines\">Azra Oliveira<br>\n"
                         "Hel•••••••gen •<br>\n1••92 B•o<br>\nSverige</p>\n</div>"));
}

TEST(ConfirmStep, ShowsTheCoAddressWhenThereIsOne) {
    ConfirmStep step = confirm_of();
    step.address.co_address = "c/o Oliveira";
    step.address.country = domain::Country::no;
    const std::string html = render_confirm_step(frame_of(UiLanguage::nb_no), step);
    EXPECT_TRUE(contains(html, "Azra Oliveira<br>\nc/o Oliveira<br>\nHel"));
    EXPECT_TRUE(contains(html, "<br>\nNorge</p>"));  // The country by name (defect 19).
    step.address.country = domain::Country::fi;
    EXPECT_TRUE(
        contains(render_confirm_step(frame_of(UiLanguage::fi_fi), step), "<br>\nSuomi</p>"));
    EXPECT_TRUE(
        contains(render_confirm_step(frame_of(UiLanguage::en_us), step), "<br>\nFinland</p>"));
}

TEST(ConfirmStep, PayButtonShowsTheAmountInThePagesLanguage) {
    const std::string html = render_confirm_step(frame_of(UiLanguage::sv_se), confirm_of());
    EXPECT_TRUE(contains(html,
                         "<form id=\"px-confirm-form\" class=\"px-form\" method=\"post\" "
                         "action=\"/invoice/payments/authorize/t0k3n/confirm\" "
                         "data-px-busy=\"Behandlar betalningen …\" "
                         "data-px-final=\"1\">\n<input type=\"hidden\" name=\"csrf\" "
                         "value=\"csrf-0123456789abcdef\">\n<button id=\"px-submit\""));
    EXPECT_TRUE(contains(html, ">Betala 1\u00A0500,00\u00A0kr</button>"));
    EXPECT_EQ(count_of(html, "id=\"px-submit\""), 1U);
    EXPECT_TRUE(contains(html, "id=\"px-terms\""));
    EXPECT_TRUE(contains(html, "id=\"px-cancel\""));
    EXPECT_EQ(csp_violation(html), "");
}

TEST(ConfirmStep, VerifyButtonReadsConfirm) {
    ConfirmStep step = confirm_of();
    step.flow = PageFlow::verify;
    const std::string html = render_confirm_step(frame_of(UiLanguage::en_us), step);
    EXPECT_TRUE(contains(html, "type=\"submit\">Confirm</button>"));
    EXPECT_FALSE(contains(html, "SEK"));
}

TEST(ConfirmStep, CreditRefusedExplainsAndSendsBackToStepOne) {
    const std::string html =
        render_confirm_step(frame_of(UiLanguage::sv_se), confirm_of(ErrorBox::credit_refused));
    EXPECT_TRUE(contains(html,
                         "<div class=\"px-error\" role=\"alert\" id=\"px-error\">\n"
                         "<h2 class=\"px-error-title\">Din ansökan gick inte igenom</h2>\n"
                         "<p>Tyvärr visade en kreditbedömning att vi inte kan erbjuda dig "
                         "betalning i dagsläget. Det kan bero på att du:</p>\n<ul>\n"
                         "<li>är under 18 år</li>\n<li>har en förvaltare</li>\n"
                         "<li>har aktiva betalningsanmärkningar</li>\n"
                         "<li>har öppna obetalda skulder hos oss</li>\n"
                         "<li>har spärrade konton</li>\n</ul>\n"
                         "<p>Du får gärna ansöka igen när inget av ovan stämmer in på dig.</p>"));
    EXPECT_TRUE(contains(html,
                         "<a id=\"px-try-again\" class=\"px-button\" "
                         "href=\"/invoice/payments/authorize/t0k3n\">Försök igen</a>"));
    EXPECT_FALSE(contains(html, "px-confirm-form"));  // The same data would be refused again.
    EXPECT_TRUE(contains(html, "id=\"px-cancel\""));
}

TEST(ConfirmStep, PaymentFailedUsesTheSpecsNorwegianText) {
    const std::string html = render_confirm_step(frame_of(UiLanguage::nb_no, true),
                                                 confirm_of(ErrorBox::payment_failed));
    EXPECT_TRUE(contains(html,
                         "<p>Betalingen mislyktes. Vennligst prøv en annen betalingsmetode "
                         "eller kontakt forhandleren om problemet fortsetter.</p>"));
    EXPECT_TRUE(contains(html, ">Prøv igjen</a>"));
}

TEST(ConfirmStep, AttemptsExhaustedContinuesToTheMerchant) {
    const std::string html =
        render_confirm_step(frame_of(UiLanguage::en_us), confirm_of(ErrorBox::attempts_exhausted));
    EXPECT_TRUE(contains(html, "id=\"px-continue\""));
    EXPECT_FALSE(contains(html, "id=\"px-try-again\""));
    EXPECT_FALSE(contains(html, "<form"));
}

TEST(ConfirmStep, AStaleFormCanBeConfirmedAgain) {
    for (const ErrorBox box : {ErrorBox::form_expired, ErrorBox::provider_unavailable}) {
        const std::string html = render_confirm_step(frame_of(UiLanguage::en_us), confirm_of(box));
        EXPECT_TRUE(contains(html, "id=\"px-error\""));
        EXPECT_TRUE(contains(html, "id=\"px-submit\""));
        EXPECT_FALSE(contains(html, "px-try-again"));
    }
}

}  // namespace
}  // namespace faktura::pages

namespace faktura::pages {
namespace {

using namespace testing_support;

// Finland, payer not in the register (§21.1): step 2 asks for the address inside the confirm form.
TEST(ConfirmStep, AsksAFinnishPayerTheRegisterDoesNotKnowForTheAddress) {
    ConfirmStep step{.merchant = shop(),
                     .flow = PageFlow::authorize,
                     .address = {},
                     .amount = domain::Amount{10000},
                     .currency = domain::Currency::eur,
                     .error_box = ErrorBox::none,
                     .address_entry = true,
                     .address_values = {"<b>Kimmo</b>", "Katu 1", "90500", "Oulu"},
                     .errors = {{FormField::city, FieldErrorKind::required}}};
    const std::string html = render_confirm_step(frame_of(UiLanguage::fi_fi), step);
    EXPECT_FALSE(contains(html, "px-address-lines")) << "no masked address to show";
    const std::size_t form = html.find("<form id=\"px-confirm-form\"");
    ASSERT_NE(std::string::npos, form);
    for (const std::string id :
         {"addresseeInput", "streetAddressInput", "addressZipCodeInput", "cityInput"}) {
        const std::size_t input = html.find("<input id=\"" + id + "\"");
        EXPECT_GT(input, form) << id << " is posted with the confirm form";
        EXPECT_TRUE(contains(html, "<label for=\"" + id + "\">")) << id;
    }
    EXPECT_TRUE(contains(html, "value=\"&lt;b&gt;Kimmo&lt;/b&gt;\""));
    EXPECT_FALSE(contains(html, "<b>Kimmo"));
    EXPECT_TRUE(
        contains(html,
                 "id=\"cityInput\" name=\"city\" type=\"text\" autocomplete=\"address-level2\" "
                 "value=\"Oulu\" required aria-invalid=\"true\" "
                 "aria-describedby=\"cityInput-error\" autofocus>"));
    EXPECT_TRUE(contains(html, "Maksa 100,00\u00A0€"));
}

// Defect 20: the typed address has the step-1 error summary and field-specific messages.
TEST(ConfirmStep, AddressEntryErrorsAreSummarisedAndSayWhatIsWanted) {
    ConfirmStep step{.merchant = shop(),
                     .flow = PageFlow::authorize,
                     .address = {},
                     .amount = domain::Amount{10000},
                     .currency = domain::Currency::eur,
                     .error_box = ErrorBox::none,
                     .address_entry = true,
                     .address_values = {"", "Katu 1", "905", ""},
                     .errors = {{FormField::addressee, FieldErrorKind::required},
                                {FormField::address_zip_code, FieldErrorKind::invalid},
                                {FormField::city, FieldErrorKind::required}}};
    const std::string html = render_confirm_step(frame_of(UiLanguage::fi_fi), step);
    const std::size_t summary = html.find("id=\"px-error-summary\"");
    ASSERT_NE(summary, std::string::npos);
    EXPECT_LT(summary, html.find("<fieldset"));
    EXPECT_TRUE(contains(html, "<li><a href=\"#addresseeInput\">Anna nimesi</a></li>"));
    EXPECT_TRUE(contains(html,
                         "<li><a href=\"#addressZipCodeInput\">Postinumerossa on 5 numeroa, "
                         "esimerkiksi 00100.</a></li>"));
    EXPECT_TRUE(contains(html, "<li><a href=\"#cityInput\">Anna postitoimipaikkasi</a></li>"));
    EXPECT_FALSE(contains(html, "Täytä kenttä"));
    EXPECT_TRUE(contains(html, "<p class=\"px-address-intro\">"));
    EXPECT_EQ(csp_violation(html), "");
}

}  // namespace
}  // namespace faktura::pages
