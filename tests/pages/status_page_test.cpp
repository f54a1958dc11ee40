// Tests the status pages: one heading and text per kind, the continue link, and the seamless-view
// event carried as data attributes in embedded mode only.
#include <gtest/gtest.h>

#include <iterator>
#include <set>
#include <string>

#include "pages/pages.hpp"
#include "tests/pages/page_builders.hpp"

namespace faktura::pages {
namespace {

using namespace testing_support;

constexpr StatusKind all_kinds[] = {StatusKind::completed, StatusKind::failed,
                                    StatusKind::aborted,   StatusKind::pending,
                                    StatusKind::expired,   StatusKind::lookups_exhausted,
                                    StatusKind::not_found, StatusKind::host_not_allowed};

TEST(StatusPage, EveryKindHasItsOwnHeadingAndIsCspClean) {
    std::set<std::string> headings;
    for (const StatusKind kind : all_kinds) {
        const std::string html = render_status_page(
            frame_of(UiLanguage::en_us),
            StatusPage{.kind = kind, .merchant = shop(), .continue_url = std::nullopt});
        const std::size_t start = html.find("class=\"px-status-heading\">");
        ASSERT_NE(start, std::string::npos);
        headings.insert(html.substr(start, html.find('<', start) - start));
        EXPECT_EQ(csp_violation(html), "");
        EXPECT_TRUE(contains(html, "<div class=\"px-status-box\" role=\"status\">"));
    }
    EXPECT_EQ(headings.size(), std::size(all_kinds));
}

TEST(StatusPage, ContinueLinkLeavesTheFrame) {
    const std::string html =
        render_status_page(frame_of(UiLanguage::en_us),
                           StatusPage{.kind = StatusKind::completed,
                                      .merchant = shop(),
                                      .continue_url = "https://shop.example/complete?order=1&x=2"});
    EXPECT_TRUE(contains(html,
                         "<a id=\"px-continue\" class=\"px-button\" "
                         "href=\"https://shop.example/complete?order=1&amp;x=2\" "
                         "target=\"_top\">Continue to the merchant</a>"));  // Completed.
}

TEST(StatusPage, LookupsExhaustedSendsThePayerBackToChooseAnotherWay) {
    const StatusPage status{.kind = StatusKind::lookups_exhausted,
                            .merchant = shop(),
                            .continue_url = "https://shop.example/cancel?a=1&b=<2>"};
    const std::string sv = render_status_page(frame_of(UiLanguage::sv_se), status);
    EXPECT_TRUE(contains(sv, "px-status-lookups-exhausted"));
    EXPECT_TRUE(contains(sv, "Vi kunde inte verifiera din adress"));
    EXPECT_TRUE(contains(sv, "välj ett annat betalsätt"));
    EXPECT_FALSE(contains(sv, "försök igen"));
    EXPECT_FALSE(contains(sv, "<form"));
    EXPECT_TRUE(contains(sv, "href=\"https://shop.example/cancel?a=1&amp;b=&lt;2&gt;\""));
    EXPECT_EQ(csp_violation(sv), "");
    const std::string nb = render_status_page(frame_of(UiLanguage::nb_no), status);
    EXPECT_TRUE(contains(nb, "Vi kunne ikke bekrefte adressen din"));
    EXPECT_TRUE(contains(nb, "velg en annen betalingsmåte"));
    const std::string fi = render_status_page(frame_of(UiLanguage::fi_fi), status);
    EXPECT_TRUE(contains(fi, "Osoitettasi ei voitu vahvistaa"));
    const std::string en = render_status_page(frame_of(UiLanguage::en_us), status);
    EXPECT_TRUE(contains(en, "We could not verify your address"));
    EXPECT_TRUE(contains(en, "choose another payment method"));
}

TEST(StatusPage, NoContinueLinkWithoutUrl) {
    const std::string html = render_status_page(
        frame_of(UiLanguage::en_us),
        StatusPage{.kind = StatusKind::aborted, .merchant = shop(), .continue_url = std::nullopt});
    EXPECT_FALSE(contains(html, "px-continue"));
}

TEST(StatusPage, NotFoundHasNoMerchantAndItsHeadingIsTheTopHeading) {
    const std::string html =
        render_status_page(frame_of(UiLanguage::en_us), StatusPage{.kind = StatusKind::not_found,
                                                                   .merchant = std::nullopt,
                                                                   .continue_url = std::nullopt});
    EXPECT_TRUE(contains(html, "<h1 class=\"px-status-heading\">Page not found</h1>"));
    EXPECT_FALSE(contains(html, "px-merchant"));
    EXPECT_TRUE(contains(html, "<title>Page not found \u2013 Invoice</title>"));
}

TEST(StatusPage, EmbeddedEventRidesOnMainEscaped) {
    const EmbeddedEvent event{
        .name = "onPaymentCompleted",
        .payload_json =
            R"({"id":"/psp/invoice/payments/1","redirectUrl":"https://s.example/?a=<b>&c='d'"})"};
    const std::string html = render_status_page(
        frame_of(UiLanguage::en_us, true),
        StatusPage{.kind = StatusKind::completed, .merchant = shop(), .continue_url = std::nullopt},
        event);
    EXPECT_TRUE(contains(
        html,
        "<main id=\"px-main\" class=\"px-main px-status px-status-completed\" "
        "data-px-event=\"onPaymentCompleted\" data-px-payload=\"{&quot;id&quot;:&quot;/psp/"
        "invoice/payments/1&quot;,&quot;redirectUrl&quot;:&quot;https://s.example/"
        "?a=&lt;b&gt;&amp;c=&#39;d&#39;&quot;}\">"));
    EXPECT_EQ(count_of(html, "data-px-event"), 1U);
}

TEST(StatusPage, FullPageIgnoresTheEvent) {
    const std::string html = render_status_page(
        frame_of(UiLanguage::en_us),
        StatusPage{.kind = StatusKind::completed, .merchant = shop(), .continue_url = std::nullopt},
        EmbeddedEvent{.name = "onPaymentCompleted", .payload_json = "{}"});
    EXPECT_FALSE(contains(html, "data-px-event"));
}

// Only a completed payment goes "on"; every other state goes "back" to the shop.
TEST(StatusPage, EveryStateButCompletedGoesBackToTheMerchant) {
    for (const StatusKind kind : {StatusKind::failed, StatusKind::aborted, StatusKind::pending,
                                  StatusKind::expired, StatusKind::lookups_exhausted}) {
        const std::string html = render_status_page(
            frame_of(UiLanguage::sv_se),
            StatusPage{.kind = kind, .merchant = shop(), .continue_url = "https://shop.example/x"});
        EXPECT_TRUE(contains(html, "target=\"_top\">Tillbaka till butiken</a>")) << html;
    }
}

TEST(StatusPage, ACompletedVerificationSendsNoInvoice) {
    StatusPage status{.kind = StatusKind::completed,
                      .merchant = shop(),
                      .continue_url = "https://shop.example/complete"};
    EXPECT_TRUE(contains(render_status_page(frame_of(UiLanguage::sv_se), status),
                         "fakturan skickas till dig"));
    status.flow = PageFlow::verify;
    const std::string verified = render_status_page(frame_of(UiLanguage::sv_se), status);
    EXPECT_TRUE(contains(verified, "Dina uppgifter är bekräftade."));
    EXPECT_FALSE(contains(verified, "fakturan skickas"));
}

}  // namespace
}  // namespace faktura::pages
