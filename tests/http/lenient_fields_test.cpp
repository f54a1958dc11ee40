// The one leniency rule of every request body (§3.3, ObjectReader::find): an optional field sent as
// "" or null reads as absent, and a required one gets exactly the problem of a missing one. Each
// row of the table names one field a decoder reads; the test sends the row's base body with that
// field set to "", set to null and erased, and compares the three outcomes. Also: integers written
// as strings, and a leading UTF-8 byte-order mark.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <optional>
#include <ostream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "http/json_codec.hpp"

namespace faktura::http {
namespace {

namespace json = boost::json;

// ---------------------------------------------------------------------------------------------
// Every decoder behind one signature: the error, or every field of the command as text.

struct Decoded {
    std::optional<domain::Error> error;
    std::string command;  // Empty when decoding failed.
};

template <typename Enum>
std::int64_t ordinal(Enum value) {
    return static_cast<std::int64_t>(value);
}

// "name=value" lines, so that two commands compare (and differ readably) as text.
class Fields {
  public:
    Fields& text(std::string_view name, std::string_view value) {
        out_ += std::string(name) + "=\"" + std::string(value) + "\"\n";
        return *this;
    }
    Fields& maybe(std::string_view name, const std::optional<std::string>& value) {
        return value ? text(name, *value) : unset(name);
    }
    Fields& number(std::string_view name, std::int64_t value) {
        out_ += std::string(name) + "=" + std::to_string(value) + "\n";
        return *this;
    }
    Fields& flag(std::string_view name, bool value) {
        out_ += std::string(name) + (value ? "=true\n" : "=false\n");
        return *this;
    }
    Fields& unset(std::string_view name) {
        out_ += std::string(name) + " unset\n";
        return *this;
    }
    std::string take() { return std::move(out_); }

