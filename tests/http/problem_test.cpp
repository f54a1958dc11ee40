// The one error mapping: every ErrorCode has a deliberate row, and problem bodies have the §24 shape.
#include "http/problem.hpp"

#include <boost/json.hpp>
#include <gtest/gtest.h>

namespace faktura::http {
namespace {

using domain::ErrorCode;

TEST(ProblemShape, EveryErrorCodeHasAProblemTypeOfTheSpec) {
    const std::vector<std::string_view> known_types = {"inputerror", "unauthorized", "forbidden",
                                                       "notfound", "methodnotallowed", "systemerror",
                                                       "invoice/inputerror", "invoice/forbidden",
                                                       "invoice/externalerror"};
    for (int code = 0; code <= static_cast<int>(ErrorCode::system_error); ++code) {
        const ProblemShape shape = problem_shape(static_cast<ErrorCode>(code));
        EXPECT_GE(shape.status, 400) << code;
        EXPECT_LE(shape.status, 599) << code;
        EXPECT_NE(std::find(known_types.begin(), known_types.end(), shape.type), known_types.end()) << code;
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

TEST(ProblemResponse, HasTheRfc7807ShapeWithProblems) {
    const Response response = problem_response(
        domain::Error{ErrorCode::request_invalid, {}, {{"Payment.Description", "The Description field is required."}}},
        ProblemContext{"http://127.0.0.1:8080/psp/invoice/payments", "09ccd29a-7c4f-4752-9396-12100cbfecce"});
    EXPECT_EQ(400, response.status);
    EXPECT_EQ("application/problem+json; charset=utf-8", response.header("Content-Type"));
    EXPECT_EQ(R"({"sessionId":"09ccd29a-7c4f-4752-9396-12100cbfecce",)"
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
