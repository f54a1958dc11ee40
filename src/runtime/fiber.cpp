// Fibers over Boost.Context (fcontext): a stack per fiber from a per-thread pool, the switch in and
// out, and the three ways a fiber waits (an Event, a timer, blocking work on the pool). Under
// AddressSanitizer every switch is announced to it, so it knows which stack is live.
#include "runtime/fiber.hpp"

#include <boost/context/fiber.hpp>
#include <boost/context/protected_fixedsize_stack.hpp>
#include <cstdio>
#include <thread>
#include <utility>
#include <vector>

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/asan_interface.h>
#include <sanitizer/common_interface_defs.h>
#define FAKTURA_ASAN_FIBERS 1
#endif

namespace faktura::runtime {

namespace context = boost::context;

namespace {

void start_switch([[maybe_unused]] void** fake_stack, [[maybe_unused]] const void* bottom,
                  [[maybe_unused]] std::size_t size) {
#if FAKTURA_ASAN_FIBERS
    __sanitizer_start_switch_fiber(fake_stack, bottom, size);
#endif
}

// A stack back from a finished fiber still carries the poison of the frames that never returned
// (the fiber left them by a switch): clean it before the next fiber's frames land there, and before
// it is unmapped (a font file mapped there next would read as a stack's redzone).
void forget_frames([[maybe_unused]] const context::stack_context& stack) {
#if FAKTURA_ASAN_FIBERS
    ASAN_UNPOISON_MEMORY_REGION(static_cast<char*>(stack.sp) - stack.size, stack.size);
#endif
}

void finish_switch([[maybe_unused]] void* fake_stack, [[maybe_unused]] const void** bottom_old,
                   [[maybe_unused]] std::size_t* size_old) {
#if FAKTURA_ASAN_FIBERS
    __sanitizer_finish_switch_fiber(fake_stack, bottom_old, size_old);
#endif
}

}  // namespace

struct Scheduler::StackPool {
    StackPool(std::size_t stack_bytes, std::size_t kept) : allocator(stack_bytes), kept_max(kept) {}
    ~StackPool() {
        for (context::stack_context& stack : idle) release(stack);
    }

    // Unmaps the stack, clean: whatever is mapped there next must not inherit its poison.
    void release(context::stack_context& stack) {
        forget_frames(stack);
        allocator.deallocate(stack);
    }

    context::protected_fixedsize_stack allocator;
    std::size_t kept_max;
    std::vector<context::stack_context> idle;
};

namespace {

// The stack allocator a fiber carries: takes from and gives back to its scheduler's pool.
struct PooledStack {
    Scheduler::StackPool* pool;

    context::stack_context allocate() {
        context::stack_context stack;
        if (pool->idle.empty()) {
            stack = pool->allocator.allocate();
        } else {
            stack = pool->idle.back();
            pool->idle.pop_back();
        }
        forget_frames(stack);
        return stack;
    }
    void deallocate(context::stack_context& stack) noexcept {
        if (pool->idle.size() < pool->kept_max) {
            pool->idle.push_back(stack);  // Reserved up front: see Scheduler's constructor.
        } else {
            pool->release(stack);
        }
    }
};

thread_local Fiber* current_fiber = nullptr;

}  // namespace

class Fiber {
  public:
    Fiber(Scheduler& scheduler, std::function<void()> body)
        : scheduler_(scheduler), body_(std::move(body)) {}

    // In the fiber: switches back to the scheduler, which then calls `after(this, argument)`
    // (off this stack, so whatever it starts may resume the fiber at once). `after` returns true to
    // have the fiber resumed right away. Returns when the fiber is resumed.
    void suspend(bool (*after)(Fiber*, void*), void* argument) {
        after_switch_ = after;
        after_argument_ = argument;
        start_switch(&fake_stack_, thread_stack_bottom_, thread_stack_size_);
        back_ = std::move(back_).resume();
        finish_switch(fake_stack_, &thread_stack_bottom_, &thread_stack_size_);
    }

    // From any thread: has the scheduler resume this fiber on its own thread.
    void resume_later() {
        scheduler_.executor_.post(
            Task{[](void* self) { static_cast<Fiber*>(self)->resume_here(); }, this});
    }

    // On the scheduler's thread, outside every fiber: runs this fiber until it waits or ends.
    void resume_here() { scheduler_.resume(this); }
    Executor& executor() { return scheduler_.executor_; }

  private:
    friend class Scheduler;

    Scheduler& scheduler_;
    std::function<void()> body_;
    context::fiber context_;  // The suspended fiber, while the scheduler holds it.
    context::fiber back_;     // In the fiber: the way back to the scheduler.
    bool (*after_switch_)(Fiber*, void*) = nullptr;
    void* after_argument_ = nullptr;
    // For AddressSanitizer: this fiber's stack and the thread stack it switches back to.
    const void* stack_bottom_ = nullptr;
    std::size_t stack_size_ = 0;
    const void* thread_stack_bottom_ = nullptr;
    std::size_t thread_stack_size_ = 0;
    void* fake_stack_ = nullptr;

