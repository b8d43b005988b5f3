#pragma once
// Runs one chunk of Lua in a Sandbox and classifies how it ended: the facts the envelope
// reports (§2) without any formatting.
#include <rapidjson/document.h>

#include <string>
#include <string_view>

#include "lib/lua/sandbox.h"

namespace kosmo::lua {

// error_code values a run itself can produce (calls add theirs, see dispatcher.h).
namespace run_error {
inline constexpr const char* kLua = "lua_error";
inline constexpr const char* kSyntax = "syntax_error";
inline constexpr const char* kMemory = "memory_limit";
inline constexpr const char* kCpu = "cpu_limit";
inline constexpr const char* kTimeout = "timeout";
inline constexpr const char* kOutput = "output_limit";
}  // namespace run_error

struct RunOutcome {
  bool success = false;
  std::string error;                                  // human message, empty on success
  std::string error_code;                             // empty on success
  rapidjson::Document result{rapidjson::kArrayType};  // the chunk's return values
  std::string traceback;                              // Lua traceback of an uncaught runtime error
  double execution_time_ms = 0;
  size_t memory_usage = 0;
};

// `chunkname` follows Lua's convention ("=eval", "@path/to/file.lua").
RunOutcome run_chunk(Sandbox& sandbox, std::string_view code, const std::string& chunkname);

// The error code of a limit kind ("cpu_limit", ...).
const char* limit_error_code(LimitKind kind);

}  // namespace kosmo::lua
