// The route table: every row's pattern matches its example path, unknown paths and wrong methods
// are told apart (404, or 405 with the path's methods), and each row's access is checked before the
// handler runs: through match_route and refusal_of directly, then through a Router on real services
// over an in-memory SQLite store (no sockets), where a refused caller's body is never read.
#include "http/routes.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <memory>
#include <string>
#include <vector>

#include "app/merchant_service.hpp"
#include "app/payer_service.hpp"
#include "app/payment_service.hpp"
#include "app/system.hpp"
#include "app/test_registry_provider.hpp"
#include "http/router.hpp"
#include "storage/sqlite/sqlite_store.hpp"

namespace faktura::http {
namespace {

namespace json = boost::json;

constexpr std::string_view guid = "0d9d8b5a-3c3e-4f6a-9c1e-4b1f2a7e9d10";
constexpr std::string_view tx = "7a1c2e3f-4b5d-4e6f-8a9b-0c1d2e3f4a5b";
const std::string front_end_token(64, 'a');

std::vector<std::string> segments_of(std::string_view path) {
    std::vector<std::string> segments;
    while (!path.empty()) {
        const std::size_t slash = path.find('/');
        const std::string_view segment = path.substr(0, slash);
        if (!segment.empty()) segments.emplace_back(segment);
        path = slash == std::string_view::npos ? std::string_view{} : path.substr(slash + 1);
    }
    return segments;
}

// A path each row must serve, in the table's order, with its parameters filled in.
struct Example {
    std::string_view method;
    std::string path;
};

std::vector<Example> examples() {
    const std::string payment = "/psp/invoice/payments/" + std::string(guid);
    const std::string page = "/invoice/payments/authorize/" + front_end_token;
    const std::string t = std::string(tx);
    return {
        {"POST", "/psp/invoice/payments"},
        {"GET", payment},
        {"PATCH", payment},
        {"GET", payment + "/urls"},
        {"GET", payment + "/payeeinfo"},
        {"GET", payment + "/prices"},
        {"GET", payment + "/metadata"},
        {"GET", payment + "/settings"},
        {"GET", payment + "/aborted"},
        {"POST", payment + "/approvedlegaladdress"},
        {"GET", payment + "/approvedlegaladdress"},
        {"GET", payment + "/maskedapprovedlegaladdress"},
        {"GET", payment + "/paid"},
        {"GET", payment + "/failed"},
        {"GET", payment + "/consumer"},
        {"GET", payment + "/legaladdress"},
        {"GET", payment + "/billingaddress"},
        {"GET", payment + "/shippingaddress"},
        {"GET", payment + "/transactions"},
        {"GET", payment + "/transactions/" + t},
        {"GET", payment + "/transactions/" + t + "/activities"},
        {"GET", payment + "/transactions/" + t + "/itemdescriptions"},
        {"GET", payment + "/authorizations"},
        {"POST", payment + "/authorizations"},
        {"GET", payment + "/authorizations/" + t},
        {"GET", payment + "/verifications"},
        {"POST", payment + "/verifications"},
        {"GET", payment + "/verifications/" + t},
        {"GET", payment + "/captures"},
        {"POST", payment + "/captures"},
        {"GET", payment + "/captures/" + t},
        {"GET", payment + "/cancellations"},
        {"POST", payment + "/cancellations"},
        {"GET", payment + "/cancellations/" + t},
        {"GET", payment + "/reversals"},
        {"POST", payment + "/reversals"},
        {"GET", payment + "/reversals/" + t},
        {"GET", payment + "/captures/" + t + "/invoicecopy"},
        {"GET", payment + "/reversals/" + t + "/invoicecopy"},
        {"GET", "/faktura/settlement/transactions"},
        {"GET", "/faktura/settlement/balance"},
        {"GET", "/psp/invoice/payments/" + std::string(guid) + "/callbacks"},
        {"PATCH", "/psp/invoice/payments/instrumentdata/" + std::string(guid)},
        {"GET", page},
        {"POST", page + "/consumer"},
        {"POST", page + "/confirm"},
        {"POST", page + "/cancel"},
        {"GET", "/invoice/core/scripts/client/px.invoice.client.js"},
        {"GET", "/invoice/assets/page.js"},
        {"POST", "/psp/fakecallback"},
        {"POST", "/psp/fakecallback/notfound"},
        {"POST", "/psp/fakecallback/badrequest"},
        {"POST", "/psp/fakecallback/random"},
        {"GET", "/health"},
    };
}

TEST(RouteTable, EveryRowMatchesItsExamplePath) {
    const std::vector<Example> paths = examples();
    const auto table = route_table();
    ASSERT_EQ(table.size(), paths.size()) << "every row needs its example here";
    for (std::size_t i = 0; i < table.size(); ++i) {
        SCOPED_TRACE(std::string(table[i].pattern));
        const RouteMatch match = match_route(paths[i].method, segments_of(paths[i].path));
        EXPECT_EQ(&table[i], match.route);
        EXPECT_TRUE(match.allow.empty());
        for (const PathParam& param : match.params) {
            EXPECT_NE(std::string::npos,
                      table[i].pattern.find("{" + std::string(param.name) + "}"));
            EXPECT_NE(std::string::npos, paths[i].path.find(param.value));
        }
    }
}

TEST(RouteTable, FindsThePaymentAndTransactionIds) {
    const RouteMatch match = match_route(
        "GET",
        segments_of("/psp/invoice/payments/" + std::string(guid) + "/captures/" + std::string(tx)));
    ASSERT_NE(nullptr, match.route);
    ASSERT_EQ(2u, match.params.size());
    EXPECT_EQ("payment", match.params[0].name);
    EXPECT_EQ(guid, match.params[0].value);
    EXPECT_EQ("tx", match.params[1].name);
    EXPECT_EQ(tx, match.params[1].value);
}

TEST(RouteTable, MatchesLiteralsInAnyCaseAndServesHeadAsGet) {
    const std::string payment = "/PSP/Invoice/Payments/" + std::string(guid);
    EXPECT_NE(nullptr, match_route("GET", segments_of(payment + "/PayeeInfo/")).route);
    EXPECT_NE(nullptr, match_route("HEAD", segments_of(payment + "/URLS")).route);
    EXPECT_NE(nullptr, match_route("DELETE", segments_of("/psp/fakecallback/RANDOM")).route);
    EXPECT_NE(nullptr, match_route("GET", segments_of("//health//")).route);
}

TEST(RouteTable, AnUnknownPathHasNoRowAndNoMethods) {
    const std::string payment = "/psp/invoice/payments/" + std::string(guid);
    for (const std::string& path :
         {std::string("/psp/creditcard/payments"), std::string("/"), payment + "/nonsense",
          payment + "/cancellations/" + std::string(tx) + "/invoicecopy", payment + "/urls/x",
          std::string("/invoice/payments/authorize"), std::string("/psp/fakecallback/other")}) {
        const RouteMatch match = match_route("GET", segments_of(path));
        EXPECT_EQ(nullptr, match.route) << path;
        EXPECT_EQ("", match.allow) << path;
    }
}

TEST(RouteTable, AKnownPathWithAnotherMethodListsThePathsMethods) {
    const std::string payment = "/psp/invoice/payments/" + std::string(guid);
    const std::vector<std::pair<Example, std::string>> rows{
        {{"DELETE", "/psp/invoice/payments"}, "POST"},
        {{"GET", "/psp/invoice/payments"}, "POST"},
        {{"DELETE", payment}, "GET, PATCH"},
        {{"PATCH", payment + "/captures"}, "GET, POST"},
        {{"POST", payment + "/urls"}, "GET"},
        {{"POST", payment + "/approvedlegaladdress/"}, ""},  // POST is served: no 405.
        {{"PUT", payment + "/approvedlegaladdress"}, "POST, GET"},
        {{"GET", "/psp/invoice/payments/instrumentdata/" + std::string(guid)}, "PATCH"},
        {{"GET", "/invoice/payments/verify/" + front_end_token + "/consumer"}, "POST"},
        {{"POST", "/health"}, "GET"},
    };
    for (const auto& [request, allow] : rows) {
        const RouteMatch match = match_route(request.method, segments_of(request.path));
        EXPECT_EQ(allow.empty(), match.route != nullptr) << request.method << " " << request.path;
        EXPECT_EQ(allow, match.allow) << request.method << " " << request.path;
    }
}

TEST(RouteAccess, RefusesAPayerOnlyOnTheMerchantsRows) {
    const app::Caller merchant{domain::Merchant{}, std::nullopt};
    const app::Caller payer{std::nullopt, std::string(guid)};
    EXPECT_EQ(std::nullopt, refusal_of(Access::merchant, merchant));
    EXPECT_EQ(domain::ErrorCode::front_end_token_not_allowed, refusal_of(Access::merchant, payer));
    EXPECT_EQ(std::nullopt, refusal_of(Access::merchant_or_payer, merchant));
    EXPECT_EQ(std::nullopt, refusal_of(Access::merchant_or_payer, payer));
    EXPECT_EQ(std::nullopt, refusal_of(Access::anyone, payer));
}

// A payer's front-end token may create a payment's legal-address lookup, authorization and
// verification, and read the payment itself (§21.5); everything else is the merchant's.
TEST(RouteAccess, ThePayersRowsAreThoseOfTheSpec) {
    std::vector<std::string> payer_rows;
    for (const Route& route : route_table()) {
        if (route.access == Access::merchant_or_payer) {
            payer_rows.push_back(std::string(route.method) + " " + std::string(route.pattern));
        }
    }
    EXPECT_EQ((std::vector<std::string>{
                  "GET /psp/invoice/payments/{payment}",
                  "PATCH /psp/invoice/payments/{payment}",
                  "POST /psp/invoice/payments/{payment}/approvedlegaladdress",
                  "POST /psp/invoice/payments/{payment}/authorizations",
                  "POST /psp/invoice/payments/{payment}/verifications",
              }),
              payer_rows);
}

// ---------------------------------------------------------------------------------------------
// Through a Router on real services.

class InProcessApi {
  public:
    InProcessApi()
        : store_(storage::sqlite::SqliteStore::open(":memory:")),
          payments_(*store_, clock_, ids_, credit_),
          payers_(payments_, *store_, clock_, ids_, app::PayerServiceOptions{}),
          documents_(*store_),
          router_(payments_, payers_, documents_, ids_,
                  UrlBase{"http://api.test", "http://api.test"}) {
        app::MerchantService merchants(*store_, clock_, ids_);
        auto registered =
            merchants.add(app::MerchantRegistration{"Shop", std::nullopt, std::nullopt, {}});
        if (!registered) throw std::runtime_error("could not register the merchant");
        merchant_token = registered->token;
        payee_id = registered->merchant.payee_id;
    }

