#pragma once
// One entry per app.* call, reported in the envelope's `integration_calls` (§5.5).
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "lib/lua/dispatcher.h"

namespace kosmo::lua {

class LimitedAllocator;

struct CallLogEntry;

// One logged call as the log holds it: views into its texts, valid while the log is.
struct CallLogView {
  std::string_view path;
  std::string_view function;
  std::string_view account;
  std::string_view operation;
  std::string_view status;
  double duration_ms = 0;
  std::optional<int> http_status;
  int attempts = 0;
  std::optional<std::string_view> error;
};

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

  CallLogView view() const;
};

// The log entry of one call that took `ms` milliseconds, as views: into `outcome`, into static
// texts, and into `path`, which receives the call's joined path.
CallLogView make_call_log_view(const CallRequest& request, const CallOutcome& outcome, double ms,
                               std::string& path);
// The same entry with texts of its own.
CallLogEntry make_call_log_entry(const CallRequest& request, const CallOutcome& outcome, double ms);

// Appended to by the bridge, read by the envelope writer, on the sandbox's thread (the last
// resort writes no calls); the uncontended lock keeps it safe to read from another thread.
//
// A long workflow logs the same path, function, account, operation and status thousands of
// times, and the log must hold every call until the envelope is written. So each distinct text
// is stored once and a record holds indices: 40 bytes per call instead of ~300. Records live in
// fixed-size blocks, so the log never copies itself to grow (a vector doubling held the old and
// the new array at once). What the log holds counts against the sandbox's memory limit
// (count_against), so no number of calls grows memory past --memory-limit.
class CallLog {
 public:
  CallLog();
  ~CallLog();

  void append(const CallLogView& call);
  void append(const CallLogEntry& entry) { append(entry.view()); }
  // Calls `visit` with each entry in order; the log is locked meanwhile. The envelope writer
  // renders from here, so the entries are never copied out as strings.
  void for_each(const std::function<void(const CallLogView&)>& visit) const;
  std::vector<CallLogEntry> snapshot() const;
  size_t size() const;
  // What the log holds in memory: its record blocks and its distinct texts with their index.
  size_t bytes() const;
  // Tells `allocator` (may be null) the log's size after every append (LimitedAllocator::
  // set_outside_bytes): past the limit, the script's next allocation fails as memory_limit.
  void count_against(LimitedAllocator* allocator) { allocator_ = allocator; }

 private:
  using TextId = uint32_t;
  static constexpr TextId kNoText = UINT32_MAX;
  static constexpr int32_t kNoStatus = INT32_MIN;
  static constexpr size_t kRecordsPerBlock = 1024;

  struct Record {
    TextId path, function, account, operation, status, error;
    int32_t http_status;  // kNoStatus: none
    int32_t attempts;
    double duration_ms;
  };

  TextId intern(std::string_view text);
  const std::string& text(TextId id) const { return texts_[id]; }
  static_assert(sizeof(Record) == 40, "the per-call cost the class comment states");

  CallLogView view_of(const Record& record) const;
  size_t held_bytes() const;  // bytes(), with the lock held

  mutable std::mutex mutex_;
  std::vector<std::unique_ptr<Record[]>> blocks_;
  size_t count_ = 0;
  std::deque<std::string> texts_;  // a deque never moves its elements: index_ views them
  std::unordered_map<std::string_view, TextId> index_;
  size_t text_bytes_ = 0;  // the texts' share of bytes()
  LimitedAllocator* allocator_ = nullptr;
};

}  // namespace kosmo::lua
