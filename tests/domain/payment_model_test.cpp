// The pocket VOPR: thousands of seeded random sequences of abort, authorize, capture, cancel and
// reverse, applied both to the domain and to a reference model written here from spec §4.3, §5.2,
// §14–§16 and §18.1 with plain integers. After every step the two must agree on whether the step is
// accepted (and on the error when it is not), on every amount and count, and on the operations
// offered; the money invariants are checked independently of ensure_money_invariants.
//
// Every sequence has its own seed, printed with any divergence; PAYMENTS_TEST_SEED=<seed> replays
// exactly that one sequence. By default a fixed list of base seeds runs, plus one taken from the
// clock (printed), so CI explores new sequences and any failure can still be replayed.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "domain/authorization.hpp"
#include "domain/capture.hpp"
#include "domain/operations.hpp"
#include "domain/transitions.hpp"

namespace faktura::domain {
namespace {

constexpr int sequences_per_base_seed = 400;
constexpr int steps_max = 30;
constexpr int failures_reported_max = 5;  // In detail; the rest are counted.

// splitmix64: tiny, and the same numbers on every platform (std distributions are not).
class Rng {
  public:
    explicit Rng(std::uint64_t seed) : state_(seed) {}

    std::uint64_t next() {
        std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }
    // Uniform enough in [0, n) for n > 0.
    std::int64_t below(std::int64_t n) {
        return static_cast<std::int64_t>(next() % static_cast<std::uint64_t>(n));
    }
    std::int64_t between(std::int64_t low, std::int64_t high) {
        return low + below(high - low + 1);
    }
    bool percent(int chance) { return below(100) < chance; }

  private:
    std::uint64_t state_;
};

std::uint64_t sequence_seed(std::uint64_t base_seed, int index) {
    Rng mixer(base_seed ^ (0x5eedULL * static_cast<std::uint64_t>(index + 1)));
    return mixer.next();
}

// ---- The reference model ----

enum class ModelState { awaiting_authorization, pending, authorized, aborted, failed };

struct Model {
    // Fixed at creation.
    bool verify = false;
    bool host_urls = false;
    std::int64_t price = 0;
    std::int64_t price_vat = 0;
    int attempts_max = 3;
    bool generate_payment_token = false;
    bool generate_recurrence_token = false;

    ModelState state = ModelState::awaiting_authorization;
    std::int64_t authorized = 0;  // A.
    std::int64_t captured = 0;    // C.
    std::int64_t cancelled = 0;   // X.
    std::int64_t reversed = 0;    // R.
    std::int64_t captured_vat = 0;
    int failed_attempts = 0;
    int authorizations = 0;
    int verifications = 0;
    int captures = 0;
    int cancellations = 0;
    int reversals = 0;
    bool has_payment_token = false;
    bool has_recurrence_token = false;

    std::int64_t capturable() const { return authorized - captured - cancelled; }
    std::int64_t reversible() const { return captured - reversed; }

    // §5.2, including footnote 1 (view-* only with hostUrls) and footnote 2 (create-reversal only
    // while C − R > 0).
    std::vector<OperationRel> operations() const {
        using enum OperationRel;
        std::vector<OperationRel> result;
        switch (state) {
            case ModelState::awaiting_authorization:
                if (verify) {
                    result = {update_payment_abort, create_verification, redirect_verification};
                    if (host_urls) result.push_back(view_verification);
                } else {
                    result = {create_approved_legal_address, create_authorization,
                              update_payment_abort, redirect_authorization};
                    if (host_urls) result.push_back(view_authorization);
                }
                break;
            case ModelState::pending:
                break;
            case ModelState::authorized:
                if (capturable() > 0) result = {create_cancellation, create_capture};
                if (reversible() > 0) result.push_back(create_reversal);
                result.push_back(paid_payment);
                break;
            case ModelState::aborted:
                result = {aborted_payment};
                break;
            case ModelState::failed:
                result = {failed_payment};
                break;
        }
        return result;
    }
};

enum class StepKind { abort, authorize, capture, cancel, reverse };

struct Step {
    StepKind kind = StepKind::abort;
    CreditOutcome outcome = CreditOutcome::completed;  // authorize.
    CaptureCommand capture;                            // capture.
    bool sums_match = true;                            // capture: lines add up.
    ReverseCommand reverse;                            // reverse.

