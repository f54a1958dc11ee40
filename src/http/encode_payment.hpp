// Domain → wire JSON for the payment resource: the payment object with its operations in the
// recorded key order and omission rules (§4.4), its sub-resources, `$expand` (§3.5) and …/aborted.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "domain/operations.hpp"
#include "domain/payment.hpp"
#include "http/resource.hpp"

namespace faktura::http {

// Parses `$expand=urls,authorizations` names (case-insensitive; unknown names ignored, §3.5).
std::vector<SubResource> parse_expansion(std::string_view comma_separated_names);

// {"payment": {…}, "operations": […]}.
std::string encode_payment_resource(const PaymentDocument& document,
                                    const std::vector<domain::OperationRel>& operations,
                                    const std::vector<SubResource>& expansion);

// {"payment": "<id>", "<name>": {"id": …, …}} for GET …/{id}/<sub-resource>.
std::string encode_sub_resource(const PaymentDocument& document, SubResource sub_resource);

// GET …/{id}/aborted (§18.4).
std::string encode_aborted(const domain::Payment& payment);

}  // namespace faktura::http
