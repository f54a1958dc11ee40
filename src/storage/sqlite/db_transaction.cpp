// Domain structs ↔ table rows for merchants, payments, transactions, payer data and invoices, plus
// the payee reference, the number sequences and the server-wide settings. Column lists are written
// once (the *_columns arrays) and every statement is built from them, so a SELECT, an INSERT and an
// UPDATE cannot disagree on the column order.
#include "storage/sqlite/db_transaction.hpp"

#include <array>
#include <boost/json.hpp>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "storage/sqlite/sql_spelling.hpp"

namespace faktura::storage::sqlite {
namespace {

// Statement texts built once from a column list. They live as long as the program, so their
// addresses can key the connections' statement caches.
template <std::size_t column_count>
struct TableSql {
    std::string select;  // "SELECT <columns> FROM <table> " (callers append WHERE/ORDER BY).
    std::string insert;
    std::string update;  // Sets every column but the first (the key), WHERE key = ?1.
    std::string upsert;  // Inserts, or on a duplicate key sets every other column (as update).

    TableSql(std::string_view table, const std::array<std::string_view, column_count>& columns) {
        std::string names;
        std::string parameters;
        std::string assignments;
        std::string assignments_from_excluded;
        for (std::size_t i = 0; i < column_count; ++i) {
            const std::string separator = i == 0 ? "" : ", ";
            const std::string parameter = "?" + std::to_string(i + 1);
            names += separator;
            names += columns[i];
            parameters += separator + parameter;
            if (i > 0) {
                const std::string column(columns[i]);
                const std::string assignment_separator = i == 1 ? "" : ", ";
                assignments += assignment_separator + column + " = " + parameter;
                assignments_from_excluded +=
                    assignment_separator + column + " = excluded." + column;
            }
        }
        select = "SELECT " + names + " FROM " + std::string(table) + " ";
        insert =
            "INSERT INTO " + std::string(table) + " (" + names + ") VALUES (" + parameters + ")";
        update = "UPDATE " + std::string(table) + " SET " + assignments + " WHERE " +
                 std::string(columns[0]) + " = ?1";
        upsert = insert + " ON CONFLICT (" + std::string(columns[0]) + ") DO UPDATE SET " +
                 assignments_from_excluded;
    }
};

// A column's SQL parameter number: parameters count from 1, result columns from 0.
constexpr int parameter(int column) { return column + 1; }

template <typename Enum>
Enum read_enum(const Statement& row, int column, std::string_view column_name) {
    const std::string_view text = row.text_view(column);
    const std::optional<Enum> value = from_sql<Enum>(text);
    if (!value) {
        row.fail_on_content("unknown value '" + std::string(text) + "' in column " +
                            std::string(column_name));
    }
    return *value;
}

// ---- Merchants ----

namespace merchant_column {
enum : int {
    payee_id,
    name,
    token_sha256_hex,
    created_at,
    invoice_due_days,
    kid_algorithm,
    settlement_option,
    authorization_attempts_max,
    count
};
}  // namespace merchant_column

constexpr std::array<std::string_view, merchant_column::count> merchant_columns{
    "payee_id",         "name",          "token_sha256_hex",  "created_at",
    "invoice_due_days", "kid_algorithm", "settlement_option", "authorization_attempts_max",
};

struct MerchantSql {
    TableSql<merchant_column::count> table{"merchants", merchant_columns};
    // A duplicate payee id or token hash is an expected outcome, reported by changes() == 0.
    std::string insert_unless_taken = table.insert + " ON CONFLICT DO NOTHING";
    std::string by_payee_id = table.select + "WHERE payee_id = ?1";
    std::string by_token_hash = table.select + "WHERE token_sha256_hex = ?1";
    std::string all = table.select + "ORDER BY created_at, payee_id";
};

const MerchantSql& merchant_sql() {
    static const MerchantSql sql;
    return sql;
}

void bind_merchant(Statement& statement, const domain::Merchant& merchant) {
    using namespace merchant_column;
    statement.bind_text(parameter(payee_id), merchant.payee_id);
    statement.bind_text(parameter(name), merchant.name);
    statement.bind_text(parameter(token_sha256_hex), merchant.token_sha256_hex);
    statement.bind_int64(parameter(created_at), merchant.created_at.unix_100ns);
    statement.bind_int64(parameter(invoice_due_days), merchant.settings.invoice_due_days);
    statement.bind_text(parameter(kid_algorithm), to_sql(merchant.settings.kid_algorithm));
    statement.bind_text(parameter(settlement_option), to_sql(merchant.settings.settlement_option));
    statement.bind_int64(parameter(authorization_attempts_max),
                         merchant.settings.authorization_attempts_max);
}

domain::Merchant read_merchant(const Statement& row) {
    using namespace merchant_column;
    return domain::Merchant{
        .payee_id = row.text(payee_id),
        .name = row.text(name),
        .token_sha256_hex = row.text(token_sha256_hex),
        .created_at = domain::Timestamp{row.int64(created_at)},
        .settings =
            {
                .invoice_due_days = row.int32(invoice_due_days),
                .kid_algorithm =
                    read_enum<domain::KidAlgorithm>(row, kid_algorithm, "kid_algorithm"),
                .settlement_option = read_enum<domain::SettlementOption>(row, settlement_option,
                                                                         "settlement_option"),
                .authorization_attempts_max = row.int32(authorization_attempts_max),
            },
    };
}

// ---- Payments ----

namespace payment_column {
enum : int {
    id,
    payee_id,
    number,
    created_at,
    updated_at,
    operation,
    state,
    currency,
    invoice_type,
    price_amount,
    price_vat_amount,
    description,
    payer_reference,
    initiating_system_user_agent,
    user_agent,
    language,
    host_urls,
    complete_url,
    cancel_url,
    payment_url,
    callback_url,
    logo_url,
    terms_of_service_url,
    payee_info_payee_id,
    payee_reference,
    payee_name,
    product_category,
    order_reference,
    subsite,
    metadata,
    generate_payment_token,
    generate_recurrence_token,
    prefill_payment_token,
    prefill_msisdn,
    recurrence_token_used,
    front_end_token,
    payment_token,
    recurrence_token,
    authorization_completed,
    authorized,
    captured,
    cancelled,
    reversed,
    failed_attempts,
    failed_lookups,
    authorization_count,
    verification_count,
    capture_count,
    cancellation_count,
    reversal_count,
    has_approved_legal_address,
    abort_reason,
    count
};
}  // namespace payment_column

// In the order of payment_column, one name per enumerator.
constexpr std::array<std::string_view, payment_column::count> payment_columns{
    "id",
    "payee_id",
    "number",
    "created_at",
    "updated_at",
    "operation",
    "state",
    "currency",
    "invoice_type",
    "price_amount",
    "price_vat_amount",
    "description",
    "payer_reference",
    "initiating_system_user_agent",
    "user_agent",
    "language",
    "host_urls",
    "complete_url",
    "cancel_url",
    "payment_url",
    "callback_url",
    "logo_url",
    "terms_of_service_url",
    "payee_info_payee_id",
    "payee_reference",
    "payee_name",
    "product_category",
    "order_reference",
    "subsite",
    "metadata",
    "generate_payment_token",
    "generate_recurrence_token",
    "prefill_payment_token",
    "prefill_msisdn",
    "recurrence_token_used",
    "front_end_token",
    "payment_token",
    "recurrence_token",
    "authorization_completed",
    "authorized",
    "captured",
    "cancelled",
    "reversed",
    "failed_attempts",
    "failed_lookups",
    "authorization_count",
    "verification_count",
    "capture_count",
    "cancellation_count",
    "reversal_count",
    "has_approved_legal_address",
    "abort_reason",
};

struct PaymentSql {
    TableSql<payment_column::count> table{"payments", payment_columns};
    std::string by_id = table.select + "WHERE id = ?1";
    std::string by_front_end_token = table.select + "WHERE front_end_token = ?1";
};

const PaymentSql& payment_sql() {
    static const PaymentSql sql;
    return sql;
}

// host_urls: a JSON array of strings.
std::string host_urls_json(const std::vector<std::string>& host_urls) {
    boost::json::array array;
    array.reserve(host_urls.size());
    for (const std::string& url : host_urls) array.emplace_back(url);
    return boost::json::serialize(array);
}

std::vector<std::string> read_host_urls(const Statement& row, int column) {
    boost::system::error_code error;
    const boost::json::value parsed = boost::json::parse(row.text_view(column), error);
    if (error || !parsed.is_array()) row.fail_on_content("host_urls is not a JSON array");
    std::vector<std::string> host_urls;
    host_urls.reserve(parsed.get_array().size());
    for (const boost::json::value& url : parsed.get_array()) {
        if (!url.is_string()) row.fail_on_content("host_urls holds a non-string");
        host_urls.emplace_back(url.get_string());
    }
    return host_urls;
}

// metadata: a JSON array of {"key", "kind", "text"} objects, in the payment's order (an object
// keyed by name would lose the order).
std::string metadata_json(const domain::Metadata& metadata) {
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

domain::Metadata read_metadata(const Statement& row, int column) {
    boost::system::error_code error;
    const boost::json::value parsed = boost::json::parse(row.text_view(column), error);
    if (error || !parsed.is_array()) row.fail_on_content("metadata is not a JSON array");
    domain::Metadata metadata;
    metadata.reserve(parsed.get_array().size());
    for (const boost::json::value& entry : parsed.get_array()) {
        const boost::json::object* object = entry.if_object();
        const boost::json::value* key = object ? object->if_contains("key") : nullptr;
        const boost::json::value* kind = object ? object->if_contains("kind") : nullptr;
        const boost::json::value* text = object ? object->if_contains("text") : nullptr;
        if (!key || !key->is_string() || !kind || !kind->is_string() || !text ||
            !text->is_string()) {
            row.fail_on_content("a metadata entry lacks key, kind or text");
        }
        const std::string_view kind_text = kind->get_string();
        const auto parsed_kind = from_sql<domain::MetadataValue::Kind>(kind_text);
        if (!parsed_kind) {
            row.fail_on_content("unknown metadata kind '" + std::string(kind_text) + "'");
        }
        metadata.emplace_back(std::string(key->get_string()),
                              domain::MetadataValue{*parsed_kind, std::string(text->get_string())});
    }
    return metadata;
}

// The JSON texts bound without a copy; declared before the Statement so they outlive it.
struct PaymentJson {
    std::string host_urls;
    std::string metadata;

    explicit PaymentJson(const domain::Payment& payment)
        : host_urls(host_urls_json(payment.urls.host_urls)),
          metadata(metadata_json(payment.metadata)) {}
};

void bind_payment(Statement& statement, const domain::Payment& payment, const PaymentJson& json) {
    using namespace payment_column;
    statement.bind_text(parameter(id), payment.id);
    statement.bind_text(parameter(payee_id), payment.payee_id);
    statement.bind_int64(parameter(number), payment.number);
    statement.bind_int64(parameter(created_at), payment.created_at.unix_100ns);
    statement.bind_int64(parameter(updated_at), payment.updated_at.unix_100ns);
    statement.bind_text(parameter(operation), to_sql(payment.operation));
    statement.bind_text(parameter(state), to_sql(payment.state));
    statement.bind_text(parameter(currency), to_sql(payment.currency));
    statement.bind_text(parameter(invoice_type), to_sql(payment.invoice_type));
    if (payment.price) {
        statement.bind_int64(parameter(price_amount), payment.price->amount.minor);
        statement.bind_int64(parameter(price_vat_amount), payment.price->vat_amount.minor);
    } else {
        statement.bind_null(parameter(price_amount));
        statement.bind_null(parameter(price_vat_amount));
    }
    statement.bind_text(parameter(description), payment.description);
    statement.bind_optional_text(parameter(payer_reference), payment.payer_reference);
    statement.bind_text(parameter(initiating_system_user_agent),
                        payment.initiating_system_user_agent);
    statement.bind_text(parameter(user_agent), payment.user_agent);
    statement.bind_text(parameter(language), to_sql(payment.language));
    statement.bind_text(parameter(host_urls), json.host_urls);
    statement.bind_optional_text(parameter(complete_url), payment.urls.complete_url);
    statement.bind_optional_text(parameter(cancel_url), payment.urls.cancel_url);
    statement.bind_optional_text(parameter(payment_url), payment.urls.payment_url);
    statement.bind_optional_text(parameter(callback_url), payment.urls.callback_url);
    statement.bind_optional_text(parameter(logo_url), payment.urls.logo_url);
    statement.bind_optional_text(parameter(terms_of_service_url),
                                 payment.urls.terms_of_service_url);
    statement.bind_text(parameter(payee_info_payee_id), payment.payee_info.payee_id);
    statement.bind_text(parameter(payee_reference), payment.payee_info.payee_reference);
    statement.bind_optional_text(parameter(payee_name), payment.payee_info.payee_name);
    statement.bind_optional_text(parameter(product_category), payment.payee_info.product_category);
    statement.bind_optional_text(parameter(order_reference), payment.payee_info.order_reference);
    statement.bind_optional_text(parameter(subsite), payment.payee_info.subsite);
    statement.bind_text(parameter(metadata), json.metadata);
    statement.bind_bool(parameter(generate_payment_token), payment.generate_payment_token);
    statement.bind_bool(parameter(generate_recurrence_token), payment.generate_recurrence_token);
    statement.bind_optional_text(parameter(prefill_payment_token), payment.prefill_payment_token);
    statement.bind_optional_text(parameter(prefill_msisdn), payment.prefill_msisdn);
    statement.bind_optional_text(parameter(recurrence_token_used), payment.recurrence_token_used);
    statement.bind_text(parameter(front_end_token), payment.front_end_token);
    statement.bind_optional_text(parameter(payment_token), payment.payment_token);
    statement.bind_optional_text(parameter(recurrence_token), payment.recurrence_token);
    statement.bind_bool(parameter(authorization_completed), payment.authorization_completed);
    statement.bind_int64(parameter(authorized), payment.authorized.minor);
    statement.bind_int64(parameter(captured), payment.captured.minor);
    statement.bind_int64(parameter(cancelled), payment.cancelled.minor);
    statement.bind_int64(parameter(reversed), payment.reversed.minor);
    statement.bind_int64(parameter(failed_attempts), payment.failed_attempts);
    statement.bind_int64(parameter(failed_lookups), payment.failed_lookups);
    const domain::TransactionCounts& counts = payment.transaction_counts;
    statement.bind_int64(parameter(authorization_count), counts.authorizations);
    statement.bind_int64(parameter(verification_count), counts.verifications);
    statement.bind_int64(parameter(capture_count), counts.captures);
    statement.bind_int64(parameter(cancellation_count), counts.cancellations);
    statement.bind_int64(parameter(reversal_count), counts.reversals);
    statement.bind_bool(parameter(has_approved_legal_address), payment.has_approved_legal_address);
    statement.bind_optional_text(parameter(abort_reason), payment.abort_reason);
}

domain::Payment read_payment(const Statement& row) {
    using namespace payment_column;
    domain::Payment payment;
    payment.id = row.text(id);
    payment.payee_id = row.text(payee_id);
    payment.number = row.int64(number);
    payment.created_at = domain::Timestamp{row.int64(created_at)};
    payment.updated_at = domain::Timestamp{row.int64(updated_at)};
    payment.operation = read_enum<domain::PaymentOperation>(row, operation, "operation");
    payment.state = read_enum<domain::PaymentState>(row, state, "state");
    payment.currency = read_enum<domain::Currency>(row, currency, "currency");
    payment.invoice_type = read_enum<domain::InvoiceType>(row, invoice_type, "invoice_type");
    // The table's CHECK keeps both price columns NULL or both set.
    if (!row.is_null(price_amount)) {
        payment.price = domain::Price{domain::Amount{row.int64(price_amount)},
                                      domain::Amount{row.int64(price_vat_amount)}};
    }
    payment.description = row.text(description);
    payment.payer_reference = row.optional_text(payer_reference);
    payment.initiating_system_user_agent = row.text(initiating_system_user_agent);
    payment.user_agent = row.text(user_agent);
    payment.language = read_enum<domain::Language>(row, language, "language");
    payment.urls.host_urls = read_host_urls(row, host_urls);
    payment.urls.complete_url = row.optional_text(complete_url);
    payment.urls.cancel_url = row.optional_text(cancel_url);
    payment.urls.payment_url = row.optional_text(payment_url);
    payment.urls.callback_url = row.optional_text(callback_url);
    payment.urls.logo_url = row.optional_text(logo_url);
    payment.urls.terms_of_service_url = row.optional_text(terms_of_service_url);
    payment.payee_info.payee_id = row.text(payee_info_payee_id);
    payment.payee_info.payee_reference = row.text(payee_reference);
    payment.payee_info.payee_name = row.optional_text(payee_name);
    payment.payee_info.product_category = row.optional_text(product_category);
    payment.payee_info.order_reference = row.optional_text(order_reference);
    payment.payee_info.subsite = row.optional_text(subsite);
    payment.metadata = read_metadata(row, metadata);
    payment.generate_payment_token = row.boolean(generate_payment_token);
    payment.generate_recurrence_token = row.boolean(generate_recurrence_token);
    payment.prefill_payment_token = row.optional_text(prefill_payment_token);
    payment.prefill_msisdn = row.optional_text(prefill_msisdn);
    payment.recurrence_token_used = row.optional_text(recurrence_token_used);
    payment.front_end_token = row.text(front_end_token);
    payment.payment_token = row.optional_text(payment_token);
    payment.recurrence_token = row.optional_text(recurrence_token);
    payment.authorization_completed = row.boolean(authorization_completed);
    payment.authorized = domain::Amount{row.int64(authorized)};
    payment.captured = domain::Amount{row.int64(captured)};
    payment.cancelled = domain::Amount{row.int64(cancelled)};
    payment.reversed = domain::Amount{row.int64(reversed)};
    payment.failed_attempts = row.int32(failed_attempts);
    payment.failed_lookups = row.int32(failed_lookups);
    payment.transaction_counts = domain::TransactionCounts{
        .authorizations = row.int32(authorization_count),
        .verifications = row.int32(verification_count),
        .captures = row.int32(capture_count),
        .cancellations = row.int32(cancellation_count),
        .reversals = row.int32(reversal_count),
    };
    payment.has_approved_legal_address = row.boolean(has_approved_legal_address);
    payment.abort_reason = row.optional_text(abort_reason);
    return payment;
}

// ---- Transactions ----

namespace transaction_column {
enum : int {
    id,
    payment_id,
    type,
    state,
    number,
    created_at,
    updated_at,
    amount,
    vat_amount,
    description,
    payee_reference,
    receipt_reference,
    failure_reason,
    failure_activity_name,
    failure_error_code,
    failure_error_description,
    is_operational,
    reconciliation_number,
    count
};
}  // namespace transaction_column

constexpr std::array<std::string_view, transaction_column::count> transaction_columns{
    "id",
    "payment_id",
    "type",
    "state",
    "number",
    "created_at",
    "updated_at",
    "amount",
    "vat_amount",
    "description",
    "payee_reference",
    "receipt_reference",
    "failure_reason",
    "failure_activity_name",
    "failure_error_code",
    "failure_error_description",
    "is_operational",
    "reconciliation_number",
};

struct TransactionSql {
    TableSql<transaction_column::count> table{"transactions", transaction_columns};
    std::string of_payment = table.select + "WHERE payment_id = ?1 ORDER BY number";
};

const TransactionSql& transaction_sql() {
    static const TransactionSql sql;
    return sql;
}

void bind_transaction(Statement& statement, const domain::Transaction& transaction) {
    using namespace transaction_column;
    statement.bind_text(parameter(id), transaction.id);
    statement.bind_text(parameter(payment_id), transaction.payment_id);
    statement.bind_text(parameter(type), to_sql(transaction.type));
    statement.bind_text(parameter(state), to_sql(transaction.state));
    statement.bind_int64(parameter(number), transaction.number);
    statement.bind_int64(parameter(created_at), transaction.created_at.unix_100ns);
    statement.bind_int64(parameter(updated_at), transaction.updated_at.unix_100ns);
    statement.bind_int64(parameter(amount), transaction.amount.minor);
    statement.bind_int64(parameter(vat_amount), transaction.vat_amount.minor);
    statement.bind_text(parameter(description), transaction.description);
    statement.bind_text(parameter(payee_reference), transaction.payee_reference);
    statement.bind_optional_text(parameter(receipt_reference), transaction.receipt_reference);
    if (transaction.failure) {
        const domain::TransactionFailure& failure = *transaction.failure;
        statement.bind_text(parameter(failure_reason), failure.reason);
        statement.bind_text(parameter(failure_activity_name), failure.activity_name);
        statement.bind_optional_text(parameter(failure_error_code), failure.error_code);
        statement.bind_optional_text(parameter(failure_error_description),
                                     failure.error_description);
    } else {
        statement.bind_null(parameter(failure_reason));
        statement.bind_null(parameter(failure_activity_name));
        statement.bind_null(parameter(failure_error_code));
        statement.bind_null(parameter(failure_error_description));
    }
    statement.bind_bool(parameter(is_operational), transaction.is_operational);
    statement.bind_optional_int64(parameter(reconciliation_number),
                                  transaction.reconciliation_number);
}

domain::Transaction read_transaction(const Statement& row) {
    using namespace transaction_column;
    domain::Transaction transaction;
    transaction.id = row.text(id);
    transaction.payment_id = row.text(payment_id);
    transaction.type = read_enum<domain::TransactionType>(row, type, "type");
    transaction.state = read_enum<domain::TransactionState>(row, state, "state");
    transaction.number = row.int64(number);
    transaction.created_at = domain::Timestamp{row.int64(created_at)};
    transaction.updated_at = domain::Timestamp{row.int64(updated_at)};
    transaction.amount = domain::Amount{row.int64(amount)};
    transaction.vat_amount = domain::Amount{row.int64(vat_amount)};
    transaction.description = row.text(description);
    transaction.payee_reference = row.text(payee_reference);
    transaction.receipt_reference = row.optional_text(receipt_reference);
    // The table's CHECK keeps failure_reason and failure_activity_name NULL together.
    if (!row.is_null(failure_reason)) {
        transaction.failure = domain::TransactionFailure{
            .reason = row.text(failure_reason),
            .activity_name = row.text(failure_activity_name),
            .error_code = row.optional_text(failure_error_code),
            .error_description = row.optional_text(failure_error_description),
        };
    }
    transaction.is_operational = row.boolean(is_operational);
    transaction.reconciliation_number = row.optional_int64(reconciliation_number);
    return transaction;
}

// ---- Addresses, shared by several tables ----

// An address fills six consecutive columns in this order; a table's column enum names the first
// (its addressee column) and bind_address/read_address count on from there.
namespace address_field {
enum : int { addressee, co_address, street_address, zip_code, city, country, count };
}  // namespace address_field

void bind_address(Statement& statement, int first_column, const domain::Address& address) {
    using namespace address_field;
    statement.bind_text(parameter(first_column + addressee), address.addressee);
    statement.bind_optional_text(parameter(first_column + co_address), address.co_address);
    statement.bind_text(parameter(first_column + street_address), address.street_address);
    statement.bind_text(parameter(first_column + zip_code), address.zip_code);
    statement.bind_text(parameter(first_column + city), address.city);
    statement.bind_text(parameter(first_column + country), to_sql(address.country));
}

void bind_no_address(Statement& statement, int first_column) {
    for (int field = 0; field < address_field::count; ++field) {
        statement.bind_null(parameter(first_column + field));
    }
}

domain::Address read_address(const Statement& row, int first_column,
                             std::string_view country_column_name) {
    using namespace address_field;
    return domain::Address{
        .addressee = row.text(first_column + addressee),
        .co_address = row.optional_text(first_column + co_address),
        .street_address = row.text(first_column + street_address),
        .zip_code = row.text(first_column + zip_code),
        .city = row.text(first_column + city),
        .country = read_enum<domain::Country>(row, first_column + country, country_column_name),
    };
}

// ---- Approved legal addresses ----

namespace approved_legal_address_column {
enum : int {
    payment_id,
    national_id,
    addressee,
    co_address,
    street_address,
    zip_code,
    city,
    country,
    created_at,
    count
};
static_assert(country - addressee == address_field::country);
}  // namespace approved_legal_address_column

constexpr std::array<std::string_view, approved_legal_address_column::count>
    approved_legal_address_columns{
        "payment_id", "national_id", "addressee", "co_address", "street_address",
        "zip_code",   "city",        "country",   "created_at",
    };

struct ApprovedLegalAddressSql {
    TableSql<approved_legal_address_column::count> table{"approved_legal_addresses",
                                                         approved_legal_address_columns};
    std::string by_payment_id = table.select + "WHERE payment_id = ?1";
};

const ApprovedLegalAddressSql& approved_legal_address_sql() {
    static const ApprovedLegalAddressSql sql;
    return sql;
}

void bind_approved_legal_address(Statement& statement,
                                 const domain::ApprovedLegalAddress& address) {
    using namespace approved_legal_address_column;
    statement.bind_text(parameter(payment_id), address.payment_id);
    statement.bind_text(parameter(national_id), address.national_id);
    bind_address(statement, addressee, address.address);
    statement.bind_int64(parameter(created_at), address.created_at.unix_100ns);
}

domain::ApprovedLegalAddress read_approved_legal_address(const Statement& row) {
    using namespace approved_legal_address_column;
    return domain::ApprovedLegalAddress{
        .payment_id = row.text(payment_id),
        .national_id = row.text(national_id),
        .address = read_address(row, addressee, "country"),
        .created_at = domain::Timestamp{row.int64(created_at)},
    };
}

// ---- Authorization details ----

namespace authorization_details_column {
enum : int {
    transaction_id,
    payment_id,
    national_id,
    customer_number,
    email,
    msisdn,
    ip,
    legal_addressee,
    legal_co_address,
    legal_street_address,
    legal_zip_code,
    legal_city,
    legal_country,
    billing_addressee,
    billing_co_address,
    billing_street_address,
    billing_zip_code,
    billing_city,
    billing_country,
    count
};
static_assert(legal_country - legal_addressee == address_field::country);
static_assert(billing_country - billing_addressee == address_field::country);
}  // namespace authorization_details_column

constexpr std::array<std::string_view, authorization_details_column::count>
    authorization_details_columns{
        "transaction_id",
        "payment_id",
        "national_id",
        "customer_number",
        "email",
        "msisdn",
        "ip",
        "legal_addressee",
        "legal_co_address",
        "legal_street_address",
        "legal_zip_code",
        "legal_city",
        "legal_country",
        "billing_addressee",
        "billing_co_address",
        "billing_street_address",
        "billing_zip_code",
        "billing_city",
        "billing_country",
    };

struct AuthorizationDetailsSql {
    TableSql<authorization_details_column::count> table{"authorization_details",
                                                        authorization_details_columns};
    std::string by_transaction_id = table.select + "WHERE transaction_id = ?1";
};

const AuthorizationDetailsSql& authorization_details_sql() {
    static const AuthorizationDetailsSql sql;
    return sql;
}

void bind_authorization_details(Statement& statement, const domain::AuthorizationDetails& details) {
    using namespace authorization_details_column;
    statement.bind_text(parameter(transaction_id), details.transaction_id);
    statement.bind_text(parameter(payment_id), details.payment_id);
    const domain::Consumer& consumer = details.consumer;
    statement.bind_text(parameter(national_id), consumer.national_id);
    statement.bind_optional_text(parameter(customer_number), consumer.customer_number);
    statement.bind_optional_text(parameter(email), consumer.email);
    statement.bind_text(parameter(msisdn), consumer.msisdn);
    statement.bind_text(parameter(ip), consumer.ip);
    bind_address(statement, legal_addressee, details.legal_address);
    if (details.billing_address) {
        bind_address(statement, billing_addressee, *details.billing_address);
    } else {
        bind_no_address(statement, billing_addressee);
    }
}

domain::AuthorizationDetails read_authorization_details(const Statement& row) {
    using namespace authorization_details_column;
    domain::AuthorizationDetails details{
        .transaction_id = row.text(transaction_id),
        .payment_id = row.text(payment_id),
        .consumer =
            {
                .national_id = row.text(national_id),
                .customer_number = row.optional_text(customer_number),
                .email = row.optional_text(email),
                .msisdn = row.text(msisdn),
                .ip = row.text(ip),
            },
        .legal_address = read_address(row, legal_addressee, "legal_country"),
        .billing_address = std::nullopt,
    };
    // The table's CHECKs keep the billing columns NULL together (co_address aside).
    if (!row.is_null(billing_addressee)) {
        details.billing_address = read_address(row, billing_addressee, "billing_country");
    }
    return details;
}

// ---- Payer tokens ----

namespace payer_token_column {
enum : int {
    token,
    kind,
    payee_id,
    payment_id,
    transaction_id,
    currency,
    invoice_type,
    created_at,
    is_deleted,
    deleted_at,
    deletion_comment,
    count
};
}  // namespace payer_token_column

constexpr std::array<std::string_view, payer_token_column::count> payer_token_columns{
    "token",    "kind",         "payee_id",   "payment_id", "transaction_id",
    "currency", "invoice_type", "created_at", "is_deleted", "deleted_at",
    "deletion_comment",
};

struct PayerTokenSql {
    TableSql<payer_token_column::count> table{"payer_tokens", payer_token_columns};
    std::string by_token = table.select + "WHERE token = ?1";
};

const PayerTokenSql& payer_token_sql() {
    static const PayerTokenSql sql;
    return sql;
}

void bind_payer_token(Statement& statement, const domain::PayerToken& payer_token) {
    using namespace payer_token_column;
    statement.bind_text(parameter(token), payer_token.token);
    statement.bind_text(parameter(kind), to_sql(payer_token.kind));
    statement.bind_text(parameter(payee_id), payer_token.payee_id);
    statement.bind_text(parameter(payment_id), payer_token.payment_id);
    statement.bind_text(parameter(transaction_id), payer_token.transaction_id);
    statement.bind_text(parameter(currency), to_sql(payer_token.currency));
    statement.bind_text(parameter(invoice_type), to_sql(payer_token.invoice_type));
    statement.bind_int64(parameter(created_at), payer_token.created_at.unix_100ns);
    statement.bind_bool(parameter(is_deleted), payer_token.is_deleted);
    if (payer_token.deleted_at) {
        statement.bind_int64(parameter(deleted_at), payer_token.deleted_at->unix_100ns);
    } else {
        statement.bind_null(parameter(deleted_at));
    }
    statement.bind_optional_text(parameter(deletion_comment), payer_token.deletion_comment);
}

domain::PayerToken read_payer_token(const Statement& row) {
    using namespace payer_token_column;
    return domain::PayerToken{
        .token = row.text(token),
        .kind = read_enum<domain::PayerTokenKind>(row, kind, "kind"),
        .payee_id = row.text(payee_id),
        .payment_id = row.text(payment_id),
        .transaction_id = row.text(transaction_id),
        .currency = read_enum<domain::Currency>(row, currency, "currency"),
        .invoice_type = read_enum<domain::InvoiceType>(row, invoice_type, "invoice_type"),
        .created_at = domain::Timestamp{row.int64(created_at)},
        .is_deleted = row.boolean(is_deleted),
        .deleted_at = row.is_null(deleted_at)
                          ? std::nullopt
                          : std::optional<domain::Timestamp>(domain::Timestamp{row.int64(deleted_at)}),
        .deletion_comment = row.optional_text(deletion_comment),
    };
}

// ---- Payer inputs ----

namespace payer_input_column {
enum : int { payment_id, national_id, email, msisdn, zip_code, created_at, count };
}  // namespace payer_input_column

constexpr std::array<std::string_view, payer_input_column::count> payer_input_columns{
    "payment_id", "national_id", "email", "msisdn", "zip_code", "created_at",
};

struct PayerInputSql {
    TableSql<payer_input_column::count> table{"payer_inputs", payer_input_columns};
    std::string by_payment_id = table.select + "WHERE payment_id = ?1";
};

const PayerInputSql& payer_input_sql() {
    static const PayerInputSql sql;
    return sql;
}

void bind_payer_input(Statement& statement, const domain::PayerInput& input) {
    using namespace payer_input_column;
    statement.bind_text(parameter(payment_id), input.payment_id);
    statement.bind_text(parameter(national_id), input.national_id);
    statement.bind_optional_text(parameter(email), input.email);
    statement.bind_text(parameter(msisdn), input.msisdn);
    statement.bind_text(parameter(zip_code), input.zip_code);
    statement.bind_int64(parameter(created_at), input.created_at.unix_100ns);
}

domain::PayerInput read_payer_input(const Statement& row) {
    using namespace payer_input_column;
    return domain::PayerInput{
        .payment_id = row.text(payment_id),
        .national_id = row.text(national_id),
        .email = row.optional_text(email),
        .msisdn = row.text(msisdn),
        .zip_code = row.text(zip_code),
        .created_at = domain::Timestamp{row.int64(created_at)},
    };
}

// ---- Invoices ----

namespace invoice_column {
enum : int {
    transaction_id,
    payment_id,
    invoice_number,
    issue_date,
    due_date,
    payment_reference_kind,
    payment_reference,
    rf_reference,
    item_descriptions,
    vat_summary,
    count
};
}  // namespace invoice_column

constexpr std::array<std::string_view, invoice_column::count> invoice_columns{
    "transaction_id",    "payment_id",   "invoice_number",
    "issue_date",        "due_date",     "payment_reference_kind",
    "payment_reference", "rf_reference", "item_descriptions",
    "vat_summary",
};

struct InvoiceSql {
    TableSql<invoice_column::count> table{"invoices", invoice_columns};
    std::string by_transaction_id = table.select + "WHERE transaction_id = ?1";
};

const InvoiceSql& invoice_sql() {
    static const InvoiceSql sql;
    return sql;
}

// ISO 8601 'YYYY-MM-DD'. A date outside years 0–9999 or with an impossible month or day cannot
// come from the domain's date arithmetic, so it is a bug, not bad input.
std::string iso_date(const domain::CivilDate& date) {
    if (date.year < 0 || date.year > 9999 || date.month < 1 || date.month > 12 || date.day < 1 ||
        date.day > 31) {
        throw std::logic_error("invoice date out of range: " + std::to_string(date.year) + "-" +
                               std::to_string(date.month) + "-" + std::to_string(date.day));
    }
    const auto digits = [](int value, std::size_t width) {
        std::string text = std::to_string(value);
        return std::string(width - text.size(), '0') + text;
    };
    return digits(date.year, 4) + "-" + digits(date.month, 2) + "-" + digits(date.day, 2);
}

domain::CivilDate read_iso_date(const Statement& row, int column, std::string_view column_name) {
    const std::string_view text = row.text_view(column);
    const auto number = [&](std::size_t position, std::size_t width) {
        int value = 0;
        for (std::size_t i = position; i < position + width; ++i) {
            if (text[i] < '0' || text[i] > '9') return -1;
            value = value * 10 + (text[i] - '0');
        }
        return value;
    };
    // The column's CHECK already demands this shape; a row that escaped it is reported, not read.
    if (text.size() != 10 || text[4] != '-' || text[7] != '-' || number(0, 4) < 0 ||
        number(5, 2) < 0 || number(8, 2) < 0) {
        row.fail_on_content("'" + std::string(text) + "' in column " + std::string(column_name) +
                            " is not a YYYY-MM-DD date");
    }
    return domain::CivilDate{.year = number(0, 4), .month = number(5, 2), .day = number(8, 2)};
}

// item_descriptions: a JSON array of {"amount", "description"}, in the invoice's order.
std::string item_descriptions_json(const std::vector<domain::ItemDescription>& items) {
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

// vat_summary: a JSON array of {"amount", "vat_percent", "vat_amount"}, in the invoice's order.
std::string vat_summary_json(const std::vector<domain::VatSummaryLine>& lines) {
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

boost::json::array read_json_array(const Statement& row, int column, std::string_view column_name) {
    boost::system::error_code error;
    boost::json::value parsed = boost::json::parse(row.text_view(column), error);
    if (error || !parsed.is_array()) {
        row.fail_on_content(std::string(column_name) + " is not a JSON array");
    }
    return std::move(parsed.get_array());
}

// A member that must be a JSON integer; fails the row naming the column and the member otherwise.
std::int64_t json_int64(const Statement& row, const boost::json::object& object,
                        std::string_view member, std::string_view column_name) {
    const boost::json::value* value = object.if_contains(member);
    if (value == nullptr || !value->is_int64()) {
        row.fail_on_content("an entry of " + std::string(column_name) + " lacks the integer " +
                            std::string(member));
    }
    return value->get_int64();
}

std::vector<domain::ItemDescription> read_item_descriptions(const Statement& row, int column) {
    constexpr std::string_view column_name = "item_descriptions";
    const boost::json::array array = read_json_array(row, column, column_name);
    std::vector<domain::ItemDescription> items;
    items.reserve(array.size());
    for (const boost::json::value& entry : array) {
        const boost::json::object* object = entry.if_object();
        if (object == nullptr) row.fail_on_content("an item description is not a JSON object");
        const boost::json::value* description = object->if_contains("description");
        if (description == nullptr || !description->is_string()) {
            row.fail_on_content("an item description lacks the string description");
        }
        items.push_back(domain::ItemDescription{
            .amount = domain::Amount{json_int64(row, *object, "amount", column_name)},
            .description = std::string(description->get_string()),
        });
    }
    return items;
}

std::vector<domain::VatSummaryLine> read_vat_summary(const Statement& row, int column) {
    constexpr std::string_view column_name = "vat_summary";
    const boost::json::array array = read_json_array(row, column, column_name);
    std::vector<domain::VatSummaryLine> lines;
    lines.reserve(array.size());
    for (const boost::json::value& entry : array) {
        const boost::json::object* object = entry.if_object();
        if (object == nullptr) row.fail_on_content("a VAT summary line is not a JSON object");
        const std::int64_t vat_percent = json_int64(row, *object, "vat_percent", column_name);
        if (vat_percent < std::numeric_limits<std::int32_t>::min() ||
            vat_percent > std::numeric_limits<std::int32_t>::max()) {
            row.fail_on_content("a VAT summary line's vat_percent does not fit 32 bits");
        }
        lines.push_back(domain::VatSummaryLine{
            .amount = domain::Amount{json_int64(row, *object, "amount", column_name)},
            .vat_percent = domain::VatRate{static_cast<std::int32_t>(vat_percent)},
            .vat_amount = domain::Amount{json_int64(row, *object, "vat_amount", column_name)},
        });
    }
    return lines;
}

// The texts bound without a copy; declared before the Statement so they outlive it.
struct InvoiceText {
    std::string issue_date;
    std::string due_date;
    std::string item_descriptions;
    std::string vat_summary;

    explicit InvoiceText(const domain::Invoice& invoice)
        : issue_date(iso_date(invoice.issue_date)),
          due_date(iso_date(invoice.due_date)),
          item_descriptions(item_descriptions_json(invoice.item_descriptions)),
          vat_summary(vat_summary_json(invoice.vat_summary)) {}
};

void bind_invoice(Statement& statement, const domain::Invoice& invoice, const InvoiceText& text) {
    using namespace invoice_column;
    statement.bind_text(parameter(transaction_id), invoice.transaction_id);
    statement.bind_text(parameter(payment_id), invoice.payment_id);
    statement.bind_int64(parameter(invoice_number), invoice.invoice_number);
    statement.bind_text(parameter(issue_date), text.issue_date);
    statement.bind_text(parameter(due_date), text.due_date);
    statement.bind_text(parameter(payment_reference_kind), to_sql(invoice.payment_reference.kind));
    statement.bind_text(parameter(payment_reference), invoice.payment_reference.reference);
    statement.bind_optional_text(parameter(rf_reference), invoice.payment_reference.rf_reference);
    statement.bind_text(parameter(item_descriptions), text.item_descriptions);
    statement.bind_text(parameter(vat_summary), text.vat_summary);
}

domain::Invoice read_invoice(const Statement& row) {
    using namespace invoice_column;
    return domain::Invoice{
        .transaction_id = row.text(transaction_id),
        .payment_id = row.text(payment_id),
        .invoice_number = row.int64(invoice_number),
        .issue_date = read_iso_date(row, issue_date, "issue_date"),
        .due_date = read_iso_date(row, due_date, "due_date"),
        .payment_reference =
            {
                .kind = read_enum<domain::PaymentReferenceKind>(row, payment_reference_kind,
                                                                "payment_reference_kind"),
                .reference = row.text(payment_reference),
                .rf_reference = row.optional_text(rf_reference),
            },
        .item_descriptions = read_item_descriptions(row, item_descriptions),
        .vat_summary = read_vat_summary(row, vat_summary),
    };
}

// ---- Settings ----

constexpr std::string_view find_setting_sql = "SELECT value FROM settings WHERE name = ?1";

// The first value stays: a later insert under the same name changes nothing (changes() == 0).
constexpr std::string_view insert_setting_if_absent_sql =
    "INSERT INTO settings (name, value) VALUES (?1, ?2) ON CONFLICT DO NOTHING";

// ---- Payee references and the number sequences ----

constexpr std::string_view reserve_payee_reference_sql =
    "INSERT INTO payee_references (payee_id, payee_reference) VALUES (?1, ?2) "
    "ON CONFLICT DO NOTHING";

constexpr std::string_view next_number_sql =
    "UPDATE sequences SET next_value = next_value + 1 WHERE name = 'number' "
    "RETURNING next_value - 1";

// A payee's first call inserts its row already advanced past 1; every later call advances it. Both
// paths return the value before the advance, so the series is 1, 2, 3, … Concurrent requests are
// serialised by the one write transaction they share (or wait for), so no two get the same value.
constexpr std::string_view next_invoice_sequence_sql =
    "INSERT INTO invoice_sequences (payee_id, next_value) VALUES (?1, 2) "
    "ON CONFLICT (payee_id) DO UPDATE SET next_value = next_value + 1 "
    "RETURNING next_value - 1";

template <typename Row, typename Read>
std::optional<Row> find_one(Connection& connection, const std::string& sql, std::string_view key,
                            Read read) {
    Statement statement = connection.statement(sql);
    statement.bind_text(1, key);
    if (!statement.step()) return std::nullopt;
    return read(statement);
}

}  // namespace

std::optional<domain::Merchant> SqliteDbTransaction::find_merchant(std::string_view payee_id) {
    return find_one<domain::Merchant>(connection_, merchant_sql().by_payee_id, payee_id,
                                      read_merchant);
}

std::optional<domain::Merchant> SqliteDbTransaction::find_merchant_by_token_hash(
    std::string_view token_sha256_hex) {
    return find_one<domain::Merchant>(connection_, merchant_sql().by_token_hash, token_sha256_hex,
                                      read_merchant);
}

std::vector<domain::Merchant> SqliteDbTransaction::list_merchants() {
    Statement statement = connection_.statement(merchant_sql().all);
    std::vector<domain::Merchant> merchants;
    while (statement.step()) merchants.push_back(read_merchant(statement));
    return merchants;
}

std::optional<domain::Payment> SqliteDbTransaction::find_payment(std::string_view payment_id) {
    return find_one<domain::Payment>(connection_, payment_sql().by_id, payment_id, read_payment);
}

std::optional<domain::Payment> SqliteDbTransaction::find_payment_by_front_end_token(
    std::string_view front_end_token) {
    return find_one<domain::Payment>(connection_, payment_sql().by_front_end_token, front_end_token,
                                     read_payment);
}

std::vector<domain::Transaction> SqliteDbTransaction::list_transactions(
    std::string_view payment_id) {
    Statement statement = connection_.statement(transaction_sql().of_payment);
    statement.bind_text(1, payment_id);
    std::vector<domain::Transaction> transactions;
    while (statement.step()) transactions.push_back(read_transaction(statement));
    return transactions;
}

bool SqliteDbTransaction::insert_merchant(const domain::Merchant& merchant) {
    Statement statement = connection_.statement(merchant_sql().insert_unless_taken);
    bind_merchant(statement, merchant);
    statement.run();
    return connection_.changes() == 1;
}

void SqliteDbTransaction::update_merchant(const domain::Merchant& merchant) {
    Statement statement = connection_.statement(merchant_sql().table.update);
    bind_merchant(statement, merchant);
    statement.run();
    if (connection_.changes() != 1) {
        throw std::logic_error("update_merchant: no merchant with payee id " + merchant.payee_id);
    }
}

void SqliteDbTransaction::insert_payment(const domain::Payment& payment) {
    const PaymentJson json(payment);
    Statement statement = connection_.statement(payment_sql().table.insert);
    bind_payment(statement, payment, json);
    statement.run();
}

void SqliteDbTransaction::update_payment(const domain::Payment& payment) {
    const PaymentJson json(payment);
    Statement statement = connection_.statement(payment_sql().table.update);
    bind_payment(statement, payment, json);
    statement.run();
    if (connection_.changes() != 1) {
        throw std::logic_error("update_payment: no payment with id " + payment.id);
    }
}

void SqliteDbTransaction::insert_transaction(const domain::Transaction& transaction) {
    Statement statement = connection_.statement(transaction_sql().table.insert);
    bind_transaction(statement, transaction);
    statement.run();
}

void SqliteDbTransaction::update_transaction(const domain::Transaction& transaction) {
    Statement statement = connection_.statement(transaction_sql().table.update);
    bind_transaction(statement, transaction);
    statement.run();
    if (connection_.changes() != 1) {
        throw std::logic_error("update_transaction: no transaction with id " + transaction.id);
    }
}

bool SqliteDbTransaction::reserve_payee_reference(std::string_view payee_id,
                                                  std::string_view payee_reference) {
    Statement statement = connection_.statement(reserve_payee_reference_sql);
    statement.bind_text(1, payee_id);
    statement.bind_text(2, payee_reference);
    statement.run();
    return connection_.changes() == 1;
}

std::int64_t SqliteDbTransaction::next_number() {
    Statement statement = connection_.statement(next_number_sql);
    if (!statement.step()) {
        statement.fail_on_content("the 'number' sequence row is missing");
    }
    const std::int64_t number = statement.int64(0);
    // Run the statement to completion so the update is finished before the next statement.
    statement.run();
    return number;
}

std::optional<domain::ApprovedLegalAddress> SqliteDbTransaction::find_approved_legal_address(
    std::string_view payment_id) {
    return find_one<domain::ApprovedLegalAddress>(connection_,
                                                  approved_legal_address_sql().by_payment_id,
                                                  payment_id, read_approved_legal_address);
}

std::optional<domain::AuthorizationDetails> SqliteDbTransaction::find_authorization_details(
    std::string_view transaction_id) {
    return find_one<domain::AuthorizationDetails>(connection_,
                                                  authorization_details_sql().by_transaction_id,
                                                  transaction_id, read_authorization_details);
}

std::optional<domain::PayerToken> SqliteDbTransaction::find_payer_token(std::string_view token) {
    return find_one<domain::PayerToken>(connection_, payer_token_sql().by_token, token,
                                        read_payer_token);
}

std::optional<domain::Invoice> SqliteDbTransaction::find_invoice(std::string_view transaction_id) {
    return find_one<domain::Invoice>(connection_, invoice_sql().by_transaction_id, transaction_id,
                                     read_invoice);
}

void SqliteDbTransaction::save_approved_legal_address(const domain::ApprovedLegalAddress& address) {
    Statement statement = connection_.statement(approved_legal_address_sql().table.upsert);
    bind_approved_legal_address(statement, address);
    statement.run();
}

void SqliteDbTransaction::insert_authorization_details(
    const domain::AuthorizationDetails& details) {
    Statement statement = connection_.statement(authorization_details_sql().table.insert);
    bind_authorization_details(statement, details);
    statement.run();
}

void SqliteDbTransaction::insert_payer_token(const domain::PayerToken& token) {
    Statement statement = connection_.statement(payer_token_sql().table.insert);
    bind_payer_token(statement, token);
    statement.run();
}

void SqliteDbTransaction::update_payer_token(const domain::PayerToken& token) {
    Statement statement = connection_.statement(payer_token_sql().table.update);
    bind_payer_token(statement, token);
    statement.run();
    if (connection_.changes() != 1) {
        throw std::logic_error("update_payer_token: no payer token " + token.token);
    }
}

void SqliteDbTransaction::insert_invoice(const domain::Invoice& invoice) {
    const InvoiceText text(invoice);
    Statement statement = connection_.statement(invoice_sql().table.insert);
    bind_invoice(statement, invoice, text);
    statement.run();
}

std::optional<domain::PayerInput> SqliteDbTransaction::find_payer_input(
    std::string_view payment_id) {
    return find_one<domain::PayerInput>(connection_, payer_input_sql().by_payment_id, payment_id,
                                        read_payer_input);
}

void SqliteDbTransaction::save_payer_input(const domain::PayerInput& input) {
    Statement statement = connection_.statement(payer_input_sql().table.upsert);
    bind_payer_input(statement, input);
    statement.run();
}

std::optional<std::string> SqliteDbTransaction::find_setting(std::string_view name) {
    Statement statement = connection_.statement(find_setting_sql);
    statement.bind_text(1, name);
    if (!statement.step()) return std::nullopt;
    return statement.text(0);
}

bool SqliteDbTransaction::insert_setting_if_absent(std::string_view name, std::string_view value) {
    Statement statement = connection_.statement(insert_setting_if_absent_sql);
    statement.bind_text(1, name);
    statement.bind_text(2, value);
    statement.run();
    return connection_.changes() == 1;
}

std::int64_t SqliteDbTransaction::next_invoice_sequence(std::string_view payee_id) {
    Statement statement = connection_.statement(next_invoice_sequence_sql);
    statement.bind_text(1, payee_id);
    if (!statement.step()) {
        statement.fail_on_content("the invoice sequence upsert returned no row");
    }
    const std::int64_t value = statement.int64(0);
    // Run the statement to completion so the upsert is finished before the next statement.
    statement.run();
    return value;
}

}  // namespace faktura::storage::sqlite
