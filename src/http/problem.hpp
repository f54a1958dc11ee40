// Every domain error and protocol error → problem+json (spec §24): the one mapping from facts to
// HTTP statuses and problem types. No other file chooses an error status.
#pragma once

#include <string>
#include <string_view>

#include "app/system.hpp"
#include "domain/error.hpp"
#include "http/message.hpp"

namespace faktura::http {

struct ProblemShape {
    int status;
    std::string_view type;  // Suffix after https://api.payex.com/psp/errordetail/.
    std::string_view title;
    std::string_view detail;  // Used when the error carries none.
};

// Exhaustive: a new ErrorCode without a row here fails the build (-Wswitch -Werror).
ProblemShape problem_shape(domain::ErrorCode code);

// Where and in which session the problem happened: the absolute request URL and the Session-Id.
struct ProblemContext {
    std::string instance;
    // The client's Session-Id, or one made up when an answer first needs it (most requests never
    // fail, so most never draw the random GUID): see session().
    mutable std::string session_id;
    app::IdGenerator* ids = nullptr;  // Makes the GUID; without one, session_id is used as it is.

    const std::string& session() const {
        if (session_id.empty() && ids != nullptr) session_id = ids->new_guid();
        return session_id;
    }
};

// The problem+json answer to `error`. Sets `WWW-Authenticate` on a 401; a 405's `Allow` is the
// router's to set, as only it knows the methods of the path.
Response problem_response(const domain::Error& error, const ProblemContext& context);
// The code each protocol error is answered with; then answered like any other error.
domain::ErrorCode error_code_of(ProtocolError error);
Response protocol_problem_response(ProtocolError error, const ProblemContext& context);

inline constexpr std::string_view problem_type_base = "https://api.payex.com/psp/errordetail/";

}  // namespace faktura::http
