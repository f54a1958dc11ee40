// The one error mapping: every ErrorCode has its specified row (status, type, title), protocol
// errors go through it, and problem bodies have the §24 shape.
#include "http/problem.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json.hpp>
#include <iterator>
#include <utility>
#include <vector>

namespace faktura::http {
namespace {

using domain::ErrorCode;

// The specified row of every ErrorCode, in enum order: the expected table is the test (review
// §7.5).
struct ExpectedProblem {
    ErrorCode code;
    int status;
    std::string_view type;
    std::string_view title;
};

constexpr std::string_view input = "Error in input data";
constexpr std::string_view not_allowed = "Operation not allowed";

constexpr ExpectedProblem expected_problems[] = {
    {ErrorCode::request_malformed, 400, "inputerror", input},
    {ErrorCode::request_invalid, 400, "inputerror", input},
    {ErrorCode::request_body_too_large, 413, "inputerror", input},
    {ErrorCode::request_headers_too_large, 431, "inputerror", input},
    {ErrorCode::request_not_http, 400, "inputerror", input},
    {ErrorCode::unsupported_media_type, 415, "inputerror", input},
    {ErrorCode::token_missing, 401, "unauthorized", "Unauthorized"},
    {ErrorCode::token_unknown, 401, "unauthorized", "Unauthorized"},
    {ErrorCode::payee_not_owned_by_token, 403, "forbidden", not_allowed},
    {ErrorCode::payment_of_other_payee, 403, "forbidden", "Forbidden"},
    {ErrorCode::front_end_token_not_allowed, 403, "forbidden", "Forbidden"},
    {ErrorCode::route_not_found, 404, "notfound", "Not found"},
    {ErrorCode::method_not_allowed, 405, "methodnotallowed", "Method not allowed"},
    {ErrorCode::payment_not_found, 404, "notfound", "Not found"},
    {ErrorCode::resource_not_found, 404, "notfound", "Not found"},
    {ErrorCode::operation_not_allowed_in_state, 403, "forbidden", not_allowed},
    {ErrorCode::payee_reference_already_used, 400, "inputerror", input},
    {ErrorCode::capture_exceeds_capturable_amount, 403, "forbidden", not_allowed},
    {ErrorCode::reversal_exceeds_reversible_amount, 403, "forbidden", not_allowed},
    {ErrorCode::recurrence_token_unknown, 400, "inputerror", input},
    {ErrorCode::payment_token_unknown, 400, "inputerror", input},
    {ErrorCode::legal_address_zip_mismatch, 400, "invoice/inputerror", input},
    {ErrorCode::legal_address_person_unknown, 403, "invoice/forbidden", "Operation failed"},
    {ErrorCode::credit_provider_unavailable, 502, "invoice/externalerror", "External error"},
    {ErrorCode::legal_address_lookups_exhausted, 403, "forbidden", not_allowed},
    {ErrorCode::service_overloaded, 503, "systemerror", "Service unavailable"},
    {ErrorCode::store_unavailable, 503, "systemerror", "Service unavailable"},
    {ErrorCode::system_error, 500, "systemerror", "System error"},
};
// A new ErrorCode needs its row here (system_error stays the last enumerator).
static_assert(std::size(expected_problems) ==
              static_cast<std::size_t>(ErrorCode::system_error) + 1);

TEST(ProblemShape, EveryCodeHasItsSpecifiedRow) {
    for (std::size_t index = 0; index < std::size(expected_problems); ++index) {
        const ExpectedProblem& row = expected_problems[index];
        ASSERT_EQ(index, static_cast<std::size_t>(row.code)) << "the table is in enum order";
        const ProblemShape shape = problem_shape(row.code);
        EXPECT_EQ(row.status, shape.status) << index;
        EXPECT_EQ(row.type, shape.type) << index;
        EXPECT_EQ(row.title, shape.title) << index;
        EXPECT_FALSE(shape.detail.empty()) << index;
    }
}

TEST(ProblemShape, EveryErrorCodeHasAProblemTypeOfTheSpec) {
    const std::vector<std::string_view> known_types = {
        "inputerror",         "unauthorized",      "forbidden",
        "notfound",           "methodnotallowed",  "systemerror",
        "invoice/inputerror", "invoice/forbidden", "invoice/externalerror"};
    for (int code = 0; code <= static_cast<int>(ErrorCode::system_error); ++code) {
        const ProblemShape shape = problem_shape(static_cast<ErrorCode>(code));
        EXPECT_GE(shape.status, 400) << code;
        EXPECT_LE(shape.status, 599) << code;
        EXPECT_NE(std::find(known_types.begin(), known_types.end(), shape.type), known_types.end())
            << code;
        EXPECT_FALSE(shape.title.empty()) << code;
        EXPECT_FALSE(shape.detail.empty()) << code;
    }
}

TEST(ProblemShape, FollowsTheSpecsStatuses) {
    EXPECT_EQ(400, problem_shape(ErrorCode::request_invalid).status);
    EXPECT_EQ(400, problem_shape(ErrorCode::payee_reference_already_used).status);
    EXPECT_EQ(401, problem_shape(ErrorCode::token_unknown).status);
    EXPECT_EQ(403, problem_shape(ErrorCode::payment_of_other_payee).status);
    EXPECT_EQ(403, problem_shape(ErrorCode::operation_not_allowed_in_state).status);
    EXPECT_EQ(403, problem_shape(ErrorCode::capture_exceeds_capturable_amount).status);
    EXPECT_EQ(404, problem_shape(ErrorCode::payment_not_found).status);
    EXPECT_EQ(400, problem_shape(ErrorCode::recurrence_token_unknown).status);
    EXPECT_EQ("inputerror", problem_shape(ErrorCode::recurrence_token_unknown).type);
    EXPECT_EQ(400, problem_shape(ErrorCode::payment_token_unknown).status);
    EXPECT_EQ(500, problem_shape(ErrorCode::system_error).status);
}

// Protocol errors go through the same table: the bodies the server answered with before it did.
TEST(ProtocolProblem, IsAnsweredFromTheOneTable) {
    const ProblemContext context{"http://127.0.0.1:8080/x", "s"};
    const std::pair<ProtocolError, int> rows[] = {
        {ProtocolError::body_too_large, 413}, {ProtocolError::header_too_large, 431},
        {ProtocolError::bad_request, 400},    {ProtocolError::overloaded, 503},
        {ProtocolError::handler_failed, 500},
    };
    for (const auto& [error, status] : rows) {
        const Response response = protocol_problem_response(error, context);
        EXPECT_EQ(status, response.status);
        EXPECT_EQ("application/problem+json; charset=utf-8", response.header("Content-Type"));
    }
    EXPECT_EQ(R"({"sessionId":"s","type":"https://api.payex.com/psp/errordetail/inputerror",)"
              R"("title":"Error in input data","status":431,"instance":"http://127.0.0.1:8080/x",)"
              R"("detail":"The request headers are too large."})",
              protocol_problem_response(ProtocolError::header_too_large, context).body);
    EXPECT_EQ(R"({"sessionId":"s","type":"https://api.payex.com/psp/errordetail/inputerror",)"
              R"("title":"Error in input data","status":400,"instance":"http://127.0.0.1:8080/x",)"
              R"("detail":"The request is not valid HTTP/1.1."})",
              protocol_problem_response(ProtocolError::bad_request, context).body);
}

// The router sets a 405's Allow to the methods of the path; the problem builder does not guess one.
TEST(ProblemResponse, LeavesAllowToTheRouter) {
    const Response response = problem_response(domain::Error{ErrorCode::method_not_allowed, {}, {}},
                                               ProblemContext{"i", "s"});
    EXPECT_EQ(405, response.status);
    EXPECT_FALSE(response.header("Allow"));
}

TEST(ProblemResponse, HasTheRfc7807ShapeWithProblems) {
    const Response response = problem_response(
        domain::Error{ErrorCode::request_invalid,
                      {},
                      {{"Payment.Description", "The Description field is required."}}},
        ProblemContext{"http://127.0.0.1:8080/psp/invoice/payments",
                       "09ccd29a-7c4f-4752-9396-12100cbfecce"});
    EXPECT_EQ(400, response.status);
    EXPECT_EQ("application/problem+json; charset=utf-8", response.header("Content-Type"));
    EXPECT_EQ(
        R"({"sessionId":"09ccd29a-7c4f-4752-9396-12100cbfecce",)"
        R"("type":"https://api.payex.com/psp/errordetail/inputerror","title":"Error in input data",)"
        R"("status":400,"instance":"http://127.0.0.1:8080/psp/invoice/payments",)"
        R"("detail":"Input validation failed, error description in problems node!",)"
        R"("problems":[{"name":"Payment.Description","description":"The Description field is required."}]})",
        response.body);
}

TEST(ProblemResponse, AsksForBearerCredentialsOn401) {
    const Response response =
        problem_response(domain::Error{ErrorCode::token_missing, {}, {}}, ProblemContext{"i", "s"});
    EXPECT_EQ("Bearer", response.header("WWW-Authenticate"));
    EXPECT_FALSE(boost::json::parse(response.body).as_object().contains("problems"));
}

}  // namespace
}  // namespace faktura::http
