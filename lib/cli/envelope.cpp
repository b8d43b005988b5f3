#include "lib/cli/envelope.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <optional>

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

// The members of the call's outcome, after its identity; `write_duration` writes durationMs's
// value.
template <typename AnyWriter, typename DurationWriter>
void write_call_outcome(AnyWriter& writer, const lua::CallLogView& call,
                        const DurationWriter& write_duration) {
  writer.Key("status");
  write_valid_utf8_string(writer, call.status);
  writer.Key("durationMs");
  write_duration();
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

  bool has_outcome_of(const lua::CallLogView& call) const {
    return has_outcome && same_text(call.status, status) && call.http_status == http_status &&
           call.attempts == attempts && call.error.has_value() == error.has_value() &&
           (!call.error || same_text(*call.error, *error));
  }

  // The rest of the record, its outcome's members and the closing "}", around the duration's
  // value: before_duration, then the separator the writer puts before a member's value, then
  // after_duration. A loop of calls that succeed alike differs in its durations only.
  void render_outcome(const lua::CallLogView& call) {
    open_record();
    // A member before them, as `operation` is in the record, so that the writer puts the comma
    // and line break in front of `status` as it does there.
    writer.Key("operation");
    writer.Null();
    const size_t from = buffer.GetSize();
    size_t duration_at = 0, duration_end = 0;
    write_call_outcome(writer, call, [&] {
      duration_at = buffer.GetSize();
      writer.Double(0);
      duration_end = buffer.GetSize();
    });
    writer.EndObject();
    const char* text = buffer.GetString();
    before_duration.assign(text + from, duration_at - from);
    const size_t separator = duration_end - duration_at - number_text(0).size();
    value_separator.assign(text + duration_at, separator);
    after_duration.assign(text + duration_end, buffer.GetSize() - duration_end);
    has_outcome = true;
    status = call.status;
    http_status = call.http_status;
    attempts = call.attempts;
    error = call.error;
  }

  // A number as the writer writes it.
  std::string_view number_text(double value) {
    number_buffer.Clear();
    number_writer.Reset(number_buffer);
    number_writer.Double(value);
    return {number_buffer.GetString(), number_buffer.GetSize()};
  }

  const bool deterministic;
  rapidjson::StringBuffer buffer;
  rapidjson::PrettyWriter<rapidjson::StringBuffer> writer{buffer};
  bool has_identity = false;
  std::string_view path, function, account, operation;  // the identity of identity_text
  std::string identity_text;
  bool has_outcome = false;
  std::string_view status;  // the outcome of the texts around the duration
  std::optional<int> http_status;
  int attempts = 0;
  std::optional<std::string_view> error;
  std::string before_duration, value_separator, after_duration;
  rapidjson::StringBuffer number_buffer;
  rapidjson::Writer<rapidjson::StringBuffer> number_writer{number_buffer};
};

CallRecordWriter::CallRecordWriter(bool deterministic)
    : scratch_(std::make_unique<Scratch>(deterministic)) {
  scratch_->writer.SetIndent(' ', kIndentSpaces);
}

CallRecordWriter::~CallRecordWriter() = default;

void CallRecordWriter::write(Writer& writer, PieceStream& stream, const lua::CallLogView& call) {
  Scratch& scratch = *scratch_;
  if (!scratch.has_identity_of(call)) scratch.render_identity(call);
  if (!scratch.has_outcome_of(call)) scratch.render_outcome(call);
  // An empty raw value has the writer put the record's comma, line break and indentation and
  // count it in the array; the record's text follows in a few copies, not a call per character.
  writer.RawValue("", 0, rapidjson::kObjectType);
  stream.Write(scratch.identity_text);
  stream.Write(scratch.before_duration);
  stream.Write(scratch.value_separator);
  stream.Write(scratch.number_text(milliseconds(call.duration_ms, scratch.deterministic)));
  stream.Write(scratch.after_duration);
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
