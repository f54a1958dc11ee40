// The HTTP/1.1 server: accept loop, sessions, limits, and the handler of every request run as a
// fiber on the io thread that parsed it, where a wait (the group commit, a timer, blocking work on
// the worker pool) suspends only the fiber. The only translation unit that includes Boost.Asio and
// Boost.Beast (docs/decisions/0019-event-driven-request-path.md).
#include "http/server.hpp"

#include <pthread.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/status.hpp>
#include <boost/beast/http/string_body.hpp>
#include <charconv>
#include <condition_variable>
#include <cstdio>
#include <ctime>
#include <exception>
#include <future>
#include <iostream>
#include <limits>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string_view>
#include <system_error>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "runtime/fiber.hpp"

namespace faktura::http {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace wire = boost::beast::http;
using tcp = net::ip::tcp;

// Each io thread runs its own io_context, so a connection's handlers are serialised without a
// strand; the concrete executor type avoids any_io_executor's type erasure on every operation.
using Executor = net::io_context::executor_type;
using Socket = tcp::socket::rebind_executor<Executor>::other;
using Stream = beast::basic_stream<tcp, Executor, beast::unlimited_rate_policy>;
using Parser = wire::request_parser<wire::string_body>;

// How long stop() lets requests in flight finish before it closes their connections anyway.
// After an error response we keep reading (and discarding) for at most this long, so the kernel
// does not reset the connection over unread request bytes before the client has read the answer.
constexpr std::chrono::seconds linger_timeout{2};
// Bytes asked of the socket per read: a typical API request arrives in one read.
constexpr std::size_t read_chunk_bytes = 16 * 1024;
// Pause before accepting again after accept() failed (usually out of file descriptors), so the
// accept loop does not spin.
constexpr std::chrono::milliseconds accept_retry_delay{100};

constexpr std::string_view continue_response = "HTTP/1.1 100 Continue\r\n\r\n";

std::string_view view(beast::string_view text) { return {text.data(), text.size()}; }

void log_line(const std::string& line) { std::cerr << line + "\n" << std::flush; }

// RFC 7231 IMF-fixdate of the current second. Formatted at most once per second per thread: every
// response carries it, and formatting a date costs more than the rest of the head together.
std::string_view http_date() {
    static constexpr std::array<const char*, 7> days{"Sun", "Mon", "Tue", "Wed",
                                                     "Thu", "Fri", "Sat"};
    static constexpr std::array<const char*, 12> months{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    thread_local std::time_t formatted_second = -1;
    thread_local std::array<char, 64> text{};
    thread_local std::size_t text_size = 0;
    const std::time_t now = std::time(nullptr);
    if (now != formatted_second) {
        std::tm parts{};
        gmtime_r(&now, &parts);
        const int written = std::snprintf(
            text.data(), text.size(), "%s, %02d %s %04d %02d:%02d:%02d GMT",
            days[static_cast<std::size_t>(parts.tm_wday) % days.size()], parts.tm_mday,
            months[static_cast<std::size_t>(parts.tm_mon) % months.size()], parts.tm_year + 1900,
            parts.tm_hour, parts.tm_min, parts.tm_sec);
        text_size = written > 0 ? std::min(static_cast<std::size_t>(written), text.size() - 1) : 0;
        formatted_second = now;
    }
    return {text.data(), text_size};
}

std::string_view reason_phrase(int status) {
    const std::string_view reason =
        view(wire::obsolete_reason(wire::int_to_status(static_cast<unsigned>(status))));
    return reason.empty() || reason.front() == '<' ? std::string_view{"Unknown"} : reason;
}

// RFC 9110 §8.6 and §15.3.5: these statuses carry no body, and 1xx and 204 no Content-Length.
bool status_allows_body(int status) { return status >= 200 && status != 204 && status != 304; }
bool status_allows_content_length(int status) { return status >= 200 && status != 204; }

// The server owns framing and connection management; a handler's copy would contradict ours.
bool is_server_owned_header(std::string_view name) {
    return iequals(name, "Content-Length") || iequals(name, "Transfer-Encoding") ||
           iequals(name, "Date") || iequals(name, "Connection");
}

// A CR or LF in a handler's header would let request data split the response; such a header is
// dropped rather than sent.
bool is_safe_header(const Header& header) {
    const auto is_line_break = [](char c) { return c == '\r' || c == '\n'; };
    return !header.name.empty() &&
           std::none_of(header.name.begin(), header.name.end(), is_line_break) &&
           std::none_of(header.value.begin(), header.value.end(), is_line_break);
}

void append_number(std::string& out, std::size_t number) {
    std::array<char, 24> digits{};
    const auto [end, error] = std::to_chars(digits.data(), digits.data() + digits.size(), number);
    out.append(digits.data(), static_cast<std::size_t>(end - digits.data()));
}

// IPv4 peers of a dual-stack listener show up as ::ffff:a.b.c.d; handlers want the IPv4 literal.
std::string address_text(const net::ip::address& address) {
    if (address.is_v6() && address.to_v6().is_v4_mapped()) {
        return net::ip::make_address_v4(net::ip::v4_mapped, address.to_v6()).to_string();
    }
    return address.to_string();
}

// Used when ServerOptions::protocol_error_response is not set (tests of other layers, tools).
Response plain_protocol_error_response(ProtocolError error) {
    int status = 500;
    switch (error) {
        case ProtocolError::body_too_large:
            status = 413;
            break;
        case ProtocolError::header_too_large:
            status = 431;
            break;
        case ProtocolError::bad_request:
            status = 400;
            break;
        case ProtocolError::overloaded:
            status = 503;
            break;
        case ProtocolError::handler_failed:
            status = 500;
            break;
    }
    Response response;
    response.status = status;
    response.set_header("Content-Type", "text/plain; charset=utf-8");
    response.body = std::string{reason_phrase(status)} + "\n";
    return response;
}

void throw_if_failed(const beast::error_code& ec, const std::string& what) {
    if (ec) throw std::system_error(std::error_code(ec), "faktura http: " + what);
}

class Session;

// One io thread: its io_context, and the fibers of the requests it parsed. It resumes them (post,
// timers) and hands their blocking work to the worker pool.
class IoLoop final : public runtime::Executor {
  public:
    IoLoop(net::thread_pool& workers, std::size_t stack_bytes)
        : context(1),  // Concurrency hint 1: one thread runs it, which lets Asio skip some locking.
          workers_(workers),
          scheduler(*this, stack_bytes) {}

    void post(runtime::Task task) override {
        net::post(context, [task] { task(); });
    }
    void post_after(std::chrono::nanoseconds delay, runtime::Task task) override {
        auto timer = std::make_shared<net::steady_timer>(context, delay);
        // Runs when the time has come, or early if the context is destroyed first (never while
        // a fiber waits on it: the server ends only once every request has).
        timer->async_wait([timer, task](const beast::error_code&) { task(); });
    }
    void post_blocking(runtime::Task task) override {
        net::post(workers_, [task] { task(); });
    }

    net::io_context context;

  private:
    net::thread_pool& workers_;

  public:
    runtime::Scheduler scheduler;  // After workers_: it is handed *this.
};

// Everything Server does; Server::Impl only owns one. Lives until every session has unregistered.
class ServerCore {
  public:
    ServerCore(ServerOptions options, Handler handler)
        : options_(std::move(options)), handler_(std::move(handler)) {}
    ServerCore(const ServerCore&) = delete;
    ServerCore& operator=(const ServerCore&) = delete;

    void start();
    std::uint16_t port() const { return port_.load(); }
    void stop();
    void wait();

    // For sessions; callable from any thread.
    const ServerOptions& options() const { return options_; }
    bool is_stopping() const { return stopping_.load(std::memory_order_acquire); }
    // Reserves `bytes` of the bodies-in-flight budget; false (nothing reserved) when it is spent.
    bool reserve_body(std::size_t bytes) {
        std::size_t in_flight = bodies_in_flight_.load(std::memory_order_relaxed);
        do {
            if (in_flight + bytes > options_.bodies_in_flight_max_bytes) return false;
        } while (!bodies_in_flight_.compare_exchange_weak(in_flight, in_flight + bytes,
                                                          std::memory_order_relaxed));
        return true;
    }
    void release_body(std::size_t bytes) {
        bodies_in_flight_.fetch_sub(bytes, std::memory_order_relaxed);
    }
    Response protocol_error_response(ProtocolError error, const std::string& target) const;
    // Runs the handler, in the request's fiber; never throws (the fiber's entry point).
    Response respond(const Request& request) noexcept;
    // `peer` is the address the session was counted under ("" when none).
    void remove_session(Session* session, bool counted, const std::string& peer);

  private:
    void accept();
    void on_accept(beast::error_code ec, Socket socket, IoLoop& loop);
    void run_io(net::io_context& context);
    void shut_down();
    // Shared pointers to the sessions still alive. Must be released without sessions_mutex_ held,
    // because releasing the last reference runs ~Session, which locks it.
    std::vector<std::shared_ptr<Session>> live_sessions_locked();
    // The counted session idle the longest, claimed for shedding; null when none is idle.
    std::shared_ptr<Session> longest_idle_locked();

    const ServerOptions options_;
    const Handler handler_;
    std::atomic<std::uint16_t> port_{0};
    std::atomic<bool> stopping_{false};
    std::atomic<std::uint64_t> failure_count_{0};
    std::atomic<std::size_t> bodies_in_flight_{0};

    std::mutex sessions_mutex_;
    std::condition_variable sessions_empty_;
    std::unordered_set<Session*> sessions_;  // Guarded by sessions_mutex_.
    std::size_t connections_ = 0;            // Sessions counted against connections_max; ditto.
    // Counted sessions per client address, against connections_per_peer_max; ditto.
    std::unordered_map<std::string, std::size_t> peer_connections_;

    std::mutex stop_mutex_;  // Serialises stop(): a second caller waits for the first to finish.
    std::mutex state_mutex_;
    std::condition_variable stopped_changed_;
    bool running_ = false;  // Guarded by state_mutex_.
    bool stopped_ = false;  // Ditto.

    // Runs fibers' blocking work; before the loops, which hold it.
    std::optional<net::thread_pool> workers_;
    // Declared last so they are destroyed first: a session still queued in an io_context then
    // unregisters from the members above while they exist.
    std::vector<std::unique_ptr<IoLoop>> loops_;
    std::vector<net::executor_work_guard<Executor>> io_work_;
    std::optional<tcp::acceptor> acceptor_;                // Used on loops_[0] only.
    std::optional<net::steady_timer> accept_retry_timer_;  // Ditto.
    std::size_t next_loop_ = 0;                            // Ditto.
    std::vector<std::thread> io_threads_;
};

// One connection: read a request, hand it to a worker, write the response, repeat. All member
// functions run on the connection's io_context thread, except the constructor and destructor.
class Session : public std::enable_shared_from_this<Session> {
  public:
    // Read by the accept loop without the session's thread: whether the connection waits for a
    // request (and since when), the one kind a new connection may take the slot of.
    bool is_idle() const { return idle_.load(std::memory_order_acquire); }
    std::int64_t idle_since() const { return idle_since_.load(std::memory_order_relaxed); }
    // Marks the session chosen to give up its slot, so that one is chosen once.
    bool claim_for_shedding() { return !shed_.exchange(true); }
    bool counted() const { return !is_rejection_; }

    // A rejection session only answers 503 (connections_max reached) and is not counted.
    Session(ServerCore& core, IoLoop& loop, Socket socket, std::string remote_address,
            bool is_rejection)
        : core_(core),
          loop_(loop),
          executor_(socket.get_executor()),
          stream_(std::move(socket)),
          is_rejection_(is_rejection),
          remote_address_(std::move(remote_address)) {}
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;
    ~Session() {
        release_body();
        core_.remove_session(this, !is_rejection_, remote_address_);
    }

    const Executor& executor() const { return executor_; }

    void start() {
        if (is_rejection_) {
            answer_protocol_error(ProtocolError::overloaded);
            return;
        }
        await_request();
    }

    // stop() calls this: a connection waiting for its next request (or lingering after an error)
    // is closed now; one with a request in progress is closed after its response.
    void close_if_idle() {
        if (phase_ == Phase::awaiting_request || phase_ == Phase::lingering) {
            close();
        } else {
            shed_.store(false);  // A request began: it may be chosen again once idle.
        }
    }

    void close() {
        if (phase_ == Phase::closed) return;
        phase_ = Phase::closed;
        beast::error_code ignored;
        stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
        stream_.close();
    }

  private:
    enum class Phase { awaiting_request, reading_request, handling, writing, lingering, closed };

    void await_request() {
        parser_.emplace();
        parser_->header_limit(static_cast<std::uint32_t>(std::min<std::size_t>(
            core_.options().header_limit_bytes, std::numeric_limits<std::uint32_t>::max())));
        parser_->body_limit(std::uint64_t{core_.options().body_limit_bytes});
        // Parse the body in the same put() as the header, so one read can complete a request.
        parser_->eager(true);
        continue_sent_ = false;
        header_checked_ = false;
        release_body();
        header_bytes_consumed_ = 0;
        if (buffer_.size() > 0) {  // A pipelined request is already here.
            begin_request();
            parse_buffered();
            return;
        }
        if (core_.is_stopping()) {
            close();
            return;
        }
        phase_ = Phase::awaiting_request;
        idle_since_.store(std::chrono::steady_clock::now().time_since_epoch().count(),
                          std::memory_order_relaxed);
        idle_.store(true, std::memory_order_release);
        stream_.expires_after(core_.options().idle_timeout);
        stream_.async_read_some(
            buffer_.prepare(read_chunk_bytes),
            [self = shared_from_this()](beast::error_code ec, std::size_t bytes) {
                self->on_read(ec, bytes);
            });
    }

    // The first bytes of a request have arrived: from now on read_timeout bounds the whole request.
    void begin_request() {
        idle_.store(false, std::memory_order_release);
        phase_ = Phase::reading_request;
        const auto now = std::chrono::steady_clock::now();
        request_deadline_ = now + core_.options().read_timeout;
        header_deadline_ = std::min(request_deadline_, now + core_.options().header_timeout);
    }

    void read_more() {
        stream_.expires_at(parser_->is_header_done() ? request_deadline_ : header_deadline_);
        stream_.async_read_some(
            buffer_.prepare(read_chunk_bytes),
            [self = shared_from_this()](beast::error_code ec, std::size_t bytes) {
                self->on_read(ec, bytes);
            });
    }

    void on_read(beast::error_code ec, std::size_t bytes) {
        if (ec) {
            // End of stream, reset, timeout, or stop(): nobody is waiting for an answer. A client
            // that sends half a request and goes quiet does not get one either.
            close();
            return;
        }
        buffer_.commit(bytes);
        if (phase_ == Phase::awaiting_request) begin_request();
        parse_buffered();
    }

    // Beast checks its header_limit while a header is still arriving, but not a header that is
    // already whole in the buffer (many lines in one write passed a 16 KiB limit with 20 KiB):
    // the limit is held here, on the bytes up to the blank line.
    bool header_over_limit() const {
        if (parser_->is_header_done()) return false;
        const std::string_view data(static_cast<const char*>(buffer_.data().data()),
                                    buffer_.size());
        const std::size_t limit = core_.options().header_limit_bytes;
        const std::size_t end = data.find("\r\n\r\n");
        const std::size_t pending = end == std::string_view::npos ? data.size() : end + 4;
        return header_bytes_consumed_ + pending > limit;
    }

    void parse_buffered() {
        if (header_over_limit()) {
            answer_protocol_error(ProtocolError::header_too_large);
            return;
        }
        beast::error_code ec;
        while (buffer_.size() > 0 && !parser_->is_done()) {
            const bool in_header = !parser_->is_header_done();
            const std::size_t used = parser_->put(buffer_.data(), ec);
            // Header lines Beast has parsed and let go of still count against the limit.
            if (in_header && !parser_->is_header_done()) header_bytes_consumed_ += used;
            buffer_.consume(used);
            if (ec == wire::error::need_more) {
                ec = {};
                break;
            }
            if (ec || used == 0) break;
        }
        if (ec == wire::error::body_limit) {
            answer_protocol_error(ProtocolError::body_too_large);
        } else if (ec == wire::error::header_limit) {
            answer_protocol_error(ProtocolError::header_too_large);
        } else if (ec) {
            answer_protocol_error(ProtocolError::bad_request);
        } else if (parser_->is_header_done() && !header_checked_ && refuse_by_header()) {
            return;
        } else if (parser_->is_done()) {
            hand_to_handler();
        } else if (parser_->is_header_done() && !continue_sent_ && expects_continue()) {
            send_continue();
        } else {
            read_more();
        }
    }

    bool expects_continue() const {
        const auto& header = parser_->get();
        return header.version() >= 11 && iequals(view(header[wire::field::expect]), "100-continue");
    }

    void send_continue() {
        continue_sent_ = true;
        stream_.expires_after(core_.options().write_timeout);
        net::async_write(stream_, net::buffer(continue_response.data(), continue_response.size()),
                         [self = shared_from_this()](beast::error_code ec, std::size_t) {
                             if (ec) {
                                 self->close();
                                 return;
                             }
                             self->read_more();
                         });
    }

    // The header is in: may the body be read at all? Answered on the io thread; the handler's own
    // checks still run for a request that passes.
    bool refuse_by_header() {
        header_checked_ = true;
        // The body's memory, before any of it is read.
        std::size_t body_bytes = 0;
        if (parser_->chunked()) {
            body_bytes = core_.options().body_limit_bytes;
        } else if (const auto length = parser_->content_length()) {
            body_bytes = static_cast<std::size_t>(
                std::min<std::uint64_t>(*length, core_.options().body_limit_bytes));
        }
        if (body_bytes > 0) {
            if (!core_.reserve_body(body_bytes)) {
                answer_protocol_error(ProtocolError::overloaded);
                return true;
            }
            body_reserved_ = body_bytes;
        }
        const auto& check = core_.options().check_header;
        // Only a body is worth refusing before it is read; a request without one goes on.
        if (!check || body_bytes == 0) return false;
        const auto& header = parser_->get();
        // Views, on the stack: the check runs for every request with a body.
        constexpr std::size_t viewed_max = 64;
        std::array<HeaderView, viewed_max> fields;
        std::size_t count = 0;
        for (const auto& field : header) {
            if (count == viewed_max) break;  // The check needs a few; the handler sees all.
            fields[count++] = HeaderView{view(field.name_string()), view(field.value())};
        }
        const RequestHead head{view(header.method_string()), view(header.target()),
                               std::span<const HeaderView>(fields.data(), count)};
        std::optional<Response> refusal;
        try {
            refusal = check(head);
        } catch (const std::exception& error) {
            log_line(std::string("faktura http: the header check failed: ") + error.what());
            return false;  // The handler decides, as without a check.
        }
        if (!refusal) return false;
        version_ = header.version();
        is_head_ = false;
        keep_alive_ = false;  // The body was not read: the connection cannot carry another request.
        linger_after_write_ = true;
        write_response(std::move(*refusal));
        return true;
    }

    void hand_to_handler() {
        wire::request<wire::string_body> message = parser_->release();
        version_ = message.version();
        is_head_ = message.method() == wire::verb::head;
        keep_alive_ = message.keep_alive();
        linger_after_write_ = false;

        Request request;
        request.method = view(message.method_string());
        current_method_ = request.method;
        request.target = view(message.target());
        for (const auto& field : message) {
            request.headers.push_back(
                Header{std::string{view(field.name_string())}, std::string{view(field.value())}});
        }
        request.body = std::move(message.body());
        request.remote_address = remote_address_;

        phase_ = Phase::handling;
        // Runs here until the handler first waits (a read answers without one); every resumption
        // is on this thread, so the response is written from here too.
        loop_.scheduler.spawn([self = shared_from_this(), request = std::move(request)]() mutable {
            self->write_response(self->core_.respond(request));
        });
    }

    void answer_protocol_error(ProtocolError error) {
        std::string target;
        if (parser_) target = view(parser_->get().target());
        version_ = 11;
        is_head_ = false;
        keep_alive_ = false;
        linger_after_write_ = true;
        write_response(core_.protocol_error_response(error, target));
    }

    void write_response(Response response) {
        if (phase_ == Phase::closed) {
            // stop() gave up on this connection meanwhile: the handler finished anyway, so the
            // operator learns what became of a request its client never heard back from.
            if (core_.is_stopping() && !current_method_.empty()) {
                const bool succeeded = response.status >= 200 && response.status < 300;
                log_line("faktura http: shutdown: a " + current_method_ + " request of " +
                         remote_address_ + " finished with " + std::to_string(response.status) +
                         " after the drain closed its connection; the answer was not delivered" +
                         (succeeded ? ", and what it changed is committed" : ""));
            }
            return;
        }
        response_ = std::move(response);
        if (response_.status < 100 || response_.status > 999) {
            log_line("faktura http: handler returned status " + std::to_string(response_.status) +
                     "; sending 500");
            response_.status = 500;
        }
        const std::optional<std::string_view> connection = response_.header("Connection");
        keep_alive_ =
            keep_alive_ && !core_.is_stopping() && !(connection && iequals(*connection, "close"));
        write_head();

        phase_ = Phase::writing;
        stream_.expires_after(core_.options().write_timeout);
        const bool sends_body = !is_head_ && status_allows_body(response_.status);
        const std::array<net::const_buffer, 2> buffers{
            net::buffer(head_), sends_body ? net::buffer(response_.body) : net::const_buffer{}};
        net::async_write(
            stream_, buffers,
            [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_write(ec); });
    }

    void write_head() {
        const int status = response_.status;
        head_.clear();
        head_ += version_ == 10 ? "HTTP/1.0 " : "HTTP/1.1 ";
        append_number(head_, static_cast<std::size_t>(status));
        head_ += ' ';
        head_ += reason_phrase(status);
        head_ += "\r\n";
        for (const Header& header : response_.headers) {
            if (is_server_owned_header(header.name) || !is_safe_header(header)) continue;
            head_ += header.name;
            head_ += ": ";
            head_ += header.value;
            head_ += "\r\n";
        }
        if (status_allows_content_length(status)) {
            // A HEAD response announces the length the GET would have (RFC 9110 §9.3.2).
            head_ += "Content-Length: ";
            append_number(head_, status_allows_body(status) ? response_.body.size() : 0);
            head_ += "\r\n";
        }
        head_ += "Date: ";
        head_ += http_date();
        head_ += "\r\n";
        if (!keep_alive_) {
            head_ += "Connection: close\r\n";
        } else if (version_ == 10) {
            head_ += "Connection: keep-alive\r\n";  // HTTP/1.0 closes unless told otherwise.
        }
        head_ += "\r\n";
    }

    void on_write(beast::error_code ec) {
        response_ = Response{};
        if (ec) {
            close();
        } else if (linger_after_write_) {
            linger();
        } else if (!keep_alive_) {
            close();
        } else {
            await_request();
        }
    }

    // Half-close and drain: the client reads our error response instead of a connection reset.
    void linger() {
        phase_ = Phase::lingering;
        beast::error_code ignored;
        stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
        stream_.expires_after(linger_timeout);
        discard_input();
    }

    void discard_input() {
        buffer_.clear();
        stream_.async_read_some(buffer_.prepare(read_chunk_bytes),
                                [self = shared_from_this()](beast::error_code ec, std::size_t) {
                                    if (ec || self->phase_ == Phase::closed) {
                                        self->close();
                                        return;
                                    }
                                    self->discard_input();
                                });
    }

    ServerCore& core_;
    IoLoop& loop_;  // The thread this connection lives on, and its fibers.
    const Executor executor_;
    Stream stream_;
    const bool is_rejection_;
    std::string remote_address_;
    std::atomic<bool> idle_{false};
    std::atomic<std::int64_t> idle_since_{0};
    std::atomic<bool> shed_{false};
    beast::flat_buffer buffer_;              // Reused for every request on this connection.
    std::size_t header_bytes_consumed_ = 0;  // Of this request's header, parsed and consumed.
    std::optional<Parser> parser_;  // Re-emplaced per request; the optional's storage is reused.
    std::string head_;              // The response's status line and headers; capacity reused.
    Response response_;             // Kept alive until its bytes are written.
    std::chrono::steady_clock::time_point request_deadline_;
    std::chrono::steady_clock::time_point header_deadline_;
    Phase phase_ = Phase::awaiting_request;
    unsigned version_ = 11;
    bool is_head_ = false;
    bool keep_alive_ = false;
    bool continue_sent_ = false;
    bool header_checked_ = false;    // check_header has seen this request's header.
    std::size_t body_reserved_ = 0;  // Of the bodies-in-flight budget, for this request.
    std::string current_method_;     // Of the request handed to a worker, for the shutdown log.

    void release_body() {
        if (body_reserved_ == 0) return;
        core_.release_body(body_reserved_);
        body_reserved_ = 0;
    }
    bool linger_after_write_ = false;
};

void ServerCore::start() {
    {
        std::lock_guard lock(state_mutex_);
        if (running_ || stopped_)
            throw std::logic_error("faktura http: Server::start called twice");
    }
    beast::error_code ec;
    const net::ip::address address = net::ip::make_address(options_.address, ec);
    throw_if_failed(ec, "bad listen address " + options_.address);
    const tcp::endpoint endpoint{address, options_.port};
    const std::string where = options_.address + " port " + std::to_string(options_.port);

    workers_.emplace(std::max<std::size_t>(1, options_.worker_threads));
    const std::size_t io_thread_count = std::max<std::size_t>(1, options_.io_threads);
    for (std::size_t i = 0; i < io_thread_count; ++i) {
        loops_.push_back(std::make_unique<IoLoop>(*workers_, options_.fiber_stack_bytes));
        io_work_.push_back(net::make_work_guard(loops_.back()->context.get_executor()));
    }
    acceptor_.emplace(loops_.front()->context);
    acceptor_->open(endpoint.protocol(), ec);
    throw_if_failed(ec, "cannot open a socket for " + where);
    acceptor_->set_option(net::socket_base::reuse_address(true), ec);
    throw_if_failed(ec, "cannot set SO_REUSEADDR for " + where);
    acceptor_->bind(endpoint, ec);
    throw_if_failed(ec, "cannot bind " + where);
    acceptor_->listen(net::socket_base::max_listen_connections, ec);
    throw_if_failed(ec, "cannot listen on " + where);
    port_ = acceptor_->local_endpoint().port();
    accept_retry_timer_.emplace(loops_.front()->context);

    accept();
    for (const auto& loop : loops_) {
        io_threads_.emplace_back([this, &context = loop->context] { run_io(context); });
    }
    std::lock_guard lock(state_mutex_);
    running_ = true;
}

void ServerCore::accept() {
    IoLoop& loop = *loops_[next_loop_];
    next_loop_ = (next_loop_ + 1) % loops_.size();
    acceptor_->async_accept(loop.context, [this, &loop](beast::error_code ec, Socket socket) {
        on_accept(ec, std::move(socket), loop);
    });
}

void ServerCore::on_accept(beast::error_code ec, Socket socket, IoLoop& loop) {
    if (ec == net::error::operation_aborted || !acceptor_->is_open()) return;  // stop() closed it.
    if (ec) {
        log_line("faktura http: accept failed: " + ec.message());
        accept_retry_timer_->expires_after(accept_retry_delay);
        accept_retry_timer_->async_wait([this](beast::error_code wait_ec) {
            if (!wait_ec && acceptor_->is_open()) accept();
        });
        return;
    }
    // Without TCP_NODELAY a small response waits for the client's delayed ACK (~40 ms on Linux).
    socket.set_option(tcp::no_delay(true), ec);

    std::string peer;
    if (const tcp::endpoint endpoint = socket.remote_endpoint(ec); !ec) {
        peer = address_text(endpoint.address());
    }
    std::shared_ptr<Session> session;
    std::shared_ptr<Session> shed;  // The idle session that gives up its slot, if one must.
    {
        std::lock_guard lock(sessions_mutex_);
        if (is_stopping()) return;  // The socket closes as it goes out of scope.
        const std::size_t per_peer_max = options_.connections_per_peer_max;
        bool is_rejection = per_peer_max > 0 && peer_connections_[peer] >= per_peer_max;
        if (!is_rejection && connections_ >= options_.connections_max) {
            shed = longest_idle_locked();
            is_rejection = shed == nullptr;
        }
        session = std::make_shared<Session>(*this, loop, std::move(socket), peer, is_rejection);
        sessions_.insert(session.get());
        if (!is_rejection) {
            ++connections_;
            ++peer_connections_[peer];
        }
    }
    // Closed on its own thread, unless a request began there meanwhile (then both are served and
    // the count is over the limit by one until one of them ends).
    if (shed) net::dispatch(shed->executor(), [shed] { shed->close_if_idle(); });
    net::dispatch(session->executor(), [session] { session->start(); });
    accept();
}

void ServerCore::remove_session(Session* session, bool counted, const std::string& peer) {
    std::lock_guard lock(sessions_mutex_);
    sessions_.erase(session);
    if (counted) {
        --connections_;
        if (auto found = peer_connections_.find(peer); found != peer_connections_.end()) {
            if (--found->second == 0) peer_connections_.erase(found);
        }
    } else if (auto found = peer_connections_.find(peer);
               found != peer_connections_.end() && found->second == 0) {
        peer_connections_.erase(found);  // Looked up (and so made) by a rejection only.
    }
    if (sessions_.empty()) sessions_empty_.notify_all();
}

std::shared_ptr<Session> ServerCore::longest_idle_locked() {
    Session* longest = nullptr;
    for (Session* candidate : sessions_) {
        if (!candidate->counted() || !candidate->is_idle()) continue;
        if (longest == nullptr || candidate->idle_since() < longest->idle_since()) {
            longest = candidate;
        }
    }
    if (longest == nullptr || !longest->claim_for_shedding()) return nullptr;
    return longest->weak_from_this().lock();  // Empty for one whose destructor is running.
}

std::vector<std::shared_ptr<Session>> ServerCore::live_sessions_locked() {
    std::vector<std::shared_ptr<Session>> sessions;
    sessions.reserve(sessions_.size());
    for (Session* session : sessions_) {
        // Empty for a session whose destructor is waiting for sessions_mutex_ to unregister.
        if (std::shared_ptr<Session> alive = session->weak_from_this().lock()) {
            sessions.push_back(std::move(alive));
        }
    }
    return sessions;
}

Response ServerCore::protocol_error_response(ProtocolError error, const std::string& target) const {
    if (options_.protocol_error_response) return options_.protocol_error_response(error, target);
    return plain_protocol_error_response(error);
}

Response ServerCore::respond(const Request& request) noexcept {
    std::string failure;
    try {
        return handler_(request);
    } catch (const std::exception& error) {
        failure = error.what();
    } catch (...) {
        failure = "an exception not derived from std::exception";
    }
    // The id lets an operator find this log line from the response the client reports.
    const std::string request_id = "r" + std::to_string(++failure_count_);
    log_line("faktura http: request " + request_id + " (" + request.method + " " + request.target +
             ") failed: " + failure);
    Response response;
    try {
        response = protocol_error_response(ProtocolError::handler_failed, request.target);
    } catch (const std::exception& error) {
        log_line("faktura http: protocol_error_response failed too: " + std::string{error.what()});
        response = plain_protocol_error_response(ProtocolError::handler_failed);
    }
    response.set_header("Request-Id", request_id);
    return response;
}

void ServerCore::run_io(net::io_context& context) {
    pthread_setname_np(pthread_self(), "faktura-io");  // For top -H and debuggers.
    // A thread entry point: an exception escaping a completion handler must not end the thread,
    // or every connection on this context would hang. The session that threw is dropped.
    for (;;) {
        try {
            context.run();
            return;
        } catch (const std::exception& error) {
            log_line("faktura http: io thread caught: " + std::string{error.what()});
        } catch (...) {
            log_line("faktura http: io thread caught an unknown exception");
        }
    }
}

void ServerCore::stop() {
    std::lock_guard stop_lock(stop_mutex_);
    bool was_running = false;
    {
        std::lock_guard lock(state_mutex_);
        if (stopped_) return;
        was_running = running_;
    }
    if (was_running) shut_down();
    {
        std::lock_guard lock(state_mutex_);
        stopped_ = true;
    }
    stopped_changed_.notify_all();
}

void ServerCore::shut_down() {
    std::vector<std::shared_ptr<Session>> sessions;
    {
        std::lock_guard lock(sessions_mutex_);
        stopping_.store(true, std::memory_order_release);
        sessions = live_sessions_locked();
    }
    // The acceptor belongs to loops_[0]'s thread; waiting here means no accept completes
    // after this point (so stop() must not be called from an io or worker thread).
    std::promise<void> acceptor_closed;
    net::post(loops_.front()->context, [this, &acceptor_closed] {
        beast::error_code ignored;
        acceptor_->close(ignored);
        accept_retry_timer_->cancel();
        acceptor_closed.set_value();
    });
    acceptor_closed.get_future().wait();
    for (std::shared_ptr<Session>& session : sessions) {
        const Executor executor = session->executor();
        net::post(executor, [session = std::move(session)] { session->close_if_idle(); });
    }
    sessions.clear();

    std::unique_lock lock(sessions_mutex_);
    if (!sessions_empty_.wait_for(lock, options_.drain_timeout,
                                  [this] { return sessions_.empty(); })) {
        sessions = live_sessions_locked();
        lock.unlock();
        log_line("faktura http: " + std::to_string(sessions.size()) +
                 " connections still busy after the drain timeout; closing them");
        for (std::shared_ptr<Session>& session : sessions) {
            const Executor executor = session->executor();
            net::post(executor, [session = std::move(session)] { session->close(); });
        }
        sessions.clear();
        lock.lock();
        // A session whose handler is still running goes away when the handler returns.
        sessions_empty_.wait(lock, [this] { return sessions_.empty(); });
    }
    lock.unlock();

    workers_->join();
    io_work_.clear();
    for (const auto& loop : loops_) loop->context.stop();
    for (std::thread& thread : io_threads_) thread.join();
}

void ServerCore::wait() {
    std::unique_lock lock(state_mutex_);
    stopped_changed_.wait(lock, [this] { return stopped_; });
}

}  // namespace

struct Server::Impl {
    Impl(ServerOptions options, Handler handler) : core(std::move(options), std::move(handler)) {}
    ServerCore core;
};

Server::Server(ServerOptions options, Handler handler)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(handler))) {}

Server::~Server() { impl_->core.stop(); }

void Server::start() { impl_->core.start(); }

std::uint16_t Server::port() const { return impl_->core.port(); }

void Server::stop() { impl_->core.stop(); }

void Server::wait() { impl_->core.wait(); }

}  // namespace faktura::http
