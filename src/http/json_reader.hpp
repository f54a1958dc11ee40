// Reading a request body without exceptions: parse_body turns the text into a JSON object or a
// problem naming the body, and ObjectReader binds one object the lenient way the real service does
// (§3.3), recording every problem with the name of its field. Also the text checks the decoders
// share (URL, GUID, e-mail, MSISDN, IP, payeeReference).
#pragma once

#include <boost/json/monotonic_resource.hpp>
#include <boost/json/value.hpp>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/error.hpp"
#include "domain/result.hpp"
#include "http/wire_spelling.hpp"

namespace faktura::http {

// "payeeReference" → "PayeeReference": the model spelling of a JSON name.
std::string capitalized(std::string_view name);

// Reads one JSON object: case-insensitive names (§3.3), null treated as absent, and every problem
// recorded with both spellings of its name: the model path ("Payment.PayeeInfo.PayeeReference") for
// validation failures and the JSON path ("payment.payeeInfo.payeeReference") for type conversions.
class ObjectReader {
  public:
    ObjectReader(const boost::json::object& object, std::string model_path, std::string json_path,
                 std::vector<domain::FieldProblem>& problems);

    // The value of `name`, or nullptr when it is absent. The one leniency rule for every body
    // (§3.3): clients generated from models send `null` for an unset object, array or scalar and
    // `""` for an unset string, so both read as absent. An optional field is then simply not set;
    // a required one gets the same problem as a missing one. Nothing per field.
    const boost::json::value* find(std::string_view name) const;
    static bool is_unset(const boost::json::value& value);

    std::string model_name(std::string_view name) const;
    std::string json_name(std::string_view name) const;

    void problem(std::string_view name, std::string description);
    void required(std::string_view name);
    void conversion_problem(std::string_view name, const boost::json::value& value,
                            std::string_view type);

    // A string of min..max characters (code points); scalars are converted as the binder does.
    std::optional<std::string> string(std::string_view name, bool is_required,
                                      std::size_t length_min, std::size_t length_max);
    // An integer in min..max; integral numbers written as strings or as 100.0 are accepted.
    std::optional<std::int64_t> integer(std::string_view name, bool is_required,
                                        std::int64_t minimum, std::int64_t maximum);
    // JSON true/false, or the strings "true"/"false" (§3.3, C-21).
    std::optional<bool> boolean(std::string_view name);

    // One of the enum's wire spellings, in any case (wire_spelling.hpp).
    template <typename Enum>
    std::optional<Enum> enumeration(std::string_view name, bool is_required) {
        const boost::json::value* value = find(name);
        if (value == nullptr) {
            if (is_required) required(name);
            return std::nullopt;
        }
        if (!value->is_string()) {
            conversion_problem(name, *value, capitalized(name));
            return std::nullopt;
        }
        const std::string_view text = value->get_string();
        if (auto parsed = from_wire<Enum>(text)) return parsed;
        problem(name, "The value '" + std::string(text) + "' is not valid for " +
                          capitalized(name) + ". Allowed values: " + allowed_values<Enum>() + ".");
        return std::nullopt;
    }

    std::optional<ObjectReader> object(std::string_view name, bool is_required);
    const boost::json::array* array(std::string_view name, bool is_required);
    // The reader of element `index` of the array `name`.
    ObjectReader element(std::string_view name, std::size_t index,
                         const boost::json::object& object);

    std::vector<domain::FieldProblem>& problems() { return problems_; }

    static std::size_t code_points(std::string_view text);

  private:
    static std::string range_text(std::string_view name, std::int64_t minimum,
                                  std::int64_t maximum);

    const boost::json::object& object_;
    std::string model_path_;
    std::string json_path_;
    std::vector<domain::FieldProblem>& problems_;
};

// request_invalid with these problems: what every decoder answers when a field fails.
domain::Error invalid(std::vector<domain::FieldProblem> problems);

// The body as a JSON object, or request_malformed with a problem named "Body" saying where it is
// not JSON. A leading UTF-8 byte-order mark is skipped (Windows tools and .NET send one).
// The value's memory comes from `storage` (the default heap when empty).
domain::Result<boost::json::value> parse_body(std::string_view body,
                                              boost::json::storage_ptr storage = {});

// What every body decoder does around its own fields: parses `body` (request_malformed when it is
// no JSON object), runs decode(root, command) on the top-level object, and answers request_invalid
// when decode recorded any problem — decode may stop early after a problem — or else the command.
// The parsed body lives in a buffer on this stack frame while it fits (a create-payment body
// does): the dozens of small values of a body cost no heap allocation.
template <typename Command, typename Decode>
domain::Result<Command> decode_body(std::string_view body, Decode decode) {
    alignas(std::max_align_t) unsigned char buffer[4096];
    boost::json::monotonic_resource resource(buffer, sizeof buffer);
    auto document = parse_body(body, boost::json::storage_ptr(&resource));
    if (!document) return std::move(document).error();
    std::vector<domain::FieldProblem> problems;
    ObjectReader root(document->get_object(), "", "", problems);
    Command command;
    decode(root, command);
    if (!problems.empty()) return invalid(std::move(problems));
    return command;
}

// An absolute http(s) URL; `https_only` for logoUrl and termsOfServiceUrl (§6.3, C-19).
std::optional<std::string> absolute_url(ObjectReader& reader, std::string_view name,
                                        bool is_required, bool https_only);

bool is_payee_reference_text(std::string_view text);  // A-Z, a-z, 0-9, _ and -.
bool is_ip_literal(const std::string& text);          // IPv4 or IPv6.
bool is_msisdn_text(std::string_view text);           // ^[+][0-9]+$
bool is_email_text(std::string_view text);

// The lower-cased GUID `text` spells, in either case; nullopt when it is none.
std::optional<std::string> guid_of(std::string_view text);

}  // namespace faktura::http
