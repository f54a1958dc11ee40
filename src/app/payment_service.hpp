// Use cases of the merchant API: load → decide (domain) → save, one database transaction each.
// Knows no HTTP and no SQL; every expected failure comes back as a domain::Error.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/system.hpp"
#include "domain/commands.hpp"
#include "domain/merchant.hpp"
#include "domain/payment.hpp"
#include "domain/result.hpp"
#include "storage/store.hpp"

namespace faktura::app {

// Who is calling: a merchant with its API token, or a payer's browser holding the front-end token of
// exactly one payment (spec §21.5).
struct Caller {
    std::optional<domain::Merchant> merchant;
    std::optional<std::string> front_end_payment_id;

    bool is_merchant() const { return merchant.has_value(); }
};

struct PaymentWithTransactions {
    domain::Payment payment;
    std::vector<domain::Transaction> transactions;  // Oldest first.
};

class PaymentService {
public:
    PaymentService(storage::Store& store, Clock& clock, IdGenerator& ids);

    // Resolves an `Authorization: Bearer` credential: a merchant token, or a payment's front-end token.
    domain::Result<Caller> authenticate(std::string_view bearer_token);

    domain::Result<domain::Payment> create_payment(const domain::Merchant& merchant,
                                                   const domain::CreatePaymentCommand& command);

    // The payment if the caller may see it: payment_not_found for unknown ids, payment_of_other_payee
    // for another merchant's payment, front_end_token_not_allowed for another payment's token.
    domain::Result<domain::Payment> find_payment(const Caller& caller, std::string_view payment_id);
    domain::Result<PaymentWithTransactions> find_payment_with_transactions(
        const Caller& caller, std::string_view payment_id);

    domain::Result<domain::Payment> abort_payment(const Caller& caller, std::string_view payment_id,
                                                  const domain::AbortCommand& command);

private:
    std::optional<domain::Error> check_access(const Caller& caller, const domain::Payment& payment);

    storage::Store& store_;
    Clock& clock_;
    IdGenerator& ids_;
};

}  // namespace faktura::app
