// Small readers and expectations over response JSON, shared by the end-to-end suites.
#pragma once

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <string>
#include <vector>

#include "e2e/test_app.hpp"

namespace faktura::testing {

// The rels of a payment resource's operations, in order.
inline std::vector<std::string> rels_of(const boost::json::value& document) {
    std::vector<std::string> rels;
    for (const boost::json::value& operation : document.at("operations").as_array()) {
        rels.emplace_back(operation.at("rel").as_string());
    }
    return rels;
}

inline std::vector<std::string> keys_of(const boost::json::value& object) {
    std::vector<std::string> keys;
    for (const auto& entry : object.as_object()) keys.emplace_back(entry.key());
    return keys;
}

inline std::string text_of(const boost::json::value& value) {
    return std::string(value.as_string());
}

// GET with the merchant's token; expects 200.
inline boost::json::value fetch(TestApp& app, const TestMerchant& merchant,
                                const std::string& target) {
    const ClientResponse response = app.call("GET", target, merchant.token);
    EXPECT_EQ(200, response.status) << target << ": " << response.body;
    return boost::json::parse(response.body);
}

inline ClientResponse post(TestApp& app, const TestMerchant& merchant, const std::string& target,
                           const boost::json::object& body) {
    return app.call("POST", target, merchant.token, boost::json::serialize(body));
}

inline bool names_problem(const boost::json::value& problem, const std::string& name) {
    if (!problem.as_object().contains("problems")) return false;
    for (const boost::json::value& entry : problem.at("problems").as_array()) {
        if (entry.at("name") == boost::json::value(name)) return true;
    }
    return false;
}

// A problem+json answer with this status and type (what follows ".../psp/errordetail/", e.g.
// "inputerror" or "invoice/forbidden") naming `name`; `description` is checked when not empty.
inline void expect_problem(const ClientResponse& response, int status, const std::string& type,
                           const std::string& name, const std::string& description = {}) {
    ASSERT_EQ(status, response.status) << response.body;
    EXPECT_EQ("application/problem+json; charset=utf-8", response.header("Content-Type"));
    const boost::json::value problem = boost::json::parse(response.body);
    EXPECT_EQ(boost::json::value("https://api.payex.com/psp/errordetail/" + type),
              problem.at("type"))
        << response.body;
    EXPECT_EQ(status, problem.at("status").as_int64());
    EXPECT_TRUE(names_problem(problem, name))
        << "no problem named " << name << " in " << response.body;
    if (!description.empty()) {
        EXPECT_EQ(boost::json::value(description),
                  problem.at("problems").as_array().at(0).at("description"))
            << response.body;
    }
}

}  // namespace faktura::testing
