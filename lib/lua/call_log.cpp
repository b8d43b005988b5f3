#include "lib/lua/call_log.h"

#include "lib/lua/limited_allocator.h"

namespace kosmo::lua {
namespace {

// What a distinct text costs besides its characters: the string object, the hash map node that
// indexes it and its bucket, and the heap block of a text too long for the string's own buffer.
constexpr size_t kTextOverhead = sizeof(std::string) + 64;
constexpr size_t kShortText = 15;  // libstdc++ keeps up to 15 characters inside the object
constexpr size_t kHeapBlockOverhead = 16;

size_t text_cost(std::string_view text) {
  return kTextOverhead + (text.size() > kShortText ? text.size() + 1 + kHeapBlockOverhead : 0);
}

// An entry with its own copies of the texts `view` shows.
CallLogEntry entry_of(const CallLogView& view) {
  CallLogEntry entry;
  entry.path = view.path;
  entry.function = view.function;
  entry.account = view.account;
  entry.operation = view.operation;
  entry.status = view.status;
  entry.duration_ms = view.duration_ms;
  entry.http_status = view.http_status;
  entry.attempts = view.attempts;
  if (view.error) entry.error = std::string(*view.error);
  return entry;
}

}  // namespace

CallLogView CallLogEntry::view() const {
  CallLogView view;
  view.path = path;
  view.function = function;
  view.account = account;
  view.operation = operation;
  view.status = status;
  view.duration_ms = duration_ms;
  view.http_status = http_status;
  view.attempts = attempts;
  if (error) view.error = *error;
  return view;
}

CallLogView make_call_log_view(const CallRequest& request, const CallOutcome& outcome, double ms,
                               std::string& path) {
  request.join_path(path);
  CallLogView view;
  view.path = path;
  view.function = outcome.function;
  view.account = outcome.account;
  if (outcome.operation) view.operation = config::operation_name(*outcome.operation);
  view.status = outcome.dry_run ? "dry_run" : outcome.ok ? "ok" : "error";
  view.duration_ms = ms;
  view.http_status = outcome.http_status;
  view.attempts = outcome.attempts;
  if (!outcome.ok) view.error = outcome.error_message;
  return view;
}

CallLogEntry make_call_log_entry(const CallRequest& request, const CallOutcome& outcome,
                                 double ms) {
  std::string path;
  return entry_of(make_call_log_view(request, outcome, ms, path));
}

CallLog::CallLog() = default;
CallLog::~CallLog() = default;

CallLog::TextId CallLog::intern(std::string_view text) {
  auto found = index_.find(text);
  if (found != index_.end()) return found->second;
  const auto id = static_cast<TextId>(texts_.size());
  index_.emplace(texts_.emplace_back(text), id);
  text_bytes_ += text_cost(text);
  return id;
}

void CallLog::append(const CallLogView& call) {
  std::lock_guard lock(mutex_);
  if (count_ == blocks_.size() * kRecordsPerBlock) {
    blocks_.push_back(std::make_unique<Record[]>(kRecordsPerBlock));
  }
  blocks_.back()[count_ % kRecordsPerBlock] =
      Record{intern(call.path),
             intern(call.function),
             intern(call.account),
             intern(call.operation),
             intern(call.status),
             call.error ? intern(*call.error) : kNoText,
             call.http_status ? static_cast<int32_t>(*call.http_status) : kNoStatus,
             static_cast<int32_t>(call.attempts),
             call.duration_ms};
  ++count_;
  if (allocator_ != nullptr) allocator_->set_outside_bytes(held_bytes());
}

size_t CallLog::held_bytes() const {
  return blocks_.size() * kRecordsPerBlock * sizeof(Record) +
         blocks_.capacity() * sizeof(blocks_[0]) + text_bytes_;
}

CallLogView CallLog::view_of(const Record& record) const {
  CallLogView view;
  view.path = text(record.path);
  view.function = text(record.function);
  view.account = text(record.account);
  view.operation = text(record.operation);
  view.status = text(record.status);
  view.duration_ms = record.duration_ms;
  if (record.http_status != kNoStatus) view.http_status = record.http_status;
  view.attempts = record.attempts;
  if (record.error != kNoText) view.error = text(record.error);
  return view;
}

void CallLog::for_each(const std::function<void(const CallLogView&)>& visit) const {
  std::lock_guard lock(mutex_);
  for (size_t i = 0; i < count_; ++i) {
    visit(view_of(blocks_[i / kRecordsPerBlock][i % kRecordsPerBlock]));
  }
}

std::vector<CallLogEntry> CallLog::snapshot() const {
  std::vector<CallLogEntry> entries;
  entries.reserve(size());
  for_each([&entries](const CallLogView& view) { entries.push_back(entry_of(view)); });
  return entries;
}

size_t CallLog::size() const {
  std::lock_guard lock(mutex_);
  return count_;
}

size_t CallLog::bytes() const {
  std::lock_guard lock(mutex_);
  return held_bytes();
}

}  // namespace kosmo::lua
