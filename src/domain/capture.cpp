#include "domain/capture.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdlib>

#include "domain/operations.hpp"
#include "domain/transitions.hpp"

namespace faktura::domain {
namespace {

// Invoice numbers are 8 digits: the payee's series counted from here, so references stay valid for
// every country's algorithm (the Finnish base needs at least 3 digits).
constexpr std::int64_t invoice_number_base = 10'000'000;

Transaction new_transaction(const Payment& payment, TransactionType type,
                            const NewTransactionIdentity& identity, Timestamp now) {
    Transaction transaction;
    transaction.id = identity.id;
    transaction.payment_id = payment.id;
    transaction.type = type;
    transaction.state = TransactionState::completed;  // Synchronous, as recorded (§14.2).
    transaction.number = identity.number;
    transaction.created_at = now;
    transaction.updated_at = now;
    transaction.is_operational = false;
    return transaction;
}

// 1 ≤ amount and 0 ≤ vatAmount ≤ amount (§14.1, §16.1). The codec already refuses such bodies; the
// domain holds the rule itself so that no caller can record a zero or negative movement of money.
std::optional<Error> check_amounts(Amount amount, Amount vat_amount) {
    std::vector<FieldProblem> problems;
    if (amount.minor < 1 || amount > amount_max) {
        problems.push_back(
            {"Transaction.Amount", "The field Amount must be between 1 and 2147483647."});
    }
    if (vat_amount.minor < 0 || vat_amount > amount) {
        problems.push_back(
            {"Transaction.VatAmount", "The field VatAmount must be between 0 and Amount."});
    }
    if (problems.empty()) return std::nullopt;
    return Error{ErrorCode::request_invalid, {}, std::move(problems)};
}

// A capture or a reversal: a completed transaction of `amount` in today's settlement batch.
TransactionTransition money_movement(const Payment& payment, TransactionType type, Amount amount,
                                     Amount vat_amount, const std::string& description,
                                     const std::string& payee_reference,
                                     const std::optional<std::string>& receipt_reference,
                                     const NewTransactionIdentity& identity, Timestamp now) {
    TransactionTransition result{payment, new_transaction(payment, type, identity, now)};
    Transaction& transaction = result.transaction;
    transaction.amount = amount;
    transaction.vat_amount = vat_amount;
    transaction.description = description;
    transaction.payee_reference = payee_reference;
    transaction.receipt_reference = receipt_reference;
    transaction.reconciliation_number = reconciliation_number_of(now);
    result.payment.updated_at = now;
    return result;
}

Error too_high(const char* name, const char* description) {
    return Error{ErrorCode::capture_exceeds_capturable_amount, {}, {{name, description}}};
}

std::chrono::sys_days sys_days_of(Timestamp at) {
    std::int64_t days = at.unix_100ns / (ticks_per_second * 86400);
    if (at.unix_100ns < 0 && at.unix_100ns % (ticks_per_second * 86400) != 0) days -= 1;
    return std::chrono::sys_days{std::chrono::days{static_cast<int>(days)}};
}

}  // namespace

bool is_allowed_vat_rate(VatRate rate) {
    constexpr std::array<std::int32_t, 10> allowed = {0,    600,  800,  1000, 1200,
                                                      1400, 1500, 2200, 2400, 2500};
    return std::find(allowed.begin(), allowed.end(), rate.hundredths_of_percent) != allowed.end();
}

std::optional<Error> check_capture_sums(const CaptureCommand& command) {
    std::vector<FieldProblem> problems;
    Amount items;
    for (const ItemDescription& item : command.item_descriptions) items += item.amount;
    if (items != command.amount) {
        problems.push_back({"Transaction.ItemDescriptions",
                            "The sum of the item descriptions' amounts must equal the amount."});
    }
    Amount summary_amount;
    Amount summary_vat;
    for (const VatSummaryLine& line : command.vat_summary) {
        summary_amount += line.amount;
        summary_vat += line.vat_amount;
    }
    if (summary_amount != command.amount) {
        problems.push_back({"Transaction.VatSummary",
                            "The sum of the VAT summary's amounts must equal the amount."});
    }
    if (summary_vat != command.vat_amount) {
        problems.push_back({"Transaction.VatSummary",
                            "The sum of the VAT summary's VAT amounts must equal the VAT amount."});
    }
    if (problems.empty()) return std::nullopt;
    return Error{ErrorCode::request_invalid, {}, std::move(problems)};
}

std::int64_t reconciliation_number_of(Timestamp at) {
    // Days between 0001-01-01 and 1970-01-01 in the proleptic Gregorian calendar.
    constexpr std::int64_t days_from_year_one_to_epoch = 719162;
    return sys_days_of(at).time_since_epoch().count() + days_from_year_one_to_epoch;
}

CivilDate civil_date_of(Timestamp at) {
    const std::chrono::year_month_day date{sys_days_of(at)};
    return CivilDate{static_cast<int>(date.year()),
                     static_cast<int>(static_cast<unsigned>(date.month())),
                     static_cast<int>(static_cast<unsigned>(date.day()))};
}

Timestamp utc_midnight_of(CivilDate date) {
    using namespace std::chrono;
    const sys_days day{year{date.year} / month{static_cast<unsigned>(date.month)} /
                       std::chrono::day{static_cast<unsigned>(date.day)}};
    return Timestamp{static_cast<std::int64_t>(day.time_since_epoch().count()) * 86400 *
                     ticks_per_second};
}

CivilDate local_date_of(Country country, Timestamp at) {
    using namespace std::chrono;
    const std::int64_t standard_offset_hours = country == Country::fi ? 2 : 1;
    const sys_days day = sys_days_of(at);
    const year this_year = year_month_day{day}.year();
    const auto last_sunday = [&](month m) {
        return sys_days{year_month_weekday_last{this_year, m, weekday_last{Sunday}}};
    };
    const std::int64_t one_am_ticks = 3600 * ticks_per_second;
    const auto ticks_of = [](sys_days d) {
        return static_cast<std::int64_t>(d.time_since_epoch().count()) * 86400 * ticks_per_second;
    };
    const std::int64_t summer_starts = ticks_of(last_sunday(March)) + one_am_ticks;
    const std::int64_t summer_ends = ticks_of(last_sunday(October)) + one_am_ticks;
    const bool is_summer = at.unix_100ns >= summer_starts && at.unix_100ns < summer_ends;
    const std::int64_t offset_hours = standard_offset_hours + (is_summer ? 1 : 0);
    return civil_date_of(Timestamp{at.unix_100ns + offset_hours * 3600 * ticks_per_second});
}

CivilDate add_days(CivilDate date, std::int32_t days) {
    const std::chrono::sys_days start{std::chrono::year_month_day{
        std::chrono::year{date.year}, std::chrono::month{static_cast<unsigned>(date.month)},
        std::chrono::day{static_cast<unsigned>(date.day)}}};
    const std::chrono::year_month_day result{start + std::chrono::days{days}};
    return CivilDate{static_cast<int>(result.year()),
                     static_cast<int>(static_cast<unsigned>(result.month())),
                     static_cast<int>(static_cast<unsigned>(result.day()))};
}

Result<TransactionTransition> capture(const Payment& payment, const CaptureCommand& command,
                                      const NewTransactionIdentity& identity, Timestamp now) {
    if (!offers(merchant_operations(payment), OperationRel::create_capture)) {
        return operation_not_allowed("Capture");
    }
    if (auto invalid = check_amounts(command.amount, command.vat_amount))
        return std::move(*invalid);
    if (auto invalid = check_capture_sums(command)) return std::move(*invalid);
    if (command.amount > payment.remaining_capture())
        return too_high("Capture", "Capture amount too high.");
    TransactionTransition result = money_movement(
        payment, TransactionType::capture, command.amount, command.vat_amount, command.description,
        command.payee_reference, command.receipt_reference, identity, now);
    result.payment.captured += command.amount;
    result.payment.transaction_counts.captures += 1;
    ensure_money_invariants(result.payment);
    result.events.push_back(recorded_event(result.payment, result.transaction));
    return result;
}

Result<TransactionTransition> cancel(const Payment& payment, const CancelCommand& command,
                                     Amount captured_vat, const NewTransactionIdentity& identity,
                                     Timestamp now) {
    if (!offers(merchant_operations(payment), OperationRel::create_cancellation)) {
        return operation_not_allowed("Cancellation");
    }
    TransactionTransition result{
        payment, new_transaction(payment, TransactionType::cancellation, identity, now)};
    Transaction& transaction = result.transaction;
    transaction.amount = payment.remaining_cancellation();
    const Amount authorized_vat = payment.price ? payment.price->vat_amount : Amount{};
    transaction.vat_amount = std::max(Amount{0}, authorized_vat - captured_vat);
    transaction.description = command.description;
    transaction.payee_reference = command.payee_reference;
    result.payment.cancelled += transaction.amount;
    result.payment.transaction_counts.cancellations += 1;
    result.payment.updated_at = now;
    ensure_money_invariants(result.payment);
    result.events.push_back(recorded_event(result.payment, result.transaction));
    return result;
}

Result<TransactionTransition> reverse(const Payment& payment, const ReverseCommand& command,
                                      const NewTransactionIdentity& identity, Timestamp now) {
    if (!offers(merchant_operations(payment), OperationRel::create_reversal)) {
        return operation_not_allowed("Reversal");
    }
    if (auto invalid = check_amounts(command.amount, command.vat_amount))
        return std::move(*invalid);
    if (command.amount > payment.remaining_reversal()) {
        return Error{ErrorCode::reversal_exceeds_reversible_amount,
                     {},
                     {{"Reversal", "Reversal amount too high."}}};
    }
    TransactionTransition result = money_movement(
        payment, TransactionType::reversal, command.amount, command.vat_amount, command.description,
        command.payee_reference, command.receipt_reference, identity, now);
    result.payment.reversed += command.amount;
    result.payment.transaction_counts.reversals += 1;
    ensure_money_invariants(result.payment);
    result.events.push_back(recorded_event(result.payment, result.transaction));
    return result;
}

Invoice make_invoice(const Payment& payment, const Transaction& capture_transaction,
                     const CaptureCommand& command, std::int64_t invoice_sequence,
                     const MerchantSettings& settings) {
    Invoice invoice;
    invoice.transaction_id = capture_transaction.id;
    invoice.payment_id = payment.id;
    invoice.invoice_number = invoice_number_base + invoice_sequence;
    invoice.issue_date =
        local_date_of(country_of(payment.invoice_type), capture_transaction.created_at);
    invoice.due_date = add_days(invoice.issue_date, settings.invoice_due_days);
    invoice.payment_reference = make_payment_reference(
        country_of(payment.invoice_type), invoice.invoice_number, settings.kid_algorithm);
    invoice.item_descriptions = command.item_descriptions;
    invoice.vat_summary = command.vat_summary;
    return invoice;
}

}  // namespace faktura::domain

