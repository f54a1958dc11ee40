// A merchant (payee): who may use the API with which token, and its agreement settings. Pure data.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "domain/time.hpp"

namespace faktura::domain {

// How Norwegian KID check digits are computed for this merchant (test-data.md §5.1).
enum class KidAlgorithm { mod10, mod11 };

// Settlement option A (Swedbank Pay settles) or B (merchant settles; digit-only payeeReference)
// (§25).
enum class SettlementOption { a, b };

struct MerchantSettings {
    std::int32_t invoice_due_days = 14;
    KidAlgorithm kid_algorithm = KidAlgorithm::mod10;
    SettlementOption settlement_option = SettlementOption::a;
    std::int32_t authorization_attempts_max = 3;

    bool operator==(const MerchantSettings&) const = default;
};

struct Merchant {
    std::string payee_id;  // Lowercase GUID.
    std::string name;
    std::string token_sha256_hex;  // The bearer token is never stored, only its SHA-256.
    Timestamp created_at;
    MerchantSettings settings;
    // Standard Webhooks signing secrets ("whsec_<base64>"), newest first; empty: callbacks go
    // unsigned, exactly as the real service sends them. Kept as given: signing needs the secret
    // itself, so unlike the bearer token it cannot be stored hashed.
    std::vector<std::string> callback_secrets{};

    bool operator==(const Merchant&) const = default;
};

}  // namespace faktura::domain
