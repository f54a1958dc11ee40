// The payer_tokens table: stored paymentToken and recurrenceToken values; a deleted token keeps
// its row.
#pragma once

#include "domain/payer.hpp"
#include "storage/rows/column.hpp"

namespace faktura::storage::rows {

// One column a line, in the table's order: clang-format 14 would break each lambda over two.
// clang-format off
inline constexpr auto payer_token_table = table<domain::PayerToken>(
    "payer_tokens",
    column("token", [](auto& t) -> auto& { return t.token; }),
    column("kind", [](auto& t) -> auto& { return t.kind; }),
    column("payee_id", [](auto& t) -> auto& { return t.payee_id; }),
    column("payment_id", [](auto& t) -> auto& { return t.payment_id; }),
    column("transaction_id", [](auto& t) -> auto& { return t.transaction_id; }),
    column("currency", [](auto& t) -> auto& { return t.currency; }),
    column("invoice_type", [](auto& t) -> auto& { return t.invoice_type; }),
    column("created_at", [](auto& t) -> auto& { return t.created_at; }),
    column("is_deleted", [](auto& t) -> auto& { return t.is_deleted; }),
    column("deleted_at", [](auto& t) -> auto& { return t.deleted_at; }),
    column("deletion_comment", [](auto& t) -> auto& { return t.deletion_comment; }));
// clang-format on

}  // namespace faktura::storage::rows
