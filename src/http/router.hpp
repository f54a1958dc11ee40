// The merchant API and the payer's pages as one Handler: it finds the route (routes.hpp),
// authenticates the caller and checks its access and the ids before the handler runs. Turns every
// expected API failure into problem+json via problem.cpp.
#pragma once

#include <atomic>
#include <memory>
#include <string>

#include "app/document_service.hpp"
#include "app/payer_service.hpp"
#include "app/payment_service.hpp"
#include "app/system.hpp"
#include "http/message.hpp"
#include "http/resource.hpp"

namespace faktura::http {

struct ProblemContext;

class Router {
  public:
    Router(app::PaymentService& payments, app::PayerService& payers,
           app::DocumentService& documents, app::IdGenerator& ids, UrlBase base);

    // Thread-safe; called concurrently from the requests' fibers on every io thread.
    Response handle(const Request& request);

    // The server's check_header: a merchant API request with a body and no bearer token is
    // answered 401 before its body is read (up to 1 MiB a connection, held for nothing). Reads no
    // database: a token that is present is checked with the body, as before. Thread-safe.
    std::optional<Response> check_header(const RequestHead& head);

    // Replaces the href bases, e.g. once the server knows the port it bound. Thread-safe.
    void set_base(UrlBase base);
    std::shared_ptr<const UrlBase> base() const { return base_.load(); }

  private:
    // The route's answer, or the problem that replaces it; handle() settles its durability.
    Response dispatch(const Request& request, const UrlBase& base, ProblemContext& problem);

    app::PaymentService& payments_;
    app::PayerService& payers_;
    app::DocumentService& documents_;
    app::IdGenerator& ids_;
    std::atomic<std::shared_ptr<const UrlBase>> base_;
};

}  // namespace faktura::http
