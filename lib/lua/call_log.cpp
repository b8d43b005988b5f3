#include "lib/lua/call_log.h"

namespace kosmo::lua {

CallLogEntry make_call_log_entry(const CallRequest& request, const CallOutcome& outcome,
                                 double ms) {
  CallLogEntry entry;
  entry.path = request.joined_path();
  entry.function = outcome.function;
  entry.account = outcome.account;
  if (outcome.operation) entry.operation = config::operation_name(*outcome.operation);
  entry.status = outcome.dry_run ? "dry_run" : outcome.ok ? "ok" : "error";
  entry.duration_ms = ms;
  entry.http_status = outcome.http_status;
  entry.attempts = outcome.attempts;
  if (!outcome.ok) entry.error = outcome.error_message;
  return entry;
}

CallLog::TextId CallLog::intern(const std::string& text) {
  auto found = index_.find(text);
  if (found != index_.end()) return found->second;
  const auto id = static_cast<TextId>(texts_.size());
  index_.emplace(texts_.emplace_back(text), id);
  return id;
}

void CallLog::append(const CallLogEntry& entry) {
  std::lock_guard lock(mutex_);
  records_.push_back(Record{intern(entry.path), intern(entry.function), intern(entry.account),
                            intern(entry.operation), intern(entry.status),
                            entry.error ? intern(*entry.error) : kNoText, entry.attempts,
                            entry.http_status, entry.duration_ms});
}

std::vector<CallLogEntry> CallLog::snapshot() const {
  std::lock_guard lock(mutex_);
  std::vector<CallLogEntry> entries;
  entries.reserve(records_.size());
  for (const Record& record : records_) {
    CallLogEntry& entry = entries.emplace_back();
    entry.path = text(record.path);
    entry.function = text(record.function);
    entry.account = text(record.account);
    entry.operation = text(record.operation);
    entry.status = text(record.status);
    entry.duration_ms = record.duration_ms;
    entry.http_status = record.http_status;
    entry.attempts = record.attempts;
    if (record.error != kNoText) entry.error = text(record.error);
  }
  return entries;
}

size_t CallLog::size() const {
  std::lock_guard lock(mutex_);
  return records_.size();
}

}  // namespace kosmo::lua
