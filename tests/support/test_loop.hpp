// The io thread of a test that runs fibers: a queue of tasks that run_until() works off on the
// calling thread. Timers are recorded and fire at once; blocking work gets a thread of its own.
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>
#include <vector>

#include "runtime/fiber.hpp"

namespace faktura::support {

class TestLoop final : public runtime::Executor {
  public:
    ~TestLoop() override {
        for (std::thread& thread : blocking_threads_) thread.join();
    }

    void post(runtime::Task task) override {
        const std::lock_guard lock(mutex_);
        tasks_.push_back(task);
        changed_.notify_all();
    }
    void post_after(std::chrono::nanoseconds delay, runtime::Task task) override {
        {
            const std::lock_guard lock(mutex_);
            delays_.push_back(delay);
        }
        post(task);
    }
    void post_blocking(runtime::Task task) override {
        const std::lock_guard lock(mutex_);
        blocking_threads_.emplace_back([task] { task(); });
    }

    // Runs posted tasks on this thread until `done` holds (checked between tasks), for at most
    // five seconds.
    template <typename Done>
    bool run_until(Done done) {
        const auto limit = std::chrono::steady_clock::now() + std::chrono::seconds{5};
        for (;;) {
            if (done()) return true;
            runtime::Task task;
            {
                std::unique_lock lock(mutex_);
                if (!changed_.wait_until(lock, limit, [&] { return !tasks_.empty(); })) {
                    return false;
                }
                task = tasks_.front();
                tasks_.pop_front();
            }
            task();
        }
    }

    std::vector<std::chrono::nanoseconds> delays() {
        const std::lock_guard lock(mutex_);
        return delays_;
    }

  private:
    std::mutex mutex_;
    std::condition_variable changed_;
    std::deque<runtime::Task> tasks_;
    std::vector<std::chrono::nanoseconds> delays_;
    std::vector<std::thread> blocking_threads_;
};

}  // namespace faktura::support
