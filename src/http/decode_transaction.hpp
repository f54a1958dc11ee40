// Wire JSON → the commands that follow a payment's creation: the legal-address lookup (§11), the
// authorization or verification (§12, §13), capture (§14), cancellation (§15) and reversal (§16).
// Never throws on bad input: every problem names its field (§24).
#pragma once

#include <string_view>

#include "domain/authorization.hpp"
#include "domain/capture.hpp"
#include "domain/result.hpp"

namespace faktura::http {

domain::Result<domain::ApproveLegalAddressCommand> decode_approve_legal_address(
    std::string_view body);
domain::Result<domain::AuthorizeCommand> decode_authorize(std::string_view body);
domain::Result<domain::CaptureCommand> decode_capture(std::string_view body);
domain::Result<domain::CancelCommand> decode_cancel(std::string_view body);
domain::Result<domain::ReverseCommand> decode_reverse(std::string_view body);

}  // namespace faktura::http
