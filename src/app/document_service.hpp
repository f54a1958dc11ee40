// What the merchant's documents are made of (spec §14.7, §26): the invoice copy of a capture, the
// credit note of a reversal, and one payee's settlement for a period. Reads only; the documents
// themselves are drawn by documents/ and reports/ from what this returns.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "app/payment_service.hpp"
#include "domain/invoice.hpp"
#include "domain/merchant.hpp"
#include "domain/payer.hpp"
#include "domain/payment.hpp"
#include "domain/result.hpp"
#include "domain/settlement.hpp"
#include "storage/store.hpp"

namespace faktura::app {

// Everything one invoice or credit note prints.
struct DocumentSources {
    domain::Merchant merchant;
    domain::Payment payment;
    domain::Transaction transaction;  // The capture, or the reversal.
    domain::Invoice invoice;          // The capture's invoice, or the one the credit note credits.
    std::optional<domain::CreditNote> credit_note;  // Reversals.
    // The buyer: the completed authorization's consumer and addresses (absent only for data that
    // cannot have been written: a capture needs an authorization).
    std::optional<domain::AuthorizationDetails> authorization;
};

class DocumentService {
  public:
    explicit DocumentService(storage::Store& store);

    // The invoice of a completed capture of the caller's payment. payment_not_found, the ownership
    // error of every payment route (ADR 0005), or resource_not_found when `capture_id` names no
    // completed capture of the payment.
    domain::Result<DocumentSources> invoice(const Caller& caller, std::string_view payment_id,
                                            std::string_view capture_id);

    // The credit note of a completed reversal, as invoice(). resource_not_found also for a
    // reversal recorded before credit notes existed (it has no number).
    domain::Result<DocumentSources> credit_note(const Caller& caller, std::string_view payment_id,
                                                std::string_view reversal_id);

    // The merchant's completed captures and reversals recorded on the UTC dates [from, to] (the
    // days of the settlement batches, §26.2). request_invalid when to is before from or the
    // period is longer than 366 days.
    domain::Result<domain::SettlementReport> settlement(const domain::Merchant& merchant,
                                                        domain::CivilDate from,
                                                        domain::CivilDate to);

  private:
    domain::Result<DocumentSources> sources(const Caller& caller, std::string_view payment_id,
                                            std::string_view transaction_id,
                                            domain::TransactionType type);

    storage::Store& store_;
};

}  // namespace faktura::app
