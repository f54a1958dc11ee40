// The payments table: every field of domain::Payment, one column each, except the price (two
// columns, both NULL for Verify) and the lists stored as JSON text. In the table's column order;
// a new field is a migration's ALTER TABLE … ADD COLUMN and a row at the end.
#pragma once

#include <tuple>

#include "domain/payment.hpp"
#include "storage/json_columns.hpp"
#include "storage/rows/column.hpp"

namespace faktura::storage::rows {

// One column a line, in the table's order: clang-format 14 would break each lambda over two.
// clang-format off
inline constexpr auto price_columns = std::tuple{
    column("amount", [](auto& price) -> auto& { return price.amount; }),
    column("vat_amount", [](auto& price) -> auto& { return price.vat_amount; }),
};

inline constexpr auto payment_table = table<domain::Payment>(
    "payments",
    column("id", [](auto& p) -> auto& { return p.id; }),
    column("payee_id", [](auto& p) -> auto& { return p.payee_id; }),
    column("number", [](auto& p) -> auto& { return p.number; }),
    column("created_at", [](auto& p) -> auto& { return p.created_at; }),
    column("updated_at", [](auto& p) -> auto& { return p.updated_at; }),
    column("operation", [](auto& p) -> auto& { return p.operation; }),
    column("state", [](auto& p) -> auto& { return p.state; }),
    column("currency", [](auto& p) -> auto& { return p.currency; }),
    column("invoice_type", [](auto& p) -> auto& { return p.invoice_type; }),
    optional_group("price_", [](auto& p) -> auto& { return p.price; }, price_columns),
    column("description", [](auto& p) -> auto& { return p.description; }),
    column("payer_reference", [](auto& p) -> auto& { return p.payer_reference; }),
    column("initiating_system_user_agent",
           [](auto& p) -> auto& { return p.initiating_system_user_agent; }),
    column("user_agent", [](auto& p) -> auto& { return p.user_agent; }),
    column("language", [](auto& p) -> auto& { return p.language; }),
    column_with("host_urls", [](auto& p) -> auto& { return p.urls.host_urls; }, HostUrlsJson{}),
    column("complete_url", [](auto& p) -> auto& { return p.urls.complete_url; }),
    column("cancel_url", [](auto& p) -> auto& { return p.urls.cancel_url; }),
    column("payment_url", [](auto& p) -> auto& { return p.urls.payment_url; }),
    column("callback_url", [](auto& p) -> auto& { return p.urls.callback_url; }),
    column("logo_url", [](auto& p) -> auto& { return p.urls.logo_url; }),
    column("terms_of_service_url", [](auto& p) -> auto& { return p.urls.terms_of_service_url; }),
    column("payee_info_payee_id", [](auto& p) -> auto& { return p.payee_info.payee_id; }),
    column("payee_reference", [](auto& p) -> auto& { return p.payee_info.payee_reference; }),
    column("payee_name", [](auto& p) -> auto& { return p.payee_info.payee_name; }),
    column("product_category", [](auto& p) -> auto& { return p.payee_info.product_category; }),
    column("order_reference", [](auto& p) -> auto& { return p.payee_info.order_reference; }),
    column("subsite", [](auto& p) -> auto& { return p.payee_info.subsite; }),
    column_with("metadata", [](auto& p) -> auto& { return p.metadata; }, MetadataJson{}),
    column("generate_payment_token", [](auto& p) -> auto& { return p.generate_payment_token; }),
    column("generate_recurrence_token",
           [](auto& p) -> auto& { return p.generate_recurrence_token; }),
    column("prefill_payment_token", [](auto& p) -> auto& { return p.prefill_payment_token; }),
    column("prefill_msisdn", [](auto& p) -> auto& { return p.prefill_msisdn; }),
    column("recurrence_token_used", [](auto& p) -> auto& { return p.recurrence_token_used; }),
    column("front_end_token", [](auto& p) -> auto& { return p.front_end_token; }),
    column("payment_token", [](auto& p) -> auto& { return p.payment_token; }),
    column("recurrence_token", [](auto& p) -> auto& { return p.recurrence_token; }),
    column("authorization_completed", [](auto& p) -> auto& { return p.authorization_completed; }),
    column("authorized", [](auto& p) -> auto& { return p.authorized; }),
    column("captured", [](auto& p) -> auto& { return p.captured; }),
    column("cancelled", [](auto& p) -> auto& { return p.cancelled; }),
    column("reversed", [](auto& p) -> auto& { return p.reversed; }),
    column("failed_attempts", [](auto& p) -> auto& { return p.failed_attempts; }),
    column("authorization_count",
           [](auto& p) -> auto& { return p.transaction_counts.authorizations; }),
    column("verification_count",
           [](auto& p) -> auto& { return p.transaction_counts.verifications; }),
    column("capture_count", [](auto& p) -> auto& { return p.transaction_counts.captures; }),
    column("cancellation_count",
           [](auto& p) -> auto& { return p.transaction_counts.cancellations; }),
    column("reversal_count", [](auto& p) -> auto& { return p.transaction_counts.reversals; }),
    column("has_approved_legal_address",
           [](auto& p) -> auto& { return p.has_approved_legal_address; }),
    column("abort_reason", [](auto& p) -> auto& { return p.abort_reason; }),
    // Added by migration 3, so last in the table (ALTER TABLE appends).
    column("failed_lookups", [](auto& p) -> auto& { return p.failed_lookups; }));
// clang-format on

}  // namespace faktura::storage::rows
