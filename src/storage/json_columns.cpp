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

namespace {

// The optional text members of document_details, in one list for both directions.
template <typename Visit>
void for_each_text_member(domain::MerchantDocumentDetails& details, Visit&& visit) {
    visit("legal_name", details.legal_name);
    visit("street_address", details.street_address);
    visit("zip_code", details.zip_code);
    visit("city", details.city);
    visit("organisation_number", details.organisation_number);
    visit("vat_number", details.vat_number);
    visit("bankgiro", details.bankgiro);
    visit("plusgiro", details.plusgiro);
    visit("bank_account", details.bank_account);
    visit("iban", details.iban);
    visit("bic", details.bic);
    visit("email", details.email);
    visit("phone", details.phone);
    visit("website", details.website);
    visit("account_no", details.account_no);
}

template <typename Visit>
void for_each_account(domain::LedgerAccounts& accounts, Visit&& visit) {
    visit("receivable", accounts.receivable);
    visit("sales_25", accounts.sales_25);
    visit("sales_12", accounts.sales_12);
    visit("sales_6", accounts.sales_6);
    visit("sales_0", accounts.sales_0);
    visit("vat_25", accounts.vat_25);
    visit("vat_12", accounts.vat_12);
    visit("vat_6", accounts.vat_6);
}

}  // namespace

std::string DocumentDetailsJson::encode(const domain::MerchantDocumentDetails& details) {
    domain::MerchantDocumentDetails copy = details;
    boost::json::object object;
    for_each_text_member(copy, [&](std::string_view name, std::optional<std::string>& value) {
        if (value) object[name] = *value;
    });
    if (copy.country) object["country"] = to_sql(*copy.country);
    if (copy.f_skatt) object["f_skatt"] = true;
    if (copy.ledger_accounts != domain::LedgerAccounts{}) {
        boost::json::object accounts;
        for_each_account(copy.ledger_accounts, [&](std::string_view name, std::int32_t& value) {
            accounts[name] = value;
        });
        object["ledger_accounts"] = std::move(accounts);
    }
    return boost::json::serialize(object);
}

domain::MerchantDocumentDetails DocumentDetailsJson::decode(std::string_view json) {
    boost::system::error_code error;
    boost::json::value parsed = boost::json::parse(json, error);
    if (error || !parsed.is_object()) fail("document_details is not a JSON object");
    const boost::json::object& object = parsed.get_object();
    domain::MerchantDocumentDetails details;
    for_each_text_member(details, [&](std::string_view name, std::optional<std::string>& value) {
        const boost::json::value* member = object.if_contains(name);
        if (member == nullptr) return;
        if (!member->is_string()) fail("document_details." + std::string(name) + " is not text");
        value = std::string(member->get_string());
    });
    if (const boost::json::value* country = object.if_contains("country")) {
        const auto parsed_country =
            country->is_string() ? from_sql<domain::Country>(country->get_string()) : std::nullopt;
        if (!parsed_country) fail("document_details.country is not a country");
        details.country = parsed_country;
    }
    if (const boost::json::value* f_skatt = object.if_contains("f_skatt")) {
        if (!f_skatt->is_bool()) fail("document_details.f_skatt is not a boolean");
        details.f_skatt = f_skatt->get_bool();
    }
    if (const boost::json::value* accounts = object.if_contains("ledger_accounts")) {
        if (!accounts->is_object()) fail("document_details.ledger_accounts is not an object");
        for_each_account(details.ledger_accounts, [&](std::string_view name, std::int32_t& value) {
            if (!accounts->get_object().contains(name)) return;
            const std::int64_t number =
                integer_member(accounts->get_object(), name, "document_details.ledger_accounts");
            if (number < 1000 || number > 9999) {
                fail("document_details.ledger_accounts." + std::string(name) +
                     " is not a four-digit account");
            }
            value = static_cast<std::int32_t>(number);
        });
    }
    return details;
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
