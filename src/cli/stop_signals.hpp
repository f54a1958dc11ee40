// How long-running subcommands (serve, dispatch-callbacks) end: SIGINT and SIGTERM are blocked
// before any thread starts and taken by one waiting thread; a closed stdout must not kill a process
// with work in flight, so SIGPIPE is ignored.
#pragma once

#include <pthread.h>

#include <csignal>
#include <cstdio>
#include <string>

namespace faktura::cli {

class StopSignals {
  public:
    // Construct before starting any thread, so that every thread inherits the mask.
    StopSignals() {
        sigemptyset(&signals_);
        sigaddset(&signals_, SIGINT);
        sigaddset(&signals_, SIGTERM);
        pthread_sigmask(SIG_BLOCK, &signals_, nullptr);
        std::signal(SIGPIPE, SIG_IGN);
    }

    // Waits for SIGINT or SIGTERM and reports it with what happens next ("finishing requests in
    // flight").
    void wait(const std::string& next) {
        int signal_number = 0;
        sigwait(&signals_, &signal_number);
        std::printf("faktura: %s received, %s\n", signal_number == SIGINT ? "SIGINT" : "SIGTERM",
                    next.c_str());
        std::fflush(stdout);
    }

  private:
    sigset_t signals_;
};

}  // namespace faktura::cli
