// Tests the language helpers, the completeness of the message table and the pay button's amount and
// currency format per language, as tables.
#include "pages/i18n.hpp"

#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "pages/pages.hpp"

namespace faktura::pages {
namespace {

using domain::Amount;
using domain::Currency;

constexpr UiLanguage all_languages[] = {UiLanguage::sv_se, UiLanguage::nb_no, UiLanguage::en_us,
                                        UiLanguage::fi_fi};

struct PayCase {
    UiLanguage language;
    std::int64_t minor;
    Currency currency;
    std::string text;
};

std::ostream& operator<<(std::ostream& out, const PayCase& c) { return out << c.text; }

class PayButtonText : public testing::TestWithParam<PayCase> {};

TEST_P(PayButtonText, FormatsAmountAndCurrencyForTheLanguage) {
    const PayCase& c = GetParam();
    EXPECT_EQ(pay_button_text(c.language, Amount{c.minor}, c.currency), c.text);
}

INSTANTIATE_TEST_SUITE_P(
    SpecExamples, PayButtonText,
    testing::Values(PayCase{UiLanguage::en_us, 10000, Currency::sek, "Pay SEK 100.00"},
                    PayCase{UiLanguage::sv_se, 1001, Currency::sek, "Betala 10,01 kr"},
                    PayCase{UiLanguage::nb_no, 10000, Currency::nok, "Betal 100,00 kr"},
                    PayCase{UiLanguage::fi_fi, 10000, Currency::eur, "Maksa 100,00 €"}));

INSTANTIATE_TEST_SUITE_P(
    Currencies, PayButtonText,
    testing::Values(PayCase{UiLanguage::en_us, 10000, Currency::nok, "Pay NOK 100.00"},
                    PayCase{UiLanguage::en_us, 10000, Currency::eur, "Pay EUR 100.00"},
                    PayCase{UiLanguage::sv_se, 10000, Currency::nok, "Betala 100,00 kr"},
                    PayCase{UiLanguage::sv_se, 10000, Currency::eur, "Betala 100,00 €"},
                    PayCase{UiLanguage::nb_no, 10000, Currency::sek, "Betal 100,00 kr"},
                    PayCase{UiLanguage::nb_no, 10000, Currency::eur, "Betal 100,00 €"},
                    PayCase{UiLanguage::fi_fi, 10000, Currency::sek, "Maksa 100,00 kr"},
                    PayCase{UiLanguage::fi_fi, 10000, Currency::nok, "Maksa 100,00 kr"}));

INSTANTIATE_TEST_SUITE_P(
    Amounts, PayButtonText,
    testing::Values(
        PayCase{UiLanguage::en_us, 0, Currency::sek, "Pay SEK 0.00"},
        PayCase{UiLanguage::sv_se, 0, Currency::sek, "Betala 0,00 kr"},
        PayCase{UiLanguage::en_us, 1, Currency::sek, "Pay SEK 0.01"},
        PayCase{UiLanguage::sv_se, 1, Currency::sek, "Betala 0,01 kr"},
        PayCase{UiLanguage::fi_fi, 10, Currency::eur, "Maksa 0,10 €"},
        PayCase{UiLanguage::en_us, 99999, Currency::sek, "Pay SEK 999.99"},
        PayCase{UiLanguage::en_us, 123456, Currency::sek, "Pay SEK 1,234.56"},
        PayCase{UiLanguage::sv_se, 123456, Currency::sek, "Betala 1\u00A0234,56 kr"},
        PayCase{UiLanguage::nb_no, 123456, Currency::nok, "Betal 1\u00A0234,56 kr"},
        PayCase{UiLanguage::fi_fi, 123456, Currency::eur, "Maksa 1\u00A0234,56 €"},
        PayCase{UiLanguage::en_us, 100000000, Currency::sek, "Pay SEK 1,000,000.00"},
        PayCase{UiLanguage::sv_se, 2147483647, Currency::sek, "Betala 21\u00A0474\u00A0836,47 kr"},
        PayCase{UiLanguage::en_us, 2147483647, Currency::eur, "Pay EUR 21,474,836.47"}));

TEST(FormatAmount, WritesNegativeAmountsWithAMinus) {
    EXPECT_EQ(format_amount(UiLanguage::en_us, Amount{-123456}), "-1,234.56");
    EXPECT_EQ(format_amount(UiLanguage::en_us, Amount{INT64_MIN}), "-92,233,720,368,547,758.08");
}

TEST(UiLanguageTag, RoundTripsThroughParse) {
    for (const UiLanguage language : all_languages) {
        EXPECT_EQ(parse_ui_language(ui_language_tag(language)), language);
    }
    EXPECT_EQ(ui_language_tag(UiLanguage::sv_se), "sv-SE");
    EXPECT_EQ(ui_language_tag(UiLanguage::nb_no), "nb-NO");
    EXPECT_EQ(ui_language_tag(UiLanguage::en_us), "en-US");
    EXPECT_EQ(ui_language_tag(UiLanguage::fi_fi), "fi-FI");
}

TEST(ParseUiLanguage, IgnoresCaseAndAcceptsUnderscores) {
    EXPECT_EQ(parse_ui_language("SV-se"), UiLanguage::sv_se);
    EXPECT_EQ(parse_ui_language("nb_NO"), UiLanguage::nb_no);
    EXPECT_EQ(parse_ui_language("FI-FI"), UiLanguage::fi_fi);
}

TEST(ParseUiLanguage, RefusesOtherTags) {
    EXPECT_EQ(parse_ui_language(""), std::nullopt);
    EXPECT_EQ(parse_ui_language("sv"), std::nullopt);
    EXPECT_EQ(parse_ui_language("no-NO"), std::nullopt);
    EXPECT_EQ(parse_ui_language("da-DK"), std::nullopt);
    EXPECT_EQ(parse_ui_language("sv-SE "), std::nullopt);
}

TEST(InitialUiLanguage, IsThePaymentsLanguageWhereItsCountryOffersIt) {
    using domain::Country;
    using domain::Language;
    EXPECT_EQ(initial_ui_language(Language::sv_se, Country::se), UiLanguage::sv_se);
    EXPECT_EQ(initial_ui_language(Language::en_us, Country::se), UiLanguage::en_us);
    EXPECT_EQ(initial_ui_language(Language::nb_no, Country::no), UiLanguage::nb_no);
    // A Finnish payment follows its language too: English and Swedish are offered in Finland.
    EXPECT_EQ(initial_ui_language(Language::en_us, Country::fi), UiLanguage::en_us);
    EXPECT_EQ(initial_ui_language(Language::sv_se, Country::fi), UiLanguage::sv_se);
}

TEST(InitialUiLanguage, IsTheCountrysOwnWhenThePaymentsLanguageIsNotOfferedThere) {
    using domain::Country;
    using domain::Language;
    EXPECT_EQ(initial_ui_language(Language::nb_no, Country::fi), UiLanguage::fi_fi);
    EXPECT_EQ(initial_ui_language(Language::nb_no, Country::se), UiLanguage::sv_se);
    EXPECT_EQ(initial_ui_language(Language::sv_se, Country::no), UiLanguage::nb_no);
}

TEST(OfferedUiLanguages, AreTheCountrysOwnThenEnglish) {
    using domain::Country;
    EXPECT_EQ(offered_ui_languages(Country::se),
              (std::vector{UiLanguage::sv_se, UiLanguage::en_us}));
    EXPECT_EQ(offered_ui_languages(Country::no),
              (std::vector{UiLanguage::nb_no, UiLanguage::en_us}));
    EXPECT_EQ(offered_ui_languages(Country::fi),
              (std::vector{UiLanguage::fi_fi, UiLanguage::sv_se, UiLanguage::en_us}));
}

TEST(MessageText, EveryMessageHasATextInEveryLanguage) {
    for (std::size_t i = 0; i < static_cast<std::size_t>(Message::count); ++i) {
        for (const UiLanguage language : all_languages) {
            const std::string_view text = message_text(language, static_cast<Message>(i));
            EXPECT_FALSE(text.empty()) << "message " << i << " in " << ui_language_tag(language);
        }
    }
}

TEST(MessageText, TermsSentencesHoldBothSlotsInEveryLanguage) {
    for (const Message message : {Message::terms_sentence_pay, Message::terms_sentence_confirm}) {
        for (const UiLanguage language : all_languages) {
            const std::string_view text = message_text(language, message);
            EXPECT_NE(text.find("{terms}"), std::string_view::npos) << text;
            EXPECT_NE(text.find("{payee}"), std::string_view::npos) << text;
        }
    }
}

TEST(MessageText, UsesTheSpecsTexts) {
    EXPECT_EQ(message_text(UiLanguage::en_us, Message::ssn_label), "Your personal identity number");
    EXPECT_EQ(message_text(UiLanguage::en_us, Message::email_label), "Your e-mail");
    EXPECT_EQ(message_text(UiLanguage::en_us, Message::msisdn_label), "Your mobile number");
    EXPECT_EQ(message_text(UiLanguage::en_us, Message::zip_code_label), "Your zip code");
    EXPECT_EQ(message_text(UiLanguage::en_us, Message::next_button), "Next");
    EXPECT_EQ(message_text(UiLanguage::en_us, Message::info_heading),
              "Buy now, pay within 14 days");
    EXPECT_EQ(message_text(UiLanguage::en_us, Message::cancel_payment), "Cancel payment");
    EXPECT_EQ(message_text(UiLanguage::sv_se, Message::legal_address_heading),
              "Din folkbokföringsadress");
    EXPECT_EQ(message_text(UiLanguage::nb_no, Message::try_again), "Prøv igjen");
    EXPECT_EQ(message_text(UiLanguage::en_us, Message::confirm_button), "Confirm");
}

TEST(IdentityNumberPlaceholder, FollowsTheCountrysFormat) {
    EXPECT_EQ(identity_number_placeholder(domain::Country::se), "YYMMDD-XXXX");
    EXPECT_EQ(identity_number_placeholder(domain::Country::no), "DDMMYYXXXXX");
    EXPECT_EQ(identity_number_placeholder(domain::Country::fi), "DDMMYY-XXXX");
}

}  // namespace
}  // namespace faktura::pages
