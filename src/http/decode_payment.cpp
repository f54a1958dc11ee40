#include "http/decode_payment.hpp"

#include <boost/json/serialize.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>
#include <charconv>
#include <cmath>

#include "http/json_reader.hpp"
#include "http/limits.hpp"

namespace faktura::http {

namespace json = boost::json;
using domain::FieldProblem;
using domain::PaymentOperation;

namespace {

void decode_host_urls(ObjectReader& urls, domain::Urls& result) {
    const json::array* host_urls = urls.array("hostUrls", false);
    if (host_urls == nullptr) return;
    if (host_urls->size() > host_urls_max) {
        urls.problem("hostUrls", "The field HostUrls may hold at most " +
                                     std::to_string(host_urls_max) + " URLs.");
    }
    for (std::size_t i = 0; i < host_urls->size() && i < host_urls_max; ++i) {
        const json::value& entry = (*host_urls)[i];
        const std::string name = "hostUrls[" + std::to_string(i) + "]";
        if (ObjectReader::is_unset(entry)) continue;  // [null] or [""]: no URL.
        if (!entry.is_string()) {
            urls.conversion_problem(name, entry, "String");
            continue;
        }
        const auto parsed = boost::urls::parse_absolute_uri(entry.get_string());
        if (!parsed || !parsed->has_authority() ||
            !(iequals(parsed->scheme(), "https") || iequals(parsed->scheme(), "http"))) {
            urls.problem(name, "The field HostUrls must hold absolute http or https URLs.");
            continue;
        }
        result.host_urls.emplace_back(entry.get_string());
    }
}

domain::Urls decode_urls(ObjectReader& urls, PaymentOperation operation) {
    domain::Urls result;
    decode_host_urls(urls, result);
    // completeUrl is required except for Recur (§6.3).
    result.complete_url =
        absolute_url(urls, "completeUrl", operation != PaymentOperation::recur, false);
    result.cancel_url = absolute_url(urls, "cancelUrl", false, false);
    result.payment_url = absolute_url(urls, "paymentUrl", false, false);
    result.callback_url = absolute_url(urls, "callbackUrl", false, false);
    result.logo_url = absolute_url(urls, "logoUrl", false, true);
    result.terms_of_service_url = absolute_url(urls, "termsOfServiceUrl", false, true);
    return result;
}

domain::PayeeInfo decode_payee_info(ObjectReader& payee_info) {
    domain::PayeeInfo result;
    if (auto payee_id = payee_info.string("payeeId", true, 1, guid_length)) {
        if (auto guid = guid_of(*payee_id)) {
            result.payee_id = std::move(*guid);
        } else {
            payee_info.problem("payeeId", "The field PayeeId must be a GUID.");
        }
    }
    if (auto reference = payee_info.string("payeeReference", true, 1, payee_reference_length_max)) {
        if (is_payee_reference_text(*reference)) {
            result.payee_reference = std::move(*reference);
        } else {
            payee_info.problem("payeeReference",
                               "The field PayeeReference may only contain the characters "
                               "A-Z, a-z, 0-9, _ and -.");
        }
    }
    result.payee_name = payee_info.string("payeeName", false, 1, payee_name_length_max);
    result.product_category =
        payee_info.string("productCategory", false, 1, product_category_length_max);
    result.order_reference =
        payee_info.string("orderReference", false, 1, order_reference_length_max);
    result.subsite = payee_info.string("subsite", false, 1, subsite_length_max);
    return result;
}

// One metadata value, or nullopt (with its problem recorded, unless it is a null: no value).
std::optional<domain::MetadataValue> metadata_value(ObjectReader& payment, const std::string& name,
                                                    const json::value& item) {
    using Kind = domain::MetadataValue::Kind;
    switch (item.kind()) {
        case json::kind::string:
            if (item.get_string().size() > metadata_string_length_max) {
                payment.problem(name, "Metadata strings may be at most " +
                                          std::to_string(metadata_string_length_max) +
                                          " characters long.");
                return std::nullopt;
            }
            return domain::MetadataValue{Kind::string, std::string(item.get_string())};
        case json::kind::int64:
        case json::kind::uint64:
            return domain::MetadataValue{Kind::integer, json::serialize(item)};
        case json::kind::double_: {
            // Shortest text that reads back as the same double: "3.1", not "3.1E0".
            char buffer[32];
            const auto result = std::to_chars(buffer, buffer + sizeof buffer, item.get_double());
            std::string text(buffer, result.ptr);
            if (text.find_first_of(".eE") == std::string::npos) text += ".0";
            if (!std::isfinite(item.get_double())) {
                payment.problem(name, "Metadata numbers must be finite.");
                return std::nullopt;
            }
            return domain::MetadataValue{Kind::decimal, std::move(text)};
        }
        case json::kind::bool_:
            return domain::MetadataValue{Kind::boolean, item.get_bool() ? "true" : "false"};
        case json::kind::null:
            return std::nullopt;  // A null value is no value.
        case json::kind::object:
        case json::kind::array:
            payment.problem(name,
                            "Metadata values must be strings, integers, decimals or booleans.");
            return std::nullopt;
    }
    return std::nullopt;
}

domain::Metadata decode_metadata(ObjectReader& payment) {
    domain::Metadata metadata;
    const json::value* value = payment.find("metadata");
    if (value == nullptr) return metadata;
    if (!value->is_object()) {
        payment.conversion_problem("metadata", *value, "Metadata");
        return metadata;
    }
    const json::object& object = value->get_object();
    if (object.size() > metadata_entries_max) {
        payment.problem("metadata", "The field Metadata may hold at most " +
                                        std::to_string(metadata_entries_max) + " entries.");
        return metadata;
    }
    for (const auto& entry : object) {
        const std::string key(entry.key());
        if (key.empty() || key.size() > metadata_key_length_max) {
            payment.problem("metadata", "Metadata keys must be 1 to " +
                                            std::to_string(metadata_key_length_max) +
                                            " characters long.");
            continue;
        }
        if (auto item = metadata_value(payment, "metadata." + key, entry.value())) {
            metadata.emplace_back(key, std::move(*item));
        }
    }
    return metadata;
}

// `amount` and `vatAmount` beside each other (a price, a Recur payment): both, or nullopt.
std::optional<domain::Price> price_of(ObjectReader& owner) {
    const auto amount = owner.integer("amount", true, 1, domain::amount_max.minor);
    const auto vat = owner.integer("vatAmount", true, 0, domain::amount_max.minor);
    if (amount && vat && *vat > *amount) {
        owner.problem("vatAmount", "The field VatAmount must not be greater than Amount.");
        return std::nullopt;
    }
    if (!amount || !vat) return std::nullopt;
    return domain::Price{domain::Amount{*amount}, domain::Amount{*vat}};
}

// FinancingConsumer: exactly one price of type Invoice (§6.1).
void decode_prices(ObjectReader& payment, domain::CreatePaymentCommand& command) {
    const json::array* prices = payment.array("prices", true);
    if (prices == nullptr) return;
    if (prices->size() != 1) {
        payment.problem("prices", "The field Prices must hold exactly one price of type Invoice.");
        return;
    }
    if (!(*prices)[0].is_object()) {
        payment.conversion_problem("prices[0]", (*prices)[0], "Price");
        return;
    }
    ObjectReader price = payment.element("prices", 0, (*prices)[0].get_object());
    if (auto type = price.string("type", true, 1, price_type_length_max);
        type && !iequals(*type, "Invoice")) {
        price.problem("type",
                      "The value '" + *type + "' is not valid for Type. Allowed values: Invoice.");
    }
    if (auto both = price_of(price)) command.price = *both;
}

// Recur: the amount beside the token whose payer it charges (§9).
void decode_recur(ObjectReader& payment, domain::CreatePaymentCommand& command) {
    if (auto both = price_of(payment)) command.price = *both;
    const json::value* token = payment.find("recurrenceToken");
    if (token == nullptr) {
        payment.required("recurrenceToken");
        return;
    }
    std::optional<std::string> guid;
    if (token->is_string()) guid = guid_of(token->get_string());
    if (guid) {
        command.recurrence_token = std::move(*guid);
    } else {
        payment.conversion_problem("recurrenceToken", *token, "System.Nullable`1[System.Guid]");
    }
}

void decode_prefill_token(ObjectReader& payment, domain::CreatePaymentCommand& command) {
    const json::value* token = payment.find("paymentToken");
    if (token == nullptr) return;
    if (!token->is_string()) {
        payment.conversion_problem("paymentToken", *token, "System.Nullable`1[System.Guid]");
    } else if (auto guid = guid_of(token->get_string())) {
        command.prefill_payment_token = std::move(*guid);
    } else {
        payment.problem("paymentToken", "The field PaymentToken must be a GUID.");
    }
}

void decode_invoice(ObjectReader& root, ObjectReader& payment,
                    const std::optional<domain::Currency>& currency,
                    domain::CreatePaymentCommand& command) {
    auto invoice = root.object("invoice", true);
    if (!invoice) return;
    const auto invoice_type = invoice->enumeration<domain::InvoiceType>("invoiceType", true);
    if (!invoice_type) return;
    command.invoice_type = *invoice_type;
    if (currency && domain::currency_of(*invoice_type) != *currency) {
        payment.problem("currency", "Currency " + std::string(to_wire(*currency)) +
                                        " is not valid for invoice type " +
                                        std::string(to_wire(*invoice_type)) + ".");
    }
}

}  // namespace

domain::Result<domain::CreatePaymentCommand> decode_create_payment(std::string_view body) {
    return decode_body<domain::CreatePaymentCommand>(
        body, [](ObjectReader& root, domain::CreatePaymentCommand& command) {
            auto payment = root.object("payment", true);
            if (!payment) return;

            const auto operation = payment->enumeration<PaymentOperation>("operation", true);
            if (!operation) return;
            command.operation = *operation;
            const bool is_financing = *operation == PaymentOperation::financing_consumer;
            const bool is_recur = *operation == PaymentOperation::recur;

            if (is_financing || is_recur) {
                // "Authorization" is "the only intent option for invoice" (§6.1); Verify ignores
                // it.
                if (auto intent = payment->string("intent", true, 1, keyword_length_max);
                    intent && !iequals(*intent, "Authorization")) {
                    payment->problem(
                        "intent", "The value '" + *intent +
                                      "' is not valid for Intent. Allowed values: Authorization.");
                }
            }
            const auto currency = payment->enumeration<domain::Currency>("currency", true);
            if (currency) command.currency = *currency;

            if (is_financing) {
                decode_prices(*payment, command);
            } else if (is_recur) {
                decode_recur(*payment, command);
            }

            if (auto description =
                    payment->string("description", true, 1, description_length_max)) {
                command.description = std::move(*description);
            }
            command.payer_reference =
                payment->string("payerReference", false, 1, payer_reference_length_max);
            command.generate_payment_token =
                payment->boolean("generatePaymentToken").value_or(false);
            command.generate_recurrence_token =
                payment->boolean("generateRecurrenceToken").value_or(false);
            // The seamless-view example sends "" (§6.1): like every "", no token.
            decode_prefill_token(*payment, command);
            if (auto user_agent = payment->string("userAgent", true, 1, user_agent_length_max)) {
                command.user_agent = std::move(*user_agent);
            }
            if (auto language = payment->enumeration<domain::Language>("language", true)) {
                command.language = *language;
            }
            if (auto urls = payment->object("urls", !is_recur)) {
                command.urls = decode_urls(*urls, *operation);
            }
            if (auto payee_info = payment->object("payeeInfo", true)) {
                command.payee_info = decode_payee_info(*payee_info);
            }
            command.metadata = decode_metadata(*payment);
            if (auto prefill = payment->object("prefillInfo", false)) {
                command.prefill_msisdn = prefill->string("msisdn", false, 1, msisdn_length_max);
            }
            if (!is_recur) decode_invoice(root, *payment, currency, command);
        });
}

domain::Result<domain::AbortCommand> decode_abort(std::string_view body) {
    return decode_body<domain::AbortCommand>(body, [](ObjectReader& root,
                                                      domain::AbortCommand& command) {
        if (auto payment = root.object("payment", true)) {
            if (auto operation = payment->string("operation", true, 1, keyword_length_max);
                operation && !iequals(*operation, "Abort")) {
                payment->problem("operation",
                                 "The value '" + *operation +
                                     "' is not valid for Operation. Allowed values: Abort.");
            }
            if (auto reason = payment->string("abortReason", false, 1, abort_reason_length_max)) {
                command.abort_reason = std::move(*reason);
            }
        }
    });
}

domain::Result<DeletePayerTokenCommand> decode_delete_payer_token(std::string_view body) {
    return decode_body<DeletePayerTokenCommand>(
        body, [](ObjectReader& root, DeletePayerTokenCommand& command) {
            // "No other states are supported" (§20).
            if (auto state = root.string("state", true, 1, keyword_length_max);
                state && !iequals(*state, "Deleted")) {
                root.problem("state", "The value '" + *state +
                                          "' is not valid for State. Allowed values: Deleted.");
            }
            command.comment = root.string("comment", false, 1, token_comment_length_max);
        });
}

}  // namespace faktura::http
