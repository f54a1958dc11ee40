// The payer_inputs table: what the payer typed in step 1 of the hosted page, one row per payment.
#pragma once

#include "domain/payer.hpp"
#include "storage/rows/column.hpp"

namespace faktura::storage::rows {

// One column a line, in the table's order: clang-format 14 would break each lambda over two.
// clang-format off
inline constexpr auto payer_input_table = table<domain::PayerInput>(
    "payer_inputs",
    column("payment_id", [](auto& i) -> auto& { return i.payment_id; }),
    column("national_id", [](auto& i) -> auto& { return i.national_id; }),
    column("email", [](auto& i) -> auto& { return i.email; }),
    column("msisdn", [](auto& i) -> auto& { return i.msisdn; }),
    column("zip_code", [](auto& i) -> auto& { return i.zip_code; }),
    column("created_at", [](auto& i) -> auto& { return i.created_at; }));
// clang-format on

}  // namespace faktura::storage::rows
