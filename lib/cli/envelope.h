#pragma once
// The JSON envelope (§2): the one document `--json` puts on stdout, whatever happened.
#include <rapidjson/document.h>
#include <rapidjson/prettywriter.h>

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "lib/cli/stdout_writer.h"  // every writer of an envelope writes it with write_stdout
#include "lib/common/error_codes.h"
#include "lib/lua/call_log.h"

namespace kosmo::cli {

struct Envelope {
  bool success = false;
  std::string output;
  std::string error;                         // empty -> null
  std::optional<ErrorCode> error_code;       // none -> null
  const rapidjson::Value* result = nullptr;  // null -> []; always null on failure
  double execution_time_ms = 0;
  size_t memory_usage = 0;
  const lua::CallLog* calls = nullptr;  // null -> no calls; read while the envelope is written
  bool permission_bypassed = false;
  bool dry_run = false;
  bool deterministic = false;  // zero the time-dependent fields
};

// Receives rendered JSON text, one piece after another.
using TextSink = std::function<void(std::string_view)>;

// A RapidJSON output stream that hands what is written to a sink in pieces of kPieceBytes: a
// document of any size (an envelope listing 100,000 calls) is passed on while it is rendered,
// never held whole. finish() hands over the rest.
class PieceStream {
 public:
  using Ch = char;
  static constexpr size_t kPieceBytes = 64 * 1024;

  explicit PieceStream(TextSink sink)
      : sink_(std::move(sink)), buffer_(new char[kPieceBytes]), end_(buffer_.get()) {}
  // Called for every character of the document: a compare and a store.
  void Put(char c) {
    if (end_ == buffer_.get() + kPieceBytes) hand_over();
    *end_++ = c;
  }
  // Text written past the writer (CallRecordWriter): one copy, not a call per character.
  void Write(std::string_view text);
  // RapidJSON flushes when the root value ends; the envelope's newline still follows, and stdout
  // should get the end of the document in one write, so pieces go only when full or finished.
  void Flush() {}
  void finish() { hand_over(); }

 private:
  void hand_over();

  TextSink sink_;
  std::unique_ptr<char[]> buffer_;
  char* end_;  // the first free byte of buffer_
};

// Pretty JSON (2 spaces), keys in the contract's order, always valid UTF-8, then a newline;
// handed to `sink` in pieces as it is rendered.
void write_envelope(const Envelope& envelope, const TextSink& sink);
// The same text as one string (tests and small envelopes).
std::string render_envelope(const Envelope& envelope);

// The pieces of the envelope that integrations:call and mcp:call reuse for their own shape.
using Writer = rapidjson::PrettyWriter<PieceStream>;
inline constexpr unsigned kIndentSpaces = 2;
void write_text(Writer& writer, std::string_view text);  // invalid UTF-8 replaced
double milliseconds(double value, bool deterministic);   // rounded to 3 places, or 0

// Writes the records of `integration_calls`, an array that is a member of the document's root
// object (the envelope's place, and integrations:call's). A loop of calls to one function logs
// the same path, function, account and operation every time (the log's interned texts: the same
// data pointers), so the members they make are rendered once per run of such calls; each record
// then costs its outcome's members (status, duration, HTTP status, attempts, error) and a copy.
class CallRecordWriter {
 public:
  explicit CallRecordWriter(bool deterministic);
  CallRecordWriter(const CallRecordWriter&) = delete;
  CallRecordWriter& operator=(const CallRecordWriter&) = delete;
  ~CallRecordWriter();

  // `stream` is the one `writer` writes to.
  void write(Writer& writer, PieceStream& stream, const lua::CallLogView& call);

 private:
  struct Scratch;
  std::unique_ptr<Scratch> scratch_;
};

}  // namespace kosmo::cli
