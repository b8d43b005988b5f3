#pragma once
// Reports one run: the JSON envelope with --json, otherwise the printed output and result on
// stdout and the error on stderr. Also the last-resort report the run guard makes when the VM
// cannot be stopped.
#include <string>
#include <string_view>

#include "lib/cli/envelope.h"
#include "lib/common/run_flags.h"
#include "lib/http/redactor.h"
#include "lib/lua/limits.h"
#include "lib/lua/script_runner.h"

namespace kosmo::cli {

class RunReport {
 public:
  // --json decides the form; --deterministic, --force and --dry-run show in the envelope.
  explicit RunReport(const RunFlags& flags) : flags_(flags) {}
  // Reports into `envelope_text` instead: the envelope --json would print, redacted the same
  // way, and nothing on stdout or stderr (the MCP gateway's lua_execute, whose stdout is the
  // protocol's). A last resort then only logs: a server outlives a stuck run.
  RunReport(const RunFlags& flags, std::string* envelope_text)
      : flags_(flags), envelope_text_(envelope_text) {}

  // The sandbox whose output and call log a last-resort report includes.
  void attach(lua::Sandbox& sandbox) { sandbox_ = &sandbox; }
  // Credentials to keep out of stdout and stderr, even when a vendor echoed them into data the
  // script printed or returned.
  void redact_with(const http::Redactor* redactor) { redactor_ = redactor; }

  // Each returns the exit code.
  int finish(const lua::RunOutcome& outcome);
  int usage_error(const std::string& message);
  int internal_error(const std::string& message);
  int config_error(const std::string& message);
  // A run that failed before its script started (e.g. the code did not arrive in time).
  int fail_without_run(const std::string& message, ErrorCode error_code);

  // Called from the run guard's signal handler when a tripped limit did not stop the VM
  // (lua::RunGuard::LastResort): writes a minimal envelope and ends the process, unless the
  // report has already started. Async-signal-safe.
  void last_resort(lua::LimitKind kind, std::string_view message);

 private:
  Envelope envelope_for(const lua::RunOutcome& outcome);
  int emit(const lua::RunOutcome& outcome);
  // Writes the envelope to stdout while it is rendered, redacted; false when stdout failed.
  bool write_envelope_to_stdout(const Envelope& envelope) const;
  std::string redacted(std::string text) const;

  RunFlags flags_;
  lua::Sandbox* sandbox_ = nullptr;
  const http::Redactor* redactor_ = nullptr;
  rapidjson::Document redacted_result_{rapidjson::kArrayType};
  std::string* envelope_text_ = nullptr;
};

}  // namespace kosmo::cli
