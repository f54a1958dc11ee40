#include "runtime/fiber.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "support/test_loop.hpp"

namespace faktura::runtime {
namespace {

using std::chrono::milliseconds;
using support::TestLoop;

constexpr std::size_t stack_bytes = 256 * 1024;

TEST(Fiber, OutsideAFiberAnEventBlocksTheThreadUntilNotified) {
    EXPECT_FALSE(in_fiber());
    Event event;
    std::atomic<bool> notified{false};
    std::thread notifier([&] {
        std::this_thread::sleep_for(milliseconds{20});
        notified = true;
        event.notify();
    });
    event.wait();
    EXPECT_TRUE(notified.load());
    notifier.join();
}

TEST(Fiber, AnEventNotifiedBeforeTheWaitDoesNotWait) {
    Event outside;
    outside.notify();
    outside.wait();  // Returns at once.

    TestLoop loop;
    Scheduler scheduler(loop, stack_bytes);
    bool finished = false;
    scheduler.spawn([&] {
        Event event;
        event.notify();
        event.wait();
        finished = true;
    });
    EXPECT_TRUE(finished);  // Never suspended: spawn returned after the whole body.
    EXPECT_EQ(scheduler.fibers_alive(), 0u);
}

TEST(Fiber, AWaitingFiberLetsTheThreadRunOthersAndResumesOnItsOwnThread) {
    TestLoop loop;
    Scheduler scheduler(loop, stack_bytes);
    Event first_event;
    std::vector<std::string> order;
    std::thread::id resumed_on;
    scheduler.spawn([&] {
        EXPECT_TRUE(in_fiber());
        order.push_back("first waits");
        first_event.wait();
        resumed_on = std::this_thread::get_id();
        order.push_back("first resumed");
    });
    // The first fiber waits; spawn returned, and this thread runs a second one meanwhile.
    EXPECT_EQ(scheduler.fibers_alive(), 1u);
    scheduler.spawn([&] { order.push_back("second ran"); });
    EXPECT_FALSE(in_fiber());

    std::thread notifier([&] { first_event.notify(); });
    ASSERT_TRUE(loop.run_until([&] { return scheduler.fibers_alive() == 0; }));
    notifier.join();
    EXPECT_EQ(order, (std::vector<std::string>{"first waits", "second ran", "first resumed"}));
    EXPECT_EQ(resumed_on, std::this_thread::get_id());
}

TEST(Fiber, ManyFibersWaitAtOnceAndAllFinish) {
    TestLoop loop;
    Scheduler scheduler(loop, stack_bytes, 8);
    constexpr int fiber_count = 2000;
    std::vector<Event> events(fiber_count);
    int finished = 0;
    for (int i = 0; i < fiber_count; ++i) {
        scheduler.spawn([&, i] {
            events[static_cast<std::size_t>(i)].wait();
            ++finished;
        });
    }
    EXPECT_EQ(scheduler.fibers_alive(), static_cast<std::size_t>(fiber_count));
    // Notified from another thread in reverse order, as a group commit's batch might finish.
    std::thread notifier([&] {
        for (int i = fiber_count - 1; i >= 0; --i) events[static_cast<std::size_t>(i)].notify();
    });
    ASSERT_TRUE(loop.run_until([&] { return scheduler.fibers_alive() == 0; }));
    notifier.join();
    EXPECT_EQ(finished, fiber_count);
}

// A notify() racing its waiter's arrival, again and again, each Event destroyed the moment its
// wait returns (a request's job on its fiber's stack): notify() touches nothing of the Event once
// the waiter may go on. The notifier spins on the hand-over, so it notifies while the fiber is
// between handing its Event over and suspending — where notify() once read the waiting fiber
// before the fiber had written it, and resumed nothing (a crash under load).
TEST(Fiber, AnEventNotifiedWhileItsWaiterArrivesMayBeDestroyedAtOnce) {
    TestLoop loop;
    Scheduler scheduler(loop, stack_bytes);
    constexpr int rounds = 20000;
    std::atomic<Event*> handed_over{nullptr};
    std::atomic<bool> finished{false};
    std::thread notifier([&] {
        while (!finished.load()) {
            if (Event* event = handed_over.exchange(nullptr)) event->notify();
        }
    });
    // A thread outside any fiber first, then a fiber.
    int thread_waits = 0;
    for (int i = 0; i < rounds / 4; ++i) {
        Event event;
        handed_over.store(&event);
        event.wait();
        ++thread_waits;
    }
    int waits = 0;
    scheduler.spawn([&] {
        for (int i = 0; i < rounds; ++i) {
            Event event;
            handed_over.store(&event);
            event.wait();
            ++waits;
        }
    });
    const bool done = loop.run_until([&] { return scheduler.fibers_alive() == 0; });
    finished = true;
    notifier.join();
    ASSERT_TRUE(done);
    EXPECT_EQ(waits, rounds);
    EXPECT_EQ(thread_waits, rounds / 4);
}

// Each fiber has its own slot, kept across its waits while other fibers of the thread set theirs;
// the thread outside any fiber has one of its own.
TEST(Fiber, EachFiberKeepsItsOwnLocalSlotAcrossWaits) {
    TestLoop loop;
    Scheduler scheduler(loop, stack_bytes);
    int thread_value = 0;
    fiber_local_slot() = &thread_value;
    constexpr int fiber_count = 3;
    std::vector<Event> events(fiber_count);
    std::vector<int> values(fiber_count);
    int kept = 0;
    for (int i = 0; i < fiber_count; ++i) {
        scheduler.spawn([&, i] {
            EXPECT_EQ(fiber_local_slot(), nullptr) << "a new fiber starts with an empty slot";
            fiber_local_slot() = &values[static_cast<std::size_t>(i)];
            events[static_cast<std::size_t>(i)].wait();
            if (fiber_local_slot() == &values[static_cast<std::size_t>(i)]) ++kept;
        });
        EXPECT_EQ(fiber_local_slot(), &thread_value);
    }
    std::thread notifier([&] {
        for (Event& event : events) event.notify();
    });
    ASSERT_TRUE(loop.run_until([&] { return scheduler.fibers_alive() == 0; }));
    notifier.join();
    EXPECT_EQ(kept, fiber_count);
    EXPECT_EQ(fiber_local_slot(), &thread_value);
    fiber_local_slot() = nullptr;
}

TEST(Fiber, SleepInAFiberIsATimerOnTheLoop) {
    TestLoop loop;
    Scheduler scheduler(loop, stack_bytes);
    bool woke = false;
    scheduler.spawn([&] {
        sleep_for(milliseconds{1500});
        woke = true;
    });
    EXPECT_FALSE(woke);
    ASSERT_TRUE(loop.run_until([&] { return woke; }));
    ASSERT_EQ(loop.delays().size(), 1u);
    EXPECT_EQ(loop.delays()[0], milliseconds{1500});

    // Outside a fiber it sleeps the thread.
    const auto before = std::chrono::steady_clock::now();
    sleep_for(milliseconds{10});
    EXPECT_GE(std::chrono::steady_clock::now() - before, milliseconds{10});
}

TEST(Fiber, BlockingWorkRunsOnAnotherThreadAndItsResultOrExceptionComesBack) {
    TestLoop loop;
    Scheduler scheduler(loop, stack_bytes);
    std::thread::id worked_on;
    std::thread::id fiber_thread;
    int value = 0;
    std::string caught;
    bool done = false;
    scheduler.spawn([&] {
        fiber_thread = std::this_thread::get_id();
        value = blocking([&] {
            worked_on = std::this_thread::get_id();
            EXPECT_FALSE(in_fiber());
            std::this_thread::sleep_for(milliseconds{10});
            return 42;
        });
        try {
            run_blocking([] { throw std::runtime_error("the credit provider failed"); });
        } catch (const std::runtime_error& error) {
            caught = error.what();
        }
        done = true;
    });
    ASSERT_TRUE(loop.run_until([&] { return done; }));
    EXPECT_EQ(value, 42);
    EXPECT_NE(worked_on, fiber_thread);
    EXPECT_EQ(caught, "the credit provider failed");

    // Outside a fiber the work runs right here.
    EXPECT_EQ(blocking([] { return std::this_thread::get_id(); }), std::this_thread::get_id());
}

// Deep enough to need most of a 256 KiB stack, which must be there and be reused intact.
std::size_t recurse(std::size_t depth) {
    volatile char frame[1024];
    frame[0] = static_cast<char>(depth);
    if (depth == 0) return static_cast<std::size_t>(frame[0]);
    return recurse(depth - 1) + static_cast<std::size_t>(frame[0] != 0);
}

TEST(Fiber, AFiberHasItsWholeStackAndStacksAreReused) {
    TestLoop loop;
    Scheduler scheduler(loop, stack_bytes, 2);
    for (int round = 0; round < 5; ++round) {
        std::size_t result = 0;
        scheduler.spawn([&] { result = recurse(150); });
        EXPECT_EQ(result, 150u);
    }
    EXPECT_EQ(scheduler.fibers_alive(), 0u);
}

// What a request in a fiber does most: waits for a group commit whose writer thread notifies many
// waiters at once, with exceptions thrown and caught on the fiber's stack in between.
TEST(Fiber, ExceptionsInsideAFiberStayInIt) {
    TestLoop loop;
    Scheduler scheduler(loop, stack_bytes);
    Event event;
    std::string caught;
    scheduler.spawn([&] {
        try {
            event.wait();
            throw std::invalid_argument("payeeReference");
        } catch (const std::invalid_argument& error) {
            caught = error.what();
        }
    });
    std::thread notifier([&] { event.notify(); });
    ASSERT_TRUE(loop.run_until([&] { return scheduler.fibers_alive() == 0; }));
    notifier.join();
    EXPECT_EQ(caught, "payeeReference");
}

}  // namespace
}  // namespace faktura::runtime
