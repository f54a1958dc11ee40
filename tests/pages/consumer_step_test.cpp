// Tests step 1's HTML contract (§21.1): the element ids and field names, labels, the accessible
// error summary and field errors, what is echoed back and what never is, and full vs embedded
// chrome.
#include <gtest/gtest.h>

#include <string>
#include <utility>

#include "pages/pages.hpp"
#include "tests/pages/page_builders.hpp"

namespace faktura::pages {
namespace {

using namespace testing_support;

ConsumerStep step_with(std::vector<FieldError> errors = {}) {
    return ConsumerStep{
        .merchant = shop(),
        .flow = PageFlow::authorize,
        .country = domain::Country::se,
        .values = {.email = "azra@example.com", .msisdn = "+46739000001", .zip_code = "19792"},
        .errors = std::move(errors),
        .error_box = ErrorBox::none};
}

TEST(ConsumerStep, HasTheSpecsIdsNamesAndLabels) {
    const std::string html = render_consumer_step(frame_of(UiLanguage::en_us), step_with());
    EXPECT_TRUE(contains(html, "<input id=\"ssnInput\" name=\"ssn\" type=\"text\""));
    EXPECT_TRUE(contains(html,
                         "<input id=\"emailInput\" name=\"email\" type=\"email\" "
                         "autocomplete=\"email\""));
    EXPECT_TRUE(contains(html,
                         "<input id=\"msisdnInput\" name=\"msisdn\" type=\"tel\" "
                         "autocomplete=\"tel\""));
    EXPECT_TRUE(contains(html,
                         "<input id=\"zipCodeInput\" name=\"zip\" type=\"text\" "
                         "autocomplete=\"postal-code\" inputmode=\"numeric\""));
    for (const char* id : {"ssnInput", "emailInput", "msisdnInput", "zipCodeInput"}) {
        EXPECT_EQ(count_of(html, std::string{"<label for=\""} + id + "\">"), 1U) << id;
    }
    EXPECT_EQ(count_of(html, "<input"), 4U + 2U);  // Four fields, two hidden csrf fields.
    EXPECT_EQ(count_of(html, "<label"), 4U);
    EXPECT_TRUE(contains(html,
                         "<button id=\"px-submit\" class=\"px-button px-button-primary\" "
                         "type=\"submit\">Next</button>"));
    EXPECT_TRUE(contains(html,
                         "<form id=\"px-consumer-form\" class=\"px-form\" method=\"post\" "
                         "action=\"/invoice/payments/authorize/t0k3n/consumer\" "
                         "data-px-busy=\"Looking up your address…\" "
                         "data-px-step-url=\"/invoice/payments/authorize/t0k3n\" novalidate>\n"
                         "<input type=\"hidden\" name=\"csrf\" value=\"csrf-0123456789abcdef\">"));
    EXPECT_TRUE(contains(html, "placeholder=\"YYMMDD-XXXX\""));
    EXPECT_EQ(csp_violation(html), "");
}

TEST(ConsumerStep, PlaceholderFollowsThePaymentsCountry) {
    ConsumerStep step = step_with();
    step.country = domain::Country::no;
    EXPECT_TRUE(contains(render_consumer_step(frame_of(UiLanguage::nb_no), step),
                         "placeholder=\"DDMMÅÅXXXXX\""));
    EXPECT_TRUE(contains(render_consumer_step(frame_of(UiLanguage::en_us), step),
                         "placeholder=\"DDMMYYXXXXX\""));
    step.country = domain::Country::fi;
    EXPECT_TRUE(contains(render_consumer_step(frame_of(UiLanguage::fi_fi), step),
                         "placeholder=\"PPKKVV-XXXX\""));
    EXPECT_TRUE(contains(render_consumer_step(frame_of(UiLanguage::sv_se), step),
                         "placeholder=\"DDMMÅÅ-XXXX\""));
    step.country = domain::Country::se;
    EXPECT_TRUE(contains(render_consumer_step(frame_of(UiLanguage::sv_se), step),
                         "placeholder=\"ÅÅMMDD-XXXX\""));
}

std::string ssn_tag_of(const std::string& html) {
    const std::size_t ssn_input = html.find("<input id=\"ssnInput\"");
    return html.substr(ssn_input, html.find('>', ssn_input) - ssn_input);
}

TEST(ConsumerStep, EchoesTypedValuesAndTheIdentityNumberOnlyWhenTheHandlerGivesIt) {
    std::string html = render_consumer_step(frame_of(UiLanguage::en_us), step_with());
    EXPECT_TRUE(contains(html, "value=\"azra@example.com\""));
    EXPECT_TRUE(contains(html, "value=\"+46739000001\""));
    EXPECT_TRUE(contains(html, "value=\"19792\""));
    EXPECT_FALSE(contains(ssn_tag_of(html), "value=")) << ssn_tag_of(html);
    EXPECT_TRUE(contains(ssn_tag_of(html), "autocomplete=\"off\""));

    // What this browser typed (ADR 0015), escaped like every value.
    ConsumerStep step = step_with({{FormField::social_security_number, FieldErrorKind::invalid}});
    step.values.social_security_number = "600307-1162\"><b>";
    html = render_consumer_step(frame_of(UiLanguage::en_us), step);
    EXPECT_TRUE(contains(ssn_tag_of(html), "value=\"600307-1162&quot;&gt;&lt;b&gt;\""))
        << ssn_tag_of(html);
    EXPECT_TRUE(contains(ssn_tag_of(html), "aria-invalid=\"true\""));
}

TEST(ConsumerStep, FieldErrorsAreTiedToTheirInputsAndSummarised) {
    const std::string html = render_consumer_step(
        frame_of(UiLanguage::en_us), step_with({{FormField::zip_code, FieldErrorKind::invalid},
                                                {FormField::email, FieldErrorKind::required}}));
    // The summary comes first in the form, is announced, and lists the fields in form order.
    const std::size_t form = html.find("<form id=\"px-consumer-form\"");
    const std::size_t summary = html.find(
        "<div class=\"px-error-summary\" id=\"px-error-summary\" "
        "role=\"alert\">");
    ASSERT_NE(summary, std::string::npos);
    EXPECT_LT(form, summary);
    EXPECT_LT(summary, html.find("<label"));
    const std::size_t email_item =
        html.find("<li><a href=\"#emailInput\">Enter your email address</a></li>");
    const std::size_t zip_item = html.find(
        "<li><a href=\"#zipCodeInput\">The zip code has 5 digits, for example 113 51."
        "</a></li>");
    ASSERT_NE(email_item, std::string::npos);
    ASSERT_NE(zip_item, std::string::npos);
    EXPECT_LT(email_item, zip_item);
    // Each invalid input points at its message.
    EXPECT_TRUE(contains(html,
                         "<p class=\"px-field-error\" id=\"emailInput-error\">Enter your "
                         "email address</p>"));
    EXPECT_TRUE(contains(html,
                         "<p class=\"px-field-error\" id=\"zipCodeInput-error\">The zip code "
                         "has 5 digits, for example 113 51.</p>"));
    EXPECT_TRUE(contains(html,
                         "aria-invalid=\"true\" aria-describedby=\"emailInput-error\" "
                         "autofocus>"));
    EXPECT_TRUE(contains(html, "aria-invalid=\"true\" aria-describedby=\"zipCodeInput-error\">"));
    EXPECT_EQ(count_of(html, "aria-invalid"), 2U);
    EXPECT_EQ(count_of(html, "autofocus"), 1U);  // The first invalid field only.
    EXPECT_EQ(count_of(html, "px-field-invalid"), 2U);
}

TEST(ConsumerStep, WithoutErrorsHasNoSummaryAndNoAutofocus) {
    const std::string html = render_consumer_step(frame_of(UiLanguage::en_us), step_with());
    EXPECT_FALSE(contains(html, "px-error-summary"));
    EXPECT_FALSE(contains(html, "aria-invalid"));
    EXPECT_FALSE(contains(html, "autofocus"));
    EXPECT_FALSE(contains(html, "role=\"alert\""));
}

TEST(ConsumerStep, TermsSentenceNamesTheButtonOfTheNextStepInEveryLanguage) {
    const std::pair<UiLanguage, std::string> expected[] = {
        {UiLanguage::sv_se, "När du trycker på ”Betala” i nästa steg godkänner du "},
        {UiLanguage::nb_no, "Når du trykker «Betal» i neste steg, godtar du "},
        {UiLanguage::fi_fi, "Kun painat seuraavassa vaiheessa ”Maksa”, hyväksyt kauppiaan "},
        {UiLanguage::en_us, "When you press “Pay” on the next step, you accept the "}};
    for (const auto& [language, sentence] : expected) {
        const std::string html = render_consumer_step(frame_of(language), step_with());
        EXPECT_TRUE(contains(html, "<p class=\"px-terms\">" + sentence)) << sentence;
        EXPECT_FALSE(contains(html, "&quot;")) << "typographic quotes, not straight ones";
    }
}

TEST(ConsumerStep, TermsLinkOnlyWithTermsOfService) {
    ConsumerStep step = step_with();
    std::string html = render_consumer_step(frame_of(UiLanguage::en_us), step);
    // Step 1 has "Next", not "Pay": the sentence says that "Pay" comes on the next step.
    EXPECT_TRUE(
        contains(html,
                 "<p class=\"px-terms\">When you press “Pay” on the next step, you accept the "
                 "<a id=\"px-terms\" href=\"https://shop.example/terms\" target=\"_blank\" "
                 "rel=\"noopener\" data-px-terms-url=\"https://shop.example/terms\">terms and "
                 "conditions</a> of Testbutiken AB.</p>"));

    step.merchant.terms_of_service_url.reset();
    html = render_consumer_step(frame_of(UiLanguage::en_us), step);
    EXPECT_FALSE(contains(html, "id=\"px-terms\""));
    EXPECT_TRUE(contains(html, "you accept the terms and conditions of Testbutiken AB.</p>"));

    step.merchant.terms_of_service_url = "javascript:alert(1)";
    html = render_consumer_step(frame_of(UiLanguage::en_us), step);
    EXPECT_FALSE(contains(html, "javascript:"));
}

TEST(ConsumerStep, VerifyFlowNamesTheConfirmButtonInTheTerms) {
    ConsumerStep step = step_with();
    step.flow = PageFlow::verify;
    EXPECT_TRUE(contains(render_consumer_step(frame_of(UiLanguage::en_us), step),
                         "When you press “Confirm” on the next step"));
}

TEST(ConsumerStep, CancelFormOnlyWhenTheMerchantCanBeReturnedTo) {
    ConsumerStep step = step_with();
    std::string html = render_consumer_step(frame_of(UiLanguage::en_us), step);
    // It asks first: the summary opens the question and the button that cancels (defect 14).
    EXPECT_TRUE(
        contains(html,
                 "<details id=\"px-cancel-details\" class=\"px-cancel\">\n"
                 "<summary id=\"px-cancel-open\">Cancel payment</summary>\n"
                 "<div class=\"px-cancel-confirm\">\n<p id=\"px-cancel-question\">Do you "
                 "want to cancel the payment? No invoice will be sent.</p>\n"
                 "<form class=\"px-cancel-form\" method=\"post\" "
                 "action=\"/invoice/payments/authorize/t0k3n/cancel\">\n<input "
                 "type=\"hidden\" name=\"csrf\" value=\"csrf-0123456789abcdef\">\n"
                 "<button id=\"px-cancel\" class=\"px-button-link\" type=\"submit\" "
                 "aria-describedby=\"px-cancel-question\">Yes, cancel the payment</button>"));
    step.merchant.can_cancel = false;
    html = render_consumer_step(frame_of(UiLanguage::en_us), step);
    EXPECT_FALSE(contains(html, "px-cancel"));
}

TEST(ConsumerStep, FullPageHasTheHeaderAndLanguageSwitch) {
    const std::string html = render_consumer_step(frame_of(UiLanguage::sv_se), step_with());
    EXPECT_TRUE(
        contains(html, "<!DOCTYPE html>\n<html lang=\"sv-SE\">\n<head>\n<meta charset=\"utf-8\">"));
    EXPECT_TRUE(
        contains(html, "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"));
    EXPECT_TRUE(contains(html, "<link rel=\"stylesheet\" href=\"/invoice/assets/faktura.css\">"));
    EXPECT_TRUE(contains(html, "<script src=\"/invoice/assets/page.js\" defer></script>"));
    EXPECT_TRUE(contains(html, "<img class=\"px-brand-logo\" src=\"/invoice/assets/logo.svg\""));
    EXPECT_TRUE(contains(html, "<h1 class=\"px-merchant-name\">Testbutiken AB</h1>"));
    EXPECT_TRUE(contains(html, "<p class=\"px-subtitle\">Test Purchase - 1551694593</p>"));
    EXPECT_TRUE(contains(
        html, "<img class=\"px-merchant-logo\" src=\"https://shop.example/logo.png\" alt=\"\">"));
    EXPECT_TRUE(contains(html, "<nav class=\"px-language-switch\" aria-label=\"Byt språk\">"));
    EXPECT_TRUE(
        contains(html, "hreflang=\"sv-SE\" lang=\"sv-SE\" aria-current=\"true\">Svenska</a>"));
    EXPECT_TRUE(contains(html, "hreflang=\"en-US\" lang=\"en-US\">English</a>"));
    EXPECT_EQ(count_of(html, "aria-current"), 1U);
    EXPECT_TRUE(contains(html, "<body class=\"px-full\">"));
    EXPECT_FALSE(contains(html, "data-px-embedded"));
}

TEST(ConsumerStep, SubtitleDashOnlyBetweenTwoParts) {
    ConsumerStep step = step_with();
    step.merchant.description = "";
    EXPECT_TRUE(contains(render_consumer_step(frame_of(UiLanguage::en_us), step),
                         "<p class=\"px-subtitle\">1551694593</p>"));
    step.merchant.payee_reference = "";
    EXPECT_FALSE(contains(render_consumer_step(frame_of(UiLanguage::en_us), step), "px-subtitle"));
}

TEST(ConsumerStep, NoMerchantLogoWithoutLogoUrl) {
    ConsumerStep step = step_with();
    step.merchant.logo_url.reset();
    EXPECT_FALSE(
        contains(render_consumer_step(frame_of(UiLanguage::en_us), step), "px-merchant-logo"));
}

TEST(ConsumerStep, EmbeddedHasNoChromeAndCarriesTheFrameData) {
    const std::string html = render_consumer_step(frame_of(UiLanguage::en_us, true), step_with());
    EXPECT_TRUE(contains(html,
                         "<body class=\"px-embedded\" data-px-embedded=\"1\" "
                         "data-px-host-origin=\"https://shop.example\" "
                         "data-px-payment-id=\"/psp/invoice/payments/"
                         "5adc265f-f87f-4313-577e-08d3dca1a26c\">"));
    EXPECT_FALSE(contains(html, "<header"));
    EXPECT_FALSE(contains(html, "px-language-switch"));
    EXPECT_FALSE(contains(html, "Test Purchase"));  // The description is not shown (§21.2).
    EXPECT_TRUE(contains(html, "id=\"ssnInput\""));
    EXPECT_TRUE(contains(html, "id=\"px-submit\""));
    EXPECT_EQ(csp_violation(html), "");
}

TEST(ConsumerStep, LookupFailureShowsTheErrorBoxAndKeepsTheForm) {
    ConsumerStep step = step_with();
    step.error_box = ErrorBox::lookup_failed;
    const std::string html = render_consumer_step(frame_of(UiLanguage::en_us), step);
    EXPECT_TRUE(contains(html,
                         "<div class=\"px-error\" role=\"alert\" id=\"px-error\">\n"
                         "<h2 class=\"px-error-title\">We could not find your address</h2>"));
    EXPECT_TRUE(contains(html, "id=\"ssnInput\""));
}

TEST(ConsumerStep, AttemptsExhaustedOffersOnlyTheWayOn) {
    ConsumerStep step = step_with();
    step.error_box = ErrorBox::attempts_exhausted;
    const std::string html = render_consumer_step(frame_of(UiLanguage::en_us), step);
    EXPECT_TRUE(contains(html,
                         "<a id=\"px-continue\" class=\"px-button\" "
                         "href=\"https://shop.example/complete\" target=\"_top\">"));
    EXPECT_FALSE(contains(html, "<form"));
    EXPECT_FALSE(contains(html, "px-submit"));
}

TEST(ConsumerStep, ACreditRefusalStandsAloneWithAnotherPaymentMethodFirst) {
    ConsumerStep step = step_with();
    step.error_box = ErrorBox::credit_refused;
    PageFrame sv = frame_of(UiLanguage::sv_se);
    sv.links.other_method_url = "https://shop.example/cancel?a=1&b=<2>";
    const std::string html = render_consumer_step(sv, step);
    EXPECT_TRUE(contains(html, "Din ansökan gick inte igenom"));
    const std::size_t other = html.find("id=\"px-other-method\"");
    const std::size_t again = html.find("id=\"px-try-again\"");
    ASSERT_NE(other, std::string::npos);
    ASSERT_NE(again, std::string::npos);
    EXPECT_LT(other, again) << "another payment method comes first";
    EXPECT_TRUE(contains(html,
                         "href=\"https://shop.example/cancel?a=1&amp;b=&lt;2&gt;\" "
                         "target=\"_top\">Välj ett annat betalsätt</a>"));
    EXPECT_FALSE(contains(html, "px-consumer-form")) << "no form under the refusal";
    EXPECT_FALSE(contains(html, "id=\"ssnInput\""));
    EXPECT_EQ(csp_violation(html), "");

    PageFrame en = frame_of(UiLanguage::en_us);
    en.links.other_method_url = "https://shop.example/cancel";
    EXPECT_TRUE(contains(render_consumer_step(en, step), ">Choose another payment method</a>"));
    PageFrame nb = frame_of(UiLanguage::nb_no);
    nb.links.other_method_url = "https://shop.example/cancel";
    EXPECT_TRUE(contains(render_consumer_step(nb, step), ">Velg en annen betalingsmåte</a>"));
    // A URL that is not http(s) is not linked.
    en.links.other_method_url = "javascript:alert(1)";
    EXPECT_FALSE(contains(render_consumer_step(en, step), "px-other-method"));
}

// Defect 18: an invalid value is told the format of the payment's country, in the page's language.
TEST(ConsumerStep, InvalidFieldsSayTheCountrysFormat) {
    const std::vector<FieldError> invalid = {
        {FormField::social_security_number, FieldErrorKind::invalid},
        {FormField::msisdn, FieldErrorKind::invalid},
        {FormField::zip_code, FieldErrorKind::invalid}};
    ConsumerStep step = step_with(invalid);
    std::string html = render_consumer_step(frame_of(UiLanguage::sv_se), step);
    EXPECT_TRUE(contains(html, "Personnumret är inte giltigt. Skriv det som ÅÅMMDD-XXXX."));
    EXPECT_TRUE(contains(html,
                         "Mobilnumret är inte giltigt. Skriv det som 070-123 45 67 eller "
                         "+46 70 123 45 67."));
    EXPECT_TRUE(contains(html, "Postnumret ska ha 5 siffror, till exempel 113 51."));
    step.country = domain::Country::no;
    html = render_consumer_step(frame_of(UiLanguage::nb_no), step);
    EXPECT_TRUE(contains(html, "Skriv det som DDMMÅÅXXXXX."));
    EXPECT_TRUE(contains(html, "Skriv det som 912 34 567 eller +47 912 34 567."));
    EXPECT_TRUE(contains(html, "Postnummeret skal ha 4 siffer, for eksempel 0150."));
    step.country = domain::Country::fi;
    html = render_consumer_step(frame_of(UiLanguage::fi_fi), step);
    EXPECT_TRUE(contains(html, "Kirjoita se muodossa PPKKVV-XXXX."));
    EXPECT_TRUE(contains(html, "Kirjoita se muodossa 040 123 4567 tai +358 40 123 4567."));
    EXPECT_TRUE(contains(html, "Postinumerossa on 5 numeroa, esimerkiksi 00100."));
    html = render_consumer_step(frame_of(UiLanguage::en_us), step);
    EXPECT_TRUE(contains(html, "Enter it as DDMMYY-XXXX."));
    EXPECT_TRUE(contains(html, "Enter it as 040 123 4567 or +358 40 123 4567."));
}

// Defect 15: a failure box has a heading and says how many attempts remain.
TEST(ConsumerStep, FailureBoxHasATitleAndTheAttemptsLeft) {
    ConsumerStep step = step_with();
    step.error_box = ErrorBox::payment_failed;
    step.attempts_left = 2;
    std::string html = render_consumer_step(frame_of(UiLanguage::sv_se), step);
    EXPECT_TRUE(contains(html, "<h2 class=\"px-error-title\">Betalningen gick inte igenom</h2>"));
    EXPECT_TRUE(contains(html,
                         "<p id=\"px-attempts-left\" class=\"px-attempts-left\">Du har 2 försök "
                         "kvar.</p>"));
    step.attempts_left = 1;
    html = render_consumer_step(frame_of(UiLanguage::en_us), step);
    EXPECT_TRUE(contains(html, "You have 1 attempt left."));
    step.error_box = ErrorBox::credit_refused;
    step.attempts_left = 2;
    EXPECT_TRUE(contains(render_consumer_step(frame_of(UiLanguage::fi_fi), step),
                         "Sinulla on 2 yritystä jäljellä."));
    step.error_box = ErrorBox::lookup_failed;  // A lookup is not an authorization attempt.
    EXPECT_FALSE(contains(render_consumer_step(frame_of(UiLanguage::en_us), step), "px-attempts"));
}

// Defect 13 and 21: progress is announced; embedded, autofocus is left to page.js.
TEST(ConsumerStep, AnnouncesProgressAndLeavesFocusToTheScriptWhenEmbedded) {
    const ConsumerStep step = step_with({{FormField::email, FieldErrorKind::required}});
    const std::string full = render_consumer_step(frame_of(UiLanguage::en_us), step);
    EXPECT_TRUE(contains(full, "<p id=\"px-progress\" class=\"px-progress\" role=\"status\"></p>"));
    EXPECT_EQ(count_of(full, "autofocus"), 1U);
    const std::string embedded = render_consumer_step(frame_of(UiLanguage::en_us, true), step);
    EXPECT_EQ(count_of(embedded, "autofocus"), 0U);
    EXPECT_TRUE(contains(embedded, "aria-invalid=\"true\""));
}

// Defect 22 and 25: the lender's name beside the mark, which is also the favicon.
TEST(ConsumerStep, NamesTheLenderAndHasAFavicon) {
    const std::string html = render_consumer_step(frame_of(UiLanguage::sv_se), step_with());
    EXPECT_TRUE(contains(html, "<span class=\"px-brand-name\">Faktura från Swedbank Pay</span>"));
    EXPECT_TRUE(contains(html,
                         "<link rel=\"icon\" type=\"image/svg+xml\" "
                         "href=\"/invoice/assets/logo.svg\">"));
    EXPECT_TRUE(contains(html, "<title>Testbutiken AB \u2013 Faktura</title>"));
}

}  // namespace
}  // namespace faktura::pages
