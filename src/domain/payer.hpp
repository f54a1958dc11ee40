// What the payer told us and what the registry said about them: the approved legal address of a
// payment, the consumer and addresses of an authorization or verification, and the stored payer
// tokens (paymentToken, recurrenceToken). Pure data.
#pragma once

#include <optional>
#include <string>

#include "domain/address.hpp"
#include "domain/payment.hpp"
#include "domain/time.hpp"

namespace faktura::domain {

// The registered address found by POST …/approvedlegaladdress (spec §11); one per payment, the
// latest successful lookup replaces the previous one.
struct ApprovedLegalAddress {
    std::string payment_id;
    std::string national_id;  // NationalId::canonical of the person looked up.
    Address address;
    Timestamp created_at;

    bool operator==(const ApprovedLegalAddress&) const = default;
};

// consumer of an authorization (§12.1, §19.6).
struct Consumer {
    std::string national_id;  // NationalId::canonical.
    std::optional<std::string> customer_number;
    std::optional<std::string> email;
    std::string msisdn;  // Normalised "+<digits>".
    std::string ip;

    bool operator==(const Consumer&) const = default;
};

// The payer data of one authorization or verification transaction.
struct AuthorizationDetails {
    std::string transaction_id;
    std::string payment_id;
    Consumer consumer;
    Address legal_address;
    std::optional<Address> billing_address;

    // The recorded authorization links a shippingAddress: the billing address if one was given,
    // else the legal address (§12.2).
    const Address& shipping_address() const {
        return billing_address ? *billing_address : legal_address;
    }
    bool operator==(const AuthorizationDetails&) const = default;
};

enum class PayerTokenKind { payment, recurrence };

// A stored payer token (§20): lets a later Recur (recurrence) or prefilled page (payment) reuse the
// consumer data of the authorization that produced it.
struct PayerToken {
    std::string token;  // Lowercase GUID.
    PayerTokenKind kind = PayerTokenKind::recurrence;
    std::string payee_id;
    std::string payment_id;      // The payment whose authorization produced it.
    std::string transaction_id;  // That authorization (or verification).
    Currency currency = Currency::sek;
    InvoiceType invoice_type = InvoiceType::payex_financing_se;
    Timestamp created_at;
    bool is_deleted = false;
    std::optional<Timestamp> deleted_at;  // When PATCH …/instrumentdata/{token} deleted it.
    std::optional<std::string> deletion_comment;  // Its "comment".

    bool operator==(const PayerToken&) const = default;
};

// What the payer typed in step 1 of the hosted page, kept until step 2 uses it; one per payment,
// the latest entry replaces the previous one.
struct PayerInput {
    std::string payment_id;
    std::string national_id;  // NationalId::canonical.
    std::optional<std::string> email;
    std::string msisdn;
    std::string zip_code;
    Timestamp created_at;

    bool operator==(const PayerInput&) const = default;
};

}  // namespace faktura::domain
