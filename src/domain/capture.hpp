// After the authorization: captures (each one an invoice), the cancellation of what is left, and
// reversals of captured amounts — spec §14–§16, §26.3 — as pure functions that hold the money
// rules.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/authorization.hpp"
#include "domain/invoice.hpp"
#include "domain/merchant.hpp"
#include "domain/payment.hpp"
#include "domain/result.hpp"
#include "domain/transition.hpp"

namespace faktura::domain {

struct CaptureCommand {
    Amount amount;
    Amount vat_amount;
    std::string payee_reference;
    std::optional<std::string> receipt_reference;
    std::string description;
    std::vector<ItemDescription> item_descriptions;
    std::vector<VatSummaryLine> vat_summary;
};

struct CancelCommand {
    std::string payee_reference;
    std::string description;
};

struct ReverseCommand {
    Amount amount;
    Amount vat_amount;
    std::string payee_reference;
    std::optional<std::string> receipt_reference;
    std::string description;
};

// The VAT rates an invoice line may carry, in hundredths of a percent (§14.1).
bool is_allowed_vat_rate(VatRate rate);

// The cross-field rules of a capture body (§14.1): the item lines and the VAT summary must add up
// to the amount and the VAT amount. request_invalid naming Transaction.ItemDescriptions /
// .VatSummary.
std::optional<Error> check_capture_sums(const CaptureCommand& command);

// The settlement batch a transaction belongs to: the number of days from 0001-01-01 to its UTC
// date, the form of the recorded reconciliationNumber (737566 = 2020-05-22). One batch per UTC day.
std::int64_t reconciliation_number_of(Timestamp at);

// Captures part or all of what is left (F3/F4). 403 "Capture amount too high." above it.
Result<TransactionTransition> capture(const Payment& payment, const CaptureCommand& command,
                                      const NewTransactionIdentity& identity, Timestamp now);

// Cancels everything not captured (F3/F4, §15): the amount is remainingCancellationAmount, the VAT
// what is left of the authorization's VAT after the captures' (`captured_vat`).
Result<TransactionTransition> cancel(const Payment& payment, const CancelCommand& command,
                                     Amount captured_vat, const NewTransactionIdentity& identity,
                                     Timestamp now);

// Reverses part or all of what is captured and not yet reversed (§16).
Result<TransactionTransition> reverse(const Payment& payment, const ReverseCommand& command,
                                      const NewTransactionIdentity& identity, Timestamp now);

// The invoice of a completed capture: number from the payee's series (`invoice_sequence` ≥ 1),
// issue date = the capture's local date in the payment's country, due date after the payee's due
// days, payment reference per country.
Invoice make_invoice(const Payment& payment, const Transaction& capture_transaction,
                     const CaptureCommand& command, std::int64_t invoice_sequence,
                     const MerchantSettings& settings);

// The credit note of a completed reversal (`credit_note_sequence` from the payee's invoice series):
// it credits the newest of `invoices` (the payment's, oldest first, with their captures'
// transactions) whose amount is not yet credited by `earlier` credit notes; nullopt when the
// payment has no invoice (a reversal always follows a capture, so only for data from before credit
// notes existed). The VAT rate is the one allowed rate nearest to vat / (amount − vat).
std::optional<CreditNote> make_credit_note(const Payment& payment,
                                           const Transaction& reversal_transaction,
                                           const std::vector<Invoice>& invoices,
                                           const std::vector<Transaction>& captures,
                                           const std::vector<CreditNote>& earlier,
                                           std::int64_t credit_note_sequence);

CivilDate civil_date_of(Timestamp at);
// 00:00 UTC of a calendar date: the start of its settlement batch (reconciliation_number_of).
Timestamp utc_midnight_of(CivilDate date);
// The calendar date in the country's own time zone (CET/CEST for SE and NO, EET/EEST for FI), under
// the EU summer-time rule: from 01:00 UTC on the last Sunday of March to 01:00 UTC on the last
// Sunday of October. Invoices are dated in the merchant's country (§26.3).
CivilDate local_date_of(Country country, Timestamp at);
CivilDate add_days(CivilDate date, std::int32_t days);

}  // namespace faktura::domain
