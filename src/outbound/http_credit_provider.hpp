// The operator's own credit provider, reached over HTTP with the JSON contract of
// docs/credit-provider.md. Every way the provider can fail (time-out, refused connection, non-2xx,
// an answer outside the contract) becomes a value: provider_unavailable for a lookup, a Failed
// decision with an externalerror problem for a credit decision.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "app/credit_provider.hpp"
#include "domain/person_registry.hpp"

namespace faktura::outbound {

struct HttpCreditProviderOptions {
    std::chrono::milliseconds timeout{std::chrono::seconds{10}};  // Per request, all of it.
    std::chrono::milliseconds connect_timeout{std::chrono::seconds{3}};
    // Sent with every request, e.g. {"Authorization", "Bearer …"}.
    std::vector<std::pair<std::string, std::string>> headers{};
    // Receives one line per failed exchange (never a national identity number). Called from any
    // thread that calls the provider. Empty: standard error.
    std::function<void(const std::string&)> log{};
};

// failedErrorDescription of a decision Faktura made because the provider gave no usable answer.
inline constexpr std::string_view provider_timed_out_description = "Credit provider timed out";
inline constexpr std::string_view provider_unreachable_description = "Credit provider unreachable";
inline constexpr std::string_view provider_http_error_description =
    "Credit provider answered with an HTTP error";
inline constexpr std::string_view provider_invalid_answer_description =
    "Credit provider answer invalid";

// A provider answer's body is refused beyond this size; real answers are a few hundred bytes.
inline constexpr std::size_t provider_answer_limit_bytes = 64 * 1024;

class HttpCreditProvider final : public app::CreditProvider {
  public:
    // `base_url` is "http://…" or "https://…"; a trailing slash is ignored. Throws
    // std::invalid_argument for any other scheme (a configuration error, found at start-up).
    HttpCreditProvider(std::string base_url, HttpCreditProviderOptions options = {});

    // POST {base_url}/legal-address-lookups. Blocks up to options.timeout. Thread-safe.
    domain::LookupOutcome lookup_legal_address(const app::LegalAddressQuery& query) override;
    // POST {base_url}/credit-decisions. Blocks up to options.timeout. Thread-safe.
    domain::CreditDecision decide(const app::CreditQuery& query) override;

  private:
    std::string base_url_;
    HttpCreditProviderOptions options_;
};

}  // namespace faktura::outbound
