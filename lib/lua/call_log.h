#pragma once
// One entry per app.* call, reported in the envelope's `integration_calls` (§5.5).
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "lib/lua/dispatcher.h"

namespace kosmo::lua {

struct CallLogEntry {
  std::string path;  // "integrations.sinch.get_group"
  std::string function;
  std::string account;
  std::string operation;
  std::string status;  // "ok" | "error" | "dry_run"
  double duration_ms = 0;
  std::optional<int> http_status;
  int attempts = 0;
  std::optional<std::string> error;
};

// The log entry of one call that took `ms` milliseconds.
CallLogEntry make_call_log_entry(const CallRequest& request, const CallOutcome& outcome, double ms);

// Appended to by the bridge on the Lua thread; read by the envelope writer, and by the
// watchdog's last-resort envelope from another thread, hence the lock.
class CallLog {
 public:
  void append(CallLogEntry entry) {
    std::lock_guard lock(mutex_);
    entries_.push_back(std::move(entry));
  }
  std::vector<CallLogEntry> snapshot() const {
    std::lock_guard lock(mutex_);
    return entries_;
  }

 private:
  mutable std::mutex mutex_;
  std::vector<CallLogEntry> entries_;
};

}  // namespace kosmo::lua
