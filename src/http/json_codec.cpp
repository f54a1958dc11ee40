#include "http/json_codec.hpp"

#include <boost/json/parser.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>

#include <arpa/inet.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <optional>

#include "domain/masking.hpp"
#include "domain/payer_token.hpp"
#include "http/json_writer.hpp"
#include "http/message.hpp"

namespace faktura::http {

namespace json = boost::json;
using domain::Error;
using domain::ErrorCode;
using domain::FieldProblem;

namespace {

// Limits on what a merchant may store; each is documented in the README's API notes.
constexpr std::size_t description_length_max = 40;
constexpr std::size_t payer_reference_length_max = 50;
constexpr std::size_t payee_reference_length_max = 30;
constexpr std::size_t payee_name_length_max = 50;
constexpr std::size_t product_category_length_max = 50;
constexpr std::size_t order_reference_length_max = 50;
constexpr std::size_t subsite_length_max = 40;
constexpr std::size_t user_agent_length_max = 1024;
constexpr std::size_t url_length_max = 2048;
constexpr std::size_t host_urls_max = 10;
constexpr std::size_t metadata_entries_max = 100;
constexpr std::size_t metadata_key_length_max = 100;
constexpr std::size_t metadata_string_length_max = 2048;
constexpr std::size_t abort_reason_length_max = 100;
constexpr std::size_t msisdn_length_max = 20;
constexpr std::size_t json_depth_max = 32;
constexpr std::size_t transaction_description_length_max = 50;  // C-39: 50 on transactions.
constexpr std::size_t transaction_payee_reference_length_max = 50;
constexpr std::size_t receipt_reference_length_max = 50;
constexpr std::size_t item_description_length_max = 40;
constexpr std::size_t token_comment_length_max = 1000;  // §14.1: invoice lines, 1–40.
constexpr std::size_t item_lines_max = 500;
constexpr std::size_t national_id_length_max = 20;
constexpr std::size_t zip_code_length_max = 10;
constexpr std::size_t address_field_length_max = 100;
constexpr std::size_t email_length_max = 254;
constexpr std::size_t customer_number_length_max = 50;
constexpr std::size_t ip_length_max = 45;

// ---------------------------------------------------------------------------------------------
// Wire spellings of the domain's enums: the one table per enum (DESIGN.md, naming).

struct Spelling {
    std::string_view wire;
    int value;
};

template <typename Enum, std::size_t n>
std::optional<Enum> parse_enum(const Spelling (&table)[n], std::string_view text) {
    for (const Spelling& entry : table) {
        if (iequals(entry.wire, text)) return static_cast<Enum>(entry.value);
    }
    return std::nullopt;
}

template <typename Enum, std::size_t n>
std::string_view spell_enum(const Spelling (&table)[n], Enum value) {
    for (const Spelling& entry : table) {
        if (entry.value == static_cast<int>(value)) return entry.wire;
    }
    return {};
}

template <std::size_t n>
std::string allowed_values(const Spelling (&table)[n]) {
    std::string text;
    for (const Spelling& entry : table) {
        if (!text.empty()) text += ", ";
        text += entry.wire;
    }
    return text;
}

using domain::Currency;
using domain::InvoiceType;
using domain::Language;
using domain::PaymentOperation;
using domain::PaymentState;
using domain::TransactionState;
using domain::TransactionType;

constexpr Spelling operation_spellings[] = {
    {"FinancingConsumer", static_cast<int>(PaymentOperation::financing_consumer)},
    {"Verify", static_cast<int>(PaymentOperation::verify)},
    {"Recur", static_cast<int>(PaymentOperation::recur)},
};
constexpr Spelling state_spellings[] = {
    {"Ready", static_cast<int>(PaymentState::ready)},
    {"Pending", static_cast<int>(PaymentState::pending)},
    {"Failed", static_cast<int>(PaymentState::failed)},
    {"Aborted", static_cast<int>(PaymentState::aborted)},
};
constexpr Spelling currency_spellings[] = {
    {"SEK", static_cast<int>(Currency::sek)},
    {"NOK", static_cast<int>(Currency::nok)},
    {"EUR", static_cast<int>(Currency::eur)},
};
constexpr Spelling invoice_type_spellings[] = {
    {"PayExFinancingSe", static_cast<int>(InvoiceType::payex_financing_se)},
    {"PayExFinancingNo", static_cast<int>(InvoiceType::payex_financing_no)},
    {"PayExFinancingFi", static_cast<int>(InvoiceType::payex_financing_fi)},
};
constexpr Spelling language_spellings[] = {
    {"sv-SE", static_cast<int>(Language::sv_se)},
    {"nb-NO", static_cast<int>(Language::nb_no)},
    {"en-US", static_cast<int>(Language::en_us)},
};
constexpr Spelling country_spellings[] = {
    {"SE", static_cast<int>(domain::Country::se)},
    {"NO", static_cast<int>(domain::Country::no)},
    {"FI", static_cast<int>(domain::Country::fi)},
};
constexpr Spelling transaction_type_spellings[] = {
    {"Authorization", static_cast<int>(TransactionType::authorization)},
    {"Capture", static_cast<int>(TransactionType::capture)},
    {"Cancellation", static_cast<int>(TransactionType::cancellation)},
    {"Reversal", static_cast<int>(TransactionType::reversal)},
    {"Verification", static_cast<int>(TransactionType::verification)},
};
constexpr Spelling transaction_state_spellings[] = {
    {"Initialized", static_cast<int>(TransactionState::initialized)},
    {"Completed", static_cast<int>(TransactionState::completed)},
    {"Failed", static_cast<int>(TransactionState::failed)},
};

// ---------------------------------------------------------------------------------------------
// Decoding.

std::string capitalized(std::string_view name) {
    std::string text(name);
    if (!text.empty() && text[0] >= 'a' && text[0] <= 'z') text[0] = static_cast<char>(text[0] - 32);
    return text;
}

std::string describe_json(const json::value& value) {
    switch (value.kind()) {
        case json::kind::string: return std::string(value.get_string());
        case json::kind::object: return "{…}";
        case json::kind::array: return "[…]";
        case json::kind::null: return "null";
        default: return json::serialize(value);
    }
}

// Reads one JSON object: case-insensitive names (§3.3), null treated as absent, and every problem
// recorded with both spellings of its name: the model path ("Payment.PayeeInfo.PayeeReference") for
// validation failures and the JSON path ("payment.payeeInfo.payeeReference") for type conversions.
class ObjectReader {
public:
    ObjectReader(const json::object& object, std::string model_path, std::string json_path,
                 std::vector<FieldProblem>& problems)
        : object_(object),
          model_path_(std::move(model_path)),
          json_path_(std::move(json_path)),
          problems_(problems) {}

    // The value of `name`, or nullptr when it is absent. The one leniency rule for every body
    // (§3.3): clients generated from models send `null` for an unset object, array or scalar and
    // `""` for an unset string, so both read as absent. An optional field is then simply not set;
    // a required one gets the same problem as a missing one. Nothing per field.
    const json::value* find(std::string_view name) const {
        const json::value* found = nullptr;
        // The last match wins, as in the binder of the real service.
        for (const auto& entry : object_) {
            if (iequals(entry.key(), name)) found = &entry.value();
        }
        if (found == nullptr || is_unset(*found)) return nullptr;
        return found;
    }

    static bool is_unset(const json::value& value) {
        return value.is_null() || (value.is_string() && value.get_string().empty());
    }

    std::string model_name(std::string_view name) const {
        return model_path_.empty() ? capitalized(name) : model_path_ + "." + capitalized(name);
    }
    std::string json_name(std::string_view name) const {
        return json_path_.empty() ? std::string(name) : json_path_ + "." + std::string(name);
    }

    void problem(std::string_view name, std::string description) {
        problems_.push_back(FieldProblem{model_name(name), std::move(description)});
    }
    void required(std::string_view name) {
        problem(name, "The " + capitalized(name) + " field is required.");
    }
    void conversion_problem(std::string_view name, const json::value& value,
                            std::string_view type) {
        const std::string path = json_name(name);
        problems_.push_back(FieldProblem{
            path, "Error converting value \"" + describe_json(value) + "\" to type '" +
                      std::string(type) + "'. Path '" + path + "'."});
    }