    std::string text() const {
        std::ostringstream out;
        switch (kind) {
            case StepKind::abort:
                out << "abort";
                break;
            case StepKind::authorize:
                out << "authorize "
                    << (outcome == CreditOutcome::completed ? "completed"
                        : outcome == CreditOutcome::failed  ? "failed"
                                                            : "initialized");
                break;
            case StepKind::capture:
                out << "capture " << capture.amount.minor << " vat " << capture.vat_amount.minor
                    << (sums_match ? "" : " (lines do not add up)");
                break;
            case StepKind::cancel:
                out << "cancel";
                break;
            case StepKind::reverse:
                out << "reverse " << reverse.amount.minor;
                break;
        }
        return out.str();
    }
};

// What the model says a step does: accepted, or refused with this code and (first) problem name.
struct Verdict {
    std::optional<ErrorCode> error;
    std::string problem_name;
};

Verdict refuse(ErrorCode code, std::string name) { return Verdict{code, std::move(name)}; }

// Applies the step to the model when the rules allow it.
Verdict apply_to_model(Model& model, const Step& step) {
    const bool authorized = model.state == ModelState::authorized;
    switch (step.kind) {
        case StepKind::abort:
            // §18.1: only while nothing succeeded (F1 / V1).
            if (model.state != ModelState::awaiting_authorization) {
                return refuse(ErrorCode::operation_not_allowed_in_state, "Abort");
            }
            model.state = ModelState::aborted;
            return {};
        case StepKind::authorize:
            // §5.2: only in F1 / V1.
            if (model.state != ModelState::awaiting_authorization) {
                return refuse(ErrorCode::operation_not_allowed_in_state,
                              model.verify ? "Verification" : "Authorization");
            }
            (model.verify ? model.verifications : model.authorizations) += 1;
            switch (step.outcome) {
                case CreditOutcome::completed:
                    model.state = ModelState::authorized;
                    model.authorized = model.verify ? 0 : model.price;
                    model.has_payment_token = model.generate_payment_token;
                    model.has_recurrence_token = model.generate_recurrence_token || model.verify;
                    break;
                case CreditOutcome::failed:
                    model.failed_attempts += 1;
                    if (model.failed_attempts >= model.attempts_max)
                        model.state = ModelState::failed;
                    break;
                case CreditOutcome::initialized:
                    model.state = ModelState::pending;
                    break;
            }
            return {};
        case StepKind::capture: {
            // §5.2: F3/F4 only; §14.1: 1 ≤ amount ≤ A − C − X and the lines add up.
            if (!authorized || model.capturable() <= 0) {
                return refuse(ErrorCode::operation_not_allowed_in_state, "Capture");
            }
            const std::int64_t amount = step.capture.amount.minor;
            if (amount < 1) return refuse(ErrorCode::request_invalid, "Transaction.Amount");
            if (!step.sums_match) return refuse(ErrorCode::request_invalid, "");
            if (amount > model.capturable()) {
                return refuse(ErrorCode::capture_exceeds_capturable_amount, "Capture");
            }
            model.captured += amount;
            model.captured_vat += step.capture.vat_amount.minor;
            model.captures += 1;
            return {};
        }
        case StepKind::cancel:
            // §15.1: F3/F4 only, always the whole of A − C − X.
            if (!authorized || model.capturable() <= 0) {
                return refuse(ErrorCode::operation_not_allowed_in_state, "Cancellation");
            }
            model.cancelled += model.capturable();
            model.cancellations += 1;
            return {};
        case StepKind::reverse: {
            // §16.1: C − R > 0 and 1 ≤ amount ≤ C − R.
            if (!authorized || model.reversible() <= 0) {
                return refuse(ErrorCode::operation_not_allowed_in_state, "Reversal");
            }
            const std::int64_t amount = step.reverse.amount.minor;
            if (amount < 1) return refuse(ErrorCode::request_invalid, "Transaction.Amount");
            if (amount > model.reversible()) {
                return refuse(ErrorCode::reversal_exceeds_reversible_amount, "Reversal");
            }
            model.reversed += amount;
            model.reversals += 1;
            return {};
        }
    }
    return {};
}

// ---- Random steps ----

// An amount around `room`: mostly valid, sometimes exactly the room, above it, zero or negative.
std::int64_t random_amount(Rng& rng, std::int64_t room) {
    const std::int64_t roll = rng.below(100);
    if (roll < 6) return 0;
    if (roll < 8) return -rng.between(1, 1000);
    if (roll < 20) return std::max<std::int64_t>(room, 0) + rng.between(1, 1000);
    if (roll < 32) return std::max<std::int64_t>(room, 1);
    return rng.between(1, std::max<std::int64_t>(room, 1));
}

// Splits `total` into 1–3 non-negative parts.
std::vector<std::int64_t> split(Rng& rng, std::int64_t total) {
    const int parts = static_cast<int>(rng.between(1, 3));
    std::vector<std::int64_t> result;
    std::int64_t left = total;
    for (int i = 1; i < parts; ++i) {
        const std::int64_t part = left > 0 ? rng.between(0, left) : 0;
        result.push_back(part);
        left -= part;
    }
    result.push_back(left);
    return result;
}

CaptureCommand random_capture(Rng& rng, std::int64_t amount, bool& sums_match) {
    CaptureCommand command;
    command.amount = Amount{amount};
    command.vat_amount = Amount{amount > 0 ? rng.between(0, amount / 4) : 0};
    command.payee_reference = "capture-" + std::to_string(rng.below(1000000));
    command.description = "description for transaction";
    for (const std::int64_t part : split(rng, amount)) {
        command.item_descriptions.push_back({Amount{part}, "item"});
    }
    const std::vector<std::int64_t> vat_parts = split(rng, command.vat_amount.minor);
    const std::vector<std::int64_t> amount_parts = split(rng, amount);
    for (std::size_t i = 0; i < std::max(vat_parts.size(), amount_parts.size()); ++i) {
        command.vat_summary.push_back({Amount{i < amount_parts.size() ? amount_parts[i] : 0},
                                       VatRate{2500},
                                       Amount{i < vat_parts.size() ? vat_parts[i] : 0}});
    }
    sums_match = true;
    if (rng.percent(8)) {
        sums_match = false;
        const std::int64_t delta = rng.percent(50) ? 1 : -1;
        switch (rng.below(3)) {
            case 0:
                command.item_descriptions.front().amount.minor += delta;
                break;
            case 1:
                command.vat_summary.front().amount.minor += delta;
                break;
            default:
                command.vat_summary.front().vat_amount.minor += delta;
                break;
        }
    }
    return command;
}

Step random_step(Rng& rng, const Model& model) {
    Step step;
    // Before the authorization most other steps can only be refused: lean towards authorizing so
    // that most sequences reach the money rules, without ever making the other steps impossible.
    const bool lean_to_authorize =
        model.state == ModelState::awaiting_authorization && rng.percent(50);
    const std::int64_t roll = lean_to_authorize ? 10 : rng.below(100);
    if (roll < 3) {
        step.kind = StepKind::abort;
    } else if (roll < 28) {
        step.kind = StepKind::authorize;
        const std::int64_t outcome = rng.below(100);
        step.outcome = outcome < 62   ? CreditOutcome::completed
                       : outcome < 97 ? CreditOutcome::failed
                                      : CreditOutcome::initialized;
    } else if (roll < 63) {
        step.kind = StepKind::capture;
        step.capture = random_capture(rng, random_amount(rng, model.capturable()), step.sums_match);
    } else if (roll < 71) {
        step.kind = StepKind::cancel;
    } else {
        step.kind = StepKind::reverse;
        step.reverse =
            ReverseCommand{.amount = Amount{random_amount(rng, model.reversible())},
                           .vat_amount = Amount{0},
                           .payee_reference = "reversal-" + std::to_string(rng.below(1000000)),
                           .receipt_reference = std::nullopt,
                           .description = "Reversal of invoice transaction"};
    }
    return step;
}

// ---- Creating the payment ----

constexpr CivilDate today{2024, 6, 15};

struct Person {
    InvoiceType invoice_type;
    std::string social_security_number;
    Country country;
    std::string zip_code;
};

ValidatedAuthorization input_for(const Payment& payment, const Person& person) {
    AuthorizeCommand command{.social_security_number = person.social_security_number,
                             .customer_number = std::nullopt,
                             .email = std::nullopt,
                             .msisdn = "+46739000001",
                             .ip = "127.0.0.1",
                             .legal_address = AddressInput{.addressee = "Test Person",
                                                           .co_address = std::nullopt,
                                                           .street_address = "Street 1",
                                                           .zip_code = person.zip_code,
                                                           .city = "City",
                                                           .country = person.country},
                             .billing_address = std::nullopt};
    auto input = validate_authorization(payment, command, today);
    if (!input)
        throw std::logic_error("test person does not validate: " + person.social_security_number);
    return *input;
}

struct Setup {
    Model model;
    Payment payment;
    ValidatedAuthorization input;
};

Setup random_setup(Rng& rng, std::uint64_t seed) {
    static const std::vector<Person> persons{
        {InvoiceType::payex_financing_se, "196003071161", Country::se, "19792"},
        {InvoiceType::payex_financing_no, "26026708248", Country::no, "1642"},
        {InvoiceType::payex_financing_fi, "100584-451P", Country::fi, "90500"},
    };
    const Person& person = persons[static_cast<std::size_t>(rng.below(3))];
    static const std::vector<std::int64_t> prices{1, 2, 3, 10, 1001, 10000};
    static const std::vector<int> attempts{1, 2, 3, 3, 3, 5};

    Model model;
    model.verify = rng.percent(20);
    model.host_urls = rng.percent(70);
    model.price =
        rng.percent(50) ? prices[static_cast<std::size_t>(rng.below(6))] : rng.between(1, 100000);
    model.price_vat = rng.between(0, model.price / 4);
    model.attempts_max = attempts[static_cast<std::size_t>(rng.below(6))];
    model.generate_payment_token = rng.percent(30);
    model.generate_recurrence_token = rng.percent(30);

    Merchant merchant;
    merchant.payee_id = "cdff105b-1879-4d10-a83b-7bd7115cffef";
    merchant.name = "Model shop";
    merchant.settings.authorization_attempts_max = model.attempts_max;

    CreatePaymentCommand command;
    command.operation =
        model.verify ? PaymentOperation::verify : PaymentOperation::financing_consumer;
    command.invoice_type = person.invoice_type;
    command.currency = currency_of(person.invoice_type);
    command.price = Price{Amount{model.price}, Amount{model.price_vat}};
    command.description = "model payment";
    command.user_agent = "Mozilla/5.0";
    command.initiating_system_user_agent = "model-test";
    command.payee_info.payee_id = merchant.payee_id;
    command.payee_info.payee_reference = "order-" + std::to_string(seed % 1000000);
    if (model.host_urls) command.urls.host_urls = {"https://shop.example"};
    command.generate_payment_token = model.generate_payment_token;
    command.generate_recurrence_token = model.generate_recurrence_token;

    auto payment = create_payment(
        command, merchant,
        NewPaymentIdentity{"5e1cca6b-0000-4000-8000-000000000001",
                           static_cast<std::int64_t>(seed % 1000000000), std::string(64, 'f')},
        timestamp_from_seconds(1590139652));
    if (!payment) throw std::logic_error("create_payment refused the model's payment");
    ValidatedAuthorization input = input_for(*payment, person);
    return Setup{model, *payment, std::move(input)};
}

// ---- Applying a step to the domain ----

struct DomainOutcome {
    std::optional<Error> error;
    Payment payment;
    std::optional<Transaction> transaction;
};

template <typename T>
DomainOutcome outcome_of(const Payment& payment, Result<T> result) {
    if (!result) return DomainOutcome{std::move(result).error(), payment, std::nullopt};
    return DomainOutcome{std::nullopt, std::move(result->payment), std::move(result->transaction)};
}

DomainOutcome apply_to_domain(const Setup& setup, const Payment& payment, const Step& step,
                              const NewTransactionIdentity& identity, std::int64_t captured_vat,
                              Timestamp now) {
    switch (step.kind) {
        case StepKind::abort: {
            auto result = abort_payment(payment, AbortCommand{"CancelledByConsumer"}, now);
            if (!result) return DomainOutcome{std::move(result).error(), payment, std::nullopt};
            return DomainOutcome{std::nullopt, *result, std::nullopt};
        }
        case StepKind::authorize: {
            CreditDecision decision{step.outcome, std::nullopt, std::nullopt};
            if (step.outcome == CreditOutcome::failed) {
                decision.failure = TransactionFailure{"ExternalResponseError", "Authorize", "30",
                                                      "ValidationError"};
                decision.problem = ThirdPartyProblem::input_error_400;
            }
            return outcome_of(payment, authorize(payment, setup.input, decision, identity,
                                                 setup.model.attempts_max, now));
        }
        case StepKind::capture:
            return outcome_of(payment, capture(payment, step.capture, identity, now));
        case StepKind::cancel:
            return outcome_of(payment, cancel(payment, CancelCommand{"cancel-1", "cancellation"},
                                              Amount{captured_vat}, identity, now));
        case StepKind::reverse:
            return outcome_of(payment, reverse(payment, step.reverse, identity, now));
    }
    return DomainOutcome{std::nullopt, payment, std::nullopt};
}

// ---- Comparing ----

std::string state_name(ModelState state) {
    switch (state) {
        case ModelState::awaiting_authorization:
            return "awaiting_authorization";
        case ModelState::pending:
            return "pending";
        case ModelState::authorized:
            return "authorized";
        case ModelState::aborted:
            return "aborted";
        case ModelState::failed:
            return "failed";
    }
    return "?";
}

ModelState state_of(const Payment& payment) {
    switch (situation_of(payment)) {
        case PaymentSituation::awaiting_authorization:
            return ModelState::awaiting_authorization;
        case PaymentSituation::pending:
            return ModelState::pending;
        case PaymentSituation::authorized:
            return ModelState::authorized;
        case PaymentSituation::aborted:
            return ModelState::aborted;
        case PaymentSituation::failed:
            return ModelState::failed;
    }
    return ModelState::failed;
}

std::string describe(const Error& error) {
    std::ostringstream out;
    out << "error code " << static_cast<int>(error.code);
    for (const FieldProblem& problem : error.problems)
        out << " [" << problem.name << ": " << problem.description << "]";
    return out.str();
}

std::string describe(const Model& model) {
    std::ostringstream out;
    out << state_name(model.state) << " A=" << model.authorized << " C=" << model.captured
        << " X=" << model.cancelled << " R=" << model.reversed
        << " failed=" << model.failed_attempts;
    return out.str();
}

std::string describe(const Payment& payment) {
    std::ostringstream out;
    out << state_name(state_of(payment)) << " A=" << payment.authorized.minor
        << " C=" << payment.captured.minor << " X=" << payment.cancelled.minor
        << " R=" << payment.reversed.minor << " failed=" << payment.failed_attempts;
    return out.str();
}

// Collects what differs between the domain and the model after one step.
class Differences {
  public:
    template <typename A, typename B>
    void expect_equal(const char* what, const A& domain, const B& model) {
        if (domain == model) return;
        std::ostringstream out;
        out << what << ": domain " << domain << ", model " << model;
        items_.push_back(out.str());
    }
    void expect(bool holds, const std::string& what) {
        if (!holds) items_.push_back(what);
    }
    bool empty() const { return items_.empty(); }
    std::string text() const {
        std::string result;
        for (const std::string& item : items_) result += "\n      " + item;
        return result;
    }

