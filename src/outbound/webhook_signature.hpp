// The Standard Webhooks signature (https://www.standardwebhooks.com) of an outbound callback: the
// merchant verifies webhook-signature with the shared "whsec_…" secret over the webhook-id, the
// webhook-timestamp and the exact body bytes. Pure functions over OpenSSL's HMAC and base64.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace faktura::outbound {

inline constexpr std::string_view webhook_secret_prefix = "whsec_";

// The key of a secret: "whsec_" followed by standard base64 (alphabet A–Z a–z 0–9 + /, padded with
// '=' to a multiple of four characters, no whitespace) of at least one byte. Nullopt otherwise.
std::optional<std::vector<unsigned char>> decode_webhook_secret(std::string_view secret);

// Whether decode_webhook_secret accepts `secret` (for validating a secret an operator enters).
bool is_valid_webhook_secret(std::string_view secret);

// "v1," + base64(HMAC-SHA256(key, id + "." + timestamp_seconds + "." + body)), the key being the
// decoded secret. Throws std::invalid_argument if the secret is not valid.
std::string webhook_signature(std::string_view secret, std::string_view id,
                              std::int64_t timestamp_seconds, std::string_view body);

// The webhook-signature header value: the signature of each valid secret, in the given order,
// separated by one space (several while a secret is rotated). Invalid secrets are skipped; empty
// when none is valid.
std::string webhook_signature_header(const std::vector<std::string>& secrets, std::string_view id,
                                     std::int64_t timestamp_seconds, std::string_view body);

}  // namespace faktura::outbound
