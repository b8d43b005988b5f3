#pragma once
// Watches a run as it happens, for live progress (lib/cli/live_progress.h): each line print()
// or dump() adds to the output, and each app.* call as it starts and ends. Called on the Lua
// thread, in the middle of the script: implementations must be quick and must not throw.
#include <string>
#include <string_view>

namespace kosmo::lua {

struct CallLogView;

class RunObserver {
 public:
  virtual ~RunObserver() = default;
  // A line the output kept (one that passed the output cap).
  virtual void printed(std::string_view line) = 0;
  // `path` is the call's path after `app` ("integrations.sinch.list_groups").
  virtual void call_started(const std::string& path) = 0;
  virtual void call_finished(const std::string& path) = 0;
  // The call's entry in the run's call log, right after it was appended (calls the log leaves
  // out, such as mcp.servers(), are not reported): its status, HTTP status and duration.
  virtual void call_logged(const CallLogView& /*call*/) {}
};

}  // namespace kosmo::lua
