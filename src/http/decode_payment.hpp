// Wire JSON → the commands on a payment: create (§6–§9), abort (§10) and the deletion of a stored
// payer token (§20). Never throws on bad input: every problem names its field (§24).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "domain/commands.hpp"
#include "domain/result.hpp"

namespace faktura::http {

domain::Result<domain::CreatePaymentCommand> decode_create_payment(std::string_view body);
domain::Result<domain::AbortCommand> decode_abort(std::string_view body);

// PATCH …/instrumentdata/{token}: {"state": "Deleted", "comment": "…"} (§20).
struct DeletePayerTokenCommand {
    std::optional<std::string> comment;
};
domain::Result<DeletePayerTokenCommand> decode_delete_payer_token(std::string_view body);

}  // namespace faktura::http
