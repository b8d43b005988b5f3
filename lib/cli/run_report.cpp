#include "lib/cli/run_report.h"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <iostream>

#include "lib/cli/command_output.h"
#include "lib/cli/envelope.h"
#include "lib/cli/last_resort_envelope.h"
#include "lib/cli/logging.h"
#include "lib/cli/stderr_lines.h"
#include "lib/cli/stdout_writer.h"
#include "lib/common/error_codes.h"
#include "lib/http/json_redaction.h"
#include "lib/mcp/child_process.h"

namespace kosmo::cli {
namespace {

// A failed run's exit code: an interruption's says which signal (130, 143), any other its
// error code's. Pure, so the last resort can use it inside a signal handler.
int exit_code_for_failure(ErrorCode error_code, int interrupt_signal) {
  if (error_code == ErrorCode::kInterrupted) return exit_code_for_signal(interrupt_signal);
  return exit_code_of(error_code);
}

// Plain mode: output, then each returned value (strings raw, others pretty JSON).
std::string plain_stdout(const std::string& output, const rapidjson::Value* result) {
  std::string text = output;
  if (!text.empty()) text.push_back('\n');
  if (result == nullptr) return text;
  for (const rapidjson::Value& value : result->GetArray()) {
    text += value.IsString() ? std::string(value.GetString(), value.GetStringLength())
                             : pretty_json(value);
    text.push_back('\n');
  }
  return text;
}

void write_stderr(const std::string& text) {
  std::cerr << text;
  std::cerr.flush();
}

}  // namespace

Envelope RunReport::envelope_for(const lua::RunOutcome& outcome) {
  Envelope envelope;
  envelope.success = outcome.success;
  envelope.error = redacted(outcome.error);
  envelope.error_code = outcome.error_code;
  envelope.result = &outcome.result;
  if (redactor_ != nullptr && !redactor_->empty()) {
    // Strings are redacted before they are encoded into the envelope, because a secret inside
    // printed JSON is escaped twice by then (once by dump, once by the envelope), a form the
    // redactor would not recognise.
    redacted_result_.CopyFrom(outcome.result, redacted_result_.GetAllocator());
    http::redact_json(*redactor_, redacted_result_, redacted_result_.GetAllocator());
    envelope.result = &redacted_result_;
  }
  envelope.execution_time_ms = outcome.execution_time_ms;
  envelope.memory_usage = outcome.memory_usage;
  if (sandbox_ != nullptr) {
    envelope.output = redacted(sandbox_->output().text());
    envelope.calls = &sandbox_->calls();
  }
  envelope.permission_bypassed = flags_.force;
  envelope.dry_run = flags_.dry_run;
  envelope.deterministic = flags_.deterministic;
  return envelope;
}

std::string RunReport::redacted(std::string text) const {
  return redactor_ != nullptr && !redactor_->empty() ? redactor_->redact(text) : text;
}

bool RunReport::write_envelope_to_stdout(const Envelope& envelope) const {
  bool written = true;
  if (redactor_ == nullptr || redactor_->empty()) {
    write_envelope(
        envelope, [&written](std::string_view piece) { written = write_stdout(piece) && written; });
    return written;
  }
  // Redacted on the way: each piece as far as what follows it cannot change the result, the rest
  // kept for the next one, so the bytes are those of redacting the whole envelope at once.
  std::string pending;
  std::string out;
  write_envelope(envelope, [&](std::string_view piece) {
    pending.append(piece);
    out.clear();
    pending.erase(0, redactor_->redact_some(pending, false, out));
    written = write_stdout(out) && written;
  });
  out.clear();
  redactor_->redact_some(pending, true, out);
  return write_stdout(out) && written;
}

int RunReport::emit(const lua::RunOutcome& outcome) {
  const Envelope envelope = envelope_for(outcome);
  if (envelope_text_ != nullptr) {
    *envelope_text_ = redacted(render_envelope(envelope));
  } else if (flags_.json) {
    // The envelope lost, stderr is the only place left to say why the run failed.
    if (!write_envelope_to_stdout(envelope) && !outcome.success) {
      write_stderr(error_line_for_stderr(redacted(outcome.error)));
    }
  } else {
    write_stdout(
        redacted(plain_stdout(envelope.output, outcome.success ? envelope.result : nullptr)));
    if (!outcome.success) write_stderr(error_line_for_stderr(redacted(outcome.error)));
  }
  if (!outcome.error_code) return kExitOk;
  return exit_code_for_failure(*outcome.error_code, outcome.interrupt_signal);
}

int RunReport::finish(const lua::RunOutcome& outcome) {
  // Claimed already: the run guard's last resort is writing and ends the process.
  if (envelope_text_ == nullptr && !claim_stdout()) pause();
  if (!outcome.traceback.empty()) spdlog::info("{}", redacted(outcome.traceback));
  return emit(outcome);
}

int RunReport::fail_without_run(const std::string& message, ErrorCode error_code) {
  lua::RunOutcome outcome;
  outcome.error = message;
  outcome.error_code = error_code;
  return finish(outcome);
}

int RunReport::usage_error(const std::string& message) {
  return fail_without_run(message, ErrorCode::kUsage);
}

int RunReport::config_error(const std::string& message) {
  return fail_without_run(message, ErrorCode::kConfig);
}

int RunReport::internal_error(const std::string& message) {
  return fail_without_run(message, ErrorCode::kLua);
}

void RunReport::last_resort(lua::LimitKind kind, std::string_view message) {
  // In the run guard's signal handler: only what last_resort_envelope.h allows.
  if (envelope_text_ != nullptr) {
    // In a server the run ends when the host call it is stuck in returns (the hook stays armed);
    // ending the process would end every other client's session with it.
    write_last_resort_warning(STDERR_FILENO, message);
    return;
  }
  if (!claim_stdout()) return;
  // _exit below skips every destructor: stop MCP servers first so none is orphaned.
  mcp::kill_all_server_groups();
  // A --progress status line would otherwise stay on the terminal, with the error after it.
  stderr_lines().end_status_in_signal_handler();
  const ErrorCode error_code = lua::limit_error_code(kind);
  if (flags_.json) {
    LastResortFacts facts;
    facts.error = message;
    facts.error_code = error_code_name(error_code);
    facts.memory_usage = sandbox_->memory_used();
    facts.permission_bypassed = flags_.force;
    facts.dry_run = flags_.dry_run;
    write_last_resort_envelope(STDOUT_FILENO, facts);
  } else {
    write_last_resort_error_line(STDERR_FILENO, message);
  }
  _exit(exit_code_for_failure(error_code, sandbox_->guard().interrupt_signal()));
}

}  // namespace kosmo::cli
