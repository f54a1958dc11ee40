// The merchants table: one row per merchant, its agreement settings flattened into columns.
#pragma once

#include "domain/merchant.hpp"
#include "storage/json_columns.hpp"
#include "storage/rows/column.hpp"

namespace faktura::storage::rows {

// One column a line, in the table's order: clang-format 14 would break each lambda over two.
// clang-format off
inline constexpr auto merchant_table = table<domain::Merchant>(
    "merchants",
    column("payee_id", [](auto& m) -> auto& { return m.payee_id; }),
    column("name", [](auto& m) -> auto& { return m.name; }),
    column("token_sha256_hex", [](auto& m) -> auto& { return m.token_sha256_hex; }),
    column("created_at", [](auto& m) -> auto& { return m.created_at; }),
    column("invoice_due_days", [](auto& m) -> auto& { return m.settings.invoice_due_days; }),
    column("kid_algorithm", [](auto& m) -> auto& { return m.settings.kid_algorithm; }),
    column("settlement_option", [](auto& m) -> auto& { return m.settings.settlement_option; }),
    column("authorization_attempts_max",
           [](auto& m) -> auto& { return m.settings.authorization_attempts_max; }),
    column_with("callback_secrets", [](auto& m) -> auto& { return m.callback_secrets; },
                CallbackSecretsJson{}),
    column_with("document_details", [](auto& m) -> auto& { return m.document_details; },
                DocumentDetailsJson{}));
// clang-format on

}  // namespace faktura::storage::rows
