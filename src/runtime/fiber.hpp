// How code waits without knowing where it runs. The HTTP server runs every handler as a fiber on
// the io thread that parsed its request: there a wait suspends only the fiber, and the thread
// serves other connections until the fiber is resumed, on the same thread. On any other thread (the
// CLI, the callback dispatcher, tests) the same calls block the thread. So the store's group
// commit, a slow credit provider and the slow-answer trigger cost an io thread nothing while they
// wait. docs/decisions/0019-event-driven-request-path.md.
//
// Knows no project folder and no IO library; Boost.Context stays in fiber.cpp.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <semaphore>
#include <type_traits>
#include <utility>

namespace faktura::runtime {

class Fiber;

// A task handed to another thread: a function and its argument, no allocation.
struct Task {
    void (*run)(void* argument) = nullptr;
    void* argument = nullptr;

    void operator()() const { run(argument); }
};

// Where a Scheduler's fibers are resumed and their blocking work runs; implemented by the server
// over its io_context and worker pool. Every method may be called from any thread.
class Executor {
  public:
    virtual ~Executor() = default;
    // Runs `task` on the scheduler's own thread, soon.
    virtual void post(Task task) = 0;
    // Runs `task` on the scheduler's own thread once `delay` has passed.
    virtual void post_after(std::chrono::nanoseconds delay, Task task) = 0;
    // Runs `task` on a thread that may block (a small pool of its own).
    virtual void post_blocking(Task task) = 0;
};

// Runs fibers on one thread: the thread that calls spawn() and drives the Executor's post. Not
// thread-safe; each io thread has its own. Must outlive its fibers (the server destroys it only
// once every request has ended).
class Scheduler {
  public:
    // `stack_bytes`: each fiber's stack (guarded by a page that faults on overflow). Stacks are
    // kept for reuse, up to `stacks_kept`.
    Scheduler(Executor& executor, std::size_t stack_bytes, std::size_t stacks_kept = 64);
    ~Scheduler();
    Scheduler(const Scheduler&) = delete;
    Scheduler& operator=(const Scheduler&) = delete;

    // Starts `body` as a fiber on this thread; returns when it has finished or first waits.
    // `body` must not throw (an exception escaping it ends the process).
    void spawn(std::function<void()> body);

    // Fibers started and not yet finished.
    std::size_t fibers_alive() const { return alive_; }

  private:
    friend class Fiber;
    void resume(Fiber* fiber);  // On this thread only.

  public:
    struct StackPool;  // Defined in fiber.cpp.

  private:
    Executor& executor_;
    std::unique_ptr<StackPool> stacks_;
    std::size_t alive_ = 0;
};

// A one-shot signal between one waiter and one notifier, on any threads, in either order.
class Event {
  public:
    Event() = default;
    Event(const Event&) = delete;
    Event& operator=(const Event&) = delete;

    // Returns once notify() has been called (at once if it was already).
    void wait();
    // Lets the waiter go on. The waiter may destroy the Event as soon as this is called: the
    // notifier touches it no more afterwards.
    void notify();

  private:
    friend class Fiber;
    enum State : int { empty, fiber_waiting, thread_waiting, notified };
    std::atomic<int> state_{empty};
    Fiber* fiber_ = nullptr;                // The waiting fiber, set before fiber_waiting.
    std::binary_semaphore thread_done_{0};  // A waiting thread's wait.
};

// Whether the calling code runs in a fiber (and so must not block its thread).
bool in_fiber();

// One pointer of state per fiber (per thread outside fibers): kept across the fiber's waits and
// unseen by the other fibers of its thread. Whoever sets it restores what it found.
// (storage::DeferredDurability keeps its scope here.)
void*& fiber_local_slot();

// Waits `delay`: a timer in a fiber, std::this_thread::sleep_for elsewhere.
void sleep_for(std::chrono::nanoseconds delay);

// Runs `work`, which may block (a network call, a long computation), and returns what it returns
// or rethrows what it throws. In a fiber it runs on the Executor's blocking pool while the fiber
// waits; elsewhere it runs right here.
void run_blocking(const std::function<void()>& work);

template <typename Work>
auto blocking(Work&& work) -> decltype(work()) {
    using Value = decltype(work());
    if constexpr (std::is_void_v<Value>) {
        run_blocking(std::function<void()>(std::forward<Work>(work)));
    } else {
        std::optional<Value> value;
        run_blocking([&] { value.emplace(work()); });
        return std::move(*value);
    }
}

}  // namespace faktura::runtime
