#pragma once
// Runs one chunk of Lua in a Sandbox and classifies how it ended: the facts the envelope
// reports (§2) without any formatting.
#include <rapidjson/document.h>

#include <optional>
#include <string>
#include <string_view>

#include "lib/common/error_codes.h"
#include "lib/lua/sandbox.h"

namespace kosmo::lua {

struct RunOutcome {
  bool success = false;
  std::string error;                                  // human message, empty on success
  std::optional<ErrorCode> error_code;                // none on success
  rapidjson::Document result{rapidjson::kArrayType};  // the chunk's return values
  std::string traceback;                              // Lua traceback of an uncaught runtime error
  double execution_time_ms = 0;
  size_t memory_usage = 0;
  // The signal that interrupted the run (error_code interrupted); it decides the exit code.
  int interrupt_signal = 0;
};

// `chunkname` follows Lua's convention ("=eval", "@path/to/file.lua").
RunOutcome run_chunk(Sandbox& sandbox, std::string_view code, const std::string& chunkname);

// The error code of a limit kind (kCpuLimit, ...).
ErrorCode limit_error_code(LimitKind kind);

}  // namespace kosmo::lua
