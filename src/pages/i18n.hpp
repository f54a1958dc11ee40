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
    brand_logo_alt,
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
    ssn_invalid,
    email_required,
    email_invalid,
    msisdn_required,
    msisdn_invalid,
    zip_code_required,
    zip_code_invalid,
    ssn_saved_label,  // One-click (§20): the stored payer's masked number is shown instead.
    ssn_saved_hint,
    // Both steps.
    terms_sentence_pay,      // Slots {terms} and {payee}.
    terms_sentence_confirm,  // Verify: the button reads "Confirm", so the sentence does too.
    // Step 1: no "Pay" button yet, so the sentence says it comes on the next step.
    terms_sentence_pay_next,
    terms_sentence_confirm_next,
    terms_link,
    cancel_payment,
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
    address_field_required,
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
    payment_failed_text,
    try_again,
    attempts_exhausted_title,
    attempts_exhausted_text,
    provider_unavailable_text,
    form_expired_text,
    continue_to_merchant,
    // Status pages.
    completed_heading,
    completed_text,
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
