// Use cases of the merchant API: load → decide (domain) → save, one database transaction each.
// Knows no HTTP and no SQL; every expected failure comes back as a domain::Error.
#pragma once

#include <chrono>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "app/credit_provider.hpp"
#include "app/system.hpp"
#include "domain/authorization.hpp"
#include "domain/callback.hpp"
#include "domain/capture.hpp"
#include "domain/commands.hpp"
#include "domain/merchant.hpp"
#include "domain/payment.hpp"
#include "domain/result.hpp"
#include "domain/transition.hpp"
#include "storage/store.hpp"

namespace faktura::app {

// Who is calling: a merchant with its API token, or a payer's browser holding the front-end token
// of exactly one payment (spec §21.5).
struct Caller {
    std::optional<domain::Merchant> merchant;
    std::optional<std::string> front_end_payment_id;

    bool is_merchant() const { return merchant.has_value(); }
};

struct PaymentWithTransactions {
    domain::Payment payment;
    std::vector<domain::Transaction> transactions;  // Oldest first.
    std::vector<domain::Invoice> invoices;          // One per capture among the transactions.
};

// One callback delivery of a payment and its attempts, first first.
struct CallbackHistory {
    domain::CallbackDelivery delivery;
    std::vector<domain::CallbackAttempt> attempts;
};

// A payment right after a new transaction was recorded on it.
struct TransactionOutcome {
    PaymentWithTransactions view;
    std::string transaction_id;
};

class PaymentService {
  public:
    // `on_recorded` runs after every committed transaction (the callback dispatcher's wake-up).
    PaymentService(storage::Store& store, Clock& clock, IdGenerator& ids, CreditProvider& credit,
                   std::function<void()> on_recorded = {});

    // Resolves an `Authorization: Bearer` credential: a merchant token, or a payment's front-end
    // token.
    domain::Result<Caller> authenticate(std::string_view bearer_token);

    // Why the server cannot take writes now (storage::Store::health), or nullopt; for /health.
    std::optional<std::string> store_problem() { return store_.health(); }

    // FinancingConsumer and Verify: a new payment awaiting its authorization. Recur (§9): the
    // payment and its authorization in one write, decided for the payer stored with the token.
    domain::Result<domain::Payment> create_payment(const domain::Merchant& merchant,
                                                   const domain::CreatePaymentCommand& command);

    // PATCH …/instrumentdata/{token} (§20): deletes one of the merchant's stored payer tokens.
    domain::Result<domain::PayerToken> delete_payer_token(
        const domain::Merchant& merchant, std::string_view token,
        const std::optional<std::string>& comment);

    // The payment if the caller may see it: payment_not_found for unknown ids,
    // payment_of_other_payee for another merchant's payment, front_end_token_not_allowed for
    // another payment's token.
    domain::Result<domain::Payment> find_payment(const Caller& caller, std::string_view payment_id);
    domain::Result<PaymentWithTransactions> find_payment_with_transactions(
        const Caller& caller, std::string_view payment_id);

    domain::Result<domain::Payment> abort_payment(const Caller& caller, std::string_view payment_id,
                                                  const domain::AbortCommand& command);

    // §11: looks the payer up in the registry (outside the database write) and stores the address.
    domain::Result<domain::ApprovedLegalAddress> approve_legal_address(
        const Caller& caller, std::string_view payment_id,
        const domain::ApproveLegalAddressCommand& command);
    domain::Result<domain::ApprovedLegalAddress> find_approved_legal_address(
        const Caller& caller, std::string_view payment_id);

    // §12 / §13: asks the credit provider, then records the decision. `type` is the route's
    // transaction type: authorization on FinancingConsumer, verification on Verify payments.
    domain::Result<TransactionOutcome> authorize(const Caller& caller, std::string_view payment_id,
                                                 const domain::AuthorizeCommand& command,
                                                 domain::TransactionType type);

    // §14–§16. Merchant callers only; the transaction's payeeReference must be unused by the payee.
    domain::Result<TransactionOutcome> capture(const Caller& caller, std::string_view payment_id,
                                               const domain::CaptureCommand& command);
    domain::Result<TransactionOutcome> cancel(const Caller& caller, std::string_view payment_id,
                                              const domain::CancelCommand& command);
    domain::Result<TransactionOutcome> reverse(const Caller& caller, std::string_view payment_id,
                                               const domain::ReverseCommand& command);

    // The payment's callback deliveries, oldest first. Merchant callers only.
    domain::Result<std::vector<CallbackHistory>> find_callbacks(const Caller& caller,
                                                                std::string_view payment_id);

    // The payer data of the payment's latest authorization or verification; resource_not_found
    // before there is one.
    domain::Result<domain::AuthorizationDetails> find_authorization_details(
        const Caller& caller, std::string_view payment_id);

  private:
    domain::Result<domain::Payment> create_recur_payment(const domain::Merchant& merchant,
                                                         domain::CreatePaymentCommand command);
    std::optional<domain::Error> check_access(const Caller& caller, const domain::Payment& payment);
    // A capture, cancellation or reversal: locks and checks the payment, runs `decide` (the domain
    // transition) inside one write, records it with apply_transition, and returns the view read
    // after the commit.
    template <typename Decide>
    domain::Result<TransactionOutcome> record_transaction(const Caller& caller,
                                                          std::string_view payment_id,
                                                          const std::string& payee_reference,
                                                          Decide&& decide);
    TransactionOutcome outcome_of(const domain::TransactionTransition& recorded);

    storage::Store& store_;
    Clock& clock_;
    IdGenerator& ids_;
    CreditProvider& credit_;
    const std::function<void()> on_recorded_;

    // Merchants found by token hash, kept briefly so that a busy merchant does not cost a database
    // read per request. Only hits are kept (a new merchant works at once); an entry lives at most
    // merchant_cache_ttl, which bounds how long a changed merchant may be seen as before.
    struct CachedMerchant {
        domain::Merchant merchant;
        domain::Timestamp cached_at;  // By clock_, so tests move it instead of waiting.
    };
    static constexpr std::chrono::seconds merchant_cache_ttl{5};
    static constexpr std::size_t merchant_cache_entries_max = 1024;
    std::mutex merchant_cache_mutex_;
    std::unordered_map<std::string, CachedMerchant> merchant_cache_;
};

}  // namespace faktura::app
