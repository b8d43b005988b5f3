#include "lib/cli/envelope.h"

#include <rapidjson/stringbuffer.h>

#include <algorithm>
#include <cmath>
#include <cstring>

#include "lib/common/json_valid_text.h"
#include "lib/lua/call_identity.h"

namespace kosmo::cli {

void PieceStream::hand_over() {
  if (end_ == buffer_.get()) return;
  sink_(std::string_view(buffer_.get(), static_cast<size_t>(end_ - buffer_.get())));
  end_ = buffer_.get();
}

void PieceStream::Write(std::string_view text) {
  while (!text.empty()) {
    if (end_ == buffer_.get() + kPieceBytes) hand_over();
    const size_t room = static_cast<size_t>(buffer_.get() + kPieceBytes - end_);
    const size_t taken = std::min(room, text.size());
    std::memcpy(end_, text.data(), taken);
    end_ += taken;
    text.remove_prefix(taken);
  }
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

// The members naming a call, the same for every call of one function from one account.
template <typename AnyWriter>
void write_call_identity(AnyWriter& writer, const lua::CallLogView& call,
                         const lua::CallIdentity& identity) {
  const auto member = [&writer](const char* key, std::string_view text) {
    writer.Key(key);
    write_valid_utf8_string(writer, text);
  };
  member("path", call.path);
  member("name", identity.name);
  member("group", identity.group);
  member("icon", identity.icon);
  member("function", call.function);
  member("account", call.account);
  member("operation", call.operation);
}

// The members of the call's outcome, after its identity.
template <typename AnyWriter>
void write_call_outcome(AnyWriter& writer, const lua::CallLogView& call, bool deterministic) {
  writer.Key("status");
  write_valid_utf8_string(writer, call.status);
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
    writer.Key("error");
    write_valid_utf8_string(writer, *call.error);
  }
}

bool same_text(std::string_view a, std::string_view b) {
  return a.data() == b.data() && a.size() == b.size();
}

}  // namespace

double milliseconds(double value, bool deterministic) {
  return deterministic ? 0.0 : std::round(value * 1000.0) / 1000.0;
}

// Renders what a record's members look like in the document, with a writer of its own on a
// buffer, opened to the records' depth (the root object, then the array).
struct CallRecordWriter::Scratch {
  explicit Scratch(bool zero_times) : deterministic(zero_times) {}

  // Empties the buffer and opens a record where the document's records are; returns where the
  // record's "{" is in the buffer.
  size_t open_record() {
    buffer.Clear();
    writer.Reset(buffer);
    writer.StartObject();
    writer.Key("integration_calls");
    writer.StartArray();
    writer.StartObject();
    return buffer.GetSize() - 1;
  }

  bool has_identity_of(const lua::CallLogView& call) const {
    return has_identity && same_text(call.path, path) && same_text(call.function, function) &&
           same_text(call.account, account) && same_text(call.operation, operation);
  }

  // identity_text becomes the record's "{" and its members up to operation's value.
  void render_identity(const lua::CallLogView& call) {
    const size_t from = open_record();
    write_call_identity(writer, call, lua::identify_call(call));
    identity_text.assign(buffer.GetString() + from, buffer.GetSize() - from);
    has_identity = true;
    path = call.path;
    function = call.function;
    account = call.account;
    operation = call.operation;
  }

  // The rest of the record: its outcome's members and the closing "}".
  std::string_view render_outcome(const lua::CallLogView& call) {
    open_record();
    // A member before them, as `operation` is in the record, so that the writer puts the comma
    // and line break in front of `status` as it does there.
    writer.Key("operation");
    writer.Null();
    const size_t from = buffer.GetSize();
    write_call_outcome(writer, call, deterministic);
    writer.EndObject();
    return {buffer.GetString() + from, buffer.GetSize() - from};
  }

  const bool deterministic;
  rapidjson::StringBuffer buffer;
  rapidjson::PrettyWriter<rapidjson::StringBuffer> writer{buffer};
  bool has_identity = false;
  std::string_view path, function, account, operation;  // the identity of identity_text
  std::string identity_text;
};

CallRecordWriter::CallRecordWriter(bool deterministic)
    : scratch_(std::make_unique<Scratch>(deterministic)) {
  scratch_->writer.SetIndent(' ', kIndentSpaces);
}

CallRecordWriter::~CallRecordWriter() = default;

void CallRecordWriter::write(Writer& writer, PieceStream& stream, const lua::CallLogView& call) {
  Scratch& scratch = *scratch_;
  if (!scratch.has_identity_of(call)) scratch.render_identity(call);
  const std::string_view outcome = scratch.render_outcome(call);
  // An empty raw value has the writer put the record's comma, line break and indentation and
  // count it in the array; the record's text follows in two copies, not a call per character.
  writer.RawValue("", 0, rapidjson::kObjectType);
  stream.Write(scratch.identity_text);
  stream.Write(outcome);
}

void write_envelope(const Envelope& envelope, const TextSink& sink) {
  PieceStream stream(sink);
  Writer writer(stream);
  writer.SetIndent(' ', kIndentSpaces);
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
  if (envelope.calls != nullptr) {
    CallRecordWriter records(envelope.deterministic);
    envelope.calls->for_each(
        [&](const lua::CallLogView& call) { records.write(writer, stream, call); });
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
  stream.Put('\n');
  stream.finish();
}

std::string render_envelope(const Envelope& envelope) {
  std::string text;
  write_envelope(envelope, [&text](std::string_view piece) { text.append(piece); });
  return text;
}

}  // namespace kosmo::cli
