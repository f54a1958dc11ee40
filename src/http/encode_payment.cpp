#include "http/encode_payment.hpp"

#include <algorithm>
#include <utility>

#include "http/encode_transaction.hpp"
#include "http/json_writer.hpp"
#include "http/wire_spelling.hpp"

namespace faktura::http {

using domain::PaymentOperation;

namespace {

std::string sub_resource_path(std::string_view payment_id, SubResource sub_resource) {
    const std::string_view name = sub_resource_names(sub_resource).path;
    std::string path;
    path.reserve(payments_path.size() + payment_id.size() + name.size() + 2);
    path.append(payments_path).append("/").append(payment_id).append("/").append(name);
    return path;
}

// Appends the href of the operation to `href`, piece by piece: a payment resource lists up to a
// dozen operations, and building each from temporaries cost more than the rest of its JSON.
void append_operation_href(std::string& href, domain::OperationRel rel,
                           const domain::Payment& payment, const UrlBase& base) {
    using enum domain::OperationRel;
    const auto api_payment = [&](std::string_view suffix) {
        href.append(base.api).append(payments_path).append("/").append(payment.id).append(suffix);
    };
    const auto api_transactions = [&](domain::TransactionType type) {
        api_payment("/");
        href.append(transaction_kind(type).path);
    };
    const auto script = [&](std::string_view operation) {
        href.append(base.front_end)
            .append("/invoice/core/scripts/client/px.invoice.client.js?token=")
            .append(payment.front_end_token)
            .append("&operation=")
            .append(operation);
    };
    const auto front_end = [&](std::string_view path) {
        href.append(base.front_end).append(path).append(payment.front_end_token);
    };
    switch (rel) {
        case create_approved_legal_address:
            return api_payment("/approvedlegaladdress");
        case create_authorization:
            return api_transactions(domain::TransactionType::authorization);
        case update_payment_abort:
            return api_payment("");
        case redirect_authorization:
            return front_end("/invoice/payments/authorize/");
        case view_authorization:
            return script("authorize");
        case create_verification:
            return api_transactions(domain::TransactionType::verification);
        case redirect_verification:
            return front_end("/invoice/payments/verify/");
        case view_verification:
            return script("verify");
        case create_cancellation:
            return api_transactions(domain::TransactionType::cancellation);
        case create_capture:
            return api_transactions(domain::TransactionType::capture);
        case create_reversal:
            return api_transactions(domain::TransactionType::reversal);
        case paid_payment:
            return api_payment("/paid");
        case failed_payment:
            return api_payment("/failed");
        case aborted_payment:
            return api_payment("/aborted");
        case redirect_merchant_complete:
            href.append(payment.urls.complete_url.value_or(""));
            return;
        case redirect_merchant_cancel:
            href.append(payment.urls.cancel_url ? *payment.urls.cancel_url
                                                : payment.urls.payment_url.value_or(""));
            return;
    }
}

void write_operations(JsonWriter& out, const domain::Payment& payment, const UrlBase& base,
                      const std::vector<domain::OperationRel>& operations) {
    out.key("operations").begin_array();
    std::string href;  // One buffer for every href.
    for (const domain::OperationRel rel : operations) {
        const OperationSpelling spelling = operation_spelling(rel);
        href.clear();
        append_operation_href(href, rel, payment, base);
        out.begin_object()
            .field("method", spelling.method)
            .field("href", href)
            .field("rel", spelling.rel);
        if (!spelling.content_type.empty()) out.field("contentType", spelling.content_type);
        out.end_object();
    }
    out.end_array();
}

void write_metadata_value(JsonWriter& out, const domain::MetadataValue& value) {
    using Kind = domain::MetadataValue::Kind;
    switch (value.kind) {
        case Kind::string:
            out.string(value.text);
            break;
        case Kind::integer:
        case Kind::decimal:
            out.raw_number(value.text);
            break;
        case Kind::boolean:
            out.boolean(value.text == "true");
            break;
    }
}

void write_urls(JsonWriter& out, const domain::Urls& urls) {
    if (!urls.host_urls.empty()) {
        out.key("hostUrls").begin_array();
        for (const std::string& url : urls.host_urls) out.string(url);
        out.end_array();
    }
    out.optional_field("completeUrl", urls.complete_url)
        .optional_field("cancelUrl", urls.cancel_url)
        .optional_field("paymentUrl", urls.payment_url)
        .optional_field("callbackUrl", urls.callback_url)
        .optional_field("logoUrl", urls.logo_url)
        .optional_field("termsOfServiceUrl", urls.terms_of_service_url);
}

// The inner object of a sub-resource: {"id": <self>, …}; the same for GET …/<name> and $expand.
void write_sub_resource_object(JsonWriter& out, const PaymentDocument& document,
                               SubResource sub_resource) {
    const domain::Payment& payment = document.payment;
    out.begin_object().field("id", sub_resource_path(payment.id, sub_resource));
    switch (sub_resource) {
        case SubResource::urls:
            write_urls(out, payment.urls);
            break;
        case SubResource::payee_info:
            out.field("payeeId", payment.payee_info.payee_id)
                .field("payeeReference", payment.payee_info.payee_reference)
                .optional_field("payeeName", payment.payee_info.payee_name)
                .optional_field("productCategory", payment.payee_info.product_category)
                .optional_field("orderReference", payment.payee_info.order_reference)
                .optional_field("subsite", payment.payee_info.subsite);
            break;
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
        case SubResource::settings:
            break;
        case SubResource::transactions:
        case SubResource::authorizations:
        case SubResource::verifications:
        case SubResource::captures:
        case SubResource::cancellations:
        case SubResource::reversals:
            write_transaction_list(out, document, sub_resource);
            break;
    }
    out.end_object();
}

bool is_expanded(const std::vector<SubResource>& expansion, SubResource sub_resource) {
    return std::find(expansion.begin(), expansion.end(), sub_resource) != expansion.end();
}

// A link {"id": …}, or the inlined sub-resource when it is expanded.
void write_link_or_expansion(JsonWriter& out, const PaymentDocument& document,
                             const std::vector<SubResource>& expansion, SubResource sub_resource) {
    out.key(sub_resource_names(sub_resource).key);
    if (is_expanded(expansion, sub_resource)) {
        write_sub_resource_object(out, document, sub_resource);
    } else {
        out.begin_object()
            .field("id", sub_resource_path(document.payment.id, sub_resource))
            .end_object();
    }
}

// Remaining amounts, the payer-facing fields and the transaction links of the payment object.
void write_amounts_and_links(JsonWriter& out, const PaymentDocument& document,
                             const std::vector<SubResource>& expansion) {
    const domain::Payment& payment = document.payment;
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
    out.field("description", payment.description)
        .optional_field("payerReference", payment.payer_reference);
    // A request without a User-Agent header leaves it unset: omitted, not "" (C-3).
    if (!payment.initiating_system_user_agent.empty()) {
        out.field("initiatingSystemUserAgent", payment.initiating_system_user_agent);
    }
    out.field("userAgent", payment.user_agent).field("language", to_wire(payment.language));
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
}

}  // namespace

std::vector<SubResource> parse_expansion(std::string_view names) {
    std::vector<SubResource> expansion;
    while (!names.empty()) {
        const std::size_t comma = names.find(',');
        std::string_view name = names.substr(0, comma);
        names = comma == std::string_view::npos ? std::string_view{} : names.substr(comma + 1);
        while (!name.empty() && name.front() == ' ') name.remove_prefix(1);
        while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
        if (auto sub_resource = from_wire<SubResource>(name)) expansion.push_back(*sub_resource);
    }
    return expansion;
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
    out.optional_field("paymentToken", payment.payment_token);
    if (payment.recurrence_token) {
        out.field("recurrenceToken", *payment.recurrence_token);
    } else {
        out.optional_field("recurrenceToken", payment.recurrence_token_used);
    }
    out.field("id", path)
        .field("number", payment.number)
        .field("created", domain::format_timestamp(payment.created_at))
        .field("updated", domain::format_timestamp(payment.updated_at))
        .field("instrument", "Invoice")
        .field("operation", to_wire(payment.operation));
    if (has_price) out.field("intent", "Authorization");
    out.field("state", to_wire(payment.state)).field("currency", to_wire(payment.currency));
    if (has_price) write_link_or_expansion(out, document, expansion, SubResource::prices);
    write_amounts_and_links(out, document, expansion);
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
    out.key(sub_resource_names(sub_resource).key);
    write_sub_resource_object(out, document, sub_resource);
    out.end_object();
    return out.take();
}

std::string encode_aborted(const domain::Payment& payment) {
    JsonWriter out;
    out.begin_object().field("payment", payment_path(payment.id));
    out.key("aborted").begin_object().optional_field("abortReason", payment.abort_reason);
    out.end_object().end_object();
    return out.take();
}

}  // namespace faktura::http
