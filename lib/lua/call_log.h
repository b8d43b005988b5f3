#pragma once
// One entry per app.* call, reported in the envelope's `integration_calls` (§5.5).
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
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
//
// A long workflow logs the same path, function, account, operation and status thousands of
// times, and the log must hold every call until the envelope is written. So each distinct text
// is stored once and a record holds indices: about 48 bytes per call instead of ~300, which
// keeps a 10,000-call run's memory flat (test/e2e/load_test.cpp checks it).
class CallLog {
 public:
  void append(const CallLogEntry& entry);
  std::vector<CallLogEntry> snapshot() const;
  size_t size() const;

 private:
  using TextId = uint32_t;
  static constexpr TextId kNoText = UINT32_MAX;

  struct Record {
    TextId path, function, account, operation, status, error;
    int attempts;
    std::optional<int> http_status;
    double duration_ms;
  };

  TextId intern(const std::string& text);
  const std::string& text(TextId id) const { return texts_[id]; }

  mutable std::mutex mutex_;
  std::vector<Record> records_;
  std::deque<std::string> texts_;  // a deque never moves its elements: index_ views them
  std::unordered_map<std::string_view, TextId> index_;
};

}  // namespace kosmo::lua
