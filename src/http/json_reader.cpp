#include "http/json_reader.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <boost/json/parser.hpp>
#include <boost/json/serialize.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>
#include <charconv>
#include <cmath>

#include "app/system.hpp"
#include "http/limits.hpp"

namespace faktura::http {

namespace json = boost::json;
using domain::Error;
using domain::ErrorCode;
using domain::FieldProblem;

namespace {

std::string describe_json(const json::value& value) {
    switch (value.kind()) {
        case json::kind::string:
            return std::string(value.get_string());
        case json::kind::object:
            return "{…}";
        case json::kind::array:
            return "[…]";
        case json::kind::null:
            return "null";
        case json::kind::bool_:
        case json::kind::int64:
        case json::kind::uint64:
        case json::kind::double_:
            return json::serialize(value);
    }
    return json::serialize(value);
}

constexpr std::string_view input_validation_failed =
    "Input validation failed, error description in problems node!";

}  // namespace

std::string capitalized(std::string_view name) {
    std::string text(name);
    if (!text.empty() && text[0] >= 'a' && text[0] <= 'z') {
        text[0] = static_cast<char>(text[0] - 32);
    }
    return text;
}

ObjectReader::ObjectReader(const json::object& object, std::string model_path,
                           std::string json_path, std::vector<FieldProblem>& problems)
    : object_(object),
      model_path_(std::move(model_path)),
      json_path_(std::move(json_path)),
      problems_(problems) {}

const json::value* ObjectReader::find(std::string_view name) const {
    const json::value* found = nullptr;
    // The last match wins, as in the binder of the real service.
    for (const auto& entry : object_) {
        if (iequals(entry.key(), name)) found = &entry.value();
    }
    if (found == nullptr || is_unset(*found)) return nullptr;
    return found;
}

bool ObjectReader::is_unset(const json::value& value) {
    return value.is_null() || (value.is_string() && value.get_string().empty());
}

std::string ObjectReader::model_name(std::string_view name) const {
    return model_path_.empty() ? capitalized(name) : model_path_ + "." + capitalized(name);
}

std::string ObjectReader::json_name(std::string_view name) const {
    return json_path_.empty() ? std::string(name) : json_path_ + "." + std::string(name);
}

void ObjectReader::problem(std::string_view name, std::string description) {
    problems_.push_back(FieldProblem{model_name(name), std::move(description)});
}

void ObjectReader::required(std::string_view name) {
    problem(name, "The " + capitalized(name) + " field is required.");
}

void ObjectReader::conversion_problem(std::string_view name, const json::value& value,
                                      std::string_view type) {
    const std::string path = json_name(name);
    problems_.push_back(FieldProblem{path, "Error converting value \"" + describe_json(value) +
                                               "\" to type '" + std::string(type) + "'. Path '" +
                                               path + "'."});
}

std::optional<std::string> ObjectReader::string(std::string_view name, bool is_required,
                                                std::size_t length_min, std::size_t length_max) {
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
            problem(name, "The field " + capitalized(name) +
                              " must be a string with a minimum length of " +
                              std::to_string(length_min) + ".");
        }
        return std::nullopt;
    }
    if (length > length_max) {
        problem(name, "The field " + capitalized(name) +
                          " must be a string with a maximum length of " +
                          std::to_string(length_max) + ".");
        return std::nullopt;
    }
    return text;
}

std::optional<std::int64_t> ObjectReader::integer(std::string_view name, bool is_required,
                                                  std::int64_t minimum, std::int64_t maximum) {
    const json::value* value = find(name);
    if (value == nullptr) {
        if (is_required) required(name);
        return std::nullopt;
    }
    std::optional<std::int64_t> number;
    if (value->is_int64()) {
        number = value->get_int64();
    } else if (value->is_uint64()) {
        problem(name, range_text(name, minimum, maximum));  // Beyond int64: certainly out of range.
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

std::optional<bool> ObjectReader::boolean(std::string_view name) {
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

std::optional<ObjectReader> ObjectReader::object(std::string_view name, bool is_required) {
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

const json::array* ObjectReader::array(std::string_view name, bool is_required) {
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

ObjectReader ObjectReader::element(std::string_view name, std::size_t index,
                                   const json::object& object) {
    const std::string suffix = "[" + std::to_string(index) + "]";
    return ObjectReader(object, model_name(name) + suffix, json_name(name) + suffix, problems_);
}

std::size_t ObjectReader::code_points(std::string_view text) {
    return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
        return (static_cast<unsigned char>(c) & 0xc0) != 0x80;
    }));
}

std::string ObjectReader::range_text(std::string_view name, std::int64_t minimum,
                                     std::int64_t maximum) {
    return "The field " + capitalized(name) + " must be between " + std::to_string(minimum) +
           " and " + std::to_string(maximum) + ".";
}

domain::Result<json::value> parse_body(std::string_view body, json::storage_ptr storage) {
    constexpr std::string_view utf8_bom = "\xEF\xBB\xBF";
    if (body.substr(0, utf8_bom.size()) == utf8_bom) body.remove_prefix(utf8_bom.size());
    json::parse_options options;
    options.max_depth = json_depth_max;
    // The parser's own working memory (its stack of values not yet in their object) starts in
    // this buffer, so a body of ordinary size parses without one allocation.
    alignas(std::max_align_t) unsigned char working_memory[2048];
    json::parser parser(json::storage_ptr(), options, working_memory, sizeof working_memory);
    parser.reset(std::move(storage));
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
        std::string description =
            body.empty() ? std::string("The request body is empty; a JSON object is required.")
                         : "The request body is not valid JSON (" + ec.message() + ") at line " +
                               std::to_string(line) + ", position " + std::to_string(column) + ".";
        return Error{ErrorCode::request_malformed,
                     std::string(input_validation_failed),
                     {FieldProblem{"Body", std::move(description)}}};
    }
    json::value document = parser.release();
    if (!document.is_object()) {
        return Error{ErrorCode::request_malformed,
                     std::string(input_validation_failed),
                     {FieldProblem{"Body", "The request body must be a JSON object."}}};
    }
    return document;
}

Error invalid(std::vector<FieldProblem> problems) {
    return Error{ErrorCode::request_invalid, std::string(input_validation_failed),
                 std::move(problems)};
}

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

bool is_payee_reference_text(std::string_view text) {
    return std::all_of(text.begin(), text.end(), [](char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
               c == '_' || c == '-';
    });
}

bool is_ip_literal(const std::string& text) {
    unsigned char buffer[16];
    return inet_pton(AF_INET, text.c_str(), buffer) == 1 ||
           inet_pton(AF_INET6, text.c_str(), buffer) == 1;
}

bool is_msisdn_text(std::string_view text) {
    return text.size() >= 2 && text[0] == '+' &&
           std::all_of(text.begin() + 1, text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool is_email_text(std::string_view text) {
    const std::size_t at = text.find('@');
    if (at == std::string_view::npos || at == 0 ||
        text.find('@', at + 1) != std::string_view::npos) {
        return false;
    }
    const std::string_view domain_part = text.substr(at + 1);
    const std::size_t dot = domain_part.rfind('.');
    return dot != std::string_view::npos && dot > 0 && dot + 1 < domain_part.size() &&
           text.find_first_of(" \t\r\n<>\"") == std::string_view::npos;
}

std::optional<std::string> guid_of(std::string_view text) {
    if (!app::is_guid(text)) return std::nullopt;
    return lowercase(std::string(text));
}

}  // namespace faktura::http
