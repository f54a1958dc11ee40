// A merchant's callback endpoint for end-to-end tests: a loopback http::Server that records every
// request and answers each path with the statuses scripted for it (then 200), or holds a path's
// requests until release().
#pragma once

#include <algorithm>
#include <cctype>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "http/server.hpp"
#include "runtime/fiber.hpp"

namespace faktura::testing {

struct Received {
    using Clock = std::chrono::steady_clock;

    std::string target;
    std::string body;
    std::vector<http::Header> headers;
    Clock::time_point at;

    std::string header(const std::string& name) const {
        for (const http::Header& header : headers) {
            if (header.name.size() == name.size() &&
                std::equal(name.begin(), name.end(), header.name.begin(), [](char a, char b) {
                    return std::tolower(static_cast<unsigned char>(a)) ==
                           std::tolower(static_cast<unsigned char>(b));
                })) {
                return header.value;
            }
        }
        return {};
    }
};

// The merchant's endpoint. Answers each path with its scripted statuses in order, then 200; a held
// path keeps every request waiting until release() (or the receiver's end).
class CallbackReceiver {
    using Clock = Received::Clock;

  public:
    CallbackReceiver() {
        http::ServerOptions options;
        options.port = 0;
        options.worker_threads = 8;
        // The handler holds requests (a blocking wait), so it runs on the server's pool for
        // blocking work rather than in the request's fiber on an io thread.
        server_ = std::make_unique<http::Server>(options, [this](const http::Request& request) {
            return runtime::blocking([&] { return answer(request); });
        });
        server_->start();
    }

    http::Response answer(const http::Request& request) {
        std::unique_lock lock(mutex_);
        received_.push_back(Received{request.target, request.body, request.headers, Clock::now()});
        changed_.notify_all();
        changed_.wait_for(lock, std::chrono::seconds{30},
                          [&] { return released_ || !held_.contains(request.target); });
        http::Response response;
        std::deque<int>& script = scripts_[request.target];
        response.status = 200;
        if (!script.empty()) {
            response.status = script.front();
            script.pop_front();
        }
        response.set_header("Content-Type", "text/plain");
        response.body = "thanks";
        return response;
    }
    ~CallbackReceiver() {
        release();
        server_->stop();
    }

    std::string url(const std::string& path) const {
        return "http://127.0.0.1:" + std::to_string(server_->port()) + path;
    }
    void script(const std::string& path, std::deque<int> statuses) {
        std::lock_guard lock(mutex_);
        scripts_[path] = std::move(statuses);
    }
    void hold(const std::string& path) {
        std::lock_guard lock(mutex_);
        held_.insert(path);
    }
    void release() {
        {
            std::lock_guard lock(mutex_);
            released_ = true;
        }
        changed_.notify_all();
    }
    // Waits (up to `limit`) until `count` requests to `path` arrived; returns them all.
    std::vector<Received> wait_for(const std::string& path, std::size_t count,
                                   std::chrono::milliseconds limit = std::chrono::seconds{15}) {
        std::unique_lock lock(mutex_);
        changed_.wait_for(lock, limit, [&] { return of_locked(path).size() >= count; });
        return of_locked(path);
    }
    std::vector<Received> of(const std::string& path) {
        std::lock_guard lock(mutex_);
        return of_locked(path);
    }

  private:
    std::vector<Received> of_locked(const std::string& path) const {
        std::vector<Received> found;
        for (const Received& received : received_) {
            if (received.target == path) found.push_back(received);
        }
        return found;
    }

    std::mutex mutex_;
    std::condition_variable changed_;
    std::vector<Received> received_;
    std::map<std::string, std::deque<int>> scripts_;
    std::set<std::string> held_;
    bool released_ = false;
    std::unique_ptr<http::Server> server_;
};

}  // namespace faktura::testing
