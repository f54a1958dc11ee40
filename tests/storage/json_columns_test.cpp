// The JSON column codecs on their own: every shape round-trips with the order and the odd
// characters kept, and each kind of malformed text fails naming the column and the problem.
#include "storage/json_columns.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

#include "support/storage_builders.hpp"

namespace faktura::storage {
namespace {

using ::testing::HasSubstr;

std::string content_error_of(const std::function<void()>& decode) {
    try {
        decode();
    } catch (const ColumnContentError& error) {
        return error.what();
    }
    return "no ColumnContentError";
}

TEST(JsonColumns, EveryShapeRoundTripsInItsOrder) {
    const domain::Payment payment = support::payment_with_every_field(1, support::guid_numbered(1));
    const domain::Invoice invoice = support::invoice_with_every_field(
        1, support::guid_numbered(2), payment.id,
        support::payment_reference_of(domain::PaymentReferenceKind::ocr));

    EXPECT_EQ(HostUrlsJson::decode(HostUrlsJson::encode(payment.urls.host_urls)),
              payment.urls.host_urls);
    EXPECT_EQ(MetadataJson::decode(MetadataJson::encode(payment.metadata)), payment.metadata);
    EXPECT_EQ(ItemDescriptionsJson::decode(ItemDescriptionsJson::encode(invoice.item_descriptions)),
              invoice.item_descriptions);
    EXPECT_EQ(VatSummaryJson::decode(VatSummaryJson::encode(invoice.vat_summary)),
              invoice.vat_summary);
}

TEST(JsonColumns, EmptyListsAreEmptyArrays) {
    EXPECT_EQ(HostUrlsJson::encode({}), "[]");
    EXPECT_EQ(MetadataJson::encode({}), "[]");
    EXPECT_TRUE(ItemDescriptionsJson::decode("[]").empty());
    EXPECT_TRUE(VatSummaryJson::decode("[]").empty());
}

// The stored shape is data: pinned literally, so a change to it cannot strand existing rows.
TEST(JsonColumns, TheStoredShapesArePinned) {
    EXPECT_EQ(MetadataJson::encode({{"n", {domain::MetadataValue::Kind::integer, "2"}}}),
              R"([{"key":"n","kind":"integer","text":"2"}])");
    EXPECT_EQ(
        VatSummaryJson::encode({{domain::Amount{100}, domain::VatRate{2500}, domain::Amount{20}}}),
        R"([{"amount":100,"vat_percent":2500,"vat_amount":20}])");
    EXPECT_EQ(ItemDescriptionsJson::encode({{domain::Amount{-5}, "x"}}),
              R"([{"amount":-5,"description":"x"}])");
}

TEST(JsonColumns, MalformedTextNamesTheColumnAndTheProblem) {
    EXPECT_THAT(content_error_of([] { HostUrlsJson::decode("{}"); }),
                HasSubstr("host_urls is not a JSON array"));
    EXPECT_THAT(content_error_of([] { HostUrlsJson::decode("[1]"); }),
                HasSubstr("host_urls holds a non-string"));
    EXPECT_THAT(content_error_of([] { MetadataJson::decode("not json"); }),
                HasSubstr("metadata is not a JSON array"));
    EXPECT_THAT(content_error_of([] { MetadataJson::decode(R"([{"key":"k","text":"t"}])"); }),
                HasSubstr("lacks key, kind or text"));
    EXPECT_THAT(
        content_error_of([] { MetadataJson::decode(R"([{"key":"k","kind":"Int","text":"1"}])"); }),
        HasSubstr("unknown metadata kind 'Int'"));
    EXPECT_THAT(content_error_of([] { ItemDescriptionsJson::decode(R"([{"amount":1}])"); }),
                HasSubstr("lacks the string description"));
    EXPECT_THAT(content_error_of([] {
                    VatSummaryJson::decode(R"([{"amount":1,"vat_amount":1,"vat_percent":1e3}])");
                }),
                HasSubstr("lacks the integer vat_percent"));
    EXPECT_THAT(
        content_error_of([] {
            VatSummaryJson::decode(R"([{"amount":1,"vat_amount":1,"vat_percent":4294967296}])");
        }),
        HasSubstr("vat_percent does not fit 32 bits"));
}

}  // namespace
}  // namespace faktura::storage
