// The payer's side of a payment (spec §21): what the hosted page needs to open a payment by its
// front-end token, take the consumer data of step 1, authorize in step 2 and cancel. Uses the same
// PaymentService rules as the merchant API, acting as the payer (a front-end-token Caller).
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/payment_service.hpp"
#include "app/system.hpp"
#include "domain/national_id.hpp"
#include "domain/payer.hpp"
#include "storage/store.hpp"

namespace faktura::app {

struct PayerServiceOptions {
    // Unfinished payments older than this are aborted when their page is opened (--payment-ttl).
    std::optional<std::chrono::seconds> payment_ttl;
};

// The payer stored with the payment's paymentToken (one-click, §20): step 1 is filled in from it,
// and an identity-number field left empty means this number. The full number never leaves the
// server; pages show `masked_national_id`.
struct SavedPayer {
    std::string national_id;  // NationalId::canonical.
    std::string masked_national_id;
    std::optional<std::string> email;
    std::string msisdn;
    std::string zip_code;
};

// One payment as the payer's page sees it.
struct PayerView {
    domain::Payment payment;
    std::vector<domain::Transaction> transactions;  // Oldest first.
    std::optional<domain::ApprovedLegalAddress> approved;
    std::optional<domain::PayerInput> input;  // Step 1's data, once its lookup succeeded.
    bool expired = false;                     // Aborted just now because of the payment TTL.
    // While step 1 is open: the payer of a usable paymentToken (not deleted, not expired).
    std::optional<SavedPayer> saved_payer{};
    // For the order summary: payeeName, else the merchant's registered name; the merchant's
    // invoice due days; and the due date if the invoice were issued today (today in the payment's
    // country + due days). The real invoice is dated at its capture.
    std::string merchant_name{};
    std::int32_t invoice_due_days = 14;
    domain::CivilDate due_date{};
    // The merchant's authorization attempts per payment, for "You have N attempts left".
    std::int32_t authorization_attempts_max = 3;
};

// Step 1 as typed.
struct ConsumerForm {
    std::string social_security_number;
    std::string email;
    std::string msisdn;
    std::string zip_code;
};

enum class ConsumerField { social_security_number, email, msisdn, zip_code };
struct ConsumerFieldProblem {
    ConsumerField field;
    bool missing;  // Else: present but not valid.
};

// What step 1 led to: field problems (show the form again), a failed lookup, or success.
struct ConsumerStepResult {
    std::vector<ConsumerFieldProblem> field_problems;
    std::optional<domain::Error> lookup_error;
    // Finland only: the register does not know the payer, who types the address on step 2 instead
    // (§21.1, C-23).
    bool needs_address_entry = false;
    // The step 1 data now stored (on success), for the browser's input cookie.
    std::optional<domain::PayerInput> saved_input{};
    bool succeeded() const { return field_problems.empty() && !lookup_error; }
};

// Whether step 2 asks for the address: step 1 succeeded without an approved legal address.
bool needs_address_entry(const PayerView& view);

class PayerService {
  public:
    PayerService(PaymentService& payments, storage::Store& store, Clock& clock, IdGenerator& ids,
                 PayerServiceOptions options);

    // nullopt for a token that names no payment.
    std::optional<PayerView> open(std::string_view front_end_token);

    ConsumerStepResult submit_consumer(const PayerView& view, const ConsumerForm& form);

    // Authorizes (or verifies) with step 1's data and the approved legal address, or the
    // `entered_address` where step 2 asked for one; `ip` is the browser's address.
    // resource_not_found when step 1 has not succeeded yet or a needed address is missing.
    domain::Result<TransactionOutcome> confirm(
        const PayerView& view, const std::string& ip,
        const std::optional<domain::AddressInput>& entered_address);

    // "Cancel payment": aborts with abortReason CancelledByConsumer (§21.1).
    domain::Result<domain::Payment> cancel(const PayerView& view);

    // The CSRF token of a payment's forms: an HMAC of its front-end token under a secret shared by
    // every server process through the store. Forms carry it; posts must present it.
    std::string csrf_token(std::string_view front_end_token);
    bool is_valid_csrf(std::string_view front_end_token, std::string_view presented);

    // The value of the cookie that marks the browser which typed the stored step 1 (ADR 0015): an
    // HMAC of the front-end token, the identity number and the time it was stored, so it names one
    // payment and one entry and is worthless once another entry replaces it.
    std::string input_cookie(std::string_view front_end_token, const domain::PayerInput& input);
    // The stored identity number as the payer may read it ("19600307-1161"), for the browser that
    // presents the stored entry's cookie; nullopt for any other.
    std::optional<std::string> own_identity_number(const PayerView& view,
                                                   std::string_view front_end_token,
                                                   std::string_view presented_cookie);

  private:
    Caller payer_of(const domain::Payment& payment) const;
    std::optional<SavedPayer> saved_payer_of(const domain::Payment& payment,
                                             const std::optional<domain::PayerInput>& input);
    const std::string& secret();

    PaymentService& payments_;
    storage::Store& store_;
    Clock& clock_;
    IdGenerator& ids_;
    PayerServiceOptions options_;
    std::once_flag secret_loaded_;
    std::string secret_;
};

}  // namespace faktura::app
