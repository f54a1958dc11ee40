// The JSON column codecs: Boost.JSON in, domain values out, and every malformed text reported as a
// ColumnContentError naming the column, so a corrupt row is never half read.
#include "storage/json_columns.hpp"

#include <boost/json.hpp>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <utility>

#include "storage/sql_spelling.hpp"

namespace faktura::storage {
namespace {

[[noreturn]] void fail(const std::string& problem) { throw ColumnContentError(problem); }

boost::json::array parse_array(std::string_view json, std::string_view column_name) {
    boost::system::error_code error;
    boost::json::value parsed = boost::json::parse(json, error);
    if (error || !parsed.is_array()) fail(std::string(column_name) + " is not a JSON array");
    return std::move(parsed.get_array());
}

// A member that must be a JSON integer.
std::int64_t integer_member(const boost::json::object& object, std::string_view member,
                            std::string_view column_name) {
    const boost::json::value* value = object.if_contains(member);
    if (value == nullptr || !value->is_int64()) {
        fail("an entry of " + std::string(column_name) + " lacks the integer " +
             std::string(member));
    }
    return value->get_int64();
}

std::string encode_strings(const std::vector<std::string>& strings) {
    boost::json::array array;
    array.reserve(strings.size());
    for (const std::string& text : strings) array.emplace_back(text);
    return boost::json::serialize(array);
}

std::vector<std::string> decode_strings(std::string_view json, std::string_view column) {
    const boost::json::array array = parse_array(json, column);
    std::vector<std::string> strings;
    strings.reserve(array.size());
    for (const boost::json::value& text : array) {
        if (!text.is_string()) fail(std::string(column) + " holds a non-string");
        strings.emplace_back(text.get_string());
    }
    return strings;
}

}  // namespace

std::string HostUrlsJson::encode(const std::vector<std::string>& host_urls) {
    return encode_strings(host_urls);
}

std::vector<std::string> HostUrlsJson::decode(std::string_view json) {
    return decode_strings(json, "host_urls");
}

std::string CallbackSecretsJson::encode(const std::vector<std::string>& secrets) {
    return encode_strings(secrets);
}

std::vector<std::string> CallbackSecretsJson::decode(std::string_view json) {
    return decode_strings(json, "callback_secrets");
}

std::string MetadataJson::encode(const domain::Metadata& metadata) {
    boost::json::array array;
    array.reserve(metadata.size());
    for (const auto& [key, value] : metadata) {
        array.emplace_back(boost::json::object{
            {"key", key},
            {"kind", to_sql(value.kind)},
            {"text", value.text},
        });
    }
    return boost::json::serialize(array);
}

domain::Metadata MetadataJson::decode(std::string_view json) {
    const boost::json::array array = parse_array(json, "metadata");
    domain::Metadata metadata;
    metadata.reserve(array.size());
    for (const boost::json::value& entry : array) {
        const boost::json::object* object = entry.if_object();
        const boost::json::value* key = object ? object->if_contains("key") : nullptr;
        const boost::json::value* kind = object ? object->if_contains("kind") : nullptr;
        const boost::json::value* text = object ? object->if_contains("text") : nullptr;
        if (!key || !key->is_string() || !kind || !kind->is_string() || !text ||
            !text->is_string()) {
            fail("a metadata entry lacks key, kind or text");
        }
        const std::string_view kind_text = kind->get_string();
        const auto parsed_kind = from_sql<domain::MetadataValue::Kind>(kind_text);
        if (!parsed_kind) fail("unknown metadata kind '" + std::string(kind_text) + "'");
        metadata.emplace_back(std::string(key->get_string()),
                              domain::MetadataValue{*parsed_kind, std::string(text->get_string())});
    }
    return metadata;
}

std::string ItemDescriptionsJson::encode(const std::vector<domain::ItemDescription>& items) {
    boost::json::array array;
    array.reserve(items.size());
    for (const domain::ItemDescription& item : items) {
        array.emplace_back(boost::json::object{
            {"amount", item.amount.minor},
            {"description", item.description},
        });
    }
    return boost::json::serialize(array);
}

std::vector<domain::ItemDescription> ItemDescriptionsJson::decode(std::string_view json) {
    constexpr std::string_view column_name = "item_descriptions";
    const boost::json::array array = parse_array(json, column_name);
    std::vector<domain::ItemDescription> items;
    items.reserve(array.size());
    for (const boost::json::value& entry : array) {
        const boost::json::object* object = entry.if_object();
        if (object == nullptr) fail("an item description is not a JSON object");
        const boost::json::value* description = object->if_contains("description");
        if (description == nullptr || !description->is_string()) {
            fail("an item description lacks the string description");
        }
        items.push_back(domain::ItemDescription{
            .amount = domain::Amount{integer_member(*object, "amount", column_name)},
            .description = std::string(description->get_string()),
        });
    }
    return items;
}

std::string VatSummaryJson::encode(const std::vector<domain::VatSummaryLine>& lines) {
    boost::json::array array;
    array.reserve(lines.size());
    for (const domain::VatSummaryLine& line : lines) {
        array.emplace_back(boost::json::object{
            {"amount", line.amount.minor},
            {"vat_percent", line.vat_percent.hundredths_of_percent},
            {"vat_amount", line.vat_amount.minor},
        });
    }
    return boost::json::serialize(array);
}

std::vector<domain::VatSummaryLine> VatSummaryJson::decode(std::string_view json) {
    constexpr std::string_view column_name = "vat_summary";
    const boost::json::array array = parse_array(json, column_name);
    std::vector<domain::VatSummaryLine> lines;
    lines.reserve(array.size());
    for (const boost::json::value& entry : array) {
        const boost::json::object* object = entry.if_object();
        if (object == nullptr) fail("a VAT summary line is not a JSON object");
        const std::int64_t vat_percent = integer_member(*object, "vat_percent", column_name);
        if (vat_percent < std::numeric_limits<std::int32_t>::min() ||
            vat_percent > std::numeric_limits<std::int32_t>::max()) {
            fail("a VAT summary line's vat_percent does not fit 32 bits");
        }
        lines.push_back(domain::VatSummaryLine{
            .amount = domain::Amount{integer_member(*object, "amount", column_name)},
            .vat_percent = domain::VatRate{static_cast<std::int32_t>(vat_percent)},
            .vat_amount = domain::Amount{integer_member(*object, "vat_amount", column_name)},
        });
    }
    return lines;
}

}  // namespace faktura::storage
