// The credit-provider JSON contract of docs/credit-provider.md, both directions: the wire names and
// enum spellings of that contract appear here and nowhere else. Answers are read without
// exceptions; anything outside the contract is treated like no answer at all.
#include "outbound/http_credit_provider.hpp"

#include <algorithm>
#include <array>
#include <boost/json.hpp>
#include <iostream>
#include <stdexcept>
#include <variant>

#include "domain/authorization.hpp"
#include "domain/country.hpp"
#include "outbound/http_client.hpp"

namespace faktura::outbound {
namespace {

namespace json = boost::json;

// No registry field is anywhere near this long; a longer one means the answer is not ours to trust.
constexpr std::size_t answer_field_length_max = 512;
// Deeper answers are refused while parsing; the contract's deepest is two levels.
constexpr std::size_t answer_depth_max = 8;

std::string_view currency_spelling(domain::Currency currency) {
    switch (currency) {
        case domain::Currency::sek:
            return "SEK";
        case domain::Currency::nok:
            return "NOK";
        case domain::Currency::eur:
            return "EUR";
    }
    return "";
}

std::optional<domain::Country> country_of(std::string_view spelling) {
    for (const domain::Country country :
         {domain::Country::se, domain::Country::no, domain::Country::fi}) {
        const std::string_view expected = domain::iso_code(country);
        if (spelling.size() == expected.size() &&
            std::equal(spelling.begin(), spelling.end(), expected.begin(),
                       [](char a, char b) { return (a & ~0x20) == b; })) {
            return country;
        }
    }
    return std::nullopt;
}

json::object address_json(const domain::Address& address) {
    json::object object;
    object["addressee"] = address.addressee;
    if (address.co_address) object["coAddress"] = *address.co_address;
    object["streetAddress"] = address.street_address;
    object["zipCode"] = address.zip_code;
    object["city"] = address.city;
    object["countryCode"] = domain::iso_code(address.country);
    return object;
}

std::string lookup_request_json(const app::LegalAddressQuery& query) {
    json::object object;
    object["payeeId"] = query.payee_id;
    object["paymentId"] = query.payment_id;
    object["country"] = domain::iso_code(query.person.country);
    object["nationalId"] = query.person.canonical;
    object["zipCode"] = query.zip_code;
    return json::serialize(object);
}

std::string decision_request_json(const app::CreditQuery& query) {
    json::object consumer;
    consumer["nationalId"] = query.consumer.national_id;
    if (query.consumer.customer_number)
        consumer["customerNumber"] = *query.consumer.customer_number;
    if (query.consumer.email) consumer["email"] = *query.consumer.email;
    consumer["msisdn"] = query.consumer.msisdn;
    consumer["ip"] = query.consumer.ip;

    json::object object;
    object["payeeId"] = query.payee_id;
    object["paymentId"] = query.payment_id;
    object["transactionId"] = query.transaction_id;
    object["activity"] = query.activity_name;
    object["currency"] = currency_spelling(query.currency);
    object["amount"] = query.amount.minor;
    object["vatAmount"] = query.vat_amount.minor;
    object["country"] = domain::iso_code(query.person.country);
    object["nationalId"] = query.person.canonical;
    object["consumer"] = std::move(consumer);
    object["legalAddress"] = address_json(query.legal_address);
    if (query.billing_address) object["billingAddress"] = address_json(*query.billing_address);
    return json::serialize(object);
}

// Why an exchange gave no usable answer: `description` becomes failedErrorDescription, `detail`
// goes to the log only.
struct ExchangeFailure {
    std::string_view description;
    std::string detail;
};

std::variant<json::object, ExchangeFailure> answer_object(const OutboundResponse& response) {
    switch (response.outcome) {
        case OutboundResponse::Outcome::timed_out:
            return ExchangeFailure{provider_timed_out_description, response.error};
        case OutboundResponse::Outcome::refused:  // Never: the provider may be on any address.
        case OutboundResponse::Outcome::failed:
            return ExchangeFailure{provider_unreachable_description, response.error};
        case OutboundResponse::Outcome::answered:
            break;
    }
    // The body of an error answer is not logged: it may echo the identity number we sent.
    if (response.status < 200 || response.status > 299) {
        return ExchangeFailure{provider_http_error_description,
                               "answered HTTP " + std::to_string(response.status)};
    }
    json::parse_options options;
    options.max_depth = answer_depth_max;
    boost::system::error_code error;
    json::value document = json::parse(response.body, error, {}, options);
    if (error) {
        return ExchangeFailure{provider_invalid_answer_description,
                               "answer is not JSON: " + error.message()};
    }
    if (!document.is_object()) {
        return ExchangeFailure{provider_invalid_answer_description, "answer is not a JSON object"};
    }
    return std::move(document.as_object());
}

// A field the contract requires to be a string of bounded length; null when it is not.
const json::string* required_string(const json::object& object, std::string_view key) {
    const json::value* value = object.if_contains(key);
    if (value == nullptr || !value->is_string()) return nullptr;
    if (value->as_string().size() > answer_field_length_max) return nullptr;
    return &value->as_string();
}

// An optional string field: absent and null both mean "not given". False if it is anything else.
bool read_optional_string(const json::object& object, std::string_view key,
                          std::optional<std::string>& out) {
    const json::value* value = object.if_contains(key);
    if (value == nullptr || value->is_null()) {
        out.reset();
        return true;
    }
    if (!value->is_string() || value->as_string().size() > answer_field_length_max) return false;
    out = std::string(value->as_string());
    return true;
}

// The address of a "found" answer; its countryCode must be the country looked up, because the
// legal address of a payment is always in the payment's country (spec §12.1).
std::variant<domain::Address, std::string> address_of(const json::object& answer,
                                                      domain::Country country_looked_up) {
    const json::value* value = answer.if_contains("address");
    if (value == nullptr || !value->is_object()) return std::string("found without an address");
    const json::object& object = value->as_object();
    domain::Address address;
    for (const auto& [key, field] : std::array<std::pair<std::string_view, std::string*>, 4>{{
             {"addressee", &address.addressee},
             {"streetAddress", &address.street_address},
             {"zipCode", &address.zip_code},
             {"city", &address.city},
         }}) {
        const json::string* text = required_string(object, key);
        if (text == nullptr || text->empty()) {
            return "address." + std::string(key) + " is missing, empty, too long or not a string";
        }
        *field = std::string(*text);
    }
    if (!read_optional_string(object, "coAddress", address.co_address)) {
        return std::string("address.coAddress is not a string");
    }
    const json::string* country_code = required_string(object, "countryCode");
    const std::optional<domain::Country> country =
        country_code == nullptr ? std::nullopt : country_of(*country_code);
    if (!country) return std::string("address.countryCode is not SE, NO or FI");
    if (*country != country_looked_up) {
        return std::string("address.countryCode is not the country looked up");
    }
    address.country = *country;
    return address;
}

// errorCode may be a string or an integer (codes are numbers in the spec's table); absent and
// null both mean "no error code".
bool read_error_code(const json::object& answer, std::optional<std::string>& out) {
    const json::value* value = answer.if_contains("errorCode");
    if (value != nullptr && value->is_int64()) {
        out = std::to_string(value->as_int64());
        return true;
    }
    if (value != nullptr && value->is_uint64()) {
        out = std::to_string(value->as_uint64());
        return true;
    }
    if (!read_optional_string(answer, "errorCode", out)) return false;
    return !out || !out->empty();
}

domain::CreditDecision failed_decision(std::string_view activity_name,
                                       std::optional<std::string> error_code,
                                       std::optional<std::string> error_description) {
    const domain::ThirdPartyProblem problem = domain::third_party_problem_of(error_code);
    return domain::CreditDecision{
        .outcome = domain::CreditOutcome::failed,
        .failure =
            domain::TransactionFailure{
                .reason = "ExternalResponseError",
                .activity_name = std::string(activity_name),
                .error_code = std::move(error_code),
                .error_description = std::move(error_description),
            },
        .problem = problem,
    };
}

std::variant<domain::CreditDecision, std::string> decision_of(const json::object& answer,
                                                              std::string_view activity_name) {
    const json::string* outcome = required_string(answer, "outcome");
    if (outcome == nullptr) return std::string("outcome is missing or not a string");
    if (*outcome == "completed") {
        return domain::CreditDecision{domain::CreditOutcome::completed, std::nullopt, std::nullopt};
    }
    if (*outcome == "pending") {
        return domain::CreditDecision{domain::CreditOutcome::initialized, std::nullopt,
                                      std::nullopt};
    }
    if (*outcome != "failed") {
        return std::string("outcome is not completed, failed or pending");
    }
    std::optional<std::string> error_code;
    if (!read_error_code(answer, error_code)) {
        return std::string("errorCode is not a non-empty string or an integer");
    }
    std::optional<std::string> error_description;
    if (!read_optional_string(answer, "errorDescription", error_description)) {
        return std::string("errorDescription is not a string");
    }
    return failed_decision(activity_name, std::move(error_code), std::move(error_description));
}

std::variant<domain::LookupOutcome, std::string> lookup_of(const json::object& answer,
                                                           domain::Country country_looked_up) {
    const json::string* status = required_string(answer, "status");
    if (status == nullptr) return std::string("status is missing or not a string");
    if (*status == "zipMismatch") {
        return domain::LookupOutcome{domain::LookupStatus::zip_mismatch, std::nullopt};
    }
    if (*status == "personUnknown") {
        return domain::LookupOutcome{domain::LookupStatus::person_unknown, std::nullopt};
    }
    if (*status != "found") {
        return std::string("status is not found, zipMismatch or personUnknown");
    }
    auto address = address_of(answer, country_looked_up);
    if (auto* why = std::get_if<std::string>(&address)) return std::move(*why);
    return domain::LookupOutcome{domain::LookupStatus::found,
                                 std::move(std::get<domain::Address>(address))};
}

std::string without_trailing_slashes(std::string url) {
    while (!url.empty() && url.back() == '/') url.pop_back();
    return url;
}

bool starts_with_http_scheme(std::string_view url) {
    const auto lower_starts_with = [url](std::string_view prefix) {
        if (url.size() <= prefix.size()) return false;
        for (std::size_t i = 0; i < prefix.size(); ++i) {
            const char c = url[i];
            if ((c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c) != prefix[i])
                return false;
        }
        return true;
    };
    return lower_starts_with("http://") || lower_starts_with("https://");
}

}  // namespace

HttpCreditProvider::HttpCreditProvider(std::string base_url, HttpCreditProviderOptions options)
    : base_url_(without_trailing_slashes(std::move(base_url))), options_(std::move(options)) {
    if (!starts_with_http_scheme(base_url_)) {
        throw std::invalid_argument("credit provider URL must start with http:// or https://: " +
                                    base_url_);
    }
    if (!options_.log) {
        options_.log = [](const std::string& line) { std::cerr << line + "\n" << std::flush; };
    }
}

namespace {

OutboundRequest provider_request(const std::string& url, std::string body,
                                 const HttpCreditProviderOptions& options) {
    OutboundRequest request{
        .method = HttpMethod::post,
        .url = url,
        .body = std::move(body),
        .headers = {{"Content-Type", "application/json"}, {"Accept", "application/json"}},
        .timeout = options.timeout,
        .connect_timeout = options.connect_timeout,
        .response_body_limit_bytes = provider_answer_limit_bytes,
    };
    request.headers.insert(request.headers.end(), options.headers.begin(), options.headers.end());
    return request;
}

std::string log_line(const std::string& url, const std::string& payment_id,
                     std::string_view detail) {
    return "faktura credit provider: POST " + url + " for payment " + payment_id + ": " +
           std::string(detail);
}

}  // namespace

domain::LookupOutcome HttpCreditProvider::lookup_legal_address(
    const app::LegalAddressQuery& query) {
    const std::string url = base_url_ + "/legal-address-lookups";
    const OutboundResponse response =
        send(provider_request(url, lookup_request_json(query), options_));
    const domain::LookupOutcome unavailable{domain::LookupStatus::provider_unavailable,
                                            std::nullopt};
    auto answer = answer_object(response);
    if (auto* failure = std::get_if<ExchangeFailure>(&answer)) {
        options_.log(log_line(url, query.payment_id, failure->detail));
        return unavailable;
    }
    auto outcome = lookup_of(std::get<json::object>(answer), query.person.country);
    if (auto* why = std::get_if<std::string>(&outcome)) {
        options_.log(log_line(url, query.payment_id, "answer outside the contract: " + *why));
        return unavailable;
    }
    return std::get<domain::LookupOutcome>(std::move(outcome));
}

domain::CreditDecision HttpCreditProvider::decide(const app::CreditQuery& query) {
    const std::string url = base_url_ + "/credit-decisions";
    const OutboundResponse response =
        send(provider_request(url, decision_request_json(query), options_));
    auto answer = answer_object(response);
    if (auto* failure = std::get_if<ExchangeFailure>(&answer)) {
        options_.log(log_line(url, query.payment_id, failure->detail));
        return failed_decision(query.activity_name, std::nullopt,
                               std::string(failure->description));
    }
    auto decision = decision_of(std::get<json::object>(answer), query.activity_name);
    if (auto* why = std::get_if<std::string>(&decision)) {
        options_.log(log_line(url, query.payment_id, "answer outside the contract: " + *why));
        return failed_decision(query.activity_name, std::nullopt,
                               std::string(provider_invalid_answer_description));
    }
    return std::get<domain::CreditDecision>(std::move(decision));
}

}  // namespace faktura::outbound
