// The authorization_details table: the consumer and addresses given with one authorization or
// verification; the billing address is optional, all six columns NULL when it was not given.
#pragma once

#include "domain/payer.hpp"
#include "storage/rows/address_columns.hpp"
#include "storage/rows/column.hpp"

namespace faktura::storage::rows {

// One column a line, in the table's order: clang-format 14 would break each lambda over two.
// clang-format off
inline constexpr auto authorization_details_table = table<domain::AuthorizationDetails>(
    "authorization_details",
    column("transaction_id", [](auto& d) -> auto& { return d.transaction_id; }),
    column("payment_id", [](auto& d) -> auto& { return d.payment_id; }),
    column("national_id", [](auto& d) -> auto& { return d.consumer.national_id; }),
    column("customer_number", [](auto& d) -> auto& { return d.consumer.customer_number; }),
    column("email", [](auto& d) -> auto& { return d.consumer.email; }),
    column("msisdn", [](auto& d) -> auto& { return d.consumer.msisdn; }),
    column("ip", [](auto& d) -> auto& { return d.consumer.ip; }),
    group("legal_", [](auto& d) -> auto& { return d.legal_address; }, address_columns),
    optional_group("billing_", [](auto& d) -> auto& { return d.billing_address; },
                   address_columns));
// clang-format on

}  // namespace faktura::storage::rows
