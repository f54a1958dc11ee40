// Registering and listing merchants (payees). Tokens are shown once, at registration, and stored
// only as SHA-256 hashes.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "app/system.hpp"
#include "domain/merchant.hpp"
#include "domain/result.hpp"
#include "storage/store.hpp"

namespace faktura::app {

// Shorter given tokens are replaced by a generated one (too easy to guess).
inline constexpr std::size_t bearer_token_length_min = 16;

struct MerchantRegistration {
    std::string name;
    std::optional<std::string> payee_id;  // Generated when absent.
    std::optional<std::string> token;     // Generated when absent or too short.
    domain::MerchantSettings settings;
};

struct RegisteredMerchant {
    domain::Merchant merchant;
    std::string token;  // The clear token: print it now, it cannot be read back later.
    bool token_was_generated;
};

class MerchantService {
  public:
    MerchantService(storage::Store& store, Clock& clock, IdGenerator& ids);

    // Fails with request_invalid when the name is empty, the payee id is not a GUID, or the payee
    // id or token is already registered.
    domain::Result<RegisteredMerchant> add(const MerchantRegistration& registration);
    std::vector<domain::Merchant> list();

    // Changes a merchant's agreement settings (due days, KID algorithm, settlement option,
    // attempts); they apply to invoices and authorizations made from now on. resource_not_found for
    // an unknown payee id, request_invalid for out-of-range values.
    domain::Result<domain::Merchant> update_settings(const std::string& payee_id,
                                                     const domain::MerchantSettings& settings);
    // Replaces what the merchant's documents print about it (ADR 0017), every set value checked
    // and normalised for the seller's country: organisation and VAT numbers by their checksums (a
    // VAT number is derived when only the organisation number is given), bankgiro and plusgiro
    // (Sweden), bank account (Norway), IBAN and BIC, e-mail, website, ledger accounts.
    // request_invalid naming the command line option of each bad value.
    domain::Result<domain::Merchant> update_document_details(
        const std::string& payee_id, domain::MerchantDocumentDetails details);
    // Replaces the merchant's callback signing secrets (newest first; empty: unsigned callbacks).
    // The caller has checked their form (outbound::is_valid_webhook_secret).
    domain::Result<domain::Merchant> set_callback_secrets(const std::string& payee_id,
                                                          std::vector<std::string> secrets);

  private:
    // Reads the merchant, applies `edit` and stores it, in one write; resource_not_found when no
    // merchant has the payee id.
    domain::Result<domain::Merchant> change(const std::string& payee_id,
                                            const std::function<void(domain::Merchant&)>& edit);

    storage::Store& store_;
    Clock& clock_;
    IdGenerator& ids_;
};

}  // namespace faktura::app
