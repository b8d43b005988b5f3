#include "lib/cli/call_report.h"

#include <spdlog/spdlog.h>

#include <chrono>
#include <iostream>
#include <optional>

#include "lib/cli/command_output.h"
#include "lib/cli/envelope.h"
#include "lib/common/error_codes.h"
#include "lib/lua/call_log.h"

namespace kosmo::cli {

namespace {

// The call's own failure; else one after it (the cassette could not be written), which must not
// let the command pass for a success. When both happened the call's error stands and the later
// one is logged.
std::optional<Failure> command_failure(const lua::CallOutcome& outcome,
                                       std::optional<Failure> after_call) {
  if (outcome.ok) return after_call;
  if (after_call) spdlog::error("{}", after_call->message);
  return Failure{outcome.error_code, outcome.error_message};
}

int report_single_call(const RunFlags& flags, const lua::CallRequest& request,
                       const lua::CallOutcome& outcome, const std::optional<Failure>& failure,
                       double ms, const http::Redactor& redactor) {
  auto redacted = [&redactor](std::string text) {
    return redactor.empty() ? text : redactor.redact(text);
  };
  const int code = failure ? exit_code_of(failure->code) : kExitOk;
  if (!flags.json) {
    if (failure) {
      std::cerr << redacted("Error: " + failure->message + "\n");
    } else if (outcome.data.IsString()) {
      write_stdout(
          redacted(std::string(outcome.data.GetString(), outcome.data.GetStringLength()) + "\n"));
    } else {
      write_stdout(redacted(pretty_json(outcome.data) + "\n"));
    }
    return code;
  }
  rapidjson::Document result(rapidjson::kArrayType);
  if (!failure) {
    result.PushBack(rapidjson::Value(outcome.data, result.GetAllocator()), result.GetAllocator());
  }
  Envelope envelope;
  envelope.success = !failure;
  if (failure) {
    envelope.error = failure->message;
    envelope.error_code = failure->code;
  }
  envelope.result = &result;
  envelope.execution_time_ms = ms;
  envelope.calls.push_back(lua::make_call_log_entry(request, outcome, ms));
  envelope.permission_bypassed = flags.force;
  envelope.dry_run = flags.dry_run;
  envelope.deterministic = flags.deterministic;
  write_stdout(redacted(render_envelope(envelope)));
  return code;
}

}  // namespace

int run_single_call(lua::Dispatcher& dispatcher, const lua::CallRequest& request,
                    CommandContext& context) {
  const auto started = std::chrono::steady_clock::now();
  const lua::CallOutcome outcome = dispatcher.call(request);
  const std::chrono::duration<double, std::milli> elapsed =
      std::chrono::steady_clock::now() - started;
  const std::optional<Failure> failure = command_failure(outcome, context.finish_http());
  return report_single_call(context.flags(), request, outcome, failure, elapsed.count(),
                            context.redactor());
}

}  // namespace kosmo::cli