    Response call(std::string_view method, const std::string& target, const std::string& token,
                  std::string body = {}, std::string content_type = "application/json") {
        Request request;
        request.method = std::string(method);
        request.target = target;
        if (!token.empty()) request.headers.push_back({"Authorization", "Bearer " + token});
        if (!body.empty()) request.headers.push_back({"Content-Type", std::move(content_type)});
        request.body = std::move(body);
        request.remote_address = "127.0.0.1";
        return router_.handle(request);
    }

    // Creates a payment; returns its id and the front-end token of its payer.
    std::pair<std::string, std::string> create_payment() {
        const std::string body =
            R"({"payment":{"operation":"FinancingConsumer","intent":"Authorization",)"
            R"("currency":"SEK",)"
            R"("prices":[{"type":"Invoice","amount":10000,"vatAmount":0}],"description":"d",)"
            R"("userAgent":"test","language":"sv-SE",)"
            R"("urls":{"completeUrl":"https://shop.example/done"},)"
            R"("payeeInfo":{"payeeId":")" +
            payee_id + R"(","payeeReference":"r)" + std::to_string(++references_) +
            R"("}},"invoice":{"invoiceType":"PayExFinancingSe"}})";
        const Response created = call("POST", "/psp/invoice/payments", merchant_token, body);
        if (created.status != 201) throw std::runtime_error("create failed: " + created.body);
        const json::value document = json::parse(created.body);
        const std::string id(document.at("payment").at("id").as_string());
        std::string token;
        for (const json::value& operation : document.at("operations").as_array()) {
            if (operation.at("rel") == "redirect-authorization") {
                const std::string href(operation.at("href").as_string());
                token = href.substr(href.rfind('/') + 1);
            }
        }
        return {id.substr(id.rfind('/') + 1), token};
    }

    std::string merchant_token;
    std::string payee_id;

  private:
    app::SystemClock clock_;
    app::RandomIdGenerator ids_;
    app::TestRegistryProvider credit_;
    std::unique_ptr<storage::sqlite::SqliteStore> store_;
    app::PaymentService payments_;
    app::PayerService payers_;
    app::DocumentService documents_;
    Router router_;
    int references_ = 0;
};

