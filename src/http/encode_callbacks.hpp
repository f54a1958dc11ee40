// The response of GET /psp/invoice/payments/{id}/callbacks (a Faktura addition, README
// "Callbacks"): each callback delivery of the payment with its state and every attempt.
#pragma once

#include <string>
#include <string_view>

#include "app/payment_service.hpp"

namespace faktura::http {

std::string encode_callbacks(std::string_view payment_id,
                             const std::vector<app::CallbackHistory>& callbacks);

}  // namespace faktura::http
