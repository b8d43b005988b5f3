#pragma once
// For unit tests that run the fake MCP server (kosmo_fake_mcp): where the binary is, and the
// checks that no server process outlives a test. Header-only; included by test/unit/mcp_*.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <string>
#include <thread>

namespace kosmo::test {

// The fake server's path from KOSMO_FAKE_MCP (set by CTest), or "" when unset.
inline std::string fake_mcp_path() {
  const char* path = std::getenv("KOSMO_FAKE_MCP");
  return path != nullptr ? path : "";
}

// Skips the current test, loudly, when the fake server is not available. A macro because
// GTEST_SKIP returns from the function it is written in.
#define KOSMO_REQUIRE_FAKE_MCP(path_variable)                                                \
  do {                                                                                       \
    path_variable = ::kosmo::test::fake_mcp_path();                                          \
    if (path_variable.empty()) {                                                             \
      std::cerr << "*** SKIPPED: KOSMO_FAKE_MCP is not set; MCP process tests did not run. " \
                   "Build kosmo_fake_mcp and export KOSMO_FAKE_MCP=<path>. ***\n";           \
      GTEST_SKIP() << "KOSMO_FAKE_MCP is not set: the fake MCP server tests did not run";    \
    }                                                                                        \
  } while (false)

// Whether the test process has no child at all, reaped or not (a zombie is reaped and reported).
inline ::testing::AssertionResult no_child_processes() {
  int status = 0;
  pid_t pid = waitpid(-1, &status, WNOHANG);
  if (pid == -1 && errno == ECHILD) return ::testing::AssertionSuccess();
  if (pid == 0) return ::testing::AssertionFailure() << "a child process is still running";
  return ::testing::AssertionFailure() << "child " << pid << " was left unreaped";
}

// Whether process group `group` has no member left, waiting up to `timeout` (killed members of
// a group are reaped by init, asynchronously).
inline ::testing::AssertionResult process_group_gone(
    pid_t group, std::chrono::milliseconds timeout = std::chrono::milliseconds(2000)) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (kill(-group, 0) == 0 || errno != ESRCH) {
    if (std::chrono::steady_clock::now() > deadline) {
      return ::testing::AssertionFailure() << "process group " << group << " still exists";
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return ::testing::AssertionSuccess();
}

}  // namespace kosmo::test