// The example path of a row, for this payment.
std::string path_for(const Example& example, const std::string& payment_id) {
    std::string path = example.path;
    const std::size_t at = path.find(guid);
    if (at != std::string::npos && path.starts_with("/psp/invoice/payments/") &&
        !path.starts_with("/psp/invoice/payments/instrumentdata")) {
        path.replace(at, guid.size(), payment_id);
    }
    return path;
}

void expect_forbidden_without_problems(const Response& response, const std::string& what) {
    ASSERT_EQ(403, response.status) << what << ": " << response.body;
    const json::object problem = json::parse(response.body).as_object();
    EXPECT_EQ("https://api.payex.com/psp/errordetail/forbidden", problem.at("type")) << what;
    EXPECT_EQ("Forbidden", problem.at("title")) << what;
    EXPECT_FALSE(problem.contains("problems")) << what << ": the body was read";
}

TEST(RouterAccess, AMerchantRowRefusesThePayersTokenBeforeReadingTheBody) {
    InProcessApi api;
    const auto [payment_id, payer_token] = api.create_payment();
    const std::vector<Example> paths = examples();
    const auto table = route_table();
    int checked = 0;
    for (std::size_t i = 0; i < table.size(); ++i) {
        if (table[i].access != Access::merchant) continue;
        const std::string path = path_for(paths[i], payment_id);
        expect_forbidden_without_problems(api.call(paths[i].method, path, payer_token, "{not json"),
                                          std::string(paths[i].method) + " " + path);
        ++checked;
    }
    EXPECT_EQ(38, checked);
}

