// A database of its own for a test that runs the real `faktura` binary on it: a SQLite file in a
// fresh directory, or a fresh PostgreSQL database on the test server (FAKTURA_TEST_POSTGRES_URL),
// made with psql and dropped when the test ends.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <random>
#include <stdexcept>
#include <string>
#include <utility>

#include "e2e/server_process.hpp"
#include "e2e/test_app.hpp"

namespace faktura::testing {

// `url` with its database name (the path of a postgresql:// URL) replaced by `name`.
inline std::string with_database(const std::string& url, const std::string& name) {
    const std::size_t authority = url.find("://");
    const std::size_t path = url.find('/', authority == std::string::npos ? 0 : authority + 3);
    if (path == std::string::npos) return url + "/" + name;
    const std::size_t end = url.find('?', path);
    return url.substr(0, path + 1) + name + (end == std::string::npos ? "" : url.substr(end));
}

inline std::string psql_binary() {
    const char* bin = std::getenv("FAKTURA_POSTGRES_BIN");
    return std::string(bin != nullptr && *bin != '\0' ? bin : "/usr/lib/postgresql/15/bin") +
           "/psql";
}

class TestDatabase {
  public:
    virtual ~TestDatabase() = default;
    // What --database takes.
    virtual const std::string& url() const = 0;
};

class SqliteFile final : public TestDatabase {
  public:
    SqliteFile() : path_(temp_database()), url_("sqlite:" + path_.string()) {}
    ~SqliteFile() override { std::filesystem::remove_all(path_.parent_path()); }
    const std::string& url() const override { return url_; }

  private:
    std::filesystem::path path_;
    std::string url_;
};

class PostgresDatabase final : public TestDatabase {
  public:
    // `server`: a URL of the test server; `prefix` starts the new database's name.
    PostgresDatabase(std::string server, const std::string& prefix) : server_(std::move(server)) {
        std::random_device random;
        name_ = prefix + std::to_string(random()) + std::to_string(::getpid());
        psql("CREATE DATABASE " + name_);
        url_ = with_database(server_, name_);
    }
    ~PostgresDatabase() override {
        try {
            psql("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
        } catch (const std::exception& error) {
            ADD_FAILURE() << "dropping " << name_ << ": " << error.what();
        }
    }
    const std::string& url() const override { return url_; }

  private:
    void psql(const std::string& sql) const {
        run_command(psql_binary() + " -X -q -v ON_ERROR_STOP=1 -d '" + server_ + "' -c '" + sql +
                    "'");
    }

    std::string server_;
    std::string name_;
    std::string url_;
};

}  // namespace faktura::testing
