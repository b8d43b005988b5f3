#pragma once
// The realtime signals kosmo's timers send, in one place so that no two owners pick the same
// one. SIGRTMIN already skips the ones glibc keeps for itself; nothing else in the process
// (libcurl with CURLOPT_NOSIGNAL, Lua, spdlog) sends a realtime signal.
#include <signal.h>

namespace kosmo {

// lua::RunGuard's budget and re-arm timer, sent to the thread that runs the script.
inline int run_guard_signal() { return SIGRTMIN + 2; }
// cli::SignalWatch's SIGKILL follow-up for MCP server groups, to any thread.
inline int server_kill_signal() { return SIGRTMIN + 3; }

}  // namespace kosmo