namespace faktura::domain {
namespace {

// The allowed rate nearest to what the amounts imply: vat / (amount − vat), in hundredths of a
// percent. A reversal carries no VAT summary (§16.1), only its amount and VAT.
VatRate implied_vat_rate(Amount amount, Amount vat) {
    constexpr std::array<std::int32_t, 10> allowed = {0,    600,  800,  1000, 1200,
                                                      1400, 1500, 2200, 2400, 2500};
    const std::int64_t net = amount.minor - vat.minor;
    if (net <= 0 || vat.minor <= 0) return VatRate{0};
    VatRate best{0};
    std::int64_t best_distance = -1;
    for (const std::int32_t rate : allowed) {
        // |vat − net × rate / 10000|, scaled by 10000 to stay in integers.
        const std::int64_t distance = std::abs(vat.minor * 10000 - net * rate);
        if (best_distance < 0 || distance < best_distance) {
            best = VatRate{rate};
            best_distance = distance;
        }
    }
    return best;
}

}  // namespace

std::optional<CreditNote> make_credit_note(const Payment& payment,
                                           const Transaction& reversal_transaction,
                                           const std::vector<Invoice>& invoices,
                                           const std::vector<Transaction>& captures,
                                           const std::vector<CreditNote>& earlier,
                                           std::int64_t credit_note_sequence) {
    const auto amount_of = [&](const std::string& capture_id) {
        for (const Transaction& capture : captures) {
            if (capture.id == capture_id) return capture.amount;
        }
        return Amount{};
    };
    const Invoice* credited = nullptr;
    // Newest first: the one whose amount earlier credit notes have not used up.
    for (auto it = invoices.rbegin(); it != invoices.rend(); ++it) {
        Amount credited_before;
        for (const CreditNote& note : earlier) {
            if (note.credited_transaction_id == it->transaction_id) {
                credited_before += note.vat_line.amount;
            }
        }
        if (credited_before < amount_of(it->transaction_id)) {
            credited = &*it;
            break;
        }
    }
    if (credited == nullptr && !invoices.empty()) credited = &invoices.back();
    if (credited == nullptr) return std::nullopt;
    CreditNote note;
    note.transaction_id = reversal_transaction.id;
    note.payment_id = payment.id;
    note.credit_note_number = invoice_number_base + credit_note_sequence;
    note.issue_date =
        local_date_of(country_of(payment.invoice_type), reversal_transaction.created_at);
    note.credited_transaction_id = credited->transaction_id;
    note.credited_invoice_number = credited->invoice_number;
    note.vat_line = VatSummaryLine{
        reversal_transaction.amount,
        implied_vat_rate(reversal_transaction.amount, reversal_transaction.vat_amount),
        reversal_transaction.vat_amount};
    return note;
}

}  // namespace faktura::domain