    // A string of min..max characters (code points).
    std::optional<std::string> string(std::string_view name, bool is_required, std::size_t length_min,
                                      std::size_t length_max) {
        const json::value* value = find(name);
        if (value == nullptr) {
            if (is_required) required(name);
            return std::nullopt;
        }
        std::string text;
        if (value->is_string()) {
            text = std::string(value->get_string());
        } else if (value->is_int64() || value->is_uint64() || value->is_bool()) {
            text = json::serialize(*value);  // The binder converts scalars to strings.
        } else {
            conversion_problem(name, *value, "String");
            return std::nullopt;
        }
        const std::size_t length = code_points(text);
        if (length < length_min) {
            if (length == 0 && is_required) {
                required(name);
            } else {
                problem(name, "The field " + capitalized(name) + " must be a string with a minimum length of " +
                                  std::to_string(length_min) + ".");
            }
            return std::nullopt;
        }
        if (length > length_max) {
            problem(name, "The field " + capitalized(name) + " must be a string with a maximum length of " +
                              std::to_string(length_max) + ".");
            return std::nullopt;
        }
        return text;
    }

    // An integer in min..max; integral numbers written as strings or as 100.0 are accepted.
    std::optional<std::int64_t> integer(std::string_view name, bool is_required, std::int64_t minimum,
                                        std::int64_t maximum) {
        const json::value* value = find(name);
        if (value == nullptr) {
            if (is_required) required(name);
            return std::nullopt;
        }
        std::optional<std::int64_t> number;
        if (value->is_int64()) {
            number = value->get_int64();
        } else if (value->is_uint64()) {
            number = std::nullopt;  // Beyond int64: certainly out of range.
            problem(name, range_text(name, minimum, maximum));
            return std::nullopt;
        } else if (value->is_double()) {
            const double d = value->get_double();
            if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 9.0e15) {
                number = static_cast<std::int64_t>(d);
            }
        } else if (value->is_string()) {
            const json::string& s = value->get_string();
            std::int64_t parsed = 0;
            const auto result = std::from_chars(s.data(), s.data() + s.size(), parsed);
            if (result.ec == std::errc{} && result.ptr == s.data() + s.size() && !s.empty()) {
                number = parsed;
            } else if (result.ec == std::errc::result_out_of_range) {
                problem(name, range_text(name, minimum, maximum));
                return std::nullopt;
            }
        }
        if (!number) {
            conversion_problem(name, *value, "Int64");
            return std::nullopt;
        }
        if (*number < minimum || *number > maximum) {
            problem(name, range_text(name, minimum, maximum));
            return std::nullopt;
        }
        return number;
    }

    // JSON true/false, or the strings "true"/"false" (§3.3, C-21).
    std::optional<bool> boolean(std::string_view name) {
        const json::value* value = find(name);
        if (value == nullptr) return std::nullopt;
        if (value->is_bool()) return value->get_bool();
        if (value->is_string()) {
            if (iequals(value->get_string(), "true")) return true;
            if (iequals(value->get_string(), "false")) return false;
        }
        conversion_problem(name, *value, "Boolean");
        return std::nullopt;
    }

    template <typename Enum, std::size_t n>
    std::optional<Enum> enumeration(std::string_view name, bool is_required,
                                    const Spelling (&table)[n]) {
        const json::value* value = find(name);
        if (value == nullptr) {
            if (is_required) required(name);
            return std::nullopt;
        }
        if (!value->is_string()) {
            conversion_problem(name, *value, capitalized(name));
            return std::nullopt;
        }
        if (auto parsed = parse_enum<Enum>(table, value->get_string())) return parsed;
        problem(name, "The value '" + std::string(value->get_string()) + "' is not valid for " +
                          capitalized(name) + ". Allowed values: " + allowed_values(table) + ".");
        return std::nullopt;
    }

    std::optional<ObjectReader> object(std::string_view name, bool is_required) {
        const json::value* value = find(name);
        if (value == nullptr) {
            if (is_required) required(name);
            return std::nullopt;
        }
        if (!value->is_object()) {
            conversion_problem(name, *value, capitalized(name));
            return std::nullopt;
        }
        return ObjectReader(value->get_object(), model_name(name), json_name(name), problems_);
    }

    const json::array* array(std::string_view name, bool is_required) {
        const json::value* value = find(name);
        if (value == nullptr) {
            if (is_required) required(name);
            return nullptr;
        }
        if (!value->is_array()) {
            conversion_problem(name, *value, "List");
            return nullptr;
        }
        return &value->get_array();
    }

    ObjectReader element(std::string_view name, std::size_t index, const json::object& object) {
        const std::string suffix = "[" + std::to_string(index) + "]";
        return ObjectReader(object, model_name(name) + suffix, json_name(name) + suffix, problems_);
    }

    const json::object& raw() const { return object_; }
    std::vector<FieldProblem>& problems() { return problems_; }

    static std::size_t code_points(std::string_view text) {
        return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
            return (static_cast<unsigned char>(c) & 0xc0) != 0x80;
        }));
    }

private:
    static std::string range_text(std::string_view name, std::int64_t minimum, std::int64_t maximum) {
        return "The field " + capitalized(name) + " must be between " + std::to_string(minimum) +
               " and " + std::to_string(maximum) + ".";
    }

    const json::object& object_;
    std::string model_path_;
    std::string json_path_;
    std::vector<FieldProblem>& problems_;
};

// Parses the body into a JSON object, or explains where it is not JSON.
domain::Result<json::value> parse_body(std::string_view body) {
    // Some clients (Windows tools, .NET's Encoding.UTF8) start the body with a byte-order mark.
    constexpr std::string_view utf8_bom = "\xEF\xBB\xBF";
    if (body.substr(0, utf8_bom.size()) == utf8_bom) body.remove_prefix(utf8_bom.size());
    json::parse_options options;
    options.max_depth = json_depth_max;
    json::parser parser(json::storage_ptr(), options);
    boost::system::error_code ec;
    const std::size_t consumed = parser.write_some(body.data(), body.size(), ec);
    if (!ec && consumed < body.size()) {
        // Only whitespace may follow the document; write_some stops after a complete value.
        const auto rest = body.substr(consumed);
        if (rest.find_first_not_of(" \t\r\n") != std::string_view::npos) {
            ec = json::error::extra_data;
        }
    }
    if (ec) {
        std::size_t line = 1;
        std::size_t column = 1;
        for (std::size_t i = 0; i < std::min(consumed, body.size()); ++i) {
            if (body[i] == '\n') {
                ++line;
                column = 1;
            } else {
                ++column;
            }
        }
        std::string description = body.empty()
                                      ? std::string("The request body is empty; a JSON object is required.")
                                      : "The request body is not valid JSON (" + ec.message() +
                                            ") at line " + std::to_string(line) + ", position " +
                                            std::to_string(column) + ".";
        return Error{ErrorCode::request_malformed,
                     "Input validation failed, error description in problems node!",
                     {FieldProblem{"Body", std::move(description)}}};
    }
    json::value document = parser.release();
    if (!document.is_object()) {
        return Error{ErrorCode::request_malformed,
                     "Input validation failed, error description in problems node!",
                     {FieldProblem{"Body", "The request body must be a JSON object."}}};
    }
    return document;
}

// An absolute http(s) URL; `https_only` for logoUrl and termsOfServiceUrl (§6.3, C-19).
std::optional<std::string> absolute_url(ObjectReader& reader, std::string_view name,
                                        bool is_required, bool https_only) {
    auto text = reader.string(name, is_required, 1, url_length_max);
    if (!text) return std::nullopt;
    const auto parsed = boost::urls::parse_absolute_uri(*text);
    if (!parsed || !parsed->has_authority() || parsed->encoded_host().empty()) {
        reader.problem(name, "The field " + capitalized(name) + " must be an absolute URL.");
        return std::nullopt;
    }
    const auto scheme = parsed->scheme();
    const bool is_https = iequals(scheme, "https");
    if (https_only && !is_https) {
        reader.problem(name, capitalized(name) + " contains unsupported scheme value " +
                                 std::string(scheme) + " in Only https supported.");
        return std::nullopt;
    }
    if (!is_https && !iequals(scheme, "http")) {
        reader.problem(name, capitalized(name) + " contains unsupported scheme value " +
                                 std::string(scheme) + " in Only http and https supported.");
        return std::nullopt;
    }
    return text;
}

bool is_guid_text(std::string_view text) {
    if (text.size() != 36) return false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        const bool dash_position = i == 8 || i == 13 || i == 18 || i == 23;
        const bool hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
        if (dash_position ? c != '-' : !hex) return false;
    }
    return true;
}

