// What the decoder tables share: the recorded request bodies to change one field of, and the check
// that a decoder refused a body the way the API answers it (a 400 inputerror problem naming the
// field), so that the rule tables run here, in milliseconds, instead of against a server.
#pragma once

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <functional>
#include <ostream>
#include <string>

#include "domain/result.hpp"
#include "http/problem.hpp"

namespace faktura::http::testing {

namespace json = boost::json;

// A create-payment body like the recorded one (fixtures/payments-01), as tests/e2e sends it.
inline json::object financing_consumer_body() {
    return json::parse(
               R"({"payment":{"operation":"FinancingConsumer","intent":"Authorization",)"
               R"("currency":"SEK",)"
               R"("prices":[{"type":"Invoice","amount":10000,"vatAmount":0}],)"
               R"("description":"test description","userAgent":"Mozilla/5.0 Postman",)"
               R"("language":"sv-SE",)"
               R"("urls":{"hostUrls":["https://en.wikipedia.org/wiki/Host"],)"
               R"("completeUrl":"https://en.wikipedia.org/wiki/Success",)"
               R"("cancelUrl":"https://en.wikipedia.org/wiki/cancel",)"
               R"("callbackUrl":"https://en.wikipedia.org/wiki/callback",)"
               R"("termsOfServiceUrl":"https://en.wikipedia.org/wiki/Terms_Of_Service",)"
               R"("logoUrl":"https://design.swedbankpay.com/v/4.5.0/img/swedbankpay-logo.svg"},)"
               R"("payeeInfo":{"payeeId":"cdff105b-1879-4d10-a83b-7bd7115cffef",)"
               R"("payeeReference":"Ref20200522A1b2C3d4","payeeName":"Test merchant"}},)"
               R"("invoice":{"invoiceType":"PayExFinancingSe"}})")
        .as_object();
}

// One row of a rule table: a change to a valid body and the problem it must produce.
struct RejectCase {
    std::string name;
    std::function<void(json::object&)> change;
    std::string expected_problem_name;
    std::string expected_description = {};  // Checked when not empty.
};

inline std::ostream& operator<<(std::ostream& out, const RejectCase& rule) {
    return out << rule.name;
}

inline std::string case_name(const ::testing::TestParamInfo<RejectCase>& rule) {
    return rule.param.name;
}

// The decoder refused the body as the API answers it: a 400 "inputerror" problem titled "Error in
// input data" whose problems[] names `name`, each entry with a description.
template <typename Command>
void expect_rejected(const domain::Result<Command>& decoded, const std::string& name,
                     const std::string& description = {}) {
    ASSERT_FALSE(decoded) << "accepted; expected a problem named " << name;
    const domain::Error& error = decoded.error();
    const ProblemShape shape = problem_shape(error.code);
    EXPECT_EQ(400, shape.status);
    EXPECT_EQ("inputerror", shape.type);
    EXPECT_EQ("Error in input data", shape.title);
    bool named = false;
    std::string names;
    for (const domain::FieldProblem& problem : error.problems) {
        named = named || problem.name == name;
        names += problem.name + " ";
        EXPECT_FALSE(problem.description.empty()) << problem.name;
    }
    EXPECT_TRUE(named) << "no problem named " << name << " in: " << names;
    if (!description.empty() && !error.problems.empty()) {
        EXPECT_EQ(description, error.problems.at(0).description);
    }
}

}  // namespace faktura::http::testing
