// The HTTP/1.1 server: accept loop, sessions, limits. The only code that knows sockets and Beast
// (server.cpp). Handlers are plain synchronous functions, each request's run as a fiber on the io
// thread that parsed it: they must not block that thread — a wait goes through runtime/fiber.hpp
// (runtime::Event, sleep_for, run_blocking), which suspends only the fiber.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "http/message.hpp"

namespace faktura::http {

struct ServerOptions {
    std::string address = "127.0.0.1";
    std::uint16_t port = 8080;  // 0 picks a free port; Server::port() tells which.
    std::size_t io_threads = 2;
    // Threads for the work handlers hand to runtime::run_blocking (outbound HTTP to a credit
    // provider, documents); handlers themselves run on the io threads.
    std::size_t worker_threads = 8;
    // Each request's fiber stack; only the pages it touches take memory. A guard page below it
    // turns an overflow into a crash, never into corruption.
    std::size_t fiber_stack_bytes = 512 * 1024;
    std::size_t body_limit_bytes = 1024 * 1024;
    // The bodies of all requests being read at once, as their Content-Length announces them (a
    // chunked one counts as body_limit_bytes): a request that would go over is answered 503 from
    // its header, so slow senders of large bodies cannot pin the server's memory.
    std::size_t bodies_in_flight_max_bytes = 128 * 1024 * 1024;
    std::size_t header_limit_bytes = 16 * 1024;
    std::chrono::seconds read_timeout{30};  // Whole request, from its first byte.
    // The header, from the request's first byte: a client trickling a header (slowloris) holds
    // its slot this long, not read_timeout.
    std::chrono::seconds header_timeout{10};
    std::chrono::seconds idle_timeout{75};  // Keep-alive connection with no request in progress.
    std::chrono::seconds write_timeout{30};
    // How long stop() lets requests in flight finish before it closes their connections. A handler
    // still running then runs to its end (a write it made is committed) and is logged, its answer
    // undelivered.
    std::chrono::seconds drain_timeout{10};
    // Connections at most. At the limit a new connection takes the slot of the longest idle one
    // (kept alive, or opened and silent), which is closed; 503 only when none is idle.
    std::size_t connections_max = 2048;
    // What one client address may hold of them (503 beyond), so that one client opening idle or
    // slow connections cannot take every slot; 0: no limit per address (behind a load balancer,
    // where every client has its address).
    std::size_t connections_per_peer_max = 512;
    // Asked once the header of a request with a body is in, before the body is read: an answer here
    // is sent at once and the body never buffered (a request the handler would refuse for its
    // header alone, such as one without credentials). Runs on an io thread: it must not block.
    std::function<std::optional<Response>(const RequestHead& head)> check_header;
    // Builds the response for a protocol error (problem+json lives in http/problem.cpp).
    std::function<Response(ProtocolError, const std::string& target)> protocol_error_response;
};

class Server {
  public:
    Server(ServerOptions options, Handler handler);
    ~Server();  // Stops and joins if still running.
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    // Binds and listens (throws std::system_error if that fails), then serves on background
    // threads.
    void start();
    // The bound port; valid after start().
    std::uint16_t port() const;
    // Stops accepting, lets requests in flight finish and their responses be written (connections
    // are closed after that), then joins all threads. Idempotent; safe to call from a signal
    // watcher.
    void stop();
    // Blocks until stop() has completed.
    void wait();

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace faktura::http
