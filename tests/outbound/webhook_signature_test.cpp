// Tests the Standard Webhooks signature: the specification's own example, several secrets while one
// is rotated, what counts as a secret, and that every signed part changes the signature.
#include "outbound/webhook_signature.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace faktura::outbound {
namespace {

// The example of https://www.standardwebhooks.com (and of the reference libraries' tests).
constexpr const char* example_secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
constexpr const char* example_id = "msg_p5jXN8AQM9LWM0D4loKWxJek";
constexpr std::int64_t example_timestamp = 1614265330;
constexpr const char* example_body = R"({"test": 2432232314})";
constexpr const char* example_signature = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

// A second valid secret, with padding: 23 bytes of its own.
constexpr const char* other_secret = "whsec_c2Vjb25kLXNlY3JldC1mb3ItdGVzdHM=";

TEST(WebhookSignature, ReproducesTheSpecificationExample) {
    EXPECT_EQ(webhook_signature(example_secret, example_id, example_timestamp, example_body),
              example_signature);
}

TEST(WebhookSignature, HeaderHoldsOneSignaturePerSecretInOrder) {
    const std::string other =
        webhook_signature(other_secret, example_id, example_timestamp, example_body);
    EXPECT_NE(other, example_signature);
    EXPECT_EQ(other.rfind("v1,", 0), 0u) << other;

    EXPECT_EQ(webhook_signature_header({example_secret, other_secret}, example_id,
                                       example_timestamp, example_body),
              std::string(example_signature) + " " + other);
    EXPECT_EQ(webhook_signature_header({other_secret, example_secret}, example_id,
                                       example_timestamp, example_body),
              other + " " + example_signature);
    EXPECT_EQ(
        webhook_signature_header({example_secret}, example_id, example_timestamp, example_body),
        example_signature);
}

TEST(WebhookSignature, HeaderSkipsInvalidSecrets) {
    EXPECT_EQ(webhook_signature_header({"whsec_!!!!", example_secret, "nope"}, example_id,
                                       example_timestamp, example_body),
              example_signature);
    EXPECT_EQ(
        webhook_signature_header({"whsec_", "nope"}, example_id, example_timestamp, example_body),
        "");
    EXPECT_EQ(webhook_signature_header({}, example_id, example_timestamp, example_body), "");
}

TEST(WebhookSignature, EverySignedPartChangesTheSignature) {
    const std::string id = "msg_p5jXN8AQM9LWM0D4loKWxJel";
    EXPECT_NE(webhook_signature(example_secret, id, example_timestamp, example_body),
              example_signature);
    EXPECT_NE(webhook_signature(example_secret, example_id, example_timestamp + 1, example_body),
              example_signature);
    EXPECT_NE(
        webhook_signature(example_secret, example_id, example_timestamp, R"({"test": 2432232315})"),
        example_signature);
    EXPECT_NE(webhook_signature(other_secret, example_id, example_timestamp, example_body),
              example_signature);
}

TEST(WebhookSignature, DecodesTheBase64AfterThePrefix) {
    EXPECT_EQ(decode_webhook_secret("whsec_AAEC"), (std::vector<unsigned char>{0x00, 0x01, 0x02}));
    EXPECT_EQ(decode_webhook_secret("whsec_//8="), (std::vector<unsigned char>{0xff, 0xff}));
    EXPECT_EQ(decode_webhook_secret("whsec_/w=="), (std::vector<unsigned char>{0xff}));
    EXPECT_EQ(decode_webhook_secret("whsec_+/+/"), (std::vector<unsigned char>{0xfb, 0xff, 0xbf}));
    const auto example_key = decode_webhook_secret(example_secret);
    ASSERT_TRUE(example_key.has_value());
    EXPECT_EQ(example_key->size(), 24u);
    EXPECT_TRUE(is_valid_webhook_secret(example_secret));
    EXPECT_TRUE(is_valid_webhook_secret(other_secret));
}

TEST(WebhookSignature, RefusesWhatIsNotASecret) {
    for (const char* secret : {
             "",
             "whsec_",                                  // An empty key.
             "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",        // No prefix.
             "WHSEC_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",  // The prefix is lower case.
             "whsec:MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
             "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaS",   // Not a multiple of four.
             "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLa-w",  // URL-safe alphabet.
             "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLa_w",
             "whsec_MfKQ9r8GKYqrTwjU PD8ILPZIo2LaLaSw",  // Whitespace.
             " whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
             "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw\n",
             "whsec_!!!!",
             "whsec_A===",  // Too much padding.
             "whsec_====",
             "whsec_AA=A",  // Padding inside.
             "whsec_AA==AAAA",
         }) {
        EXPECT_FALSE(decode_webhook_secret(secret).has_value()) << '"' << secret << '"';
        EXPECT_FALSE(is_valid_webhook_secret(secret)) << '"' << secret << '"';
    }
    EXPECT_THROW(webhook_signature("whsec_", example_id, example_timestamp, example_body),
                 std::invalid_argument);
}

}  // namespace
}  // namespace faktura::outbound
