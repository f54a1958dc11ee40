#include "app/payer_service.hpp"

#include "domain/capture.hpp"
#include "domain/contact.hpp"
#include "domain/national_id.hpp"
#include "domain/operations.hpp"
#include "domain/payer_token.hpp"

namespace faktura::app {
namespace {

constexpr std::string_view csrf_secret_setting = "page_csrf_secret";

std::string trimmed(std::string_view text) {
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos) return {};
    const auto last = text.find_last_not_of(" \t\r\n");
    return std::string(text.substr(first, last - first + 1));
}

}  // namespace

PayerService::PayerService(PaymentService& payments, storage::Store& store, Clock& clock,
                           IdGenerator& ids, PayerServiceOptions options)
    : payments_(payments), store_(store), clock_(clock), ids_(ids), options_(options) {}

Caller PayerService::payer_of(const domain::Payment& payment) const {
    return Caller{std::nullopt, payment.id};
}

std::optional<PayerView> PayerService::open(std::string_view front_end_token) {
    std::optional<PayerView> view;
    const auto load = [&] {
        view.reset();
        store_.read([&](storage::DbReader& db) {
            auto payment = db.find_payment_by_front_end_token(front_end_token);
            if (!payment) return;
            view = PayerView{std::move(*payment), {}, {}, {}, false};
            if (view->payment.transaction_counts.total() > 0) {
                view->transactions = db.list_transactions(view->payment.id);
            }
            view->approved = db.find_approved_legal_address(view->payment.id);
            view->input = db.find_payer_input(view->payment.id);
            if (auto merchant = db.find_merchant(view->payment.payee_id)) {
                view->merchant_name = merchant->name;
                view->invoice_due_days = merchant->settings.invoice_due_days;
                view->authorization_attempts_max = merchant->settings.authorization_attempts_max;
            }
            // An address approved for someone else (an earlier lookup) is not this payer's.
            if (view->approved && view->input &&
                view->approved->national_id != view->input->national_id) {
                view->approved.reset();
            }
        });
    };
    load();
    if (view) {
        view->saved_payer = saved_payer_of(view->payment, view->input);
        if (view->payment.payee_info.payee_name && !view->payment.payee_info.payee_name->empty()) {
            view->merchant_name = *view->payment.payee_info.payee_name;
        }
        view->due_date = domain::add_days(
            domain::local_date_of(domain::country_of(view->payment.invoice_type), clock_.now()),
            view->invoice_due_days);
    }
    if (!view || !options_.payment_ttl) return view;
    const domain::Timestamp now = clock_.now();
    const std::int64_t age_ticks = now.unix_100ns - view->payment.created_at.unix_100ns;
    const bool unfinished =
        domain::situation_of(view->payment) == domain::PaymentSituation::awaiting_authorization;
    if (unfinished && age_ticks > options_.payment_ttl->count() * domain::ticks_per_second) {
        // The link stops working: the payment is aborted for merchant and payer alike.
        auto aborted = payments_.abort_payment(payer_of(view->payment), view->payment.id,
                                               domain::AbortCommand{"PaymentExpired"});
        const PayerView before = *view;
        load();
        if (view) {
            view->saved_payer.reset();
            view->merchant_name = before.merchant_name;
            view->invoice_due_days = before.invoice_due_days;
            view->due_date = before.due_date;
            view->authorization_attempts_max = before.authorization_attempts_max;
        }
        if (view && aborted) view->expired = true;
    }
    return view;
}

std::optional<SavedPayer> PayerService::saved_payer_of(
    const domain::Payment& payment, const std::optional<domain::PayerInput>& input) {
    if (!payment.prefill_payment_token || input ||
        domain::situation_of(payment) != domain::PaymentSituation::awaiting_authorization) {
        return std::nullopt;
    }
    std::optional<domain::PayerToken> token;
    std::optional<domain::AuthorizationDetails> details;
    store_.read([&](storage::DbReader& db) {
        token = db.find_payer_token(*payment.prefill_payment_token);
        if (token) details = db.find_authorization_details(token->transaction_id);
    });
    // A token deleted (or expired) since the payment was created fills in nothing.
    if (!details ||
        domain::check_prefill_token(token, payment.payee_id, payment.invoice_type, clock_.now())) {
        return std::nullopt;
    }
    const domain::Country country = domain::country_of(payment.invoice_type);
    auto person = domain::parse_national_id(country, details->consumer.national_id,
                                            domain::CivilDate{9999, 12, 31});
    if (!person) return std::nullopt;
    return SavedPayer{person->canonical, domain::format_national_id_masked(*person),
                      details->consumer.email, details->consumer.msisdn,
                      details->legal_address.zip_code};
}

