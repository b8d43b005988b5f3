#include "lib/cli/envelope.h"

#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>

#include <cmath>

#include "lib/common/utf8.h"
#include "lib/lua/call_identity.h"

namespace kosmo::cli {

void write_text(Writer& writer, std::string_view text) {
  std::string valid;
  append_valid_utf8(text, valid);
  writer.String(valid.data(), static_cast<rapidjson::SizeType>(valid.size()));
}

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

}  // namespace

double milliseconds(double value, bool deterministic) {
  return deterministic ? 0.0 : std::round(value * 1000.0) / 1000.0;
}

void write_call(Writer& writer, const lua::CallLogEntry& call, bool deterministic) {
  writer.StartObject();
  write_text_member(writer, "path", call.path);
  const lua::CallIdentity identity = lua::identify_call(call);
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

std::string render_envelope(const Envelope& envelope) {
  rapidjson::StringBuffer buffer;
  Writer writer(buffer);
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
  for (const lua::CallLogEntry& call : envelope.calls) {
    write_call(writer, call, envelope.deterministic);
  }
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
  std::string text(buffer.GetString(), buffer.GetSize());
  text.push_back('\n');
  return text;
}

}  // namespace kosmo::cli
