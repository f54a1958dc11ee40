#include "http/wire_spelling.hpp"

#include "domain/country.hpp"

namespace faktura::http {

using domain::TransactionType;

std::string_view to_wire(domain::PaymentOperation value) {
    switch (value) {
        case domain::PaymentOperation::financing_consumer:
            return "FinancingConsumer";
        case domain::PaymentOperation::verify:
            return "Verify";
        case domain::PaymentOperation::recur:
            return "Recur";
    }
    return {};
}

std::string_view to_wire(domain::PaymentState value) {
    switch (value) {
        case domain::PaymentState::ready:
            return "Ready";
        case domain::PaymentState::pending:
            return "Pending";
        case domain::PaymentState::failed:
            return "Failed";
        case domain::PaymentState::aborted:
            return "Aborted";
    }
    return {};
}

std::string_view to_wire(domain::Currency value) {
    switch (value) {
        case domain::Currency::sek:
            return "SEK";
        case domain::Currency::nok:
            return "NOK";
        case domain::Currency::eur:
            return "EUR";
    }
    return {};
}

std::string_view to_wire(domain::InvoiceType value) {
    switch (value) {
        case domain::InvoiceType::payex_financing_se:
            return "PayExFinancingSe";
        case domain::InvoiceType::payex_financing_no:
            return "PayExFinancingNo";
        case domain::InvoiceType::payex_financing_fi:
            return "PayExFinancingFi";
    }
    return {};
}

std::string_view to_wire(domain::Language value) {
    switch (value) {
        case domain::Language::sv_se:
            return "sv-SE";
        case domain::Language::nb_no:
            return "nb-NO";
        case domain::Language::en_us:
            return "en-US";
    }
    return {};
}

// A property of the country, not of the wire: the credit provider's contract and the page use it
// too.
std::string_view to_wire(domain::Country value) { return domain::iso_code(value); }

std::string_view to_wire(TransactionType value) { return transaction_kind(value).wire_type; }

std::string_view to_wire(domain::TransactionState value) {
    switch (value) {
        case domain::TransactionState::initialized:
            return "Initialized";
        case domain::TransactionState::completed:
            return "Completed";
        case domain::TransactionState::failed:
            return "Failed";
    }
    return {};
}

std::string_view to_wire(domain::PaymentReferenceKind value) {
    switch (value) {
        case domain::PaymentReferenceKind::kid:
            return "KID";
        case domain::PaymentReferenceKind::ocr:
            return "OCR";
        case domain::PaymentReferenceKind::finnish_reference:
            return "FinnishReference";
    }
    return {};
}

std::string_view to_wire(domain::PayerTokenKind value) {
    switch (value) {
        case domain::PayerTokenKind::payment:
            return "payment";
        case domain::PayerTokenKind::recurrence:
            return "recurrence";
    }
    return {};
}

std::string_view to_wire(domain::DeliveryState value) {
    switch (value) {
        case domain::DeliveryState::pending:
            return "Pending";
        case domain::DeliveryState::delivered:
            return "Delivered";
        case domain::DeliveryState::failed:
            return "Failed";
    }
    return {};
}

std::string_view to_wire(domain::AttemptOutcome value) {
    switch (value) {
        case domain::AttemptOutcome::delivered:
            return "Delivered";
        case domain::AttemptOutcome::rejected:
            return "Rejected";
        case domain::AttemptOutcome::timed_out:
            return "TimedOut";
        case domain::AttemptOutcome::refused:
            return "Refused";
        case domain::AttemptOutcome::unreachable:
            return "Unreachable";
    }
    return {};
}

std::string_view to_wire(domain::OperationRel value) { return operation_spelling(value).rel; }

std::string_view to_wire(SubResource value) { return sub_resource_names(value).path; }

TransactionKindNames transaction_kind(TransactionType type) {
    switch (type) {
        case TransactionType::authorization:
            return {SubResource::authorizations,
                    "authorizations",
                    "authorizationList",
                    "authorization",
                    "Authorization",
                    "Authorize"};
        case TransactionType::capture:
            return {
                SubResource::captures, "captures", "captureList", "capture", "Capture", "Capture"};
        case TransactionType::cancellation:
            return {SubResource::cancellations,
                    "cancellations",
                    "cancellationList",
                    "cancellation",
                    "Cancellation",
                    "Cancel"};
        case TransactionType::reversal:
            return {SubResource::reversals,
                    "reversals",
                    "reversalList",
                    "reversal",
                    "Reversal",
                    "Reverse"};
        case TransactionType::verification:
            return {SubResource::verifications,
                    "verifications",
                    "verificationList",
                    "verification",
                    "Verification",
                    "Verify"};
    }
    return {SubResource::transactions, {}, {}, {}, {}, {}};
}

std::optional<TransactionType> transaction_type_of(SubResource list) {
    for (int index = 0;; ++index) {
        const auto type = static_cast<TransactionType>(index);
        const TransactionKindNames kind = transaction_kind(type);
        if (kind.path.empty()) return std::nullopt;
        if (kind.list == list) return type;
    }
}

bool lists_transactions(SubResource sub_resource) {
    return !sub_resource_names(sub_resource).list_key.empty();
}

SubResourceNames sub_resource_names(SubResource sub_resource) {
    switch (sub_resource) {
        case SubResource::urls:
            return {"urls", "urls", {}};
        case SubResource::payee_info:
            return {"payeeinfo", "payeeInfo", {}};
        case SubResource::prices:
            return {"prices", "prices", {}};
        case SubResource::metadata:
            return {"metadata", "metadata", {}};
        case SubResource::settings:
            return {"settings", "settings", {}};
        case SubResource::transactions:
            return {"transactions", "transactions", "transactionList"};
        case SubResource::authorizations:
        case SubResource::verifications:
        case SubResource::captures:
        case SubResource::cancellations:
        case SubResource::reversals: {
            // Holds: each of these is the `list` of exactly one row of transaction_kind.
            const TransactionKindNames kind = transaction_kind(*transaction_type_of(sub_resource));
            return {kind.path, kind.path, kind.list_key};
        }
    }
    return {};
}

OperationSpelling operation_spelling(domain::OperationRel rel) {
    using enum domain::OperationRel;
    constexpr std::string_view json = "application/json";
    switch (rel) {
        case create_approved_legal_address:
            return {"create-approved-legal-address", "POST", json};
        case create_authorization:
            return {"create-authorization", "POST", json};
        case update_payment_abort:
            return {"update-payment-abort", "PATCH", json};
        case redirect_authorization:
            return {"redirect-authorization", "GET", "text/html"};
        case view_authorization:
            return {"view-authorization", "GET", "application/javascript"};
        case create_verification:
            return {"create-verification", "POST", json};
        case redirect_verification:
            return {"redirect-verification", "GET", "text/html"};
        case view_verification:
            return {"view-verification", "GET", "application/javascript"};
        case create_cancellation:
            return {"create-cancellation", "POST", json};
        case create_capture:
            return {"create-capture", "POST", json};
        case create_reversal:
            return {"create-reversal", "POST", json};
        case paid_payment:
            return {"paid-payment", "GET", json};
        case failed_payment:
            return {"failed-payment", "GET", "application/problem+json"};
        case aborted_payment:
            return {"aborted-payment", "GET", json};
        case redirect_merchant_complete:
            return {"redirect-merchant-complete", "GET", {}};
        case redirect_merchant_cancel:
            return {"redirect-merchant-cancel", "GET", {}};
    }
    return {};
}

}  // namespace faktura::http