ConsumerStepResult PayerService::submit_consumer(const PayerView& view, const ConsumerForm& form) {
    const domain::Payment& payment = view.payment;
    const domain::Country country = domain::country_of(payment.invoice_type);
    const domain::Timestamp now = clock_.now();
    ConsumerStepResult result;
    const auto problem = [&](ConsumerField field, const std::string& value) {
        result.field_problems.push_back(ConsumerFieldProblem{field, value.empty()});
    };

    std::string ssn_text = trimmed(form.social_security_number);
    // One-click: an empty field means the saved payer's number, which only the server knows.
    if (ssn_text.empty() && view.saved_payer) ssn_text = view.saved_payer->national_id;
    const auto person = domain::parse_national_id(country, ssn_text, domain::civil_date_of(now));
    if (!person) problem(ConsumerField::social_security_number, ssn_text);
    // The hosted page requires an e-mail address (§12.1): the invoice is e-mailed.
    const std::string email = trimmed(form.email);
    if (!domain::is_valid_email(email)) problem(ConsumerField::email, email);
    const std::string msisdn_text = trimmed(form.msisdn);
    const auto msisdn = domain::normalise_msisdn(country, msisdn_text);
    if (!msisdn) problem(ConsumerField::msisdn, msisdn_text);
    const std::string zip_text = trimmed(form.zip_code);
    const auto zip = domain::normalise_zip_code(country, zip_text);
    if (!zip) problem(ConsumerField::zip_code, zip_text);
    if (!result.field_problems.empty()) return result;

    auto approved = payments_.approve_legal_address(
        payer_of(payment), payment.id, domain::ApproveLegalAddressCommand{person->canonical, *zip});
    if (!approved) {
        // The original Finnish flow has no lookup: a payer the register does not know types the
        // address on step 2 instead (§21.1, C-23).
        const bool enter_address =
            country == domain::Country::fi &&
            approved.error().code == domain::ErrorCode::legal_address_person_unknown;
        if (!enter_address) {
            result.lookup_error = std::move(approved).error();
            return result;
        }
        result.needs_address_entry = true;
    }
    const domain::PayerInput input{payment.id, person->canonical, email, *msisdn, *zip, now};
    store_.write([&](storage::DbTransaction& db) {
        db.save_payer_input(input);
        return storage::WorkOutcome::commit;
    });
    result.saved_input = input;
    return result;
}

bool needs_address_entry(const PayerView& view) {
    return view.input && !view.approved &&
           domain::country_of(view.payment.invoice_type) == domain::Country::fi;
}

domain::Result<TransactionOutcome> PayerService::confirm(
    const PayerView& view, const std::string& ip,
    const std::optional<domain::AddressInput>& entered_address) {
    if (!view.input || (!view.approved && !(needs_address_entry(view) && entered_address))) {
        return domain::Error{domain::ErrorCode::resource_not_found, {}, {}};
    }
    const domain::Address address =
        view.approved
            ? view.approved->address
            : domain::Address{entered_address->addressee,      entered_address->co_address,
                              entered_address->street_address, entered_address->zip_code,
                              entered_address->city,           entered_address->country};
    domain::AuthorizeCommand command;
    command.social_security_number = view.input->national_id;
    command.email = view.input->email;
    command.msisdn = view.input->msisdn;
    command.ip = ip;
    command.legal_address =
        domain::AddressInput{address.addressee, address.co_address, address.street_address,
                             address.zip_code,  address.city,       address.country};
    const domain::TransactionType type = view.payment.operation == domain::PaymentOperation::verify
                                             ? domain::TransactionType::verification
                                             : domain::TransactionType::authorization;
    return payments_.authorize(payer_of(view.payment), view.payment.id, command, type);
}

domain::Result<domain::Payment> PayerService::cancel(const PayerView& view) {
    return payments_.abort_payment(payer_of(view.payment), view.payment.id,
                                   domain::AbortCommand{"CancelledByConsumer"});
}

const std::string& PayerService::secret() {
    std::call_once(secret_loaded_, [&] {
        // One secret for every server process on this database: the first start stores it.
        const std::string candidate = ids_.new_front_end_token();
        store_.write([&](storage::DbTransaction& db) {
            db.insert_setting_if_absent(csrf_secret_setting, candidate);
            return storage::WorkOutcome::commit;
        });
        store_.read([&](storage::DbReader& db) {
            secret_ = db.find_setting(csrf_secret_setting).value_or(candidate);
        });
    });
    return secret_;
}

std::string PayerService::csrf_token(std::string_view front_end_token) {
    return hmac_sha256_hex(secret(), "csrf|" + std::string(front_end_token)).substr(0, 40);
}

bool PayerService::is_valid_csrf(std::string_view front_end_token, std::string_view presented) {
    return equal_secrets(csrf_token(front_end_token), presented);
}

std::string PayerService::input_cookie(std::string_view front_end_token,
                                       const domain::PayerInput& input) {
    return hmac_sha256_hex(secret(), "payer-input|" + std::string(front_end_token) + "|" +
                                         input.national_id + "|" +
                                         std::to_string(input.created_at.unix_100ns))
        .substr(0, 40);
}

std::optional<std::string> PayerService::own_identity_number(const PayerView& view,
                                                             std::string_view front_end_token,
                                                             std::string_view presented_cookie) {
    if (!view.input || presented_cookie.empty() ||
        !equal_secrets(input_cookie(front_end_token, *view.input), presented_cookie)) {
        return std::nullopt;
    }
    const std::string& id = view.input->national_id;
    // Swedish canonical numbers are 12 digits: written back as "YYYYMMDD-NNNC", as people write
    // them. Norwegian (11 digits) and Finnish ("DDMMYY-ZZZQ") canonical forms are the written ones.
    if (domain::country_of(view.payment.invoice_type) == domain::Country::se && id.size() == 12) {
        return id.substr(0, 8) + "-" + id.substr(8);
    }
    return id;
}

}  // namespace faktura::app
