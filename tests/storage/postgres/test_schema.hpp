// A fresh, empty schema in the test database for one test, dropped with everything in it when the
// test ends, and the URL that makes a store use it (search_path). The database comes from
// FAKTURA_TEST_POSTGRES_URL: ctest starts a throw-away server for it (tests/storage/CMakeLists.txt,
// tools/postgres-test-cluster.sh). Tests reach around the store through execute() and query().
#pragma once

#include <libpq-fe.h>
#include <unistd.h>

#include <cstdlib>
#include <random>
#include <stdexcept>
#include <string>
#include <string_view>

namespace faktura::storage::postgres::testing {

inline std::string test_database_url() {
    const char* url = std::getenv("FAKTURA_TEST_POSTGRES_URL");
    return url != nullptr ? url : "";
}

// Empty when the tests can run; otherwise why not, for GTEST_SKIP.
inline std::string postgres_skip_reason() {
    if (!test_database_url().empty()) return "";
    return "FAKTURA_TEST_POSTGRES_URL is not set: no PostgreSQL server for these tests (ctest sets "
           "it when PostgreSQL 15's server binaries are installed; tools/postgres-test-cluster.sh "
           "start DIR starts one and prints the URL)";
}

// `base` with libpq connection parameters added, whether it is a URL or a conninfo string.
inline std::string with_parameter(const std::string& base, std::string_view key,
                                  std::string_view value) {
    if (base.starts_with("postgresql://") || base.starts_with("postgres://")) {
        std::string encoded;
        for (const char c : value) {
            const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                               (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
            if (plain) {
                encoded += c;
            } else {
                constexpr char hex[] = "0123456789ABCDEF";
                const auto byte = static_cast<unsigned char>(c);
                encoded += '%';
                encoded += hex[byte >> 4];
                encoded += hex[byte & 15];
            }
        }
        const char separator = base.find('?') == std::string::npos ? '?' : '&';
        return base + separator + std::string(key) + "=" + encoded;
    }
    return base + " " + std::string(key) + "='" + std::string(value) + "'";
}

// An administrative connection to the test database, outside every store.
class AdminConnection {
  public:
    explicit AdminConnection(const std::string& url) : connection_(PQconnectdb(url.c_str())) {
        if (PQstatus(connection_) != CONNECTION_OK) {
            const std::string message = PQerrorMessage(connection_);
            PQfinish(connection_);
            throw std::runtime_error("test database: cannot connect: " + message);
        }
        PQsetNoticeProcessor(
            connection_, [](void*, const char*) {}, nullptr);
    }
    ~AdminConnection() { PQfinish(connection_); }
    AdminConnection(const AdminConnection&) = delete;
    AdminConnection& operator=(const AdminConnection&) = delete;

    void execute(const std::string& sql) { PQclear(run(sql)); }

    // The first column of the first row, or "" when there is none.
    std::string query(const std::string& sql) {
        PGresult* result = run(sql);
        std::string value;
        if (PQntuples(result) > 0) value = PQgetvalue(result, 0, 0);
        PQclear(result);
        return value;
    }

  private:
    PGresult* run(const std::string& sql) {
        PGresult* result = PQexec(connection_, sql.c_str());
        const ExecStatusType status = PQresultStatus(result);
        if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
            const std::string message = PQresultErrorMessage(result);
            PQclear(result);
            throw std::runtime_error("test database: " + message + " in: " + sql);
        }
        return result;
    }

    PGconn* connection_;
};

class TestSchema {
  public:
    TestSchema() : name_(random_name()), admin_(test_database_url()) {
        admin_.execute("CREATE SCHEMA " + name_);
    }
    ~TestSchema() {
        try {
            // Sessions of a store that is still open would hold locks the DROP waits for.
            admin_.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE application_name = '" +
                name_ + "' AND pid <> pg_backend_pid()");
            admin_.execute("DROP SCHEMA " + name_ + " CASCADE");
        } catch (const std::exception&) {  // A schema left behind dies with the cluster.
        }
    }
    TestSchema(const TestSchema&) = delete;
    TestSchema& operator=(const TestSchema&) = delete;

    const std::string& name() const { return name_; }

    // The URL of a store in this schema; `settings` are more `-c name=value` server settings for
    // its sessions. Its sessions carry the schema's name as application_name, so a test can find
    // them in pg_stat_activity.
    std::string url(std::string_view settings = "") const {
        std::string options = "-csearch_path=" + name_;
        if (!settings.empty()) options += " " + std::string(settings);
        return with_parameter(with_parameter(test_database_url(), "options", options),
                              "application_name", name_);
    }

    // Runs SQL outside every store (on the database, not in this schema unless qualified).
    void execute(const std::string& sql) { admin_.execute(sql); }
    std::string query(const std::string& sql) { return admin_.query(sql); }

  private:
    static std::string random_name() {
        std::random_device device;
        std::uniform_int_distribution<unsigned long long> pick;
        constexpr char hex[] = "0123456789abcdef";
        std::string name = "t_" + std::to_string(::getpid()) + "_";
        unsigned long long bits = pick(device);
        for (int i = 0; i < 12; ++i, bits >>= 4) name += hex[bits & 15];
        return name;
    }

    std::string name_;
    AdminConnection admin_;
};

}  // namespace faktura::storage::postgres::testing
