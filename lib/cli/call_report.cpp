#include "lib/cli/call_report.h"

#include <spdlog/spdlog.h>

#include <chrono>
#include <cmath>
#include <iostream>
#include <optional>

#include "lib/cli/command_output.h"
#include "lib/cli/envelope.h"
#include "lib/cli/logging.h"
#include "lib/config/permission.h"
#include "lib/lua/call_log.h"
#include "lib/lua/pager.h"

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

// What one report holds; `outcome` is null and `calls` empty for a failure before the call. A
// paged call (--paginate) has one log entry per page and its items as the outcome's data.
struct CallFacts {
  const CallSubject& subject;
  const std::optional<Failure>& failure;
  const lua::CallOutcome* outcome = nullptr;
  std::vector<lua::CallLogEntry> calls = {};
  double ms = 0;
};

void write_meta(Writer& writer, const RunFlags& flags, const CallFacts& facts) {
  writer.Key("meta");
  writer.StartObject();
  writer.Key("dry_run");
  writer.Bool(flags.dry_run);
  if (facts.outcome != nullptr && facts.outcome->operation) {
    writer.Key("operation");
    write_text(writer, config::operation_name(*facts.outcome->operation));
  }
  writer.Key("permission_bypassed");
  writer.Bool(flags.force);
  writer.Key(facts.subject.where_key);
  if (facts.subject.where) {
    write_text(writer, *facts.subject.where);
  } else {
    writer.Null();
  }
  writer.Key("schema_version");
  writer.Int(1);
  writer.EndObject();
}

std::string render_call_json(const RunFlags& flags, const CallFacts& facts) {
  std::string text;
  PieceStream stream([&text](std::string_view piece) { text.append(piece); });
  Writer writer(stream);
  writer.SetIndent(' ', kIndentSpaces);
  writer.StartObject();
  writer.Key("function");
  if (facts.subject.function.empty()) {
    writer.Null();
  } else {
    write_text(writer, facts.subject.function);
  }
  writer.Key("success");
  writer.Bool(!facts.failure);
  writer.Key("data");
  if (facts.failure || facts.outcome == nullptr) {
    writer.Null();
  } else {
    facts.outcome->data.Accept(writer);
  }
  writer.Key("error");
  if (facts.failure) {
    write_text(writer, facts.failure->message);
  } else {
    writer.Null();
  }
  writer.Key("error_code");
  if (facts.failure) {
    write_text(writer, error_code_name(facts.failure->code));
  } else {
    writer.Null();
  }
  write_meta(writer, flags, facts);
  // KosmoKrator rounds it to a tenth of a millisecond; the call log keeps kosmo's precision.
  writer.Key("duration_ms");
  writer.Double(std::round(milliseconds(facts.ms, flags.deterministic) * 10) / 10);
  writer.Key("integration_calls");
  writer.StartArray();
  CallRecordWriter records(flags.deterministic);
  for (const lua::CallLogEntry& call : facts.calls) records.write(writer, stream, call.view());
  writer.EndArray();
  writer.EndObject();
  stream.Put('\n');
  stream.finish();
  return text;
}

int report(const RunFlags& flags, const CallFacts& facts, const http::Redactor* redactor) {
  auto redacted = [redactor](std::string text) {
    return redactor == nullptr || redactor->empty() ? text : redactor->redact(text);
  };
  const int code = facts.failure ? exit_code_of(facts.failure->code) : kExitOk;
  if (flags.json) {
    write_stdout(redacted(render_call_json(flags, facts)));
  } else if (facts.failure) {
    std::cerr << error_line_for_stderr(redacted(facts.failure->message));
  } else if (facts.outcome->data.IsString()) {
    const rapidjson::Value& data = facts.outcome->data;
    write_stdout(redacted(std::string(data.GetString(), data.GetStringLength()) + "\n"));
  } else {
    write_stdout(redacted(pretty_json(facts.outcome->data) + "\n"));
  }
  return code;
}

}  // namespace

int run_single_call(lua::Dispatcher& dispatcher, const lua::CallRequest& request,
                    const CallSubject& subject, CommandContext& context) {
  const auto started = std::chrono::steady_clock::now();
  const lua::CallOutcome outcome = dispatcher.call(request);
  const std::chrono::duration<double, std::milli> elapsed =
      std::chrono::steady_clock::now() - started;
  const std::optional<Failure> failure = command_failure(outcome, context.finish_http());
  std::vector<lua::CallLogEntry> calls = {
      lua::make_call_log_entry(request, outcome, elapsed.count())};
  return report(context.flags(), {subject, failure, &outcome, std::move(calls), elapsed.count()},
                &context.redactor());
}

int run_paged_call(lua::Dispatcher& dispatcher, lua::Pager& pager, const CallSubject& subject,
                   CommandContext& context) {
  const auto started = std::chrono::steady_clock::now();
  std::vector<lua::CallLogEntry> calls;
  lua::CallOutcome last;  // the last page's call: its failure, if it failed
  rapidjson::Document items(rapidjson::kArrayType);
  std::optional<Failure> walk_failure;
  while (!pager.finished()) {
    const lua::CallRequest& request = pager.next_request();
    const auto page_started = std::chrono::steady_clock::now();
    last = dispatcher.call(request);
    const std::chrono::duration<double, std::milli> page_ms =
        std::chrono::steady_clock::now() - page_started;
    calls.push_back(lua::make_call_log_entry(request, last, page_ms.count()));
    // Under --dry-run nothing was sent: the first page's request is the answer.
    if (!last.ok || last.dry_run) break;
    Outcome<rapidjson::Document> page = pager.take(last.data, last.next_link);
    if (!page) {
      walk_failure = std::move(page).error();
      break;
    }
    for (rapidjson::Value& item : page->GetArray()) {
      items.PushBack(rapidjson::Value(item, items.GetAllocator()), items.GetAllocator());
    }
  }
  if (last.ok && !last.dry_run) last.data.Swap(items);
  if (walk_failure) {
    last.ok = false;
    last.error_code = walk_failure->code;
    last.error_message = walk_failure->message;
  }
  const std::chrono::duration<double, std::milli> elapsed =
      std::chrono::steady_clock::now() - started;
  const std::optional<Failure> failure = command_failure(last, context.finish_http());
  return report(context.flags(), {subject, failure, &last, std::move(calls), elapsed.count()},
                &context.redactor());
}

int report_call_failure(const RunFlags& flags, const CallSubject& subject, const Failure& failure) {
  const std::optional<Failure> failed = failure;
  return report(flags, {subject, failed}, nullptr);
}

int report_call_parse_error(const char* where_key, const std::string& message) {
  RunFlags flags;
  flags.json = true;
  return report_call_failure(flags, {"", where_key, std::nullopt}, {ErrorCode::kUsage, message});
}

}  // namespace kosmo::cli