std::string lowercase(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) {
        return static_cast<char>((c >= 'A' && c <= 'Z') ? c + 32 : c);
    });
    return text;
}

bool is_payee_reference_text(std::string_view text) {
    return std::all_of(text.begin(), text.end(), [](char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
               c == '_' || c == '-';
    });
}

domain::Urls decode_urls(ObjectReader& urls, PaymentOperation operation) {
    domain::Urls result;
    if (const json::array* host_urls = urls.array("hostUrls", false)) {
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
    if (auto payee_id = payee_info.string("payeeId", true, 1, 36)) {
        if (is_guid_text(*payee_id)) {
            result.payee_id = lowercase(*payee_id);
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
    result.order_reference = payee_info.string("orderReference", false, 1, order_reference_length_max);
    result.subsite = payee_info.string("subsite", false, 1, subsite_length_max);
    return result;
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
        const std::string name = "metadata." + key;
        if (key.empty() || key.size() > metadata_key_length_max) {
            payment.problem("metadata", "Metadata keys must be 1 to " +
                                            std::to_string(metadata_key_length_max) +
                                            " characters long.");
            continue;
        }
        using Kind = domain::MetadataValue::Kind;
        const json::value& item = entry.value();
        switch (item.kind()) {
            case json::kind::string:
                if (item.get_string().size() > metadata_string_length_max) {
                    payment.problem(name, "Metadata strings may be at most " +
                                              std::to_string(metadata_string_length_max) +
                                              " characters long.");
                    continue;
                }
                metadata.emplace_back(key, domain::MetadataValue{Kind::string, std::string(item.get_string())});
                break;
            case json::kind::int64:
            case json::kind::uint64:
                metadata.emplace_back(key, domain::MetadataValue{Kind::integer, json::serialize(item)});
                break;
            case json::kind::double_: {
                // Shortest text that reads back as the same double: "3.1", not "3.1E0".
                char buffer[32];
                const auto result =
                    std::to_chars(buffer, buffer + sizeof buffer, item.get_double());
                std::string text(buffer, result.ptr);
                if (text.find_first_of(".eE") == std::string::npos) text += ".0";
                if (!std::isfinite(item.get_double())) {
                    payment.problem(name, "Metadata numbers must be finite.");
                    continue;
                }
                metadata.emplace_back(key, domain::MetadataValue{Kind::decimal, std::move(text)});
                break;
            }
            case json::kind::bool_:
                metadata.emplace_back(
                    key, domain::MetadataValue{Kind::boolean, item.get_bool() ? "true" : "false"});
                break;
            case json::kind::null: break;  // A null value is no value.
            case json::kind::object:
            case json::kind::array:
                payment.problem(name,
                                "Metadata values must be strings, integers, decimals or booleans.");
                break;
        }
    }
    return metadata;
}

Error invalid(std::vector<FieldProblem> problems) {
    return Error{ErrorCode::request_invalid,
                 "Input validation failed, error description in problems node!",
                 std::move(problems)};
}

}  // namespace

// ---------------------------------------------------------------------------------------------

domain::Result<domain::CreatePaymentCommand> decode_create_payment(std::string_view body) {
    auto document = parse_body(body);
    if (!document) return std::move(document).error();
    std::vector<FieldProblem> problems;
    ObjectReader root(document->get_object(), "", "", problems);
    domain::CreatePaymentCommand command;

    auto payment = root.object("payment", true);
    if (!payment) return invalid(std::move(problems));

    const auto operation =
        payment->enumeration<PaymentOperation>("operation", true, operation_spellings);
    if (!operation) return invalid(std::move(problems));
    command.operation = *operation;
    const bool is_financing = *operation == PaymentOperation::financing_consumer;
    const bool is_recur = *operation == PaymentOperation::recur;

    if (is_financing || is_recur) {
        // "Authorization" is "the only intent option for invoice" (§6.1); Verify ignores it.
        if (auto intent = payment->string("intent", true, 1, 64); intent && !iequals(*intent, "Authorization")) {
            payment->problem("intent", "The value '" + *intent +
                                           "' is not valid for Intent. Allowed values: Authorization.");
        }
    }
    const auto currency = payment->enumeration<Currency>("currency", true, currency_spellings);
    if (currency) command.currency = *currency;

    if (is_financing) {
        if (const json::array* prices = payment->array("prices", true)) {
            if (prices->size() != 1) {
                payment->problem("prices", "The field Prices must hold exactly one price of type Invoice.");
            } else if (!(*prices)[0].is_object()) {
                payment->conversion_problem("prices[0]", (*prices)[0], "Price");
            } else {
                ObjectReader price = payment->element("prices", 0, (*prices)[0].get_object());
                if (auto type = price.string("type", true, 1, 32); type && !iequals(*type, "Invoice")) {
                    price.problem("type", "The value '" + *type +
                                              "' is not valid for Type. Allowed values: Invoice.");
                }
                const auto amount = price.integer("amount", true, 1, domain::amount_max.minor);
                const auto vat = price.integer("vatAmount", true, 0, domain::amount_max.minor);
                if (amount && vat && *vat > *amount) {
                    price.problem("vatAmount", "The field VatAmount must not be greater than Amount.");
                } else if (amount && vat) {
                    command.price = domain::Price{domain::Amount{*amount}, domain::Amount{*vat}};
                }
            }
        }
    } else if (is_recur) {
        const auto amount = payment->integer("amount", true, 1, domain::amount_max.minor);
        const auto vat = payment->integer("vatAmount", true, 0, domain::amount_max.minor);
        if (amount && vat && *vat > *amount) {
            payment->problem("vatAmount", "The field VatAmount must not be greater than Amount.");
        } else if (amount && vat) {
            command.price = domain::Price{domain::Amount{*amount}, domain::Amount{*vat}};
        }
        if (const json::value* token = payment->find("recurrenceToken")) {
            if (token->is_string() && is_guid_text(token->get_string())) {
                command.recurrence_token = lowercase(std::string(token->get_string()));
            } else {
                payment->conversion_problem("recurrenceToken", *token, "System.Nullable`1[System.Guid]");
            }
        } else {
            payment->required("recurrenceToken");
        }
    }

    if (auto description = payment->string("description", true, 1, description_length_max)) {
        command.description = std::move(*description);
    }
    command.payer_reference = payment->string("payerReference", false, 1, payer_reference_length_max);
    command.generate_payment_token = payment->boolean("generatePaymentToken").value_or(false);
    command.generate_recurrence_token = payment->boolean("generateRecurrenceToken").value_or(false);
    if (const json::value* token = payment->find("paymentToken")) {
        // The seamless-view example sends "" (§6.1): an empty string means no token.
        if (token->is_string() && !token->get_string().empty()) {
            if (is_guid_text(token->get_string())) {
                command.prefill_payment_token = lowercase(std::string(token->get_string()));
            } else {
                payment->problem("paymentToken", "The field PaymentToken must be a GUID.");
            }
        } else if (!token->is_string()) {
            payment->conversion_problem("paymentToken", *token, "System.Nullable`1[System.Guid]");
        }
    }
    if (auto user_agent = payment->string("userAgent", true, 1, user_agent_length_max)) {
        command.user_agent = std::move(*user_agent);
    }
    if (auto language = payment->enumeration<Language>("language", true, language_spellings)) {
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

    if (!is_recur) {
        if (auto invoice = root.object("invoice", true)) {
            const auto invoice_type =
                invoice->enumeration<InvoiceType>("invoiceType", true, invoice_type_spellings);
            if (invoice_type) {
                command.invoice_type = *invoice_type;
                if (currency && domain::currency_of(*invoice_type) != *currency) {
                    payment->problem(
                        "currency", "Currency " + std::string(spell_enum(currency_spellings, *currency)) +
                                        " is not valid for invoice type " +
                                        std::string(spell_enum(invoice_type_spellings, *invoice_type)) +
                                        ".");
                }
            }
        }
    }
    if (!problems.empty()) return invalid(std::move(problems));
    return command;
}

domain::Result<domain::AbortCommand> decode_abort(std::string_view body) {
    auto document = parse_body(body);
    if (!document) return std::move(document).error();
    std::vector<FieldProblem> problems;
    ObjectReader root(document->get_object(), "", "", problems);
    domain::AbortCommand command;
    if (auto payment = root.object("payment", true)) {
        if (auto operation = payment->string("operation", true, 1, 64);
            operation && !iequals(*operation, "Abort")) {
            payment->problem("operation", "The value '" + *operation +
                                              "' is not valid for Operation. Allowed values: Abort.");
        }
        if (auto reason = payment->string("abortReason", false, 1, abort_reason_length_max)) {
            command.abort_reason = std::move(*reason);
        }
    }
    if (!problems.empty()) return invalid(std::move(problems));
    return command;
}

namespace {

// transaction.activity: "FinancingConsumer" is the only activity offered to payees here (§12.1).
void check_activity(ObjectReader& transaction) {
    if (auto activity = transaction.string("activity", true, 1, 64);
        activity && !iequals(*activity, "FinancingConsumer")) {
        transaction.problem("activity", "The value '" + *activity +
                                            "' is not valid for Activity. Allowed values: FinancingConsumer.");
    }
}

std::optional<std::string> payee_reference_of(ObjectReader& transaction) {
    auto reference = transaction.string("payeeReference", true, 1, transaction_payee_reference_length_max);
    if (reference && !is_payee_reference_text(*reference)) {
        transaction.problem("payeeReference",
                            "The field PayeeReference may only contain the characters A-Z, a-z, 0-9, _ and -.");
        return std::nullopt;
    }
    return reference;
}

std::optional<domain::AddressInput> decode_address(ObjectReader& address, bool street_required) {
    domain::AddressInput result;
    auto addressee = address.string("addressee", true, 1, address_field_length_max);
    result.co_address = address.string("coAddress", false, 1, address_field_length_max);
    auto street = address.string("streetAddress", street_required, 1, address_field_length_max);
    auto zip = address.string("zipCode", true, 1, zip_code_length_max);
    auto city = address.string("city", true, 1, address_field_length_max);
    auto country = address.enumeration<domain::Country>("countryCode", true, country_spellings);
    if (!addressee || !zip || !city || !country || (street_required && !street)) return std::nullopt;
    result.addressee = std::move(*addressee);
    result.street_address = street.value_or("");
    result.zip_code = std::move(*zip);
    result.city = std::move(*city);
    result.country = *country;
    return result;
}

bool is_ip_literal(const std::string& text) {
    unsigned char buffer[16];
    return inet_pton(AF_INET, text.c_str(), buffer) == 1 || inet_pton(AF_INET6, text.c_str(), buffer) == 1;
}

bool is_msisdn_text(std::string_view text) {
    return text.size() >= 2 && text[0] == '+' &&
           std::all_of(text.begin() + 1, text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool is_email_text(std::string_view text) {
    const std::size_t at = text.find('@');
    if (at == std::string_view::npos || at == 0 || text.find('@', at + 1) != std::string_view::npos) {
        return false;
    }
    const std::string_view domain_part = text.substr(at + 1);
    const std::size_t dot = domain_part.rfind('.');
    return dot != std::string_view::npos && dot > 0 && dot + 1 < domain_part.size() &&
           text.find_first_of(" \t\r\n<>\"") == std::string_view::npos;
}

// "vatPercent" in hundredths of a percent (2500), as an integer, a number or a string ("2500"), or in
// the docs' percent form "25.00" / 25 (C-28). The allowed rates in hundredths (0, 600 … 2500) and in
// percent (0, 6 … 25) never collide, so either reading of a value is unambiguous.
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
        if (digits) number = std::stod(whole) + (fraction.empty() ? 0.0 : std::stod(fraction) / std::pow(10.0, static_cast<double>(fraction.size())));
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

// Item lines may sit inside `transaction` or, as an old plugin sent them, beside it (§14.1).
const json::array* lines_of(ObjectReader& transaction, ObjectReader& root, std::string_view name,
                            bool& in_transaction) {
    in_transaction = transaction.find(name) != nullptr || root.find(name) == nullptr;
    return in_transaction ? transaction.array(name, true) : root.array(name, true);
}

}  // namespace

domain::Result<domain::ApproveLegalAddressCommand> decode_approve_legal_address(std::string_view body) {
    auto document = parse_body(body);
    if (!document) return std::move(document).error();
    std::vector<FieldProblem> problems;
    ObjectReader root(document->get_object(), "", "", problems);
    domain::ApproveLegalAddressCommand command;
    if (auto addressee = root.object("addressee", true)) {
        if (auto ssn = addressee->string("socialSecurityNumber", true, 1, national_id_length_max)) {
            command.social_security_number = std::move(*ssn);
        }
        if (auto zip = addressee->string("zipCode", true, 1, zip_code_length_max)) {
            command.zip_code = std::move(*zip);
        }
    }
    if (!problems.empty()) return invalid(std::move(problems));
    return command;
}

domain::Result<domain::AuthorizeCommand> decode_authorize(std::string_view body) {
    auto document = parse_body(body);
    if (!document) return std::move(document).error();
    std::vector<FieldProblem> problems;
    ObjectReader root(document->get_object(), "", "", problems);
    domain::AuthorizeCommand command;
    if (auto transaction = root.object("transaction", true)) check_activity(*transaction);
    if (auto consumer = root.object("consumer", true)) {
        if (auto ssn = consumer->string("socialSecurityNumber", true, 1, national_id_length_max)) {
            command.social_security_number = std::move(*ssn);
        }
        command.customer_number = consumer->string("customerNumber", false, 1, customer_number_length_max);
        command.email = consumer->string("email", false, 1, email_length_max);
        if (command.email && !is_email_text(*command.email)) {
            consumer->problem("email", "The Email field is not a valid e-mail address.");
        }
        if (auto msisdn = consumer->string("msisdn", true, 1, msisdn_length_max)) {
            if (is_msisdn_text(*msisdn)) {
                command.msisdn = std::move(*msisdn);
            } else {
                consumer->problem("msisdn", "The field Msisdn must match the regular expression '^[+][0-9]+$'");
            }
        }
        if (auto ip = consumer->string("ip", true, 1, ip_length_max)) {
            if (is_ip_literal(*ip)) {
                command.ip = std::move(*ip);
            } else {
                consumer->problem("ip", "The field Ip must be an IPv4 or IPv6 address.");
            }
        }
    }
    if (auto legal = root.object("legalAddress", true)) {
        if (auto address = decode_address(*legal, false)) command.legal_address = std::move(*address);
    }
    if (auto billing = root.object("billingAddress", false)) {
        command.billing_address = decode_address(*billing, true);
    }
    if (!problems.empty()) return invalid(std::move(problems));
    return command;
}

domain::Result<domain::CaptureCommand> decode_capture(std::string_view body) {
    auto document = parse_body(body);
    if (!document) return std::move(document).error();
    std::vector<FieldProblem> problems;
    ObjectReader root(document->get_object(), "", "", problems);
    domain::CaptureCommand command;
    auto transaction = root.object("transaction", true);
    if (!transaction) return invalid(std::move(problems));
    check_activity(*transaction);
    const auto amount = transaction->integer("amount", true, 1, domain::amount_max.minor);
    const auto vat = transaction->integer("vatAmount", true, 0, domain::amount_max.minor);
    if (amount && vat && *vat > *amount) {
        transaction->problem("vatAmount", "The field VatAmount must not be greater than Amount.");
    } else if (amount && vat) {
        command.amount = domain::Amount{*amount};
        command.vat_amount = domain::Amount{*vat};
    }
    if (auto reference = payee_reference_of(*transaction)) command.payee_reference = std::move(*reference);
    command.receipt_reference = transaction->string("receiptReference", false, 1, receipt_reference_length_max);
    if (auto description = transaction->string("description", true, 1, transaction_description_length_max)) {
        command.description = std::move(*description);
    }
    bool items_inside = true;
    if (const json::array* items = lines_of(*transaction, root, "itemDescriptions", items_inside)) {
        ObjectReader& owner = items_inside ? *transaction : root;
        if (items->empty() || items->size() > item_lines_max) {
            owner.problem("itemDescriptions", "The field ItemDescriptions must hold 1 to " +
                                                  std::to_string(item_lines_max) + " lines.");
        }
        for (std::size_t i = 0; i < items->size() && i < item_lines_max; ++i) {
            if (!(*items)[i].is_object()) {
                owner.conversion_problem("itemDescriptions[" + std::to_string(i) + "]", (*items)[i], "ItemDescription");
                continue;
            }
            ObjectReader line = owner.element("itemDescriptions", i, (*items)[i].get_object());
            const auto line_amount = line.integer("amount", true, 0, domain::amount_max.minor);
            auto line_description = line.string("description", true, 1, item_description_length_max);
            if (line_amount && line_description) {
                command.item_descriptions.push_back({domain::Amount{*line_amount}, std::move(*line_description)});
            }
        }
    }
    bool summary_inside = true;
    if (const json::array* summary = lines_of(*transaction, root, "vatSummary", summary_inside)) {
        ObjectReader& owner = summary_inside ? *transaction : root;
        if (summary->empty() || summary->size() > item_lines_max) {
            owner.problem("vatSummary", "The field VatSummary must hold 1 to " +
                                            std::to_string(item_lines_max) + " lines.");
        }
        for (std::size_t i = 0; i < summary->size() && i < item_lines_max; ++i) {
            if (!(*summary)[i].is_object()) {
                owner.conversion_problem("vatSummary[" + std::to_string(i) + "]", (*summary)[i], "VatSummary");
                continue;
            }
            ObjectReader line = owner.element("vatSummary", i, (*summary)[i].get_object());
            const auto line_amount = line.integer("amount", true, 0, domain::amount_max.minor);
            const auto rate = vat_percent_of(line);
            const auto line_vat = line.integer("vatAmount", true, 0, domain::amount_max.minor);
            if (line_amount && rate && line_vat) {
                command.vat_summary.push_back(
                    {domain::Amount{*line_amount}, *rate, domain::Amount{*line_vat}});
            }
        }
    }
    if (!problems.empty()) return invalid(std::move(problems));
    return command;
}

domain::Result<domain::CancelCommand> decode_cancel(std::string_view body) {
    auto document = parse_body(body);
    if (!document) return std::move(document).error();
    std::vector<FieldProblem> problems;
    ObjectReader root(document->get_object(), "", "", problems);
    domain::CancelCommand command;
    if (auto transaction = root.object("transaction", true)) {
        check_activity(*transaction);
        if (auto reference = payee_reference_of(*transaction)) command.payee_reference = std::move(*reference);
        if (auto description = transaction->string("description", true, 1, transaction_description_length_max)) {
            command.description = std::move(*description);
        }
    }
    if (!problems.empty()) return invalid(std::move(problems));
    return command;
}

domain::Result<domain::ReverseCommand> decode_reverse(std::string_view body) {
    auto document = parse_body(body);
    if (!document) return std::move(document).error();
    std::vector<FieldProblem> problems;
    ObjectReader root(document->get_object(), "", "", problems);
    domain::ReverseCommand command;
    if (auto transaction = root.object("transaction", true)) {
        check_activity(*transaction);
        const auto amount = transaction->integer("amount", true, 1, domain::amount_max.minor);
        const auto vat = transaction->integer("vatAmount", true, 0, domain::amount_max.minor);
        if (amount && vat && *vat > *amount) {
            transaction->problem("vatAmount", "The field VatAmount must not be greater than Amount.");
        } else if (amount && vat) {
            command.amount = domain::Amount{*amount};
            command.vat_amount = domain::Amount{*vat};
        }
        if (auto reference = payee_reference_of(*transaction)) command.payee_reference = std::move(*reference);
        command.receipt_reference =
            transaction->string("receiptReference", false, 1, receipt_reference_length_max);
        if (auto description = transaction->string("description", true, 1, transaction_description_length_max)) {
            command.description = std::move(*description);
        }
    }
    if (!problems.empty()) return invalid(std::move(problems));
    return command;
}

domain::Result<DeletePayerTokenCommand> decode_delete_payer_token(std::string_view body) {
    auto document = parse_body(body);
    if (!document) return std::move(document).error();
    std::vector<FieldProblem> problems;
    ObjectReader root(document->get_object(), "", "", problems);
    DeletePayerTokenCommand command;
    // "No other states are supported" (§20).
    if (auto state = root.string("state", true, 1, 64); state && !iequals(*state, "Deleted")) {
        root.problem("state", "The value '" + *state + "' is not valid for State. Allowed values: Deleted.");
    }
    command.comment = root.string("comment", false, 1, token_comment_length_max);
    if (!problems.empty()) return invalid(std::move(problems));
    return command;
}

std::string encode_instrument_data(const domain::PayerToken& token) {
    JsonWriter out;
    out.begin_object().key("instrumentData").begin_object()
        .field("id", "/psp/invoice/payments/instrumentdata/" + token.token)
        .field("paymentToken", token.token)
        .field("payeeId", token.payee_id)
        .field("isDeleted", token.is_deleted)
        .end_object().end_object();
    return out.take();
}

// ---------------------------------------------------------------------------------------------
// Encoding.

namespace {

struct SubResourceName {
    SubResource sub_resource;
    std::string_view path;  // Lower case, as in the recorded links (C-5).
    std::string_view key;   // Property name in the payment object and the sub-resource body.
};

constexpr SubResourceName sub_resource_names[] = {
    {SubResource::urls, "urls", "urls"},
    {SubResource::payee_info, "payeeinfo", "payeeInfo"},
    {SubResource::prices, "prices", "prices"},
    {SubResource::metadata, "metadata", "metadata"},
    {SubResource::settings, "settings", "settings"},
    {SubResource::transactions, "transactions", "transactions"},
    {SubResource::authorizations, "authorizations", "authorizations"},
    {SubResource::verifications, "verifications", "verifications"},
    {SubResource::captures, "captures", "captures"},
    {SubResource::cancellations, "cancellations", "cancellations"},
    {SubResource::reversals, "reversals", "reversals"},
};

const SubResourceName& name_of(SubResource sub_resource) {
    for (const SubResourceName& entry : sub_resource_names) {
        if (entry.sub_resource == sub_resource) return entry;
    }
    return sub_resource_names[0];  // Unreachable: the table lists every enumerator.
}

std::string sub_resource_path(std::string_view payment_id, SubResource sub_resource) {
    return payment_path(payment_id) + "/" + std::string(name_of(sub_resource).path);
}

struct OperationSpelling {
    domain::OperationRel rel;
    std::string_view name;
    std::string_view method;
    std::string_view content_type;  // Empty: none (the payer-view redirects).
};

constexpr OperationSpelling operation_rel_spellings[] = {
    {domain::OperationRel::create_approved_legal_address, "create-approved-legal-address", "POST", "application/json"},
    {domain::OperationRel::create_authorization, "create-authorization", "POST", "application/json"},
    {domain::OperationRel::update_payment_abort, "update-payment-abort", "PATCH", "application/json"},
    {domain::OperationRel::redirect_authorization, "redirect-authorization", "GET", "text/html"},
    {domain::OperationRel::view_authorization, "view-authorization", "GET", "application/javascript"},
    {domain::OperationRel::create_verification, "create-verification", "POST", "application/json"},
    {domain::OperationRel::redirect_verification, "redirect-verification", "GET", "text/html"},
    {domain::OperationRel::view_verification, "view-verification", "GET", "application/javascript"},
    {domain::OperationRel::create_cancellation, "create-cancellation", "POST", "application/json"},
    {domain::OperationRel::create_capture, "create-capture", "POST", "application/json"},
    {domain::OperationRel::create_reversal, "create-reversal", "POST", "application/json"},
    {domain::OperationRel::paid_payment, "paid-payment", "GET", "application/json"},
    {domain::OperationRel::failed_payment, "failed-payment", "GET", "application/problem+json"},
    {domain::OperationRel::aborted_payment, "aborted-payment", "GET", "application/json"},
    {domain::OperationRel::redirect_merchant_complete, "redirect-merchant-complete", "GET", ""},
    {domain::OperationRel::redirect_merchant_cancel, "redirect-merchant-cancel", "GET", ""},
};

std::string operation_href(domain::OperationRel rel, const domain::Payment& payment,
                           const UrlBase& base) {
    using enum domain::OperationRel;
    const std::string api_payment = base.api + payment_path(payment.id);
    const std::string script = base.front_end +
                               "/invoice/core/scripts/client/px.invoice.client.js?token=" +
                               payment.front_end_token;
    switch (rel) {
        case create_approved_legal_address: return api_payment + "/approvedlegaladdress";
        case create_authorization: return api_payment + "/authorizations";
        case update_payment_abort: return api_payment;
        case redirect_authorization:
            return base.front_end + "/invoice/payments/authorize/" + payment.front_end_token;
        case view_authorization: return script + "&operation=authorize";
        case create_verification: return api_payment + "/verifications";
        case redirect_verification:
            return base.front_end + "/invoice/payments/verify/" + payment.front_end_token;
        case view_verification: return script + "&operation=verify";
        case create_cancellation: return api_payment + "/cancellations";
        case create_capture: return api_payment + "/captures";
        case create_reversal: return api_payment + "/reversals";
        case paid_payment: return api_payment + "/paid";
        case failed_payment: return api_payment + "/failed";
        case aborted_payment: return api_payment + "/aborted";
        case redirect_merchant_complete: return payment.urls.complete_url.value_or("");
        case redirect_merchant_cancel:
            return payment.urls.cancel_url.value_or(payment.urls.payment_url.value_or(""));
    }
    return api_payment;  // Unreachable: the switch covers every enumerator.
}

void write_operations(JsonWriter& out, const domain::Payment& payment, const UrlBase& base,
                      const std::vector<domain::OperationRel>& operations) {
    out.key("operations").begin_array();
    for (const domain::OperationRel rel : operations) {
        for (const OperationSpelling& spelling : operation_rel_spellings) {
            if (spelling.rel != rel) continue;
            out.begin_object()
                .field("method", spelling.method)
                .field("href", operation_href(rel, payment, base))
                .field("rel", spelling.name);
            if (!spelling.content_type.empty()) out.field("contentType", spelling.content_type);
            out.end_object();
        }
    }
    out.end_array();
}

void write_optional(JsonWriter& out, std::string_view name, const std::optional<std::string>& text) {
    if (text && !text->empty()) out.field(name, *text);
}

void write_metadata_value(JsonWriter& out, const domain::MetadataValue& value) {
    using Kind = domain::MetadataValue::Kind;
    switch (value.kind) {
        case Kind::string: out.string(value.text); break;
        case Kind::integer:
        case Kind::decimal: out.raw_number(value.text); break;
        case Kind::boolean: out.boolean(value.text == "true"); break;
    }
}

std::string transaction_type_path(TransactionType type) {
    switch (type) {
        case TransactionType::authorization: return "authorizations";
        case TransactionType::capture: return "captures";
        case TransactionType::cancellation: return "cancellations";
        case TransactionType::reversal: return "reversals";
        case TransactionType::verification: return "verifications";
    }
    return "transactions";  // Unreachable: the switch covers every enumerator.
}

// The transaction object of §4.5.
void write_transaction(JsonWriter& out, const domain::Transaction& transaction) {
    const std::string transaction_path =
        payment_path(transaction.payment_id) + "/transactions/" + transaction.id;
    out.begin_object()
        .field("id", transaction_path)
        .field("created", domain::format_timestamp(transaction.created_at))
        .field("updated", domain::format_timestamp(transaction.updated_at))
        .field("type", spell_enum(transaction_type_spellings, transaction.type))
        .field("state", spell_enum(transaction_state_spellings, transaction.state))
        .field("number", transaction.number)
        .field("amount", transaction.amount.minor)
        .field("vatAmount", transaction.vat_amount.minor)
        .field("description", transaction.description)
        .field("payeeReference", transaction.payee_reference);
    write_optional(out, "receiptReference", transaction.receipt_reference);
    if (transaction.failure) {
        write_optional(out, "failedReason", transaction.failure->reason);
        write_optional(out, "failedActivityName", transaction.failure->activity_name);
        write_optional(out, "failedErrorCode", transaction.failure->error_code);
        write_optional(out, "failedErrorDescription", transaction.failure->error_description);
    }
    out.field("isOperational", transaction.is_operational);
    if (transaction.reconciliation_number) {
        out.field("reconciliationNumber", *transaction.reconciliation_number);
    }
    if (transaction.state == TransactionState::failed) {
        out.link("activities", transaction_path + "/activities");
    }
    out.key("operations").begin_array().end_array();
    out.end_object();
}

// One element of an authorizationList / captureList / …: the typed wrapper around the transaction.
std::string format_civil_date(const domain::CivilDate& date) {
    char text[16];
    std::snprintf(text, sizeof text, "%04d-%02d-%02d", date.year, date.month, date.day);
    return text;
}

std::string_view reference_kind_name(domain::PaymentReferenceKind kind) {
    switch (kind) {
        case domain::PaymentReferenceKind::kid: return "KID";
        case domain::PaymentReferenceKind::ocr: return "OCR";
        case domain::PaymentReferenceKind::finnish_reference: return "FinnishReference";
    }
    return "OCR";
}

// Faktura's addition to a capture: the invoice it produced (README, "Faktura additions").
void write_invoice_summary(JsonWriter& out, const domain::Invoice& invoice) {
    out.key("invoice").begin_object()
        .field("invoiceNumber", invoice.invoice_number)
        .field("invoiceDate", format_civil_date(invoice.issue_date))
        .field("dueDate", format_civil_date(invoice.due_date))
        .field("paymentReferenceType", reference_kind_name(invoice.payment_reference.kind))
        .field("paymentReference", invoice.payment_reference.reference);
    write_optional(out, "rfReference", invoice.payment_reference.rf_reference);
    out.end_object();
}

const domain::Invoice* find_invoice_of(const std::vector<domain::Invoice>* invoices,
                                       std::string_view transaction_id) {
    if (invoices == nullptr) return nullptr;
    for (const domain::Invoice& invoice : *invoices) {
        if (invoice.transaction_id == transaction_id) return &invoice;
    }
    return nullptr;
}

void write_typed_transaction(JsonWriter& out, const domain::Payment& payment,
                             const domain::Transaction& transaction,
                             const std::vector<domain::Invoice>* invoices = nullptr) {
    const std::string base_path = payment_path(payment.id);
    out.begin_object();
    switch (transaction.type) {
        case TransactionType::authorization:
            out.link("shippingAddress", base_path + "/shippingaddress");
            out.link("legalAddress", base_path + "/legaladdress");
            break;
        case TransactionType::verification:
            out.link("legalAddress", base_path + "/legaladdress");
            break;
        case TransactionType::capture:
            out.link("itemDescriptions",
                     base_path + "/transactions/" + transaction.id + "/itemdescriptions");
            break;
        case TransactionType::cancellation:
        case TransactionType::reversal: break;
    }
    out.field("id", base_path + "/" + transaction_type_path(transaction.type) + "/" + transaction.id);
    const bool carries_tokens = transaction.type == TransactionType::authorization ||
                                transaction.type == TransactionType::verification;
    if (carries_tokens && transaction.state == TransactionState::completed) {
        write_optional(out, "paymentToken", payment.payment_token);
        write_optional(out, "recurrenceToken", payment.recurrence_token);
    }
    out.key("transaction");
    write_transaction(out, transaction);
    if (const domain::Invoice* invoice = find_invoice_of(invoices, transaction.id)) {
        write_invoice_summary(out, *invoice);
    }
    out.end_object();
}

std::optional<TransactionType> list_type_of(SubResource sub_resource) {
    switch (sub_resource) {
        case SubResource::authorizations: return TransactionType::authorization;
        case SubResource::verifications: return TransactionType::verification;
        case SubResource::captures: return TransactionType::capture;
        case SubResource::cancellations: return TransactionType::cancellation;
        case SubResource::reversals: return TransactionType::reversal;
        default: return std::nullopt;
    }
}

std::string_view list_key_of(SubResource sub_resource) {
    switch (sub_resource) {
        case SubResource::transactions: return "transactionList";
        case SubResource::authorizations: return "authorizationList";
        case SubResource::verifications: return "verificationList";
        case SubResource::captures: return "captureList";
        case SubResource::cancellations: return "cancellationList";
        case SubResource::reversals: return "reversalList";
        default: return "list";
    }
}

// The inner object of a sub-resource: {"id": <self>, …}; the same for GET …/<name> and $expand.
void write_sub_resource_object(JsonWriter& out, const PaymentDocument& document,
                               SubResource sub_resource) {
    const domain::Payment& payment = document.payment;
    out.begin_object().field("id", sub_resource_path(payment.id, sub_resource));
    switch (sub_resource) {
        case SubResource::urls: {
            const domain::Urls& urls = payment.urls;
            if (!urls.host_urls.empty()) {
                out.key("hostUrls").begin_array();
                for (const std::string& url : urls.host_urls) out.string(url);
                out.end_array();
            }
            write_optional(out, "completeUrl", urls.complete_url);
            write_optional(out, "cancelUrl", urls.cancel_url);
            write_optional(out, "paymentUrl", urls.payment_url);
            write_optional(out, "callbackUrl", urls.callback_url);
            write_optional(out, "logoUrl", urls.logo_url);
            write_optional(out, "termsOfServiceUrl", urls.terms_of_service_url);
            break;
        }
        case SubResource::payee_info: {
            const domain::PayeeInfo& info = payment.payee_info;
            out.field("payeeId", info.payee_id).field("payeeReference", info.payee_reference);
            write_optional(out, "payeeName", info.payee_name);
            write_optional(out, "productCategory", info.product_category);
            write_optional(out, "orderReference", info.order_reference);
            write_optional(out, "subsite", info.subsite);
            break;
        }
        case SubResource::prices:
            out.key("priceList").begin_array();
            if (payment.price) {
                out.begin_object()
                    .field("type", "Invoice")
                    .field("amount", payment.price->amount.minor)
                    .field("vatAmount", payment.price->vat_amount.minor)
                    .end_object();
            }
            out.end_array();
            break;
        case SubResource::metadata:
            for (const auto& [key, value] : payment.metadata) {
                if (key == "id") continue;  // Cannot shadow the resource's own id.
                out.key(key);
                write_metadata_value(out, value);
            }
            break;
        case SubResource::settings: break;
        case SubResource::transactions:
            out.key(list_key_of(sub_resource)).begin_array();
            for (const domain::Transaction& transaction : document.transactions) {
                write_transaction(out, transaction);
            }
            out.end_array();
            break;
        case SubResource::authorizations:
        case SubResource::verifications:
        case SubResource::captures:
        case SubResource::cancellations:
        case SubResource::reversals: {
            const TransactionType type = *list_type_of(sub_resource);
            out.key(list_key_of(sub_resource)).begin_array();
            for (const domain::Transaction& transaction : document.transactions) {
                if (transaction.type == type) {
                    write_typed_transaction(out, payment, transaction, document.invoices);
                }
            }
            out.end_array();
            break;
        }
    }
    out.end_object();
}

bool is_expanded(const std::vector<SubResource>& expansion, SubResource sub_resource) {
    return std::find(expansion.begin(), expansion.end(), sub_resource) != expansion.end();
}

// A link {"id": …}, or the inlined sub-resource when it is expanded.
void write_link_or_expansion(JsonWriter& out, const PaymentDocument& document,
                             const std::vector<SubResource>& expansion, SubResource sub_resource) {
    out.key(name_of(sub_resource).key);
    if (is_expanded(expansion, sub_resource)) {
        write_sub_resource_object(out, document, sub_resource);
    } else {
        out.begin_object()
            .field("id", sub_resource_path(document.payment.id, sub_resource))
            .end_object();
    }
}

}  // namespace

std::string payment_path(std::string_view payment_id) {
    std::string path = "/psp/invoice/payments/";
    path += payment_id;
    return path;
}

std::vector<SubResource> parse_expansion(std::string_view names) {
    std::vector<SubResource> expansion;
    while (!names.empty()) {
        const std::size_t comma = names.find(',');
        std::string_view name = names.substr(0, comma);
        names = comma == std::string_view::npos ? std::string_view{} : names.substr(comma + 1);
        while (!name.empty() && name.front() == ' ') name.remove_prefix(1);
        while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
        if (auto sub_resource = sub_resource_from_path(name)) expansion.push_back(*sub_resource);
    }
    return expansion;
}

std::optional<SubResource> sub_resource_from_path(std::string_view segment) {
    for (const SubResourceName& entry : sub_resource_names) {
        if (iequals(entry.path, segment)) return entry.sub_resource;
    }
    return std::nullopt;
}

std::string encode_payment_resource(const PaymentDocument& document,
                                    const std::vector<domain::OperationRel>& operations,
                                    const std::vector<SubResource>& expansion) {
    const domain::Payment& payment = document.payment;
    const std::string path = payment_path(payment.id);
    const bool has_price = payment.operation != PaymentOperation::verify;
    JsonWriter out;
    out.begin_object().key("payment").begin_object();
    if (payment.has_approved_legal_address) {
        out.link("approvedLegalAddress", path + "/approvedlegaladdress");
        out.link("maskedApprovedLegalAddress", path + "/maskedapprovedlegaladdress");
    }
    write_optional(out, "paymentToken", payment.payment_token);
    if (payment.recurrence_token) {
        out.field("recurrenceToken", *payment.recurrence_token);
    } else {
        write_optional(out, "recurrenceToken", payment.recurrence_token_used);
    }
    out.field("id", path)
        .field("number", payment.number)
        .field("created", domain::format_timestamp(payment.created_at))
        .field("updated", domain::format_timestamp(payment.updated_at))
        .field("instrument", "Invoice")
        .field("operation", spell_enum(operation_spellings, payment.operation));
    if (has_price) out.field("intent", "Authorization");
    out.field("state", spell_enum(state_spellings, payment.state))
        .field("currency", spell_enum(currency_spellings, payment.currency));
    if (has_price) write_link_or_expansion(out, document, expansion, SubResource::prices);
    out.field("amount", payment.authorized.minor);
    // Zero remaining amounts are omitted (§4.3, C-3).
    if (payment.remaining_capture().minor != 0) {
        out.field("remainingCaptureAmount", payment.remaining_capture().minor);
    }
    if (payment.remaining_cancellation().minor != 0) {
        out.field("remainingCancellationAmount", payment.remaining_cancellation().minor);
    }
    if (payment.remaining_reversal().minor != 0) {
        out.field("remainingReversalAmount", payment.remaining_reversal().minor);
    }
    out.field("description", payment.description);
    write_optional(out, "payerReference", payment.payer_reference);
    // A request without a User-Agent header leaves it unset: omitted, not "" (C-3).
    if (!payment.initiating_system_user_agent.empty()) {
        out.field("initiatingSystemUserAgent", payment.initiating_system_user_agent);
    }
    out.field("userAgent", payment.user_agent)
        .field("language", spell_enum(language_spellings, payment.language));
    const domain::TransactionCounts& counts = payment.transaction_counts;
    const std::pair<SubResource, bool> transaction_links[] = {
        {SubResource::transactions, counts.total() > 0},
        {SubResource::authorizations, counts.authorizations > 0},
        {SubResource::verifications, counts.verifications > 0},
        {SubResource::captures, counts.captures > 0},
        {SubResource::reversals, counts.reversals > 0},
        {SubResource::cancellations, counts.cancellations > 0},
    };
    for (const auto& [sub_resource, exists] : transaction_links) {
        // An expanded list that does not exist yet is shown empty (§3.5).
        if (exists || is_expanded(expansion, sub_resource)) {
            write_link_or_expansion(out, document, expansion, sub_resource);
        }
    }
    write_link_or_expansion(out, document, expansion, SubResource::urls);
    write_link_or_expansion(out, document, expansion, SubResource::payee_info);
    write_link_or_expansion(out, document, expansion, SubResource::metadata);
    out.end_object();
    write_operations(out, payment, document.base, operations);
    out.end_object();
    return out.take();
}

std::string encode_sub_resource(const PaymentDocument& document, SubResource sub_resource) {
    JsonWriter out;
    out.begin_object().field("payment", payment_path(document.payment.id));
    out.key(name_of(sub_resource).key);
    write_sub_resource_object(out, document, sub_resource);
    out.end_object();
    return out.take();
}

std::optional<std::string> encode_transaction_item(const PaymentDocument& document,
                                                   SubResource list,
                                                   std::string_view transaction_id) {
    const std::optional<TransactionType> type = list_type_of(list);
    if (!type && list != SubResource::transactions) return std::nullopt;
    for (const domain::Transaction& transaction : document.transactions) {
        if (transaction.id != transaction_id || (type && transaction.type != *type)) continue;
        JsonWriter out;
        out.begin_object().field("payment", payment_path(document.payment.id));
        if (!type) {
            out.key("transaction");
            write_transaction(out, transaction);
        } else {
            std::string singular = transaction_type_path(*type);
            singular.pop_back();  // "captures" → "capture".
            out.key(singular);
            write_typed_transaction(out, document.payment, transaction, document.invoices);
        }
        out.end_object();
        return out.take();
    }
    return std::nullopt;
}

std::string encode_aborted(const domain::Payment& payment) {
    JsonWriter out;
    out.begin_object().field("payment", payment_path(payment.id));
    out.key("aborted").begin_object();
    write_optional(out, "abortReason", payment.abort_reason);
    out.end_object().end_object();
    return out.take();
}

}  // namespace faktura::http

namespace faktura::http {
namespace {

void write_address_fields(JsonWriter& out, const domain::Address& address) {
    out.field("addressee", address.addressee);
    write_optional(out, "coAddress", address.co_address);
    out.field("streetAddress", address.street_address)
        .field("zipCode", address.zip_code)
        .field("city", address.city)
        .field("countryCode", spell_enum(country_spellings, address.country));
}

const domain::Transaction* completed_authorization(const std::vector<domain::Transaction>& transactions) {
    for (const domain::Transaction& transaction : transactions) {
        if ((transaction.type == TransactionType::authorization ||
             transaction.type == TransactionType::verification) &&
            transaction.state == TransactionState::completed) {
            return &transaction;
        }
    }
    return nullptr;
}

}  // namespace

std::string encode_approved_legal_address(const domain::ApprovedLegalAddress& approved, bool masked) {
    const std::string path = payment_path(approved.payment_id);
    JsonWriter out;
    out.begin_object().field("payment", path);
    if (masked) {
        const domain::MaskedAddress m = domain::mask_address(approved.address);
        out.key("maskedApprovedLegalAddress").begin_object()
            .field("id", path + "/maskedapprovedlegaladdress")
            .field("addressee", m.addressee);
        write_optional(out, "coAddress", m.co_address);
        out.field("streetAddress", m.street_address)
            .field("zipCode", m.zip_code)
            .field("city", m.city)
            .field("countryCode", spell_enum(country_spellings, m.country))
            .end_object();
    } else {
        out.key("approvedLegalAddress").begin_object().field("id", path + "/approvedlegaladdress");
        write_address_fields(out, approved.address);
        out.end_object();
    }
    out.end_object();
    return out.take();
}

std::string encode_consumer(const domain::AuthorizationDetails& details) {
    const std::string path = payment_path(details.payment_id);
    JsonWriter out;
    out.begin_object().field("payment", path);
    out.key("consumer").begin_object()
        .field("id", path + "/consumer")
        .field("socialSecurityNumber", details.consumer.national_id);
    write_optional(out, "customerNumber", details.consumer.customer_number);
    write_optional(out, "email", details.consumer.email);
    out.field("msisdn", details.consumer.msisdn).field("ip", details.consumer.ip).end_object();
    out.end_object();
    return out.take();
}

std::string encode_address(const domain::AuthorizationDetails& details, AddressKind kind) {
    const std::string path = payment_path(details.payment_id);
    const char* key = "legalAddress";
    const char* segment = "/legaladdress";
    const domain::Address* address = &details.legal_address;
    if (kind == AddressKind::billing) {
        key = "billingAddress";
        segment = "/billingaddress";
        address = &*details.billing_address;
    } else if (kind == AddressKind::shipping) {
        key = "shippingAddress";
        segment = "/shippingaddress";
        address = &details.shipping_address();
    }
    JsonWriter out;
    out.begin_object().field("payment", path);
    out.key(key).begin_object().field("id", path + segment);
    write_address_fields(out, *address);
    out.end_object().end_object();
    return out.take();
}

std::string encode_paid(const PaymentDocument& document,
                        const std::optional<std::string>& masked_national_id) {
    const domain::Payment& payment = document.payment;
    const std::string path = payment_path(payment.id);
    JsonWriter out;
    out.begin_object().field("payment", path);
    out.key("paid").begin_object().field("id", path + "/paid").field("number", payment.number);
    if (const domain::Transaction* authorization = completed_authorization(document.transactions)) {
        out.key("transaction").begin_object()
            .field("id", path + "/transactions/" + authorization->id)
            .field("number", authorization->number)
            .end_object();
    }
    out.field("payeeReference", payment.payee_info.payee_reference);
    write_optional(out, "orderReference", payment.payee_info.order_reference);
    out.field("amount", payment.authorized.minor);
    if (payment.payment_token || payment.recurrence_token) {
        out.key("tokens").begin_array();
        // Tokens are made when the authorization completes; they expire payer_token_validity_months later.
        const domain::Transaction* made_by = completed_authorization(document.transactions);
        const auto token = [&](const char* type, const std::optional<std::string>& value) {
            if (!value) return;
            out.begin_object().field("type", type).field("token", *value);
            write_optional(out, "name", masked_national_id);
            if (made_by != nullptr) {
                out.field("expiryDate", domain::format_expiry(domain::payer_token_expiry(made_by->created_at)));
            }
            out.end_object();
        };
        token("payment", payment.payment_token);
        token("recurrence", payment.recurrence_token);
        out.end_array();
    }
    out.end_object().end_object();
    return out.take();
}

std::string encode_failed(const PaymentDocument& document) {
    const domain::Transaction* failed = nullptr;
    for (const domain::Transaction& transaction : document.transactions) {
        if (transaction.state == TransactionState::failed && transaction.failure) failed = &transaction;
    }
    domain::TransactionFailure failure{"ExternalResponseError", "Authorize", std::nullopt, "No error code"};
    if (failed != nullptr) failure = *failed->failure;
    struct Family {
        int status;
        std::string_view type;
    };
    Family family{500, "invoice/externalerror"};
    switch (domain::third_party_problem_of(failure)) {
        case domain::ThirdPartyProblem::external_error_500: family = {500, "invoice/externalerror"}; break;
        case domain::ThirdPartyProblem::input_error_400: family = {400, "invoice/inputerror"}; break;
        case domain::ThirdPartyProblem::external_error_502: family = {502, "invoice/externalerror"}; break;
        case domain::ThirdPartyProblem::forbidden_403: family = {403, "invoice/forbidden"}; break;
    }
    const std::string transaction_name = failed != nullptr && failed->type == TransactionType::verification
                                             ? "Verification"
                                             : "Authorization";
    std::string description = failure.error_code ? *failure.error_code + " - " : std::string();
    description += failure.error_description.value_or("No error code");
    JsonWriter out;
    out.begin_object().key("problem").begin_object()
        .key("type").string("https://api.payex.com/psp/errordetail/" + std::string(family.type))
        .field("title", "Operation failed")
        .field("status", static_cast<std::int64_t>(family.status))
        .field("detail", "Unable to complete " + transaction_name + " transaction, look at problem node!")
        .key("problems").begin_array()
        .begin_object().field("name", "ExternalResponse").field("description", description).end_object()
        .end_array()
        .end_object().end_object();
    return out.take();
}

std::optional<std::string> encode_activities(const PaymentDocument& document,
                                             std::string_view transaction_id) {
    for (const domain::Transaction& transaction : document.transactions) {
        if (transaction.id != transaction_id) continue;
        const std::string path = payment_path(document.payment.id) + "/transactions/" + transaction.id;
        JsonWriter out;
        out.begin_object().field("transaction", path);
        out.key("activities").begin_object().field("id", path + "/activities");
        out.key("activityList").begin_array().begin_object();
        std::string name = "Authorize";
        switch (transaction.type) {
            case TransactionType::authorization: name = "Authorize"; break;
            case TransactionType::verification: name = "Verify"; break;
            case TransactionType::capture: name = "Capture"; break;
            case TransactionType::cancellation: name = "Cancel"; break;
            case TransactionType::reversal: name = "Reverse"; break;
        }
        if (transaction.failure && !transaction.failure->activity_name.empty()) {
            name = transaction.failure->activity_name;
        }
        out.field("name", name)
            .field("state", spell_enum(transaction_state_spellings, transaction.state))
            .field("created", domain::format_timestamp(transaction.created_at))
            .field("updated", domain::format_timestamp(transaction.updated_at));
        if (transaction.failure) {
            write_optional(out, "errorCode", transaction.failure->error_code);
            write_optional(out, "errorDescription", transaction.failure->error_description);
        }
        out.end_object().end_array().end_object().end_object();
        return out.take();
    }
    return std::nullopt;
}

std::string encode_item_descriptions(const domain::Invoice& invoice) {
    const std::string path = payment_path(invoice.payment_id) + "/transactions/" + invoice.transaction_id;
    JsonWriter out;
    out.begin_object().field("transaction", path);
    out.key("itemDescriptions").begin_object().field("id", path + "/itemdescriptions");
    out.key("itemDescriptionList").begin_array();
    for (const domain::ItemDescription& item : invoice.item_descriptions) {
        out.begin_object().field("amount", item.amount.minor).field("description", item.description).end_object();
    }
    out.end_array().end_object().end_object();
    return out.take();
}

}  // namespace faktura::http
