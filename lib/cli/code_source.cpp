#include "lib/cli/code_source.h"

#include <unistd.h>

#include "lib/common/file_read.h"
#include "lib/lua/limits.h"
#include "lib/lua/run_guard.h"

namespace kosmo::cli {
namespace {

constexpr const char kNoCode[] =
    "No Lua code given. Provide a Lua file, --eval code, or pipe Lua code on stdin.";

// A "#!" first line is blanked, not removed, so line numbers in errors stay right.
void strip_shebang(std::string& code) {
  if (code.rfind("#!", 0) != 0) return;
  const size_t end = code.find('\n');
  code.erase(0, end == std::string::npos ? code.size() : end);
}

// Why the code read from stdin or the file `path` cannot be used; nullopt when it can.
std::optional<CodeSourceError> read_problem(const ReadResult& read, bool from_stdin,
                                            const std::string& path, const CodeReadLimits& limits) {
  const std::string where = from_stdin ? std::string("stdin") : path;
  switch (read.status) {
    case ReadStatus::kOk:
      return std::nullopt;
    case ReadStatus::kTooLarge:
      return CodeSourceError{
          ErrorCode::kUsage,
          (from_stdin ? std::string("The Lua code on stdin") : "Lua file " + path) +
              " is larger than the " + std::to_string(lua::kMaxScriptBytes >> 20) +
              " MiB limit for scripts (" + std::to_string(lua::kMaxScriptBytes) + " bytes)."};
    case ReadStatus::kTimedOut:
      return CodeSourceError{ErrorCode::kTimeout,
                             lua::timeout_message(limits.timeout_seconds.value_or(0)) +
                                 " while reading the Lua code from " + where};
    case ReadStatus::kNotFound:
    case ReadStatus::kIsDirectory:
      return CodeSourceError{ErrorCode::kUsage, "Lua file not found: " + path};
    case ReadStatus::kFailed:
      break;
  }
  // A closed stdin has no code to give, which the "no code" hint below explains.
  if (from_stdin) return std::nullopt;
  return CodeSourceError{ErrorCode::kUsage, "Cannot read Lua file " + path + ": " + read.problem()};
}

}  // namespace

std::optional<CodeSource> resolve_code(const std::optional<std::string>& eval,
                                       const std::string& file, const CodeReadLimits& limits,
                                       CodeSourceError& error) {
  if (eval && !eval->empty()) return CodeSource{*eval, "=eval"};
  const ReadLimits read_limits{lua::kMaxScriptBytes, limits.deadline};
  const bool from_stdin = file == "-" || (file.empty() && !isatty(STDIN_FILENO));
  if (!from_stdin && file.empty()) {
    error = {ErrorCode::kUsage, kNoCode};
    return std::nullopt;
  }
  ReadResult read =
      from_stdin ? read_descriptor(STDIN_FILENO, read_limits) : read_file(file, read_limits);
  if (auto problem = read_problem(read, from_stdin, file, limits)) {
    error = std::move(*problem);
    return std::nullopt;
  }
  CodeSource source{std::move(read.text), from_stdin ? "=stdin" : "@" + file};
  strip_shebang(source.code);
  if (source.code.find_first_not_of(" \t\r\n") == std::string::npos) {
    error = {ErrorCode::kUsage, kNoCode};
    return std::nullopt;
  }
  return source;
}

}  // namespace kosmo::cli