  public:
    void* local_slot = nullptr;  // fiber_local_slot().
};

Scheduler::Scheduler(Executor& executor, std::size_t stack_bytes, std::size_t stacks_kept)
    : executor_(executor), stacks_(std::make_unique<StackPool>(stack_bytes, stacks_kept)) {
    // Giving a stack back must not allocate (it runs while a fiber ends).
    stacks_->idle.reserve(stacks_kept);
}

Scheduler::~Scheduler() {
    if (alive_ != 0) {
        std::fprintf(stderr, "faktura runtime: %zu fibers still alive at the scheduler's end\n",
                     alive_);
        std::terminate();  // Their stacks would be freed under them.
    }
}

void Scheduler::spawn(std::function<void()> body) {
    auto* fiber = new Fiber(*this, std::move(body));
    ++alive_;
    PooledStack allocator{stacks_.get()};
    context::stack_context stack = allocator.allocate();
    fiber->stack_bottom_ = static_cast<const char*>(stack.sp) - stack.size;
    fiber->stack_size_ = stack.size;
    fiber->context_ = context::fiber(
        std::allocator_arg, context::preallocated(stack.sp, stack.size, stack), allocator,
        [fiber](context::fiber&& back) -> context::fiber {
            fiber->back_ = std::move(back);
            finish_switch(nullptr, &fiber->thread_stack_bottom_, &fiber->thread_stack_size_);
            try {
                fiber->body_();
            } catch (...) {
                std::fprintf(stderr, "faktura runtime: an exception escaped a fiber\n");
                std::terminate();
            }
            fiber->body_ = nullptr;  // Its captures end here, on this stack.
            // nullptr: this fiber's stack ends; AddressSanitizer forgets it.
            start_switch(nullptr, fiber->thread_stack_bottom_, fiber->thread_stack_size_);
            return std::move(fiber->back_);
        });
    resume(fiber);
}

void Scheduler::resume(Fiber* fiber) {
    for (;;) {
        Fiber* const outer = current_fiber;
        current_fiber = fiber;
        void* fake_stack = nullptr;
        start_switch(&fake_stack, fiber->stack_bottom_, fiber->stack_size_);
        fiber->context_ = std::move(fiber->context_).resume();
        finish_switch(fake_stack, nullptr, nullptr);
        current_fiber = outer;
        if (!fiber->context_) {  // The body returned.
            delete fiber;
            --alive_;
            return;
        }
        bool (*after)(Fiber*, void*) = std::exchange(fiber->after_switch_, nullptr);
        if (after == nullptr || !after(fiber, fiber->after_argument_)) return;
    }
}

void Event::wait() {
    Fiber* const fiber = current_fiber;
    if (fiber == nullptr) {
        // Announce the waiting thread, unless notify() came first.
        int expected = empty;
        if (!state_.compare_exchange_strong(expected, thread_waiting, std::memory_order_acq_rel)) {
            return;
        }
        thread_done_.acquire();
        return;
    }
    if (state_.load(std::memory_order_acquire) == notified) return;
    fiber_ = fiber;  // Published by the exchange below, before notify() can read it.
    fiber->suspend(
        [](Fiber*, void* self) {
            auto* event = static_cast<Event*>(self);
            int expected = empty;
            // False: notified in the meantime, so resume at once.
            return !event->state_.compare_exchange_strong(expected, fiber_waiting,
                                                          std::memory_order_acq_rel);
        },
        this);
}

void Event::notify() {
    // After the exchange the waiter may go on and destroy the Event, so what notify() touches
    // afterwards depends on what the exchange found. empty: nobody waits yet; whoever comes sees
    // `notified` and does not wait; touch nothing. fiber_waiting: the fiber is suspended until
    // resumed, so the Event lives and fiber_ (written before that state) may be read now. Reading
    // it before the exchange raced a fiber just arriving. thread_waiting: the thread sleeps on the
    // semaphore until this release.
    switch (state_.exchange(notified, std::memory_order_acq_rel)) {
        case fiber_waiting:
            fiber_->resume_later();
            return;
        case thread_waiting:
            thread_done_.release();
            return;
        default:
            return;
    }
}

bool in_fiber() { return current_fiber != nullptr; }

void*& fiber_local_slot() {
    thread_local void* thread_slot = nullptr;
    Fiber* const fiber = current_fiber;
    return fiber != nullptr ? fiber->local_slot : thread_slot;
}

void sleep_for(std::chrono::nanoseconds delay) {
    Fiber* const fiber = current_fiber;
    if (fiber == nullptr) {
        std::this_thread::sleep_for(delay);
        return;
    }
    fiber->suspend(
        [](Fiber* self, void* argument) {
            self->executor().post_after(
                *static_cast<std::chrono::nanoseconds*>(argument),
                Task{[](void* waiting) { static_cast<Fiber*>(waiting)->resume_here(); }, self});
            return false;
        },
        &delay);
}

void run_blocking(const std::function<void()>& work) {
    Fiber* const fiber = current_fiber;
    if (fiber == nullptr) {
        work();
        return;
    }
    struct Job {
        const std::function<void()>* work;
        std::exception_ptr error;
        Fiber* fiber;
    } job{&work, nullptr, fiber};
    fiber->suspend(
        [](Fiber* self, void* argument) {
            self->executor().post_blocking(Task{[](void* pending) {
                                                    auto* blocked = static_cast<Job*>(pending);
                                                    try {
                                                        (*blocked->work)();
                                                    } catch (...) {
                                                        blocked->error = std::current_exception();
                                                    }
                                                    blocked->fiber->resume_later();
                                                },
                                                argument});
            return false;
        },
        &job);
    if (job.error) std::rethrow_exception(job.error);
}

}  // namespace faktura::runtime