  private:
    std::vector<std::string> items_;
};

std::string operations_text(const std::vector<OperationRel>& operations) {
    std::string text = "[";
    for (const OperationRel rel : operations) text += std::to_string(static_cast<int>(rel)) + " ";
    return text + "]";
}

void compare_payment(const Model& model, const Payment& before, const Payment& after,
                     Differences& diff) {
    // The money invariants of §4.3, computed here rather than trusted to ensure_money_invariants.
    diff.expect(after.authorized.minor >= 0 && after.captured.minor >= 0 &&
                    after.cancelled.minor >= 0 && after.reversed.minor >= 0,
                "an amount is negative: " + describe(after));
    diff.expect(after.captured.minor + after.cancelled.minor <= after.authorized.minor,
                "captured + cancelled > authorized: " + describe(after));
    diff.expect(after.reversed.minor <= after.captured.minor,
                "reversed > captured: " + describe(after));

    diff.expect_equal("state", state_name(state_of(after)), state_name(model.state));
    diff.expect_equal("authorized", after.authorized.minor, model.authorized);
    diff.expect_equal("captured", after.captured.minor, model.captured);
    diff.expect_equal("cancelled", after.cancelled.minor, model.cancelled);
    diff.expect_equal("reversed", after.reversed.minor, model.reversed);
    diff.expect_equal("remaining_capture", after.remaining_capture().minor, model.capturable());
    diff.expect_equal("remaining_cancellation", after.remaining_cancellation().minor,
                      model.capturable());
    diff.expect_equal("remaining_reversal", after.remaining_reversal().minor, model.reversible());
    diff.expect_equal("failed_attempts", after.failed_attempts, model.failed_attempts);
    diff.expect_equal("authorizations", after.transaction_counts.authorizations,
                      model.authorizations);
    diff.expect_equal("verifications", after.transaction_counts.verifications, model.verifications);
    diff.expect_equal("captures", after.transaction_counts.captures, model.captures);
    diff.expect_equal("cancellations", after.transaction_counts.cancellations, model.cancellations);
    diff.expect_equal("reversals", after.transaction_counts.reversals, model.reversals);
    diff.expect_equal("has payment token", after.payment_token.has_value(),
                      model.has_payment_token);
    diff.expect_equal("has recurrence token", after.recurrence_token.has_value(),
                      model.has_recurrence_token);
    diff.expect_equal("operations", operations_text(merchant_operations(after)),
                      operations_text(model.operations()));
    // What no step may touch.
    diff.expect(after.id == before.id && after.price == before.price &&
                    after.created_at == before.created_at &&
                    after.payee_info == before.payee_info && after.urls == before.urls &&
                    after.operation == before.operation &&
                    after.invoice_type == before.invoice_type,
                "a field no transition owns changed");
}

void compare_transaction(const Model& before, const Step& step, const Transaction& transaction,
                         const NewTransactionIdentity& identity, Timestamp now, Differences& diff) {
    diff.expect_equal("transaction id", transaction.id, identity.id);
    diff.expect_equal("transaction number", transaction.number, identity.number);
    diff.expect(transaction.created_at == now && transaction.updated_at == now,
                "transaction time is not now");
    switch (step.kind) {
        case StepKind::abort:
            diff.expect(false, "abort made a transaction");
            break;
        case StepKind::authorize: {
            diff.expect_equal("transaction type", static_cast<int>(transaction.type),
                              static_cast<int>(before.verify ? TransactionType::verification
                                                             : TransactionType::authorization));
            const TransactionState state =
                step.outcome == CreditOutcome::completed ? TransactionState::completed
                : step.outcome == CreditOutcome::failed  ? TransactionState::failed
                                                         : TransactionState::initialized;
            diff.expect_equal("transaction state", static_cast<int>(transaction.state),
                              static_cast<int>(state));
            diff.expect_equal("transaction amount", transaction.amount.minor,
                              before.verify ? 0 : before.price);
            diff.expect_equal("transaction vat", transaction.vat_amount.minor,
                              before.verify ? 0 : before.price_vat);
            // §4.5 (C-11): operational while the outcome is open or another attempt is allowed.
            const bool operational = step.outcome == CreditOutcome::initialized ||
                                     (step.outcome == CreditOutcome::failed &&
                                      before.failed_attempts + 1 < before.attempts_max);
            diff.expect_equal("isOperational", transaction.is_operational, operational);
            break;
        }
        case StepKind::capture:
            diff.expect_equal("transaction type", static_cast<int>(transaction.type),
                              static_cast<int>(TransactionType::capture));
            diff.expect_equal("transaction amount", transaction.amount.minor,
                              step.capture.amount.minor);
            diff.expect_equal("transaction vat", transaction.vat_amount.minor,
                              step.capture.vat_amount.minor);
            diff.expect_equal("reconciliation number",
                              transaction.reconciliation_number.value_or(-1),
                              reconciliation_number_of(now));
            break;
        case StepKind::cancel:
            diff.expect_equal("transaction type", static_cast<int>(transaction.type),
                              static_cast<int>(TransactionType::cancellation));
            diff.expect_equal("transaction amount", transaction.amount.minor, before.capturable());
            diff.expect_equal("transaction vat", transaction.vat_amount.minor,
                              std::max<std::int64_t>(
                                  0, (before.verify ? 0 : before.price_vat) - before.captured_vat));
            diff.expect(!transaction.reconciliation_number,
                        "cancellation has a reconciliation number");
            break;
        case StepKind::reverse:
            diff.expect_equal("transaction type", static_cast<int>(transaction.type),
                              static_cast<int>(TransactionType::reversal));
            diff.expect_equal("transaction amount", transaction.amount.minor,
                              step.reverse.amount.minor);
            diff.expect_equal("reconciliation number",
                              transaction.reconciliation_number.value_or(-1),
                              reconciliation_number_of(now));
            break;
    }
    if (step.kind != StepKind::authorize) {
        diff.expect_equal("transaction state", static_cast<int>(transaction.state),
                          static_cast<int>(TransactionState::completed));
        diff.expect(!transaction.is_operational, "a completed transaction is operational");
    }
}

// How often each kind of step was accepted and refused, printed so a run shows what it explored.
struct Tally {
    std::array<std::array<int, 2>, 5> counts{};  // [kind][accepted].

