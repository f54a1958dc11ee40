// Tests escaping by construction across every render function: merchant data, payer input, URLs and
// even server-made values full of markup never appear raw, in text or in attributes, in any
// language or mode; and no page breaks the Content-Security-Policy.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "pages/pages.hpp"
#include "tests/pages/page_builders.hpp"

namespace faktura::pages {
namespace {

using namespace testing_support;

PageFrame hostile_frame(UiLanguage language, bool embedded) {
    const std::string h{hostile};
    PageFrame frame = frame_of(language, embedded);
    frame.host_origin = "https://shop.example" + h;
    frame.csrf_token = "csrf" + h;
    frame.payment_id = "/psp/invoice/payments/" + h;
    frame.links.consumer_action = "/consumer?" + h;
    frame.links.confirm_action = "/confirm?" + h;
    frame.links.cancel_action = "/cancel?" + h;
    frame.links.try_again = "/again?" + h;
    frame.links.continue_url = "https://shop.example/complete?" + h;
    frame.links.assets_base = "/assets" + h;
    for (auto& [language_of_link, href] : frame.links.language_links) href += h;
    return frame;
}

// Every page kind, with every value hostile.
std::vector<std::string> hostile_renderings(UiLanguage language, bool embedded) {
    const std::string h{hostile};
    const PageFrame frame = hostile_frame(language, embedded);
    std::vector<std::string> pages;

    ConsumerStep consumer{.merchant = hostile_shop(),
                          .flow = PageFlow::authorize,
                          .country = domain::Country::se,
                          .values = {.email = h, .msisdn = h, .zip_code = h},
                          .errors = {{FormField::social_security_number, FieldErrorKind::invalid},
                                     {FormField::email, FieldErrorKind::invalid},
                                     {FormField::msisdn, FieldErrorKind::required},
                                     {FormField::zip_code, FieldErrorKind::invalid}},
                          .error_box = ErrorBox::none};
    for (const ErrorBox box : {ErrorBox::none, ErrorBox::lookup_failed, ErrorBox::credit_refused,
                               ErrorBox::payment_failed, ErrorBox::attempts_exhausted,
                               ErrorBox::provider_unavailable, ErrorBox::form_expired}) {
        consumer.error_box = box;
        pages.push_back(render_consumer_step(frame, consumer));
    }

    ConfirmStep confirm{.merchant = hostile_shop(),
                        .flow = PageFlow::authorize,
                        .address = {.addressee = h,
                                    .co_address = h,
                                    .street_address = h,
                                    .zip_code = h,
                                    .city = h,
                                    .country = domain::Country::se},
                        .amount = domain::Amount{100},
                        .currency = domain::Currency::sek,
                        .error_box = ErrorBox::none};
    pages.push_back(render_confirm_step(frame, confirm));
    confirm.flow = PageFlow::verify;
    confirm.error_box = ErrorBox::credit_refused;
    pages.push_back(render_confirm_step(frame, confirm));

    for (const StatusKind kind :
         {StatusKind::completed, StatusKind::failed, StatusKind::aborted, StatusKind::pending,
          StatusKind::expired, StatusKind::lookups_exhausted, StatusKind::not_found,
          StatusKind::host_not_allowed}) {
        pages.push_back(
            render_status_page(frame,
                               StatusPage{.kind = kind,
                                          .merchant = hostile_shop(),
                                          .continue_url = "https://shop.example/continue?" + h},
                               EmbeddedEvent{.name = "onPaymentCompleted" + h,
                                             .payload_json = "{\"x\":\"" + h + "\"}"}));
    }
    return pages;
}

struct Mode {
    UiLanguage language;
    bool embedded;
};

class EveryPage : public testing::TestWithParam<Mode> {};

TEST_P(EveryPage, NeverShowsHostileValuesRaw) {
    for (const std::string& html : hostile_renderings(GetParam().language, GetParam().embedded)) {
        EXPECT_FALSE(contains(html, "<script>alert")) << html;
        EXPECT_FALSE(contains(html, "alert(1)</script>")) << html;
        // The quotes and ampersand that follow would end an attribute if not escaped.
        EXPECT_FALSE(contains(html, "</script>\"'&")) << html;
        EXPECT_FALSE(contains(html, "&lt;/script&gt;\"")) << html;
        EXPECT_TRUE(contains(html, hostile_escaped)) << html;
        // The one script element is page.js.
        EXPECT_EQ(count_of(html, "<script"), 1U) << html;
        EXPECT_EQ(csp_violation(html), "") << html;
    }
}

TEST_P(EveryPage, EscapesEveryValueInItsAttribute) {
    const std::vector<std::string> pages =
        hostile_renderings(GetParam().language, GetParam().embedded);
    const std::string& consumer = pages.front();
    const std::string e{hostile_escaped};
    EXPECT_TRUE(contains(consumer, "action=\"/consumer?" + e + "\""));
    EXPECT_TRUE(contains(consumer, "name=\"csrf\" value=\"csrf" + e + "\""));
    EXPECT_TRUE(contains(
        consumer, "name=\"email\" type=\"email\" autocomplete=\"email\" value=\"" + e + "\""));
    EXPECT_TRUE(contains(consumer, "href=\"/assets" + e + "/faktura.css\""));
    EXPECT_TRUE(contains(consumer, "data-px-terms-url=\"https://shop.example/terms?" + e + "\""));
    if (GetParam().embedded) {
        EXPECT_TRUE(contains(consumer, "data-px-host-origin=\"https://shop.example" + e + "\""));
        EXPECT_TRUE(contains(consumer, "data-px-payment-id=\"/psp/invoice/payments/" + e + "\""));
    } else {
        EXPECT_TRUE(contains(consumer, "src=\"https://shop.example/logo.png?" + e + "\""));
        EXPECT_TRUE(contains(consumer, "<h1 class=\"px-merchant-name\">Shop " + e + "</h1>"));
        EXPECT_TRUE(contains(consumer, "Item " + e + " - ref" + e));
    }
}

INSTANTIATE_TEST_SUITE_P(
    LanguagesAndModes, EveryPage,
    testing::Values(Mode{UiLanguage::sv_se, false}, Mode{UiLanguage::sv_se, true},
                    Mode{UiLanguage::nb_no, false}, Mode{UiLanguage::nb_no, true},
                    Mode{UiLanguage::en_us, false}, Mode{UiLanguage::en_us, true},
                    Mode{UiLanguage::fi_fi, false}, Mode{UiLanguage::fi_fi, true}));

TEST(UnsafeUrls, NeverBecomeLinksOrImages) {
    MerchantView merchant = shop();
    merchant.logo_url = "javascript:alert(1)";
    merchant.terms_of_service_url = "data:text/html,<script>alert(1)</script>";
    const std::string consumer = render_consumer_step(frame_of(UiLanguage::en_us),
                                                      ConsumerStep{.merchant = merchant,
                                                                   .flow = PageFlow::authorize,
                                                                   .country = domain::Country::se,
                                                                   .values = {},
                                                                   .errors = {},
                                                                   .error_box = ErrorBox::none});
    EXPECT_FALSE(contains(consumer, "javascript:"));
    EXPECT_FALSE(contains(consumer, "data:text"));
    const std::string status = render_status_page(frame_of(UiLanguage::en_us),
                                                  StatusPage{.kind = StatusKind::completed,
                                                             .merchant = merchant,
                                                             .continue_url = "//evil.example/"});
    EXPECT_FALSE(contains(status, "px-continue"));
}

}  // namespace
}  // namespace faktura::pages

namespace faktura::pages {
namespace {

TEST(CspCheck, CatchesInlineScriptStyleAndHandlers) {
    using testing_support::csp_violation;
    EXPECT_NE(csp_violation("<script>alert(1)</script>"), "");
    EXPECT_NE(csp_violation("<p style=\"color:red\">"), "");
    EXPECT_NE(csp_violation("<style>p{}</style>"), "");
    EXPECT_NE(csp_violation("<img src=x onerror=\"alert(1)\">"), "");
    EXPECT_EQ(csp_violation("<script src=\"/a.js\" defer></script><p>Someone=1</p>"), "");
}

}  // namespace
}  // namespace faktura::pages
