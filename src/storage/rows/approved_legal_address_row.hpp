// The approved_legal_addresses table: the latest approved legal address of each payment.
#pragma once

#include "domain/payer.hpp"
#include "storage/rows/address_columns.hpp"
#include "storage/rows/column.hpp"

namespace faktura::storage::rows {

// One column a line, in the table's order: clang-format 14 would break each lambda over two.
// clang-format off
inline constexpr auto approved_legal_address_table = table<domain::ApprovedLegalAddress>(
    "approved_legal_addresses",
    column("payment_id", [](auto& a) -> auto& { return a.payment_id; }),
    column("national_id", [](auto& a) -> auto& { return a.national_id; }),
    group("", [](auto& a) -> auto& { return a.address; }, address_columns),
    column("created_at", [](auto& a) -> auto& { return a.created_at; }));
// clang-format on

}  // namespace faktura::storage::rows
