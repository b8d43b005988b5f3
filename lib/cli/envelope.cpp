#include "lib/cli/envelope.h"

#include <cmath>

#include "lib/common/json_valid_text.h"
#include "lib/lua/call_identity.h"

namespace kosmo::cli {

void PieceStream::hand_over() {
  if (end_ == buffer_.get()) return;
  sink_(std::string_view(buffer_.get(), static_cast<size_t>(end_ - buffer_.get())));
  end_ = buffer_.get();
}

void write_text(Writer& writer, std::string_view text) { write_valid_utf8_string(writer, text); }

namespace {

void write_text_member(Writer& writer, const char* key, std::string_view text) {
  writer.Key(key);
  write_text(writer, text);
}

void write_optional_text(Writer& writer, std::string_view text) {
  if (text.empty()) {
    writer.Null();
  } else {
    write_text(writer, text);
  }
}

void write_call_with(Writer& writer, const lua::CallLogView& call,
                     const lua::CallIdentity& identity, bool deterministic) {
  writer.StartObject();
  write_text_member(writer, "path", call.path);
  write_text_member(writer, "name", identity.name);
  write_text_member(writer, "group", identity.group);
  write_text_member(writer, "icon", identity.icon);
  write_text_member(writer, "function", call.function);
  write_text_member(writer, "account", call.account);
  write_text_member(writer, "operation", call.operation);
  write_text_member(writer, "status", call.status);
  writer.Key("durationMs");
  writer.Double(milliseconds(call.duration_ms, deterministic));
  writer.Key("http_status");
  if (call.http_status) {
    writer.Int(*call.http_status);
  } else {
    writer.Null();
  }
  writer.Key("attempts");
  writer.Int(call.attempts);
  if (call.error) {
    write_text_member(writer, "error", *call.error);
  }
  writer.EndObject();
}

// The log's entries. Their texts are interned, so an entry whose path and function are the very
// strings of the previous one (the same data pointers) has its identity too: a loop of calls to
// one function derives it once.
void write_calls(Writer& writer, const lua::CallLog& calls, bool deterministic) {
  std::string_view path, function;
  lua::CallIdentity identity;
  calls.for_each([&](const lua::CallLogView& call) {
    if (call.path.data() != path.data() || call.path.size() != path.size() ||
        call.function.data() != function.data() || call.function.size() != function.size()) {
      identity = lua::identify_call(call);
      path = call.path;
      function = call.function;
    }
    write_call_with(writer, call, identity, deterministic);
  });
}

}  // namespace

double milliseconds(double value, bool deterministic) {
  return deterministic ? 0.0 : std::round(value * 1000.0) / 1000.0;
}

void write_call(Writer& writer, const lua::CallLogView& call, bool deterministic) {
  write_call_with(writer, call, lua::identify_call(call), deterministic);
}

void write_envelope(const Envelope& envelope, const TextSink& sink) {
  PieceStream stream(sink);
  Writer writer(stream);
  writer.SetIndent(' ', 2);
  writer.StartObject();
  writer.Key("success");
  writer.Bool(envelope.success);
  write_text_member(writer, "output", envelope.output);
  writer.Key("error");
  write_optional_text(writer, envelope.error);
  writer.Key("error_code");
  write_optional_text(writer, envelope.error_code ? error_code_name(*envelope.error_code) : "");
  writer.Key("result");
  // KosmoKrator reports no result for a failed run: null, not an empty list.
  if (!envelope.success) {
    writer.Null();
  } else if (envelope.result != nullptr && envelope.result->IsArray()) {
    envelope.result->Accept(writer);
  } else {
    writer.StartArray();
    writer.EndArray();
  }
  writer.Key("execution_time_ms");
  writer.Double(milliseconds(envelope.execution_time_ms, envelope.deterministic));
  writer.Key("memory_usage");
  writer.Uint64(envelope.memory_usage);
  writer.Key("integration_calls");
  writer.StartArray();
  if (envelope.calls != nullptr) write_calls(writer, *envelope.calls, envelope.deterministic);
  writer.EndArray();
  writer.Key("meta");
  writer.StartObject();
  writer.Key("permission_bypassed");
  writer.Bool(envelope.permission_bypassed);
  writer.Key("dry_run");
  writer.Bool(envelope.dry_run);
  writer.Key("schema_version");
  writer.Int(1);
  writer.EndObject();
  writer.EndObject();
  stream.Put('\n');
  stream.finish();
}

std::string render_envelope(const Envelope& envelope) {
  std::string text;
  write_envelope(envelope, [&text](std::string_view piece) { text.append(piece); });
  return text;
}

}  // namespace kosmo::cli
