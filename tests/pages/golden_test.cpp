// Compares one rendering of each page kind, across the four languages, with the checked-in files
// in tests/pages/golden/ byte for byte. UPDATE_GOLDEN=1 rewrites them; review the diff before
// committing.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "pages/pages.hpp"
#include "tests/pages/page_builders.hpp"

namespace faktura::pages {
namespace {

using namespace testing_support;

const std::filesystem::path golden_dir =
    std::filesystem::path{FAKTURA_SOURCE_DIR} / "tests/pages/golden";

// Line and column of the first difference, for a message a reader can act on.
std::string first_difference(const std::string& expected, const std::string& actual) {
    std::size_t at = 0;
    while (at < expected.size() && at < actual.size() && expected[at] == actual[at]) ++at;
    std::size_t line = 1;
    std::size_t line_start = 0;
    for (std::size_t i = 0; i < at; ++i) {
        if (expected[i] == '\n') {
            ++line;
            line_start = i + 1;
        }
    }
    const auto line_of = [line_start](const std::string& text) {
        const std::size_t end = text.find('\n', line_start);
        return line_start >= text.size() ? std::string{"<end of file>"}
                                         : text.substr(line_start, end - line_start);
    };
    std::ostringstream out;
    out << "first difference at line " << line << ", column " << (at - line_start + 1)
        << "\n  golden: " << line_of(expected) << "\n  actual: " << line_of(actual);
    return out.str();
}

void expect_matches_golden(const std::string& name, const std::string& actual) {
    const std::filesystem::path path = golden_dir / name;
    const char* update = std::getenv("UPDATE_GOLDEN");
    if (update != nullptr && std::string_view{update} == "1") {
        std::filesystem::create_directories(golden_dir);
        std::ofstream{path, std::ios::binary} << actual;
        return;
    }
    std::ifstream in{path, std::ios::binary};
    ASSERT_TRUE(in) << path << " is missing. Run the test with UPDATE_GOLDEN=1 to write it.";
    std::ostringstream expected;
    expected << in.rdbuf();
    if (expected.str() != actual) {
        ADD_FAILURE() << path
                      << " differs from the rendering: " << first_difference(expected.str(), actual)
                      << "\nIf the change is intended, re-run with UPDATE_GOLDEN=1 and review "
                         "`git diff tests/pages/golden`.";
    }
}

TEST(Golden, ConsumerStepSwedishFullPage) {
    expect_matches_golden(
        "consumer_step_sv-SE_full.html",
        render_consumer_step(
            frame_of(UiLanguage::sv_se),
            ConsumerStep{.merchant = shop(),
                         .flow = PageFlow::authorize,
                         .country = domain::Country::se,
                         .values = {.email = "", .msisdn = "+46739000001", .zip_code = ""},
                         .errors = {},
                         .error_box = ErrorBox::none,
                         .saved_identity_number = std::nullopt,
                         .summary = {.merchant_name = "Testbutiken AB",
                                     .amount = domain::Amount{149900},
                                     .currency = domain::Currency::sek,
                                     .due_days = 14,
                                     .due_date = domain::CivilDate{2026, 12, 15},
                                     .invoice_email = std::nullopt}}));
}

TEST(Golden, ConsumerStepEnglishEmbeddedWithFieldErrors) {
    expect_matches_golden(
        "consumer_step_en-US_embedded.html",
        render_consumer_step(
            frame_of(UiLanguage::en_us, true),
            ConsumerStep{.merchant = shop(),
                         .flow = PageFlow::authorize,
                         .country = domain::Country::se,
                         .values = {.email = "azra@example",
                                    .msisdn = "0739000001",
                                    .zip_code = "19792",
                                    .social_security_number = "600307-1162"},
                         .errors = {{FormField::social_security_number, FieldErrorKind::invalid},
                                    {FormField::email, FieldErrorKind::invalid}},
                         .error_box = ErrorBox::none,
                         .saved_identity_number = std::nullopt,
                         .summary = {.merchant_name = "Testbutiken AB",
                                     .amount = domain::Amount{10000},
                                     .currency = domain::Currency::sek,
                                     .due_days = 14,
                                     .due_date = domain::CivilDate{2026, 12, 15},
                                     .invoice_email = std::nullopt}}));
}

TEST(Golden, ConsumerStepFinnishWithLookupFailure) {
    PageFrame frame = frame_of(UiLanguage::fi_fi);
    frame.links.language_links = {{UiLanguage::fi_fi, "?lang=fi-FI"},
                                  {UiLanguage::sv_se, "?lang=sv-SE"},
                                  {UiLanguage::en_us, "?lang=en-US"}};
    MerchantView merchant = shop();
    merchant.logo_url.reset();
    expect_matches_golden(
        "consumer_step_fi-FI_lookup_failed.html",
        render_consumer_step(frame, ConsumerStep{.merchant = merchant,
                                                 .flow = PageFlow::authorize,
                                                 .country = domain::Country::fi,
                                                 .values = {.email = "matti@example.fi",
                                                            .msisdn = "+358401234567",
                                                            .zip_code = "00100"},
                                                 .errors = {},
                                                 .error_box = ErrorBox::lookup_failed}));
}

TEST(Golden, ConfirmStepNorwegian) {
    PageFrame frame = frame_of(UiLanguage::nb_no);
    frame.links.language_links = {{UiLanguage::nb_no, "?lang=nb-NO"},
                                  {UiLanguage::en_us, "?lang=en-US"}};
    expect_matches_golden(
        "confirm_step_nb-NO.html",
        render_confirm_step(frame,
                            ConfirmStep{.merchant = shop(),
                                        .flow = PageFlow::authorize,
                                        .address = {.addressee = "Ola Nordmann",
                                                    .co_address = std::nullopt,
                                                    .street_address = "Kar•••••••ata •",
                                                    .zip_code = "0•50",
                                                    .city = "O••o",
                                                    .country = domain::Country::no},
                                        .amount = domain::Amount{123456},
                                        .currency = domain::Currency::nok,
                                        .error_box = ErrorBox::none,
                                        .address_entry = false,
                                        .address_values = {},
                                        .errors = {},
                                        .summary = {.merchant_name = "Testbutiken AB",
                                                    .amount = domain::Amount{123456},
                                                    .currency = domain::Currency::nok,
                                                    .due_days = 10,
                                                    .due_date = domain::CivilDate{2027, 5, 1},
                                                    .invoice_email = "ola@example.no"}}));
}

TEST(Golden, ConfirmStepSwedishCreditRefused) {
    expect_matches_golden("confirm_step_sv-SE_credit_refused.html",
                          render_confirm_step(frame_of(UiLanguage::sv_se, true),
                                              ConfirmStep{.merchant = shop(),
                                                          .flow = PageFlow::authorize,
                                                          .address = masked_address(),
                                                          .amount = domain::Amount{1001},
                                                          .currency = domain::Currency::sek,
                                                          .error_box = ErrorBox::credit_refused}));
}

TEST(Golden, StatusPagesEnglish) {
    expect_matches_golden(
        "status_completed_en-US.html",
        render_status_page(frame_of(UiLanguage::en_us),
                           StatusPage{.kind = StatusKind::completed,
                                      .merchant = shop(),
                                      .continue_url = "https://shop.example/complete"}));
    expect_matches_golden(
        "status_failed_en-US_embedded.html",
        render_status_page(
            frame_of(UiLanguage::en_us, true),
            StatusPage{.kind = StatusKind::failed,
                       .merchant = shop(),
                       .continue_url = "https://shop.example/complete"},
            EmbeddedEvent{
                .name = "onPaymentFailed",
                .payload_json =
                    R"({"id":"/psp/invoice/payments/5adc265f-f87f-4313-577e-08d3dca1a26c","redirectUrl":"https://shop.example/complete"})"}));
    expect_matches_golden(
        "status_failed_en-US.html",
        render_status_page(frame_of(UiLanguage::en_us),
                           StatusPage{.kind = StatusKind::failed,
                                      .merchant = shop(),
                                      .continue_url = "https://shop.example/complete"}));
    expect_matches_golden(
        "status_not_found_en-US.html",
        render_status_page(frame_of(UiLanguage::en_us), StatusPage{.kind = StatusKind::not_found,
                                                                   .merchant = std::nullopt,
                                                                   .continue_url = std::nullopt}));
}

TEST(Golden, StatusLookupsExhaustedSwedish) {
    expect_matches_golden(
        "status_lookups_exhausted_sv-SE.html",
        render_status_page(frame_of(UiLanguage::sv_se),
                           StatusPage{.kind = StatusKind::lookups_exhausted,
                                      .merchant = shop(),
                                      .continue_url = "https://shop.example/cancel"}));
}

}  // namespace
}  // namespace faktura::pages