  private:
    std::string out_;
};

std::string describe(const domain::CreatePaymentCommand& command) {
    Fields fields;
    fields.number("operation", ordinal(command.operation))
        .number("currency", ordinal(command.currency));
    if (command.invoice_type) {
        fields.number("invoiceType", ordinal(*command.invoice_type));
    } else {
        fields.unset("invoiceType");
    }
    if (command.price) {
        fields.number("price.amount", command.price->amount.minor)
            .number("price.vatAmount", command.price->vat_amount.minor);
    } else {
        fields.unset("price");
    }
    fields.text("description", command.description)
        .maybe("payerReference", command.payer_reference)
        .text("userAgent", command.user_agent)
        .text("initiatingSystemUserAgent", command.initiating_system_user_agent)
        .number("language", ordinal(command.language));
    const domain::Urls& urls = command.urls;
    fields.number("urls.hostUrls.size", static_cast<std::int64_t>(urls.host_urls.size()));
    for (const std::string& host_url : urls.host_urls) fields.text("urls.hostUrls[]", host_url);
    fields.maybe("urls.completeUrl", urls.complete_url)
        .maybe("urls.cancelUrl", urls.cancel_url)
        .maybe("urls.paymentUrl", urls.payment_url)
        .maybe("urls.callbackUrl", urls.callback_url)
        .maybe("urls.logoUrl", urls.logo_url)
        .maybe("urls.termsOfServiceUrl", urls.terms_of_service_url);
    const domain::PayeeInfo& payee_info = command.payee_info;
    fields.text("payeeInfo.payeeId", payee_info.payee_id)
        .text("payeeInfo.payeeReference", payee_info.payee_reference)
        .maybe("payeeInfo.payeeName", payee_info.payee_name)
        .maybe("payeeInfo.productCategory", payee_info.product_category)
        .maybe("payeeInfo.orderReference", payee_info.order_reference)
        .maybe("payeeInfo.subsite", payee_info.subsite);
    fields.number("metadata.size", static_cast<std::int64_t>(command.metadata.size()));
    for (const auto& [key, value] : command.metadata) {
        fields.text("metadata." + key, std::to_string(ordinal(value.kind)) + ":" + value.text);
    }
    fields.flag("generatePaymentToken", command.generate_payment_token)
        .flag("generateRecurrenceToken", command.generate_recurrence_token)
        .maybe("prefillPaymentToken", command.prefill_payment_token)
        .maybe("prefillMsisdn", command.prefill_msisdn)
        .maybe("recurrenceToken", command.recurrence_token);
    return fields.take();
}

std::string describe(const domain::AbortCommand& command) {
    return Fields().text("abortReason", command.abort_reason).take();
}

std::string describe(const domain::ApproveLegalAddressCommand& command) {
    return Fields()
        .text("socialSecurityNumber", command.social_security_number)
        .text("zipCode", command.zip_code)
        .take();
}

void describe_address(Fields& fields, const std::string& prefix,
                      const domain::AddressInput& address) {
    fields.text(prefix + ".addressee", address.addressee)
        .maybe(prefix + ".coAddress", address.co_address)
        .text(prefix + ".streetAddress", address.street_address)
        .text(prefix + ".zipCode", address.zip_code)
        .text(prefix + ".city", address.city)
        .number(prefix + ".countryCode", ordinal(address.country));
}

std::string describe(const domain::AuthorizeCommand& command) {
    Fields fields;
    fields.text("socialSecurityNumber", command.social_security_number)
        .maybe("customerNumber", command.customer_number)
        .maybe("email", command.email)
        .text("msisdn", command.msisdn)
        .text("ip", command.ip);
    describe_address(fields, "legalAddress", command.legal_address);
    if (command.billing_address) {
        describe_address(fields, "billingAddress", *command.billing_address);
    } else {
        fields.unset("billingAddress");
    }
    return fields.take();
}

std::string describe(const domain::CaptureCommand& command) {
    Fields fields;
    fields.number("amount", command.amount.minor)
        .number("vatAmount", command.vat_amount.minor)
        .text("payeeReference", command.payee_reference)
        .maybe("receiptReference", command.receipt_reference)
        .text("description", command.description);
    for (const domain::ItemDescription& item : command.item_descriptions) {
        fields.number("itemDescriptions[].amount", item.amount.minor)
            .text("itemDescriptions[].description", item.description);
    }
    for (const domain::VatSummaryLine& line : command.vat_summary) {
        fields.number("vatSummary[].amount", line.amount.minor)
            .number("vatSummary[].vatPercent", line.vat_percent.hundredths_of_percent)
            .number("vatSummary[].vatAmount", line.vat_amount.minor);
    }
    return fields.take();
}

std::string describe(const domain::CancelCommand& command) {
    return Fields()
        .text("payeeReference", command.payee_reference)
        .text("description", command.description)
        .take();
}

std::string describe(const domain::ReverseCommand& command) {
    return Fields()
        .number("amount", command.amount.minor)
        .number("vatAmount", command.vat_amount.minor)
        .text("payeeReference", command.payee_reference)
        .maybe("receiptReference", command.receipt_reference)
        .text("description", command.description)
        .take();
}

std::string describe(const DeletePayerTokenCommand& command) {
    return Fields().maybe("comment", command.comment).take();
}

template <typename Command>
Decoded decoded(const domain::Result<Command>& result) {
    if (!result) return Decoded{result.error(), {}};
    return Decoded{std::nullopt, describe(*result)};
}

using Decoder = Decoded (*)(std::string_view body);

// "name: description" per problem: gtest prints and diffs these readably.
std::vector<std::string> problem_lines(const domain::Error& error) {
    std::vector<std::string> lines;
    for (const domain::FieldProblem& problem : error.problems) {
        lines.push_back(problem.name + ": " + problem.description);
    }
    return lines;
}

std::string outcome_text(const Decoded& outcome) {
    if (!outcome.error) return "success:\n" + outcome.command;
    std::string text = "error code " + std::to_string(ordinal(outcome.error->code)) + ":\n";
    for (const std::string& line : problem_lines(*outcome.error)) text += line + "\n";
    return text;
}

// ---------------------------------------------------------------------------------------------
// The base bodies: valid, realistic, and carrying every optional field the decoder reads.

enum class Base {
    financing,  // POST /psp/invoice/payments, FinancingConsumer (§7.1 + the docs' extras).
    verify,     // POST /psp/invoice/payments, Verify (§8.1).
    recur,      // POST /psp/invoice/payments, Recur (§9.1): no invoice, prices, completeUrl.
    abort,      // PATCH …/{id} (§18.1).
    approve_legal_address,  // POST …/approvedlegaladdress (§11.1).
    authorize,              // POST …/authorizations and …/verifications (§12.1, §13).
    capture,                // POST …/captures (§14.1).
    capture_lines_beside,   // POST …/captures with the lines beside `transaction` (old plugin,
                            // §14.1).
    cancel,                 // POST …/cancellations (§15.1).
    reverse,                // POST …/reversals (§16.1).
    delete_payer_token,     // PATCH …/instrumentdata/{token} (§20).
};

struct BaseBody {
    Base base;
    std::string_view name;  // Prefix of the test names.
    Decoder decode;
    std::string_view json;
};

const BaseBody base_bodies[] = {
    {Base::financing, "create_payment",
     [](std::string_view body) { return decoded(decode_create_payment(body)); },
     R"({"payment":{"operation":"FinancingConsumer","intent":"Authorization","currency":"SEK",)"
     R"("prices":[{"type":"Invoice","amount":10000,"vatAmount":0}],"description":"test description",)"
     R"("payerReference":"AB1234","generatePaymentToken":true,"generateRecurrenceToken":true,)"
     R"("paymentToken":"5a17c24e-d459-4567-bbad-aa0f17a76119",)"
     R"("userAgent":"Mozilla/5.0 Postman","language":"sv-SE",)"
     R"("urls":{"hostUrls":["https://en.wikipedia.org/wiki/Host"],)"
     R"("completeUrl":"https://en.wikipedia.org/wiki/Success","cancelUrl":"https://en.wikipedia.org/wiki/cancel",)"
     R"("paymentUrl":"https://en.wikipedia.org/wiki/payment","callbackUrl":"https://en.wikipedia.org/wiki/callback",)"
     R"("termsOfServiceUrl":"https://en.wikipedia.org/wiki/Terms_Of_Service",)"
     R"("logoUrl":"https://design.swedbankpay.com/v/4.5.0/img/swedbankpay-logo.svg"},)"
     R"("payeeInfo":{"payeeId":"cdff105b-1879-4d10-a83b-7bd7115cffef","payeeReference":"someUniqueReference123894723",)"
     R"("payeeName":"Test merchant","productCategory":"A123","orderReference":"or-12456","subsite":"MySubsite"},)"
     R"("metadata":{"key1":"value1","key2":2,"key3":3.1,"key4":false},)"
     R"("prefillInfo":{"msisdn":"+46739000001"}},)"
     R"("invoice":{"invoiceType":"PayExFinancingSe"}})"},
    {Base::verify, "create_payment_verify",
     [](std::string_view body) { return decoded(decode_create_payment(body)); },
     R"({"payment":{"operation":"Verify","currency":"SEK","description":"Test Verification",)"
     R"("payerReference":"AB1234","userAgent":"Mozilla/5.0...","language":"sv-SE",)"
     R"("generatePaymentToken":true,"generateRecurrenceToken":false,)"
     R"("urls":{"hostUrls":["https://example.com"],"completeUrl":"https://example.com/payment-completed",)"
     R"("cancelUrl":"https://example.com/payment-canceled","paymentUrl":"https://example.com/perform-payment",)"
     R"("logoUrl":"https://example.com/logo.png","termsOfServiceUrl":"https://example.com/terms.pdf"},)"
     R"("payeeInfo":{"payeeId":"cdff105b-1879-4d10-a83b-7bd7115cffef","payeeReference":"verify1590140000",)"
     R"("payeeName":"Test merchant","productCategory":"A123","orderReference":"or-12456","subsite":"MySubsite"}},)"
     R"("invoice":{"invoiceType":"PayExFinancingSe"}})"},
    {Base::recur, "create_payment_recur",
     [](std::string_view body) { return decoded(decode_create_payment(body)); },
     R"({"payment":{"operation":"Recur","intent":"Authorization",)"
     R"("recurrenceToken":"6a44658c-ee97-44b8-9f59-c6bf5afb5f77","currency":"SEK","amount":1500,"vatAmount":0,)"
     R"("description":"test description","userAgent":"Mozilla/5.0...","language":"sv-SE",)"
     R"("urls":{"hostUrls":["https://en.wikipedia.org/wiki/Host"],"callbackUrl":"https://en.wikipedia.org/wiki/Callback"},)"
     R"("payeeInfo":{"payeeId":"cdff105b-1879-4d10-a83b-7bd7115cffef","payeeReference":"someUniqueReference123894723",)"
     R"("payeeName":"Test merchant"}}})"},
    {Base::abort, "abort", [](std::string_view body) { return decoded(decode_abort(body)); },
     R"({"payment":{"operation":"Abort","abortReason":"x"}})"},
    {Base::approve_legal_address, "approve_legal_address",
     [](std::string_view body) { return decoded(decode_approve_legal_address(body)); },
     R"({"addressee":{"socialSecurityNumber":"196003071161","zipCode":"19792"}})"},
    {Base::authorize, "authorize",
     [](std::string_view body) { return decoded(decode_authorize(body)); },
     R"({"transaction":{"activity":"FinancingConsumer"},)"
     R"("consumer":{"socialSecurityNumber":"196003071161","customerNumber":"123456",)"
     R"("email":"azra.oliveira@payex.com","msisdn":"+46739000001","ip":"127.0.0.1"},)"
     R"("legalAddress":{"addressee":"Azra Oliveira","streetAddress":"Helgestavägen 9","zipCode":"19792",)"
     R"("city":"Bro","countryCode":"SE"},)"
     R"("billingAddress":{"addressee":"Azra Oliveira","coAddress":"c/o Ekonomi AB","streetAddress":"Box 123",)"
     R"("zipCode":"19721","city":"Bro","countryCode":"SE"}})"},
    {Base::capture, "capture", [](std::string_view body) { return decoded(decode_capture(body)); },
     R"({"transaction":{"activity":"FinancingConsumer","amount":13500,"vatAmount":2500,)"
     R"("payeeReference":"ABC856","receiptReference":"ABC855","description":"description for transaction",)"
     R"("itemDescriptions":[{"amount":12500,"description":"item description 1"},)"
     R"({"amount":1000,"description":"item description 2"}],)"
     R"("vatSummary":[{"amount":12500,"vatPercent":2500,"vatAmount":2500},)"
     R"({"amount":1000,"vatPercent":0,"vatAmount":0}]}})"},
    {Base::capture_lines_beside, "capture_lines_beside",
     [](std::string_view body) { return decoded(decode_capture(body)); },
     R"({"transaction":{"activity":"FinancingConsumer","amount":13500,"vatAmount":2500,)"
     R"("payeeReference":"ABC856","description":"description for transaction"},)"
     R"("itemDescriptions":[{"amount":12500,"description":"item description 1"},)"
     R"({"amount":1000,"description":"item description 2"}],)"
     R"("vatSummary":[{"amount":12500,"vatPercent":2500,"vatAmount":2500},)"
     R"({"amount":1000,"vatPercent":0,"vatAmount":0}]})"},
    {Base::cancel, "cancel", [](std::string_view body) { return decoded(decode_cancel(body)); },
     R"({"transaction":{"activity":"FinancingConsumer","payeeReference":"customer-order-reference-unique",)"
     R"("description":"description for transaction"}})"},
    {Base::reverse, "reverse", [](std::string_view body) { return decoded(decode_reverse(body)); },
     R"({"transaction":{"activity":"FinancingConsumer","amount":1,"vatAmount":0,)"
     R"("payeeReference":"someUniqueReference1590140649","receiptReference":"ABC855",)"
     R"("description":"Reversal of invoice transaction"}})"},
    {Base::delete_payer_token, "delete_payer_token",
     [](std::string_view body) { return decoded(decode_delete_payer_token(body)); },
     R"({"state":"Deleted","comment":"c"})"},
};

const BaseBody& base_body(Base base) {
    for (const BaseBody& body : base_bodies) {
        if (body.base == base) return body;
    }
    throw std::logic_error("no base body");
}

// ---------------------------------------------------------------------------------------------
// Editing a body along a dotted path: "payment.urls.cancelUrl", "payment.prices[0].amount".

struct Member {
    json::object* parent;
    std::string name;
};

// The object holding the last segment of `path` (which must exist up to there) and that segment.
Member member_at(json::value& body, std::string_view path) {
    json::value* current = &body;
    std::size_t start = 0;
    for (;;) {
        const std::size_t dot = path.find('.', start);
        std::string_view segment =
            path.substr(start, dot == std::string_view::npos ? dot : dot - start);
        if (!current->is_object())
            throw std::invalid_argument("not an object before " + std::string(segment));
        if (dot == std::string_view::npos)
            return Member{&current->get_object(), std::string(segment)};
        std::optional<std::size_t> index;
        if (const std::size_t bracket = segment.find('['); bracket != std::string_view::npos) {
            index = std::stoul(std::string(segment.substr(bracket + 1)));
            segment = segment.substr(0, bracket);
        }
        current = current->get_object().if_contains(segment);
        if (current == nullptr) throw std::invalid_argument("no member " + std::string(segment));
        if (index) {
            if (!current->is_array() || *index >= current->get_array().size()) {
                throw std::invalid_argument("no element " + std::to_string(*index) + " in " +
                                            std::string(segment));
            }
            current = &current->get_array()[*index];
        }
        start = dot + 1;
    }
}

// The body with the field at `path` set (added if absent) to `replacement`.
std::string with_field(std::string_view base, std::string_view path,
                       const json::value& replacement) {
    json::value body = json::parse(base);
    const Member member = member_at(body, path);
    (*member.parent)[member.name] = replacement;
    return json::serialize(body);
}

std::string without_field(std::string_view base, std::string_view path) {
    json::value body = json::parse(base);
    const Member member = member_at(body, path);
    member.parent->erase(member.name);
    return json::serialize(body);
}

// ---------------------------------------------------------------------------------------------
// The table: every field each decoder reads.

constexpr const char* optional_field = nullptr;

struct Row {
    Base base;
    const char* path;
    // The problem name of the missing field ("Payment.Urls.CompleteUrl"), or `optional_field`.
    const char* required_problem;
};

void PrintTo(const Row& row, std::ostream* out) {
    *out << base_body(row.base).name << " " << row.path << " ("
         << (row.required_problem != nullptr ? row.required_problem : "optional") << ")";
}

std::string row_name(const Row& row) {
    std::string name = std::string(base_body(row.base).name) + "__";
    for (const char c : std::string_view(row.path)) {
        if (c == '.' || c == '[') {
            name += '_';
        } else if (c != ']') {
            name += c;
        }
    }
    return name;
}

const Row rows[] = {
    // FinancingConsumer (§6.1, §6.3, §25, §7.1).
    {Base::financing, "payment", "Payment"},
    {Base::financing, "payment.operation", "Payment.Operation"},
    {Base::financing, "payment.intent", "Payment.Intent"},
    {Base::financing, "payment.currency", "Payment.Currency"},
    {Base::financing, "payment.prices", "Payment.Prices"},
    {Base::financing, "payment.prices[0].type", "Payment.Prices[0].Type"},
    {Base::financing, "payment.prices[0].amount", "Payment.Prices[0].Amount"},
    {Base::financing, "payment.prices[0].vatAmount", "Payment.Prices[0].VatAmount"},
    {Base::financing, "payment.description", "Payment.Description"},
    {Base::financing, "payment.payerReference", optional_field},
    {Base::financing, "payment.generatePaymentToken", optional_field},
    {Base::financing, "payment.generateRecurrenceToken", optional_field},
    {Base::financing, "payment.paymentToken", optional_field},
    {Base::financing, "payment.userAgent", "Payment.UserAgent"},
    {Base::financing, "payment.language", "Payment.Language"},
    {Base::financing, "payment.urls", "Payment.Urls"},
    {Base::financing, "payment.urls.hostUrls", optional_field},
    {Base::financing, "payment.urls.completeUrl", "Payment.Urls.CompleteUrl"},
    {Base::financing, "payment.urls.cancelUrl", optional_field},
    {Base::financing, "payment.urls.paymentUrl", optional_field},
    {Base::financing, "payment.urls.callbackUrl", optional_field},
    {Base::financing, "payment.urls.logoUrl", optional_field},
    {Base::financing, "payment.urls.termsOfServiceUrl", optional_field},
    {Base::financing, "payment.payeeInfo", "Payment.PayeeInfo"},
    {Base::financing, "payment.payeeInfo.payeeId", "Payment.PayeeInfo.PayeeId"},
    {Base::financing, "payment.payeeInfo.payeeReference", "Payment.PayeeInfo.PayeeReference"},
    {Base::financing, "payment.payeeInfo.payeeName", optional_field},
    {Base::financing, "payment.payeeInfo.productCategory", optional_field},
    {Base::financing, "payment.payeeInfo.orderReference", optional_field},
    {Base::financing, "payment.payeeInfo.subsite", optional_field},
    {Base::financing, "payment.metadata", optional_field},
    {Base::financing, "payment.prefillInfo", optional_field},
    {Base::financing, "payment.prefillInfo.msisdn", optional_field},
    {Base::financing, "invoice", "Invoice"},
    {Base::financing, "invoice.invoiceType", "Invoice.InvoiceType"},
    // Verify (§8.1): no intent, prices ignored; completeUrl and invoice required.
    {Base::verify, "payment", "Payment"},
    {Base::verify, "payment.operation", "Payment.Operation"},
    {Base::verify, "payment.intent", optional_field},
    {Base::verify, "payment.prices", optional_field},
    {Base::verify, "payment.currency", "Payment.Currency"},
    {Base::verify, "payment.description", "Payment.Description"},
    {Base::verify, "payment.payerReference", optional_field},
    {Base::verify, "payment.userAgent", "Payment.UserAgent"},
    {Base::verify, "payment.language", "Payment.Language"},
    {Base::verify, "payment.generatePaymentToken", optional_field},
    {Base::verify, "payment.generateRecurrenceToken", optional_field},
    {Base::verify, "payment.urls", "Payment.Urls"},
    {Base::verify, "payment.urls.hostUrls", optional_field},
    {Base::verify, "payment.urls.completeUrl", "Payment.Urls.CompleteUrl"},
    {Base::verify, "payment.urls.cancelUrl", optional_field},
    {Base::verify, "payment.urls.paymentUrl", optional_field},
    {Base::verify, "payment.urls.logoUrl", optional_field},
    {Base::verify, "payment.urls.termsOfServiceUrl", optional_field},
    {Base::verify, "payment.payeeInfo", "Payment.PayeeInfo"},
    {Base::verify, "payment.payeeInfo.payeeId", "Payment.PayeeInfo.PayeeId"},
    {Base::verify, "payment.payeeInfo.payeeReference", "Payment.PayeeInfo.PayeeReference"},
    {Base::verify, "payment.payeeInfo.payeeName", optional_field},
    {Base::verify, "payment.payeeInfo.productCategory", optional_field},
    {Base::verify, "payment.payeeInfo.orderReference", optional_field},
    {Base::verify, "payment.payeeInfo.subsite", optional_field},
    {Base::verify, "invoice", "Invoice"},
    {Base::verify, "invoice.invoiceType", "Invoice.InvoiceType"},
    // Recur (§9.1): amount/vatAmount/recurrenceToken required; urls, completeUrl, invoice not.
    {Base::recur, "payment", "Payment"},
    {Base::recur, "payment.operation", "Payment.Operation"},
    {Base::recur, "payment.intent", "Payment.Intent"},
    {Base::recur, "payment.recurrenceToken", "Payment.RecurrenceToken"},
    {Base::recur, "payment.currency", "Payment.Currency"},
    {Base::recur, "payment.amount", "Payment.Amount"},
    {Base::recur, "payment.vatAmount", "Payment.VatAmount"},
    {Base::recur, "payment.prices", optional_field},
    {Base::recur, "payment.description", "Payment.Description"},
    {Base::recur, "payment.payerReference", optional_field},
    {Base::recur, "payment.userAgent", "Payment.UserAgent"},
    {Base::recur, "payment.language", "Payment.Language"},
    {Base::recur, "payment.urls", optional_field},
    {Base::recur, "payment.urls.hostUrls", optional_field},
    {Base::recur, "payment.urls.completeUrl", optional_field},
    {Base::recur, "payment.urls.callbackUrl", optional_field},
    {Base::recur, "payment.payeeInfo", "Payment.PayeeInfo"},
    {Base::recur, "payment.payeeInfo.payeeId", "Payment.PayeeInfo.PayeeId"},
    {Base::recur, "payment.payeeInfo.payeeReference", "Payment.PayeeInfo.PayeeReference"},
    {Base::recur, "payment.payeeInfo.payeeName", optional_field},
    {Base::recur, "payment.metadata", optional_field},
    {Base::recur, "invoice", optional_field},
    // Abort (§18.1).
    {Base::abort, "payment", "Payment"},
    {Base::abort, "payment.operation", "Payment.Operation"},
    {Base::abort, "payment.abortReason", optional_field},
    // Approved legal address (§11.1).
    {Base::approve_legal_address, "addressee", "Addressee"},
    {Base::approve_legal_address, "addressee.socialSecurityNumber",
     "Addressee.SocialSecurityNumber"},
    {Base::approve_legal_address, "addressee.zipCode", "Addressee.ZipCode"},
    // Authorization and verification (§12.1, §13).
    {Base::authorize, "transaction", "Transaction"},
    {Base::authorize, "transaction.activity", "Transaction.Activity"},
    {Base::authorize, "consumer", "Consumer"},
    {Base::authorize, "consumer.socialSecurityNumber", "Consumer.SocialSecurityNumber"},
    {Base::authorize, "consumer.customerNumber", optional_field},
    {Base::authorize, "consumer.email", optional_field},
    {Base::authorize, "consumer.msisdn", "Consumer.Msisdn"},
    {Base::authorize, "consumer.ip", "Consumer.Ip"},
    {Base::authorize, "legalAddress", "LegalAddress"},
    {Base::authorize, "legalAddress.addressee", "LegalAddress.Addressee"},
    {Base::authorize, "legalAddress.coAddress", optional_field},
    {Base::authorize, "legalAddress.streetAddress", optional_field},
    {Base::authorize, "legalAddress.zipCode", "LegalAddress.ZipCode"},
    {Base::authorize, "legalAddress.city", "LegalAddress.City"},
    {Base::authorize, "legalAddress.countryCode", "LegalAddress.CountryCode"},
    {Base::authorize, "billingAddress", optional_field},
    {Base::authorize, "billingAddress.addressee", "BillingAddress.Addressee"},
    {Base::authorize, "billingAddress.coAddress", optional_field},
    {Base::authorize, "billingAddress.streetAddress", "BillingAddress.StreetAddress"},
    {Base::authorize, "billingAddress.zipCode", "BillingAddress.ZipCode"},
    {Base::authorize, "billingAddress.city", "BillingAddress.City"},
    {Base::authorize, "billingAddress.countryCode", "BillingAddress.CountryCode"},
    // Capture (§14.1).
    {Base::capture, "transaction", "Transaction"},
    {Base::capture, "transaction.activity", "Transaction.Activity"},
    {Base::capture, "transaction.amount", "Transaction.Amount"},
    {Base::capture, "transaction.vatAmount", "Transaction.VatAmount"},
    {Base::capture, "transaction.payeeReference", "Transaction.PayeeReference"},
    {Base::capture, "transaction.receiptReference", optional_field},
    {Base::capture, "transaction.description", "Transaction.Description"},
    {Base::capture, "transaction.itemDescriptions", "Transaction.ItemDescriptions"},
    {Base::capture, "transaction.itemDescriptions[0].amount",
     "Transaction.ItemDescriptions[0].Amount"},
    {Base::capture, "transaction.itemDescriptions[1].description",
     "Transaction.ItemDescriptions[1].Description"},
    {Base::capture, "transaction.vatSummary", "Transaction.VatSummary"},
    {Base::capture, "transaction.vatSummary[0].amount", "Transaction.VatSummary[0].Amount"},
    {Base::capture, "transaction.vatSummary[0].vatPercent", "Transaction.VatSummary[0].VatPercent"},
    {Base::capture, "transaction.vatSummary[1].vatAmount", "Transaction.VatSummary[1].VatAmount"},
    // Capture with the lines beside `transaction`: an unset inner list defers to the outer one, and
    // a
    // missing outer list is reported where the lines belong.
    {Base::capture_lines_beside, "transaction.itemDescriptions", optional_field},
    {Base::capture_lines_beside, "transaction.vatSummary", optional_field},
    {Base::capture_lines_beside, "itemDescriptions", "Transaction.ItemDescriptions"},
    {Base::capture_lines_beside, "itemDescriptions[0].description",
     "ItemDescriptions[0].Description"},
    {Base::capture_lines_beside, "vatSummary", "Transaction.VatSummary"},
    {Base::capture_lines_beside, "vatSummary[1].vatPercent", "VatSummary[1].VatPercent"},
    // Cancellation (§15.1).
    {Base::cancel, "transaction", "Transaction"},
    {Base::cancel, "transaction.activity", "Transaction.Activity"},
    {Base::cancel, "transaction.payeeReference", "Transaction.PayeeReference"},
    {Base::cancel, "transaction.description", "Transaction.Description"},
    // Reversal (§16.1).
    {Base::reverse, "transaction", "Transaction"},
    {Base::reverse, "transaction.activity", "Transaction.Activity"},
    {Base::reverse, "transaction.amount", "Transaction.Amount"},
    {Base::reverse, "transaction.vatAmount", "Transaction.VatAmount"},
    {Base::reverse, "transaction.payeeReference", "Transaction.PayeeReference"},
    {Base::reverse, "transaction.receiptReference", optional_field},
    {Base::reverse, "transaction.description", "Transaction.Description"},
    // Deleting a payer token (§20).
    {Base::delete_payer_token, "state", "State"},
    {Base::delete_payer_token, "comment", optional_field},
};

// "The CompleteUrl field is required." for "Payment.Urls.CompleteUrl".
std::string required_description(std::string_view problem_name) {
    const std::size_t dot = problem_name.rfind('.');
    const std::string_view last =
        dot == std::string_view::npos ? problem_name : problem_name.substr(dot + 1);
    return "The " + std::string(last) + " field is required.";
}

class LenientField : public testing::TestWithParam<Row> {};

TEST_P(LenientField, EmptyAndNullReadAsAbsent) {
    const Row& row = GetParam();
    const BaseBody& base = base_body(row.base);
    const std::string erased_body = without_field(base.json, row.path);
    const Decoded erased = base.decode(erased_body);
    SCOPED_TRACE("erased: " + erased_body);

    if (row.required_problem != nullptr) {
        ASSERT_TRUE(erased.error) << "the field is required, yet its absence decodes";
        EXPECT_EQ(domain::ErrorCode::request_invalid, erased.error->code);
        EXPECT_EQ(std::vector<std::string>{std::string(row.required_problem) + ": " +
                                           required_description(row.required_problem)},
                  problem_lines(*erased.error));
    } else {
        EXPECT_FALSE(erased.error) << outcome_text(erased);
    }

    const std::pair<const char*, json::value> unset_values[] = {
        {"\"\"", json::value(json::string())},
        {"null", json::value(nullptr)},
    };
    for (const auto& [spelling, unset_value] : unset_values) {
        const std::string body = with_field(base.json, row.path, unset_value);
        SCOPED_TRACE(std::string(row.path) + " = " + spelling + ": " + body);
        const Decoded outcome = base.decode(body);
        if (row.required_problem != nullptr) {
            ASSERT_TRUE(outcome.error) << "a required field sent as " << spelling << " decodes";
            EXPECT_EQ(erased.error->code, outcome.error->code);
            EXPECT_EQ(erased.error->detail, outcome.error->detail);
            EXPECT_EQ(problem_lines(*erased.error), problem_lines(*outcome.error));
        } else {
            // Absent, not merely accepted: the command is the one decoded without the field.
            EXPECT_EQ(outcome_text(erased), outcome_text(outcome));
        }
    }
}

INSTANTIATE_TEST_SUITE_P(Lenient, LenientField, testing::ValuesIn(rows),
                         [](const testing::TestParamInfo<Row>& row) {
                             return row_name(row.param);
                         });

TEST(LenientBases, EveryBaseBodyDecodes) {
    for (const BaseBody& base : base_bodies) {
        SCOPED_TRACE(std::string(base.name));
        const Decoded outcome = base.decode(base.json);
        EXPECT_FALSE(outcome.error) << outcome_text(outcome);
    }
}

// Each row's path leads through its base body to an existing object; the field itself may be absent
// from the base (Recur's completeUrl, Verify's intent), and is then only added as "" or null.
TEST(LenientBases, EveryRowPathExistsUpToItsParent) {
    for (const Row& row : rows) {
        SCOPED_TRACE(row_name(row));
        json::value body = json::parse(base_body(row.base).json);
        EXPECT_NO_THROW(member_at(body, row.path));
    }
}

// ---------------------------------------------------------------------------------------------
// Integers written as strings decode to the same command as JSON integers.

struct IntegerAsString {
    Base base;
    const char* path;
    const char* text;  // The string sent instead of the base's integer.
};

const IntegerAsString integers_as_strings[] = {
    {Base::financing, "payment.prices[0].amount", "10000"},
    {Base::financing, "payment.prices[0].vatAmount", "0"},
    {Base::recur, "payment.amount", "1500"},
    {Base::recur, "payment.vatAmount", "0"},
    {Base::capture, "transaction.amount", "13500"},
    {Base::capture, "transaction.vatAmount", "2500"},
    {Base::capture, "transaction.itemDescriptions[0].amount", "12500"},
    {Base::capture, "transaction.itemDescriptions[1].amount", "1000"},
    {Base::capture, "transaction.vatSummary[0].amount", "12500"},
    {Base::capture, "transaction.vatSummary[0].vatPercent", "2500"},
    {Base::capture, "transaction.vatSummary[0].vatPercent", "25.00"},
    {Base::capture, "transaction.vatSummary[0].vatAmount", "2500"},
    {Base::capture, "transaction.vatSummary[1].amount", "1000"},
    {Base::capture, "transaction.vatSummary[1].vatPercent", "0"},
    {Base::capture, "transaction.vatSummary[1].vatPercent", "0.00"},
    {Base::capture, "transaction.vatSummary[1].vatAmount", "0"},
    {Base::capture_lines_beside, "itemDescriptions[0].amount", "12500"},
    {Base::capture_lines_beside, "vatSummary[0].vatPercent", "25.00"},
    {Base::reverse, "transaction.amount", "1"},
    {Base::reverse, "transaction.vatAmount", "0"},
};

TEST(LenientIntegers, EveryIntegerFieldAcceptsItsValueAsAString) {
    for (const IntegerAsString& entry : integers_as_strings) {
        const BaseBody& base = base_body(entry.base);
        const std::string body =
            with_field(base.json, entry.path, json::value(json::string(entry.text)));
        SCOPED_TRACE(std::string(base.name) + " " + entry.path + " = \"" + entry.text +
                     "\": " + body);
        const Decoded expected = base.decode(base.json);
        const Decoded outcome = base.decode(body);
        EXPECT_FALSE(outcome.error) << outcome_text(outcome);
        EXPECT_EQ(outcome_text(expected), outcome_text(outcome));
    }
}

TEST(LenientIntegers, AllStringAmountsAtOnce) {
    std::string body(base_body(Base::capture).json);
    for (const IntegerAsString& entry : integers_as_strings) {
        if (entry.base == Base::capture &&
            std::string_view(entry.text).find('.') == std::string_view::npos) {
            body = with_field(body, entry.path, json::value(json::string(entry.text)));
        }
    }
    const auto command = decode_capture(body);
    ASSERT_TRUE(command) << outcome_text(decoded(command));
    EXPECT_EQ(13500, command->amount.minor);
    EXPECT_EQ(2500, command->vat_amount.minor);
    ASSERT_EQ(2u, command->item_descriptions.size());
    EXPECT_EQ(12500, command->item_descriptions[0].amount.minor);
    EXPECT_EQ(1000, command->item_descriptions[1].amount.minor);
    ASSERT_EQ(2u, command->vat_summary.size());
    EXPECT_EQ((domain::VatSummaryLine{domain::Amount{12500}, domain::VatRate{2500},
                                      domain::Amount{2500}}),
              command->vat_summary[0]);
    EXPECT_EQ((domain::VatSummaryLine{domain::Amount{1000}, domain::VatRate{0}, domain::Amount{0}}),
              command->vat_summary[1]);
}

TEST(LenientIntegers, VatPercentInHundredthsOrInPercentGivesTheSameRate) {
    const std::string_view base = base_body(Base::capture).json;
    for (const char* text : {"2500", "25.00", "25"}) {
        SCOPED_TRACE(text);
        const auto command = decode_capture(with_field(base, "transaction.vatSummary[0].vatPercent",
                                                       json::value(json::string(text))));
        ASSERT_TRUE(command) << outcome_text(decoded(command));
        EXPECT_EQ(2500, command->vat_summary[0].vat_percent.hundredths_of_percent);
    }
}

// ---------------------------------------------------------------------------------------------
// A leading UTF-8 byte-order mark changes nothing.

constexpr std::string_view utf8_bom = "\xEF\xBB\xBF";

TEST(LenientBom, EveryBodyDecodesAsWithoutTheMark) {
    for (const BaseBody& base : base_bodies) {
        SCOPED_TRACE(std::string(base.name));
        const Decoded expected = base.decode(base.json);
        const Decoded outcome = base.decode(std::string(utf8_bom) + std::string(base.json));
        EXPECT_FALSE(outcome.error) << outcome_text(outcome);
        EXPECT_EQ(outcome_text(expected), outcome_text(outcome));
    }
}

TEST(LenientBom, AnInvalidBodyGetsTheSameProblemsAsWithoutTheMark) {
    for (const BaseBody& base : base_bodies) {
        SCOPED_TRACE(std::string(base.name));
        for (const std::string_view body : {std::string_view("{}"), std::string_view("{\"x\":")}) {
            SCOPED_TRACE(std::string(body));
            const Decoded expected = base.decode(body);
            const Decoded outcome = base.decode(std::string(utf8_bom) + std::string(body));
            ASSERT_TRUE(outcome.error);
            EXPECT_EQ(outcome_text(expected), outcome_text(outcome));
        }
    }
}

// ---------------------------------------------------------------------------------------------
// What the command holds after leniency, for the cases merchants' SDKs actually send.

std::string financing_with(std::string_view path, const json::value& value) {
    return with_field(base_body(Base::financing).json, path, value);
}

TEST(LenientValues, EmptyPayerReferenceIsNoPayerReference) {
    const auto command =
        decode_create_payment(financing_with("payment.payerReference", json::string()));
    ASSERT_TRUE(command) << outcome_text(decoded(command));
    EXPECT_EQ(std::nullopt, command->payer_reference);
}

TEST(LenientValues, NullHostUrlsIsNoHostUrls) {
    const auto command = decode_create_payment(financing_with("payment.urls.hostUrls", nullptr));
    ASSERT_TRUE(command) << outcome_text(decoded(command));
    EXPECT_TRUE(command->urls.host_urls.empty());
    EXPECT_EQ("https://en.wikipedia.org/wiki/Success", command->urls.complete_url);
}

TEST(LenientValues, UnsetHostUrlEntriesAreSkipped) {
    json::array host_urls{nullptr, json::string(),
                          json::string("https://en.wikipedia.org/wiki/Host")};
    const auto command = decode_create_payment(financing_with("payment.urls.hostUrls", host_urls));
    ASSERT_TRUE(command) << outcome_text(decoded(command));
    EXPECT_EQ(std::vector<std::string>{"https://en.wikipedia.org/wiki/Host"},
              command->urls.host_urls);
}

TEST(LenientValues, EmptyPaymentTokenIsNoPrefillToken) {
    for (const json::value& unset : {json::value(json::string()), json::value(nullptr)}) {
        const auto command = decode_create_payment(financing_with("payment.paymentToken", unset));
        ASSERT_TRUE(command) << outcome_text(decoded(command));
        EXPECT_EQ(std::nullopt, command->prefill_payment_token);
    }
    // The base sends a token, so the rows above do test something.
    const auto with_token = decode_create_payment(base_body(Base::financing).json);
    ASSERT_TRUE(with_token);
    EXPECT_EQ("5a17c24e-d459-4567-bbad-aa0f17a76119", with_token->prefill_payment_token);
}

TEST(LenientValues, EmptyBooleansAreFalse) {
    std::string body = financing_with("payment.generatePaymentToken", json::string());
    body = with_field(body, "payment.generateRecurrenceToken", nullptr);
    const auto command = decode_create_payment(body);
    ASSERT_TRUE(command) << outcome_text(decoded(command));
    EXPECT_FALSE(command->generate_payment_token);
    EXPECT_FALSE(command->generate_recurrence_token);
}

TEST(LenientValues, UnsetPrefillInfoAndMetadataAreEmpty) {
    std::string body = financing_with("payment.prefillInfo.msisdn", json::string());
    body = with_field(body, "payment.metadata", json::string());
    const auto command = decode_create_payment(body);
    ASSERT_TRUE(command) << outcome_text(decoded(command));
    EXPECT_EQ(std::nullopt, command->prefill_msisdn);
    EXPECT_TRUE(command->metadata.empty());

    const auto no_prefill = decode_create_payment(financing_with("payment.prefillInfo", nullptr));
    ASSERT_TRUE(no_prefill) << outcome_text(decoded(no_prefill));
    EXPECT_EQ(std::nullopt, no_prefill->prefill_msisdn);
}

TEST(LenientValues, EmptyPayeeInfoExtrasAreUnset) {
    std::string body(base_body(Base::financing).json);
    for (const char* path : {"payment.payeeInfo.payeeName", "payment.payeeInfo.productCategory",
                             "payment.payeeInfo.orderReference", "payment.payeeInfo.subsite"}) {
        body = with_field(body, path, json::string());
    }
    const auto command = decode_create_payment(body);
    ASSERT_TRUE(command) << outcome_text(decoded(command));
    EXPECT_EQ(std::nullopt, command->payee_info.payee_name);
    EXPECT_EQ(std::nullopt, command->payee_info.product_category);
    EXPECT_EQ(std::nullopt, command->payee_info.order_reference);
    EXPECT_EQ(std::nullopt, command->payee_info.subsite);
}

TEST(LenientValues, RecurWithNullUrlsHasNoUrls) {
    const auto command =
        decode_create_payment(with_field(base_body(Base::recur).json, "payment.urls", nullptr));
    ASSERT_TRUE(command) << outcome_text(decoded(command));
    EXPECT_EQ(domain::Urls{}, command->urls);
    EXPECT_EQ("6a44658c-ee97-44b8-9f59-c6bf5afb5f77", command->recurrence_token);
}

// The PHP SDK sends "customerNumber": "" when the merchant has none.
TEST(LenientValues, EmptyCustomerNumberIsNoCustomerNumber) {
    const std::string_view base = base_body(Base::authorize).json;
    for (const json::value& unset : {json::value(json::string()), json::value(nullptr)}) {
        SCOPED_TRACE(json::serialize(unset));
        const auto command = decode_authorize(with_field(base, "consumer.customerNumber", unset));
        ASSERT_TRUE(command) << outcome_text(decoded(command));
        EXPECT_EQ(std::nullopt, command->customer_number);
        EXPECT_EQ("196003071161", command->social_security_number);
    }
}

TEST(LenientValues, EmptyEmailIsNoEmailAndNoProblem) {
    const auto command = decode_authorize(
        with_field(base_body(Base::authorize).json, "consumer.email", json::string()));
    ASSERT_TRUE(command) << outcome_text(decoded(command));
    EXPECT_EQ(std::nullopt, command->email);
}

TEST(LenientValues, UnsetAddressPartsAndBillingAddress) {
    std::string body =
        with_field(base_body(Base::authorize).json, "legalAddress.streetAddress", json::string());
    body = with_field(body, "legalAddress.coAddress", nullptr);
    body = with_field(body, "billingAddress", nullptr);
    const auto command = decode_authorize(body);
    ASSERT_TRUE(command) << outcome_text(decoded(command));
    EXPECT_EQ("", command->legal_address.street_address);
    EXPECT_EQ(std::nullopt, command->legal_address.co_address);
    EXPECT_EQ("19792", command->legal_address.zip_code);
    EXPECT_EQ(std::nullopt, command->billing_address);

    const auto no_co_address = decode_authorize(
        with_field(base_body(Base::authorize).json, "billingAddress.coAddress", json::string()));
    ASSERT_TRUE(no_co_address) << outcome_text(decoded(no_co_address));
    ASSERT_TRUE(no_co_address->billing_address);
    EXPECT_EQ(std::nullopt, no_co_address->billing_address->co_address);
}

TEST(LenientValues, EmptyReceiptReferenceIsNoReceiptReference) {
    const auto capture = decode_capture(
        with_field(base_body(Base::capture).json, "transaction.receiptReference", json::string()));
    ASSERT_TRUE(capture) << outcome_text(decoded(capture));
    EXPECT_EQ(std::nullopt, capture->receipt_reference);
    const auto reversal = decode_reverse(
        with_field(base_body(Base::reverse).json, "transaction.receiptReference", nullptr));
    ASSERT_TRUE(reversal) << outcome_text(decoded(reversal));
    EXPECT_EQ(std::nullopt, reversal->receipt_reference);
}

TEST(LenientValues, UnsetInnerLinesDeferToTheLinesBesideTheTransaction) {
    std::string body = with_field(base_body(Base::capture_lines_beside).json,
                                  "transaction.itemDescriptions", nullptr);
    body = with_field(body, "transaction.vatSummary", json::string());
    const auto command = decode_capture(body);
    ASSERT_TRUE(command) << outcome_text(decoded(command));
    EXPECT_EQ(2u, command->item_descriptions.size());
    EXPECT_EQ(2u, command->vat_summary.size());
}

TEST(LenientValues, EmptyAbortReasonIsTheDefaultReason) {
    const auto command = decode_abort(
        with_field(base_body(Base::abort).json, "payment.abortReason", json::string()));
    ASSERT_TRUE(command) << outcome_text(decoded(command));
    EXPECT_EQ("CancelledByConsumer", command->abort_reason);
}

TEST(LenientValues, EmptyTokenCommentIsNoComment) {
    const auto command = decode_delete_payer_token(
        with_field(base_body(Base::delete_payer_token).json, "comment", nullptr));
    ASSERT_TRUE(command) << outcome_text(decoded(command));
    EXPECT_EQ(std::nullopt, command->comment);
}

TEST(LenientValues, EmptyStateIsAMissingState) {
    const auto command = decode_delete_payer_token(
        with_field(base_body(Base::delete_payer_token).json, "state", json::string()));
    ASSERT_FALSE(command);
    EXPECT_EQ(domain::ErrorCode::request_invalid, command.error().code);
    EXPECT_EQ(std::vector<std::string>{"State: The State field is required."},
              problem_lines(command.error()));
}

}  // namespace
}  // namespace faktura::http
