#pragma once
// The JSON envelope (§2): the one document `--json` puts on stdout, whatever happened.
#include <rapidjson/document.h>
#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>

#include <string>
#include <string_view>
#include <vector>

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
  std::vector<lua::CallLogEntry> calls;
  bool permission_bypassed = false;
  bool dry_run = false;
  bool deterministic = false;  // zero the time-dependent fields
};

// Pretty JSON (2 spaces), keys in the contract's order, always valid UTF-8.
std::string render_envelope(const Envelope& envelope);

// The pieces of render_envelope that integrations:call and mcp:call reuse for their own shape.
using Writer = rapidjson::PrettyWriter<rapidjson::StringBuffer>;
void write_text(Writer& writer, std::string_view text);  // invalid UTF-8 replaced
double milliseconds(double value, bool deterministic);   // rounded to 3 places, or 0
void write_call(Writer& writer, const lua::CallLogEntry& call, bool deterministic);

}  // namespace kosmo::cli
