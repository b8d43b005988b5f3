#include "lib/cli/call_report.h"

#include <spdlog/spdlog.h>

#include <chrono>
#include <iostream>

#include "lib/cli/command_output.h"
#include "lib/cli/envelope.h"
#include "lib/common/error_codes.h"
#include "lib/lua/call_log.h"

namespace kosmo::cli {

namespace {

int report_single_call(const RunFlags& flags, const lua::CallRequest& request,
                       const lua::CallOutcome& outcome, double ms, const http::Redactor& redactor) {
  auto redacted = [&redactor](std::string text) {
    return redactor.empty() ? text : redactor.redact(text);
  };
  const int code = outcome.ok ? kExitOk : exit_code_of(outcome.error_code);
  if (!flags.json) {
    if (!outcome.ok) {
      std::cerr << redacted("Error: " + outcome.error_message + "\n");
    } else if (outcome.data.IsString()) {
      write_stdout(
          redacted(std::string(outcome.data.GetString(), outcome.data.GetStringLength()) + "\n"));
    } else {
      write_stdout(redacted(pretty_json(outcome.data) + "\n"));
    }
    return code;
  }
  rapidjson::Document result(rapidjson::kArrayType);
  if (outcome.ok) {
    result.PushBack(rapidjson::Value(outcome.data, result.GetAllocator()), result.GetAllocator());
  }
  Envelope envelope;
  envelope.success = outcome.ok;
  if (!outcome.ok) {
    envelope.error = outcome.error_message;
    envelope.error_code = outcome.error_code;
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
  try {
    context.finish_http();
  } catch (const std::exception& e) {
    spdlog::error("cannot write the cassette: {}", e.what());
  }
  return report_single_call(context.flags(), request, outcome, elapsed.count(), context.redactor());
}

}  // namespace kosmo::cli
