// SignalWatch without a thread: SIGINT/SIGTERM run the subscribed action inside the handler, a
// signal that came before the subscription is not lost, and the previous handlers come back.
#include "lib/cli/signal_watch.h"

#include <gtest/gtest.h>
#include <signal.h>

#include <atomic>

#include "test/unit/process_threads.h"

namespace kosmo::cli {
namespace {

using kosmo::test::threads_in_process;

void (*current_handler(int signal))(int) {
  struct sigaction current {};
  sigaction(signal, nullptr, &current);
  return current.sa_handler;
}

TEST(SignalWatchTest, TheActionRunsInTheHandlerAndNoThreadIsStarted) {
  const size_t before = threads_in_process();
  std::atomic<int> received{0};
  {
    SignalWatch watch;
    EXPECT_EQ(threads_in_process(), before);
    SignalWatch::Subscription subscription =
        watch.subscribe([&received](int signal) { received.store(signal); });
    raise(SIGTERM);  // delivered to this thread before raise returns
    EXPECT_EQ(received.load(), SIGTERM);
    EXPECT_EQ(threads_in_process(), before);
  }
  EXPECT_EQ(threads_in_process(), before);
}

TEST(SignalWatchTest, OnlyTheFirstSignalRunsTheAction) {
  std::atomic<int> runs{0};
  SignalWatch watch;
  SignalWatch::Subscription subscription = watch.subscribe([&runs](int) { runs.fetch_add(1); });
  raise(SIGINT);
  raise(SIGTERM);  // the second signal only hurries the MCP servers along (SIGKILL)
  EXPECT_EQ(runs.load(), 1);
}

TEST(SignalWatchTest, ASignalBeforeTheSubscriptionRunsTheActionAtOnce) {
  SignalWatch watch;
  raise(SIGINT);
  std::atomic<int> received{0};
  SignalWatch::Subscription subscription =
      watch.subscribe([&received](int signal) { received.store(signal); });
  EXPECT_EQ(received.load(), SIGINT);
}

TEST(SignalWatchTest, AnEndedSubscriptionIsNotCalled) {
  std::atomic<int> received{0};
  SignalWatch watch;
  {
    SignalWatch::Subscription gone = watch.subscribe([&received](int s) { received.store(s); });
  }
  raise(SIGTERM);
  EXPECT_EQ(received.load(), 0);
}

TEST(SignalWatchTest, ThePreviousHandlersComeBack) {
  const auto before_int = current_handler(SIGINT);
  const auto before_term = current_handler(SIGTERM);
  {
    SignalWatch watch;
    EXPECT_NE(current_handler(SIGTERM), before_term);
  }
  EXPECT_EQ(current_handler(SIGINT), before_int);
  EXPECT_EQ(current_handler(SIGTERM), before_term);
}

}  // namespace
}  // namespace kosmo::cli
