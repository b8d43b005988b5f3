// RunGuard's wall clock: it counts from the instant the command gives it (shared with the HTTP
// and MCP deadlines), and a host call that ran into --timeout can end the run as a timeout.
// Its timer trips the CPU limit and the timeout without starting a thread, and tells blocking
// host calls on the script's thread that the run has stopped.
#include "lib/lua/run_guard.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <lua.hpp>
#include <memory>
#include <thread>

#include "lib/common/stop_flag.h"
#include "test/unit/process_threads.h"

namespace kosmo::lua {
namespace {

using Clock = std::chrono::steady_clock;

struct LuaStateCloser {
  void operator()(lua_State* L) const { lua_close(L); }
};

class RunGuardTest : public ::testing::Test {
 protected:
  // Not started: no timer, so only the calls under test can trip the guard.
  std::unique_ptr<RunGuard> guard_started_ago(double seconds_ago, double wall_seconds) {
    Limits limits;
    limits.wall_seconds = wall_seconds;
    limits.wall_clock_start = Clock::now() - std::chrono::duration_cast<Clock::duration>(
                                                 std::chrono::duration<double>(seconds_ago));
    return std::make_unique<RunGuard>(state_.get(), limits, nullptr);
  }

  std::unique_ptr<lua_State, LuaStateCloser> state_{luaL_newstate()};
};

using kosmo::test::threads_in_process;

// Burns CPU on this thread (the guard's timer interrupts it) until the guard trips or 3 s pass.
void spin_until_tripped(const RunGuard& guard) {
  const auto until = Clock::now() + std::chrono::seconds(3);
  volatile unsigned sink = 0;
  while (guard.tripped() == LimitKind::kNone && Clock::now() < until) sink = sink + 1;
}

TEST_F(RunGuardTest, TheCpuLimitTripsFromTheTimerWithoutAThread) {
  Limits limits;
  limits.cpu_seconds = 0.05;
  RunGuard guard(state_.get(), limits, nullptr);
  const size_t before = threads_in_process();
  guard.start();
  EXPECT_EQ(threads_in_process(), before);
  EXPECT_FALSE(stop_requested_on_this_thread());
  spin_until_tripped(guard);
  EXPECT_EQ(guard.tripped(), LimitKind::kCpu);
  EXPECT_EQ(threads_in_process(), before);
  EXPECT_TRUE(stop_requested_on_this_thread());  // what an HTTP transfer or a back-off sees
  guard.stop();
  EXPECT_FALSE(stop_requested_on_this_thread());  // the next run on this thread is not stopped
}

TEST_F(RunGuardTest, TheTimeoutTripsWhileTheThreadSleeps) {
  Limits limits;
  limits.wall_seconds = 0.05;
  RunGuard guard(state_.get(), limits, nullptr);
  guard.start();
  const auto started = Clock::now();
  while (guard.tripped() == LimitKind::kNone && Clock::now() - started < std::chrono::seconds(3)) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  guard.stop();
  EXPECT_EQ(guard.tripped(), LimitKind::kTimeout);
  EXPECT_LT(std::chrono::duration<double>(Clock::now() - started).count(), 1.0);
}

TEST_F(RunGuardTest, AStoppedGuardTripsNothing) {
  Limits limits;
  limits.cpu_seconds = 0.02;
  RunGuard guard(state_.get(), limits, nullptr);
  guard.start();
  guard.stop();
  const auto until = Clock::now() + std::chrono::milliseconds(100);
  volatile unsigned sink = 0;
  while (Clock::now() < until) sink = sink + 1;
  EXPECT_EQ(guard.tripped(), LimitKind::kNone);
}

TEST_F(RunGuardTest, CountsFromTheGivenStartNotFromConstruction) {
  auto guard = guard_started_ago(4, 10);
  ASSERT_TRUE(guard->remaining_wall_seconds().has_value());
  EXPECT_GT(*guard->remaining_wall_seconds(), 5.5);
  EXPECT_LE(*guard->remaining_wall_seconds(), 6.0);
}

TEST_F(RunGuardTest, SpentWallTimeTripsTheTimeout) {
  auto guard = guard_started_ago(2, 1);
  EXPECT_EQ(*guard->remaining_wall_seconds(), 0.0);
  guard->trip_if_out_of_time();
  EXPECT_EQ(guard->tripped(), LimitKind::kTimeout);
  EXPECT_EQ(guard->message(), "Timed out after 1 s");
}

TEST_F(RunGuardTest, TimeLeftDoesNotTrip) {
  auto guard = guard_started_ago(0, 60);
  guard->trip_if_out_of_time();
  EXPECT_EQ(guard->tripped(), LimitKind::kNone);
}

TEST_F(RunGuardTest, NoTimeoutNeverTrips) {
  Limits limits;  // no --timeout
  RunGuard guard(state_.get(), limits, nullptr);
  EXPECT_FALSE(guard.remaining_wall_seconds().has_value());
  guard.trip_if_out_of_time();
  EXPECT_EQ(guard.tripped(), LimitKind::kNone);
}

TEST_F(RunGuardTest, AnEarlierLimitWins) {
  auto guard = guard_started_ago(2, 1);
  guard->trip(LimitKind::kMemory);
  guard->trip_if_out_of_time();
  EXPECT_EQ(guard->tripped(), LimitKind::kMemory);
}

TEST_F(RunGuardTest, ACancelFlagTripsAnInterruptionWithoutASignal) {
  std::atomic<bool> cancelled{false};
  Limits limits;
  limits.cancelled = &cancelled;
  RunGuard guard(state_.get(), limits, nullptr);
  EXPECT_FALSE(guard.trip_if_cancelled());
  cancelled = true;
  EXPECT_TRUE(guard.trip_if_cancelled());
  EXPECT_EQ(guard.tripped(), LimitKind::kInterrupted);
  EXPECT_EQ(guard.interrupt_signal(), 0);
  EXPECT_EQ(guard.message(), "Cancelled by the client");
}

TEST_F(RunGuardTest, TheTimerNoticesTheCancelFlagWithinItsPollInterval) {
  std::atomic<bool> cancelled{false};
  Limits limits;  // CPU budget of 30 s: only the flag can trip it within the test
  limits.cancelled = &cancelled;
  RunGuard guard(state_.get(), limits, nullptr);
  guard.start();
  cancelled = true;
  const auto set_at = Clock::now();
  while (guard.tripped() == LimitKind::kNone && Clock::now() - set_at < std::chrono::seconds(2)) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  const double waited = std::chrono::duration<double>(Clock::now() - set_at).count();
  guard.stop();
  EXPECT_EQ(guard.tripped(), LimitKind::kInterrupted);
  EXPECT_LT(waited, 0.5);
}

TEST_F(RunGuardTest, WithoutACancelFlagNothingIsCancelled) {
  Limits limits;
  RunGuard guard(state_.get(), limits, nullptr);
  EXPECT_FALSE(guard.trip_if_cancelled());
  EXPECT_EQ(guard.tripped(), LimitKind::kNone);
}

}  // namespace
}  // namespace kosmo::lua
