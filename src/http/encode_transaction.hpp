// Domain → wire JSON for transactions: the transaction object of §4.5, its typed wrapper (an
// authorization, a capture with its invoice, …), the lists of them, a single one, its activities
// and a capture's item descriptions, in the recorded key orders.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "domain/invoice.hpp"
#include "domain/payment.hpp"
#include "http/json_writer.hpp"
#include "http/resource.hpp"

namespace faktura::http {

// {"id": …, "<list key>": [...]}: the body of a list sub-resource (`transactions` or one kind's
// list), written by the payment encoder for GET …/{id}/<list> and for `$expand`.
void write_transaction_list(JsonWriter& out, const PaymentDocument& document, SubResource list);

// {"payment": "<id>", "<item key>": {…}} for GET …/{id}/<list>/{transactionId}, or nullopt when the
// payment has no transaction of that list with that id.
std::optional<std::string> encode_transaction_item(const PaymentDocument& document,
                                                   SubResource list,
                                                   std::string_view transaction_id);

// GET …/transactions/{id}/activities (§17.3); nullopt when the payment has no such transaction.
std::optional<std::string> encode_activities(const PaymentDocument& document,
                                             std::string_view transaction_id);

// GET …/transactions/{id}/itemdescriptions (§14.6).
std::string encode_item_descriptions(const domain::Invoice& invoice);

}  // namespace faktura::http
