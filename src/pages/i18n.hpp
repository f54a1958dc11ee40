// Every text a payer reads on the hosted pages, in sv-SE, nb-NO, en-US and fi-FI: one table keyed
// by Message (i18n.cpp), plus the amount and currency formats of each language. Pure.
//
// Texts are plain text, escaped when rendered. A text may hold the slots "{terms}" (the terms link)
// and "{payee}" (the merchant's name), which the page fills in; languages order them as they need.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

#include "domain/amount.hpp"
#include "domain/national_id.hpp"
#include "domain/payment.hpp"
#include "pages/page_model.hpp"

namespace faktura::pages {

enum class Message {
    document_title,
    brand_name,  // The lender, as the info box names it: "Faktura från Swedbank Pay".
    language_switch_label,
    // Step 1.
    info_heading,
    info_emailed,
    info_learn_more,
    info_details,
    ssn_label,
    email_label,
    msisdn_label,
    zip_code_label,
    next_button,
    error_summary_heading,
    ssn_required,
    ssn_invalid,  // Slot {format}: identity_number_placeholder().
    email_required,
    email_invalid,
    msisdn_required,
    msisdn_invalid,  // Slots {local} and {international}: the country's examples.
    zip_code_required,
    zip_code_invalid,  // Slots {digits} and {example}.
    ssn_saved_label,   // One-click (§20): the stored payer's masked number is shown instead.
    ssn_saved_hint,
    // Both steps.
    terms_sentence_pay,      // Slots {terms} and {payee}.
    terms_sentence_confirm,  // Verify: the button reads "Confirm", so the sentence does too.
    // Step 1: no "Pay" button yet, so the sentence says it comes on the next step.
    terms_sentence_pay_next,
    terms_sentence_confirm_next,
    terms_link,
    cancel_payment,
    cancel_question,  // The inline confirmation under "Cancel payment".
    cancel_confirm,
    busy_consumer,  // Announced (aria-live) while step 1 is on its way.
    busy_confirm,   // … and while the payment is.
    // The order summary of both steps.
    summary_label,
    summary_amount,
    summary_due_label,
    summary_due_value,  // Slots {date} and {days}.
    summary_sent_to,
    summary_sent_by_post,
    // Step 2.
    change_details,
    legal_address_heading,
    confirm_button,
    manual_address_heading,
    manual_address_intro,
    addressee_label,
    street_address_label,
    city_label,
    addressee_required,
    street_address_required,
    city_required,
    country_se,  // The country of the legal address, in the page's language.
    country_no,
    country_fi,
    // Error boxes.
    lookup_failed_title,
    lookup_failed_text,
    credit_refused_title,
    credit_refused_intro,
    credit_refused_reason_under_18,
    credit_refused_reason_guardian,
    credit_refused_reason_payment_remarks,
    credit_refused_reason_unpaid_debts,
    credit_refused_reason_blocked_accounts,
    credit_refused_outro,
    payment_failed_title,
    payment_failed_text,
    attempts_left_one,   // "You have 1 attempt left."
    attempts_left_many,  // Slot {count}.
    try_again,
    attempts_exhausted_title,
    attempts_exhausted_text,
    provider_unavailable_text,
    form_expired_text,
    continue_to_merchant,  // After a completed payment.
    back_to_merchant,      // From every other terminal state.
    // Status pages.
    completed_heading,
    completed_text,
    verified_text,  // Completed verification: no invoice is sent.
    failed_heading,
    failed_text,
    aborted_heading,
    aborted_text,
    pending_heading,
    pending_text,
    expired_heading,
    expired_text,
    lookups_exhausted_heading,
    choose_other_method,
    lookups_exhausted_text,
    not_found_heading,
    not_found_text,
    host_not_allowed_heading,
    host_not_allowed_text,

    count  // Not a message: the size of the table. Keep last.
};

// The text of `message` in `language`; static storage, UTF-8.
std::string_view message_text(UiLanguage language, Message message);

// The language's name in that language ("Svenska", "Norsk", "English", "Suomi"), for the switch.
std::string_view language_name(UiLanguage language);

// The format hints of step 1's field errors, per country (not per language: a Swedish number is
// written the Swedish way whatever the page's language).
struct FieldExamples {
    std::string_view msisdn_local;  // SE "070-123 45 67", NO "912 34 567", FI "040 123 4567".
    std::string_view msisdn_international;  // "+46 70 123 45 67", "+47 912 34 567", …
    std::string_view zip_code_digits;       // "5", "4", "5".
    std::string_view zip_code;              // "113 51", "0150", "00100".
};
FieldExamples field_examples(domain::Country country);

// The page's language for a request with no payment to take it from (the 404 page): the first of
// the Accept-Language header's languages, by q-value, that the pages speak ("sv", "nb"/"no"/"nn",
// "fi", "en"); en-US when none is.
UiLanguage language_from_accept_language(std::string_view header);

// The identity number's placeholder: the format of the payment's country in the letters of the
// page's language (SE "ÅÅMMDD-XXXX" in Swedish, "YYMMDD-XXXX" in English; NO "DDMMÅÅXXXXX" in
// Norwegian; FI "PPKKVV-XXXX" in Finnish, "DDMMÅÅ-XXXX" in Swedish, "DDMMYY-XXXX" in English).
std::string_view identity_number_placeholder(domain::Country country, UiLanguage language);

// "14 dagar", "14 dager", "14 päivän" (as in "14 päivän kuluessa"), "14 days"; singular for 1.
std::string days_text(UiLanguage language, std::int32_t days);

// A calendar date as the language writes it: sv-SE "15 december 2026", nb-NO "15. desember 2026",
// fi-FI "15.12.2026", en-US "December 15, 2026".
std::string format_date(UiLanguage language, domain::CivilDate date);

// An amount with its currency, U+00A0 between number and unit so they never wrap apart: sv-SE and
// nb-NO "1 499,00 kr", fi-FI "1 499,00 €", en-US "SEK 1,499.00".
std::string format_money(UiLanguage language, domain::Amount amount, domain::Currency currency);

// `text` with every "{name}" slot of `slots` replaced; other braces are kept.
std::string fill_slots(std::string_view text,
                       std::initializer_list<std::pair<std::string_view, std::string_view>> slots);

// Minor units as the language writes a number with two decimals: en-US "1,234.56"; sv-SE, nb-NO and
// fi-FI "1 234,56" with U+00A0 NO-BREAK SPACE between thousands.
std::string format_amount(UiLanguage language, domain::Amount amount);

}  // namespace faktura::pages
