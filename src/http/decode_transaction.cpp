#include "http/decode_transaction.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>

#include "http/json_reader.hpp"
#include "http/limits.hpp"

namespace faktura::http {

namespace json = boost::json;
using domain::FieldProblem;

namespace {

// transaction.activity: "FinancingConsumer" is the only activity offered to payees here (§12.1).
void check_activity(ObjectReader& transaction) {
    if (auto activity = transaction.string("activity", true, 1, keyword_length_max);
        activity && !iequals(*activity, "FinancingConsumer")) {
        transaction.problem("activity", "The value '" + *activity +
                                            "' is not valid for Activity. Allowed values: "
                                            "FinancingConsumer.");
    }
}

std::optional<std::string> payee_reference_of(ObjectReader& transaction) {
    auto reference =
        transaction.string("payeeReference", true, 1, transaction_payee_reference_length_max);
    if (reference && !is_payee_reference_text(*reference)) {
        transaction.problem("payeeReference",
                            "The field PayeeReference may only contain the characters A-Z, a-z, "
                            "0-9, _ and -.");
        return std::nullopt;
    }
    return reference;
}

// `amount` and `vatAmount` of a capture or reversal, both set only when both are valid.
void amounts_of(ObjectReader& transaction, domain::Amount& amount, domain::Amount& vat_amount) {
    const auto gross = transaction.integer("amount", true, 1, domain::amount_max.minor);
    const auto vat = transaction.integer("vatAmount", true, 0, domain::amount_max.minor);
    if (gross && vat && *vat > *gross) {
        transaction.problem("vatAmount", "The field VatAmount must not be greater than Amount.");
    } else if (gross && vat) {
        amount = domain::Amount{*gross};
        vat_amount = domain::Amount{*vat};
    }
}

std::optional<domain::AddressInput> decode_address(ObjectReader& address, bool street_required) {
    domain::AddressInput result;
    auto addressee = address.string("addressee", true, 1, address_field_length_max);
    result.co_address = address.string("coAddress", false, 1, address_field_length_max);
    auto street = address.string("streetAddress", street_required, 1, address_field_length_max);
    auto zip = address.string("zipCode", true, 1, zip_code_length_max);
    auto city = address.string("city", true, 1, address_field_length_max);
    auto country = address.enumeration<domain::Country>("countryCode", true);
    if (!addressee || !zip || !city || !country || (street_required && !street)) {
        return std::nullopt;
    }
    result.addressee = std::move(*addressee);
    result.street_address = street.value_or("");
    result.zip_code = std::move(*zip);
    result.city = std::move(*city);
    result.country = *country;
    return result;
}

void decode_consumer(ObjectReader& consumer, domain::AuthorizeCommand& command) {
    if (auto ssn = consumer.string("socialSecurityNumber", true, 1, national_id_length_max)) {
        command.social_security_number = std::move(*ssn);
    }
    command.customer_number =
        consumer.string("customerNumber", false, 1, customer_number_length_max);
    command.email = consumer.string("email", false, 1, email_length_max);
    if (command.email && !is_email_text(*command.email)) {
        consumer.problem("email", "The Email field is not a valid e-mail address.");
    }
    if (auto msisdn = consumer.string("msisdn", true, 1, msisdn_length_max)) {
        if (is_msisdn_text(*msisdn)) {
            command.msisdn = std::move(*msisdn);
        } else {
            consumer.problem("msisdn",
                             "The field Msisdn must match the regular expression '^[+][0-9]+$'");
        }
    }
    if (auto ip = consumer.string("ip", true, 1, ip_length_max)) {
        if (is_ip_literal(*ip)) {
            command.ip = std::move(*ip);
        } else {
            consumer.problem("ip", "The field Ip must be an IPv4 or IPv6 address.");
        }
    }
}

// "vatPercent" in hundredths of a percent (2500), as an integer, a number or a string ("2500"), or
// in the docs' percent form "25.00" / 25 (C-28). The allowed rates in hundredths (0, 600 … 2500)
// and in percent (0, 6 … 25) never collide, so either reading of a value is unambiguous.
std::optional<domain::VatRate> vat_percent_of(ObjectReader& line) {
    const json::value* value = line.find("vatPercent");
    if (value == nullptr) {
        line.required("vatPercent");
        return std::nullopt;
    }
    std::optional<double> number;
    if (value->is_int64()) {
        number = static_cast<double>(value->get_int64());
    } else if (value->is_double()) {
        number = value->get_double();
    } else if (value->is_string()) {
        const std::string text(value->get_string());
        const std::size_t dot = text.find('.');
        const std::string whole = text.substr(0, dot);
        const std::string fraction = dot == std::string::npos ? "" : text.substr(dot + 1);
        const bool digits = !whole.empty() && whole.size() <= 5 && fraction.size() <= 2 &&
                            std::all_of(whole.begin(), whole.end(), ::isdigit) &&
                            std::all_of(fraction.begin(), fraction.end(), ::isdigit);
        if (digits) {
            number = std::stod(whole) +
                     (fraction.empty() ? 0.0
                                       : std::stod(fraction) /
                                             std::pow(10.0, static_cast<double>(fraction.size())));
        }
    }
    const auto allowed = [](double candidate) -> std::optional<domain::VatRate> {
        const double rounded = std::round(candidate);
        if (!std::isfinite(candidate) || std::fabs(candidate - rounded) > 1e-9 || rounded < 0 ||
            rounded > 10000) {
            return std::nullopt;
        }
        const domain::VatRate rate{static_cast<std::int32_t>(rounded)};
        if (!domain::is_allowed_vat_rate(rate)) return std::nullopt;
        return rate;
    };
    if (number) {
        if (auto rate = allowed(*number)) return rate;
        if (auto rate = allowed(*number * 100.0)) return rate;
    }
    line.problem("vatPercent",
                 "The field VatPercent must be one of 0, 600, 800, 1000, 1200, 1400, 1500, 2200, "
                 "2400, 2500 (or \"25.00\" style).");
    return std::nullopt;
}

// Item lines may sit inside `transaction` or, as an old plugin sent them, beside it (§14.1). Calls
// `read_line` with the reader of each line that is an object; the owner's reader names the others.
template <typename ReadLine>
void read_lines(ObjectReader& transaction, ObjectReader& root, std::string_view name,
                std::string_view line_type, ReadLine&& read_line) {
    const bool inside = transaction.find(name) != nullptr || root.find(name) == nullptr;
    ObjectReader& owner = inside ? transaction : root;
    const json::array* lines = owner.array(name, true);
    if (lines == nullptr) return;
    if (lines->empty() || lines->size() > item_lines_max) {
        owner.problem(name, "The field " + capitalized(name) + " must hold 1 to " +
                                std::to_string(item_lines_max) + " lines.");
    }
    for (std::size_t i = 0; i < lines->size() && i < item_lines_max; ++i) {
        if (!(*lines)[i].is_object()) {
            owner.conversion_problem(std::string(name) + "[" + std::to_string(i) + "]", (*lines)[i],
                                     line_type);
            continue;
        }
        ObjectReader line = owner.element(name, i, (*lines)[i].get_object());
        read_line(line);
    }
}

}  // namespace

domain::Result<domain::ApproveLegalAddressCommand> decode_approve_legal_address(
    std::string_view body) {
    return decode_body<domain::ApproveLegalAddressCommand>(
        body, [](ObjectReader& root, domain::ApproveLegalAddressCommand& command) {
            if (auto addressee = root.object("addressee", true)) {
                if (auto ssn = addressee->string("socialSecurityNumber", true, 1,
                                                 national_id_length_max)) {
                    command.social_security_number = std::move(*ssn);
                }
                if (auto zip = addressee->string("zipCode", true, 1, zip_code_length_max)) {
                    command.zip_code = std::move(*zip);
                }
            }
        });
}

domain::Result<domain::AuthorizeCommand> decode_authorize(std::string_view body) {
    return decode_body<domain::AuthorizeCommand>(
        body, [](ObjectReader& root, domain::AuthorizeCommand& command) {
            if (auto transaction = root.object("transaction", true)) check_activity(*transaction);
            if (auto consumer = root.object("consumer", true)) decode_consumer(*consumer, command);
            if (auto legal = root.object("legalAddress", true)) {
                if (auto address = decode_address(*legal, false)) {
                    command.legal_address = std::move(*address);
                }
            }
            if (auto billing = root.object("billingAddress", false)) {
                command.billing_address = decode_address(*billing, true);
            }
        });
}

domain::Result<domain::CaptureCommand> decode_capture(std::string_view body) {
    return decode_body<domain::CaptureCommand>(body, [](ObjectReader& root,
                                                        domain::CaptureCommand& command) {
        auto transaction = root.object("transaction", true);
        if (!transaction) return;
        check_activity(*transaction);
        amounts_of(*transaction, command.amount, command.vat_amount);
        if (auto reference = payee_reference_of(*transaction)) {
            command.payee_reference = std::move(*reference);
        }
        command.receipt_reference =
            transaction->string("receiptReference", false, 1, receipt_reference_length_max);
        if (auto description =
                transaction->string("description", true, 1, transaction_description_length_max)) {
            command.description = std::move(*description);
        }
        read_lines(
            *transaction, root, "itemDescriptions", "ItemDescription", [&](ObjectReader& line) {
                const auto amount = line.integer("amount", true, 0, domain::amount_max.minor);
                auto description = line.string("description", true, 1, item_description_length_max);
                if (amount && description) {
                    command.item_descriptions.push_back(
                        {domain::Amount{*amount}, std::move(*description)});
                }
            });
        read_lines(*transaction, root, "vatSummary", "VatSummary", [&](ObjectReader& line) {
            const auto amount = line.integer("amount", true, 0, domain::amount_max.minor);
            const auto rate = vat_percent_of(line);
            const auto vat = line.integer("vatAmount", true, 0, domain::amount_max.minor);
            if (amount && rate && vat) {
                command.vat_summary.push_back(
                    {domain::Amount{*amount}, *rate, domain::Amount{*vat}});
            }
        });
    });
}

domain::Result<domain::CancelCommand> decode_cancel(std::string_view body) {
    return decode_body<domain::CancelCommand>(
        body, [](ObjectReader& root, domain::CancelCommand& command) {
            if (auto transaction = root.object("transaction", true)) {
                check_activity(*transaction);
                if (auto reference = payee_reference_of(*transaction)) {
                    command.payee_reference = std::move(*reference);
                }
                if (auto description = transaction->string("description", true, 1,
                                                           transaction_description_length_max)) {
                    command.description = std::move(*description);
                }
            }
        });
}

domain::Result<domain::ReverseCommand> decode_reverse(std::string_view body) {
    return decode_body<domain::ReverseCommand>(
        body, [](ObjectReader& root, domain::ReverseCommand& command) {
            if (auto transaction = root.object("transaction", true)) {
                check_activity(*transaction);
                amounts_of(*transaction, command.amount, command.vat_amount);
                if (auto reference = payee_reference_of(*transaction)) {
                    command.payee_reference = std::move(*reference);
                }
                command.receipt_reference =
                    transaction->string("receiptReference", false, 1, receipt_reference_length_max);
                if (auto description = transaction->string("description", true, 1,
                                                           transaction_description_length_max)) {
                    command.description = std::move(*description);
                }
            }
        });
}

}  // namespace faktura::http
