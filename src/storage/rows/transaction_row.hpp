// The transactions table: one row per authorization, capture, cancellation, reversal or
// verification; a failure spreads over four columns, all NULL when the transaction did not fail.
#pragma once

#include <tuple>

#include "domain/payment.hpp"
#include "storage/rows/column.hpp"

namespace faktura::storage::rows {

// One column a line, in the table's order: clang-format 14 would break each lambda over two.
// clang-format off
inline constexpr auto failure_columns = std::tuple{
    column("reason", [](auto& f) -> auto& { return f.reason; }),
    column("activity_name", [](auto& f) -> auto& { return f.activity_name; }),
    column("error_code", [](auto& f) -> auto& { return f.error_code; }),
    column("error_description", [](auto& f) -> auto& { return f.error_description; }),
};

inline constexpr auto transaction_table = table<domain::Transaction>(
    "transactions",
    column("id", [](auto& t) -> auto& { return t.id; }),
    column("payment_id", [](auto& t) -> auto& { return t.payment_id; }),
    column("type", [](auto& t) -> auto& { return t.type; }),
    column("state", [](auto& t) -> auto& { return t.state; }),
    column("number", [](auto& t) -> auto& { return t.number; }),
    column("created_at", [](auto& t) -> auto& { return t.created_at; }),
    column("updated_at", [](auto& t) -> auto& { return t.updated_at; }),
    column("amount", [](auto& t) -> auto& { return t.amount; }),
    column("vat_amount", [](auto& t) -> auto& { return t.vat_amount; }),
    column("description", [](auto& t) -> auto& { return t.description; }),
    column("payee_reference", [](auto& t) -> auto& { return t.payee_reference; }),
    column("receipt_reference", [](auto& t) -> auto& { return t.receipt_reference; }),
    optional_group("failure_", [](auto& t) -> auto& { return t.failure; }, failure_columns),
    column("is_operational", [](auto& t) -> auto& { return t.is_operational; }),
    column("reconciliation_number", [](auto& t) -> auto& { return t.reconciliation_number; }));
// clang-format on

}  // namespace faktura::storage::rows
