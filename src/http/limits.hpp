// Every limit on what a caller may send the API or the hosted pages, in one place; lengths count
// code points (characters), not bytes. Each is documented in the README's API notes.
#pragma once

#include <cstddef>

namespace faktura::http {

// The payment (§6).
inline constexpr std::size_t description_length_max = 40;
inline constexpr std::size_t payer_reference_length_max = 50;
inline constexpr std::size_t payee_reference_length_max = 30;
inline constexpr std::size_t payee_name_length_max = 50;
inline constexpr std::size_t product_category_length_max = 50;
inline constexpr std::size_t order_reference_length_max = 50;
inline constexpr std::size_t subsite_length_max = 40;
inline constexpr std::size_t user_agent_length_max = 1024;
inline constexpr std::size_t url_length_max = 2048;
inline constexpr std::size_t host_urls_max = 10;
inline constexpr std::size_t metadata_entries_max = 100;
inline constexpr std::size_t metadata_key_length_max = 100;
inline constexpr std::size_t metadata_string_length_max = 2048;
inline constexpr std::size_t abort_reason_length_max = 100;
inline constexpr std::size_t msisdn_length_max = 20;
// A text field whose only rule is that it is one word of the protocol ("Authorization", "Abort").
inline constexpr std::size_t keyword_length_max = 64;

// Transactions (§12–§16).
inline constexpr std::size_t transaction_description_length_max = 50;  // C-39: 50 on transactions.
inline constexpr std::size_t transaction_payee_reference_length_max = 50;
inline constexpr std::size_t receipt_reference_length_max = 50;
inline constexpr std::size_t item_description_length_max = 40;  // §14.1: invoice lines, 1–40.
inline constexpr std::size_t item_lines_max = 500;
inline constexpr std::size_t price_type_length_max = 32;

// The payer (§11, §12) and the hosted pages' address form.
inline constexpr std::size_t national_id_length_max = 20;
inline constexpr std::size_t zip_code_length_max = 10;
inline constexpr std::size_t address_field_length_max = 100;
inline constexpr std::size_t email_length_max = 254;
inline constexpr std::size_t customer_number_length_max = 50;
inline constexpr std::size_t ip_length_max = 45;

// Stored payer tokens (§20).
inline constexpr std::size_t token_comment_length_max = 1000;
inline constexpr std::size_t guid_length = 36;

// Any body: nesting deeper than this is refused before it is read further.
inline constexpr std::size_t json_depth_max = 32;
// A client's Session-Id longer than this is replaced by one of ours.
inline constexpr std::size_t session_id_length_max = 64;

}  // namespace faktura::http