    void add(StepKind kind, bool accepted) {
        ++counts[static_cast<std::size_t>(kind)][accepted ? 1 : 0];
    }
    std::string text() const {
        static constexpr std::array<const char*, 5> names{"abort", "authorize", "capture", "cancel",
                                                          "reverse"};
        std::ostringstream out;
        for (std::size_t kind = 0; kind < names.size(); ++kind) {
            out << " " << names[kind] << " " << counts[kind][1] << "/"
                << counts[kind][0] + counts[kind][1];
        }
        return out.str();
    }
};

// Runs one sequence; returns a description of the first divergence, or nothing.
std::optional<std::string> run_sequence(std::uint64_t seed, Tally& tally) {
    Rng rng(seed);
    Setup setup = random_setup(rng, seed);
    Model& model = setup.model;
    Payment payment = setup.payment;
    std::string history;
    const int steps = static_cast<int>(rng.between(1, steps_max));
    for (int index = 0; index < steps; ++index) {
        const Step step = random_step(rng, model);
        const Timestamp now = timestamp_from_seconds(1590140000 + 3600 * std::int64_t{index});
        const NewTransactionIdentity identity{
            "7a000000-0000-4000-8000-" + std::to_string(100000000000 + index), 41100000000 + index,
            "payment-token-" + std::to_string(index), "recurrence-token-" + std::to_string(index)};
        history += "\n    step " + std::to_string(index) + ": " + step.text();

        const Model model_before = model;
        const Verdict verdict = apply_to_model(model, step);
        tally.add(step.kind, !verdict.error);
        const Payment before = payment;
        DomainOutcome outcome;
        try {
            outcome =
                apply_to_domain(setup, payment, step, identity, model_before.captured_vat, now);
        } catch (const std::exception& thrown) {
            return "seed " + std::to_string(seed) + ": the domain threw '" + thrown.what() +
                   "' at step " + std::to_string(index) +
                   " (model before: " + describe(model_before) + ")\n  steps:" + history +
                   "\n  replay: PAYMENTS_TEST_SEED=" + std::to_string(seed);
        }

        Differences diff;
        diff.expect(before == payment, "the domain changed its input payment");
        if (verdict.error) {
            if (!outcome.error) {
                diff.expect(false, "domain accepted, model refuses with " + verdict.problem_name +
                                       " (code " +
                                       std::to_string(static_cast<int>(*verdict.error)) +
                                       "); domain now " + describe(outcome.payment));
            } else {
                diff.expect_equal("error code", static_cast<int>(outcome.error->code),
                                  static_cast<int>(*verdict.error));
                if (!verdict.problem_name.empty()) {
                    diff.expect(!outcome.error->problems.empty() &&
                                    outcome.error->problems.front().name == verdict.problem_name,
                                "problem name: domain " + describe(*outcome.error) + ", model " +
                                    verdict.problem_name);
                }
            }
            // Refused: the payment the caller holds stays exactly as it was.
            compare_payment(model, before, payment, diff);
        } else {
            if (outcome.error) {
                diff.expect(false,
                            "domain refused (" + describe(*outcome.error) + "), model accepts");
            } else {
                compare_payment(model, before, outcome.payment, diff);
                diff.expect(outcome.payment.updated_at == now, "updated_at is not now");
                if (step.kind == StepKind::abort) {
                    diff.expect(!outcome.transaction, "abort made a transaction");
                } else if (!outcome.transaction) {
                    diff.expect(false, "no transaction");
                } else {
                    compare_transaction(model_before, step, *outcome.transaction, identity, now,
                                        diff);
                }
                payment = outcome.payment;
            }
        }
        if (!diff.empty()) {
            return "seed " + std::to_string(seed) + " diverged at step " + std::to_string(index) +
                   " (model before: " + describe(model_before) + ")" + diff.text() +
                   "\n  steps:" + history +
                   "\n  replay: PAYMENTS_TEST_SEED=" + std::to_string(seed);
        }
    }
    return std::nullopt;
}

std::optional<std::uint64_t> seed_from_environment() {
    const char* text = std::getenv("PAYMENTS_TEST_SEED");
    if (text == nullptr || *text == '\0') return std::nullopt;
    return std::stoull(text);
}

TEST(PaymentModel, DomainAgreesWithTheReferenceModel) {
    std::vector<std::uint64_t> seeds;
    if (const auto replay = seed_from_environment()) {
        std::cout << "[ model ] replaying PAYMENTS_TEST_SEED=" << *replay << "\n";
        seeds.push_back(*replay);
    } else {
        const auto clock_seed =
            static_cast<std::uint64_t>(std::chrono::system_clock::now().time_since_epoch().count());
        const std::vector<std::uint64_t> base_seeds{0x5eed0001ULL, 20200522ULL, 737566ULL,
                                                    41100171206ULL, clock_seed};
        std::cout << "[ model ] base seeds:";
        for (const std::uint64_t base : base_seeds) std::cout << " " << base;
        std::cout << " (the last one from the clock); " << sequences_per_base_seed
                  << " sequences each\n";
        for (const std::uint64_t base : base_seeds) {
            for (int index = 0; index < sequences_per_base_seed; ++index) {
                seeds.push_back(sequence_seed(base, index));
            }
        }
    }

    int failures = 0;
    Tally tally;
    for (const std::uint64_t seed : seeds) {
        const auto divergence = run_sequence(seed, tally);
        if (!divergence) continue;
        ++failures;
        if (failures <= failures_reported_max) ADD_FAILURE() << *divergence;
    }
    std::cout << "[ model ] steps accepted/tried by the model:" << tally.text() << "\n";
    EXPECT_EQ(0, failures) << failures << " of " << seeds.size()
                           << " sequences diverged; the first "
                           << std::min(failures, failures_reported_max) << " are shown above";
}

// The model itself, on the recorded flow, so a wrong model cannot pass silently.
TEST(PaymentModel, ModelFollowsTheRecordedFlow) {
    using enum OperationRel;
    Model model;
    model.price = 10000;
    model.host_urls = true;
    Step step;
    step.kind = StepKind::authorize;
    EXPECT_FALSE(apply_to_model(model, step).error);
    EXPECT_EQ((std::vector<OperationRel>{create_cancellation, create_capture, paid_payment}),
              model.operations());
    step.kind = StepKind::capture;
    step.capture.amount = Amount{1001};
    EXPECT_FALSE(apply_to_model(model, step).error);
    step.kind = StepKind::reverse;
    step.reverse.amount = Amount{1};
    EXPECT_FALSE(apply_to_model(model, step).error);
    step.kind = StepKind::cancel;
    EXPECT_FALSE(apply_to_model(model, step).error);
    EXPECT_EQ(8999, model.cancelled);
    EXPECT_EQ(0, model.capturable());
    EXPECT_EQ(1000, model.reversible());
    EXPECT_EQ((std::vector<OperationRel>{create_reversal, paid_payment}), model.operations());
    EXPECT_EQ(ErrorCode::operation_not_allowed_in_state, apply_to_model(model, step).error);
}

}  // namespace
}  // namespace faktura::domain
