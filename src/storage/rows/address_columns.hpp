// The six columns of a postal address, in the order every table stores them; a table places them
// with rows::group, under a prefix where it holds two ("legal_", "billing_").
#pragma once

#include <tuple>

#include "domain/address.hpp"
#include "storage/rows/column.hpp"

namespace faktura::storage::rows {

// One column a line, in the table's order: clang-format 14 would break each lambda over two.
// clang-format off
inline constexpr auto address_columns = std::tuple{
    column("addressee", [](auto& a) -> auto& { return a.addressee; }),
    column("co_address", [](auto& a) -> auto& { return a.co_address; }),
    column("street_address", [](auto& a) -> auto& { return a.street_address; }),
    column("zip_code", [](auto& a) -> auto& { return a.zip_code; }),
    column("city", [](auto& a) -> auto& { return a.city; }),
    column("country", [](auto& a) -> auto& { return a.country; }),
};
// clang-format on

}  // namespace faktura::storage::rows
