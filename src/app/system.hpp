// Time, randomness and hashing, injected so that tests are deterministic: the real implementations
// read the system clock and the operating system's random source.
#pragma once

#include <string>
#include <string_view>

#include "domain/text.hpp"
#include "domain/time.hpp"

namespace faktura::app {

class Clock {
  public:
    virtual ~Clock() = default;
    virtual domain::Timestamp now() = 0;
};

class SystemClock final : public Clock {
  public:
    domain::Timestamp now() override;
};

// Identifiers and secrets. Implementations must be thread-safe.
class IdGenerator {
  public:
    virtual ~IdGenerator() = default;
    // Lowercase "xxxxxxxx-xxxx-7xxx-yxxx-…", time-ordered (RFC 9562 version 7).
    virtual std::string new_guid() = 0;
    virtual std::string new_front_end_token() = 0;  // 64 lowercase hex characters (§3.4).
    virtual std::string new_bearer_token() = 0;     // A merchant's API secret.
};

// Cryptographically random (OpenSSL RAND_bytes): tokens are secrets.
class RandomIdGenerator final : public IdGenerator {
  public:
    std::string new_guid() override;
    std::string new_front_end_token() override;
    std::string new_bearer_token() override;
};

// Lowercase hex SHA-256 of `text`: how bearer tokens are stored.
std::string sha256_hex(std::string_view text);

// Lowercase hex HMAC-SHA-256 of `message` under `key`: signs the hosted pages' CSRF tokens.
std::string hmac_sha256_hex(std::string_view key, std::string_view message);

// Constant-time comparison of two secrets (no early exit on the first difference).
bool equal_secrets(std::string_view a, std::string_view b);

using domain::is_guid;  // "xxxxxxxx-xxxx-…" (domain/text.hpp).

}  // namespace faktura::app