TEST(RouterAccess, APayerRowRefusesAnotherPaymentsPayerWithoutReadingTheBody) {
    InProcessApi api;
    const auto [payment_id, payer_token] = api.create_payment();
    const std::string other_token = api.create_payment().second;
    const std::vector<Example> paths = examples();
    const auto table = route_table();
    for (std::size_t i = 0; i < table.size(); ++i) {
        if (table[i].access != Access::merchant_or_payer) continue;
        const std::string path = path_for(paths[i], payment_id);
        const std::string what = std::string(paths[i].method) + " " + path;
        expect_forbidden_without_problems(api.call(paths[i].method, path, other_token, "{not json"),
                                          what);
        // Its own payer gets past the router: the body is read and refused.
        if (paths[i].method != "GET") {
            EXPECT_EQ(400, api.call(paths[i].method, path, payer_token, "{not json").status)
                << what;
        }
    }
}

TEST(RouterAccess, AnyonesRowsNeedNoToken) {
    InProcessApi api;
    const std::vector<Example> paths = examples();
    const auto table = route_table();
    for (std::size_t i = 0; i < table.size(); ++i) {
        if (table[i].access != Access::anyone) continue;
        const Response response = api.call(paths[i].method, paths[i].path, "");
        EXPECT_NE(401, response.status) << paths[i].path;
    }
    EXPECT_EQ(200, api.call("GET", "/health", "").status);
    EXPECT_EQ(404, api.call("POST", "/psp/fakecallback/notfound", "").status);
}

TEST(Router, AnswersAnUnknownPathAndAWrongMethodBeforeAuthenticating) {
    InProcessApi api;
    const Response unknown = api.call("GET", "/psp/creditcard/payments", "");
    EXPECT_EQ(404, unknown.status);
    EXPECT_EQ("application/problem+json; charset=utf-8", unknown.header("Content-Type"));
    EXPECT_FALSE(unknown.header("Allow"));
    const Response method = api.call("DELETE", "/psp/invoice/payments/" + std::string(guid), "");
    EXPECT_EQ(405, method.status);
    EXPECT_EQ("GET, PATCH", method.header("Allow"));
    EXPECT_EQ("https://api.payex.com/psp/errordetail/methodnotallowed",
              json::parse(method.body).at("type"));
}

TEST(Router, ChecksTheIdsAfterTheCaller) {
    InProcessApi api;
    const auto [payment_id, payer_token] = api.create_payment();
    EXPECT_EQ(401, api.call("GET", "/psp/invoice/payments/not-a-guid", "").status);
    const Response not_a_guid =
        api.call("GET", "/psp/invoice/payments/not-a-guid", api.merchant_token);
    EXPECT_EQ(404, not_a_guid.status);
    EXPECT_EQ("https://api.payex.com/psp/errordetail/notfound",
              json::parse(not_a_guid.body).at("type"));
    // Ids are lower-cased: an upper-case GUID names the same payment.
    std::string upper = payment_id;
    for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    EXPECT_EQ(200, api.call("GET", "/psp/invoice/payments/" + upper, api.merchant_token).status);
    EXPECT_EQ(404, api.call("GET", "/psp/invoice/payments/" + payment_id + "/captures/x",
                            api.merchant_token)
                       .status);
    // A payer's token on a merchant's row: refused before the transaction id is looked at.
    expect_forbidden_without_problems(
        api.call("GET", "/psp/invoice/payments/" + payment_id + "/captures/x", payer_token),
        "captures/x");
}

TEST(Router, RefusesABodyThatIsNotJsonBeforeTheHandler) {
    InProcessApi api;
    const Response response =
        api.call("POST", "/psp/invoice/payments", api.merchant_token, "{}", "text/plain");
    EXPECT_EQ(415, response.status);
}

}  // namespace
}  // namespace faktura::http
