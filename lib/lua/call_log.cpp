#include "lib/lua/call_log.h"

namespace kosmo::lua {

CallLogEntry make_call_log_entry(const CallRequest& request, const CallOutcome& outcome,
                                 double ms) {
  CallLogEntry entry;
  entry.path = request.joined_path();
  entry.function = outcome.function;
  entry.account = outcome.account;
  entry.operation = outcome.operation;
  entry.status = outcome.dry_run ? "dry_run" : outcome.ok ? "ok" : "error";
  entry.duration_ms = ms;
  entry.http_status = outcome.http_status;
  entry.attempts = outcome.attempts;
  if (!outcome.ok) entry.error = outcome.error_message;
  return entry;
}

}  // namespace kosmo::lua
