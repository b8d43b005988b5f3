#pragma once
// Where the Lua code of a run comes from (§1): --eval, else FILE ("-" = stdin), else stdin
// when it is not a terminal.
//
// Reading is bounded like the run itself: at most lua::kMaxScriptBytes (a larger script, or
// /dev/zero, is a usage error naming the limit), and no later than the run's --timeout (a FIFO
// without a writer, or a pipe that never closes, ends the run as a timeout, exit 3).
#include <optional>
#include <string>

#include "lib/common/deadline.h"
#include "lib/common/error_codes.h"

namespace kosmo::cli {

struct CodeSource {
  std::string code;
  std::string chunkname;  // Lua convention: "=eval", "=stdin", "@path"
};

struct CodeSourceError {
  ErrorCode code = ErrorCode::kUsage;  // or kTimeout: the code did not arrive before --timeout
  std::string message;
};

// The run's --timeout: its length for messages, its deadline counted from the command's start.
struct CodeReadLimits {
  std::optional<double> timeout_seconds;
  Deadline deadline;
};

// Returns the code, or the error for the envelope.
std::optional<CodeSource> resolve_code(const std::optional<std::string>& eval,
                                       const std::string& file, const CodeReadLimits& limits,
                                       CodeSourceError& error);

}  // namespace kosmo::cli
