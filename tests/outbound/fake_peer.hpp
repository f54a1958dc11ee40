// A loopback HTTP peer for the outbound tests: the project's own http::Server on 127.0.0.1, port 0,
// answering every request with one canned answer (optionally late) and recording what it received.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "http/server.hpp"
#include "runtime/fiber.hpp"

namespace faktura::outbound::testing {

struct PeerAnswer {
    int status = 200;
    std::string body{};
    std::vector<http::Header> headers{};
    // How long the peer waits before answering; the wait ends early when the peer is destroyed, so
    // a slow peer never slows the test that outlived it.
    std::chrono::milliseconds delay{0};
};

class FakePeer {
  public:
    explicit FakePeer(PeerAnswer answer)
        : state_(std::make_shared<State>()),
          server_(http::ServerOptions{.address = "127.0.0.1",
                                      .port = 0,
                                      .io_threads = 1,
                                      .worker_threads = 8,
                                      .body_limit_bytes = 4 * 1024 * 1024,
                                      .check_header = nullptr,
                                      .protocol_error_response = nullptr},
                  handler(state_, std::move(answer))) {
        server_.start();
    }
    ~FakePeer() {
        {
            const std::lock_guard lock(state_->mutex);
            state_->released = true;
        }
        state_->changed.notify_all();
        server_.stop();
    }
    FakePeer(const FakePeer&) = delete;
    FakePeer& operator=(const FakePeer&) = delete;

    std::uint16_t port() const { return server_.port(); }
    std::string url(std::string_view path = "/") const {
        return "http://127.0.0.1:" + std::to_string(port()) + std::string(path);
    }
    std::vector<http::Request> requests() const {
        const std::lock_guard lock(state_->mutex);
        return state_->requests;
    }

  private:
    struct State {
        mutable std::mutex mutex;
        std::condition_variable changed;
        bool released = false;
        std::vector<http::Request> requests;
    };

    static http::Handler handler(std::shared_ptr<State> state, PeerAnswer answer) {
        return [state, answer](const http::Request& request) {
            // A wait that blocks, so it runs on the server's pool for blocking work, not in the
            // request's fiber on an io thread.
            runtime::run_blocking([&] {
                std::unique_lock lock(state->mutex);
                state->requests.push_back(request);
                state->changed.wait_for(lock, answer.delay, [&state] { return state->released; });
            });
            http::Response response;
            response.status = answer.status;
            response.headers = answer.headers;
            response.body = answer.body;
            return response;
        };
    }

    std::shared_ptr<State> state_;
    http::Server server_;
};

// A loopback port with nothing listening: a peer's, taken after the peer has stopped.
inline std::uint16_t closed_port() {
    const FakePeer peer(PeerAnswer{});
    return peer.port();
}

}  // namespace faktura::outbound::testing
