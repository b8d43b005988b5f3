#pragma once
// Diagnostics go to stderr only (spdlog); stdout belongs to the envelope.
#include <string>
#include <string_view>

namespace kosmo::cli {

enum class LogFormat { kText, kJson };

// What configure_logging decided, for the parts of a run that write to stderr on their own (the
// live progress of lua_command.cpp).
struct LogSettings {
  int verbosity = 0;
  bool quiet = false;
  LogFormat format = LogFormat::kText;
  bool colour = false;  // NO_COLOR unset (spdlog adds colour only on a terminal)
};

// Level: KOSMO_LOG=debug|info|warn|error|off when set, else warn raised one step per -v
// (info, then debug); --quiet keeps errors only. Colour only on a terminal and never when
// NO_COLOR is set. --log-format json writes each record as one JSON line (json_log_formatter.h).
// Every record goes through stderr_lines(), so none lands inside a live status line.
void configure_logging(int verbosity, bool quiet, LogFormat format = LogFormat::kText);

const LogSettings& log_settings();

// The line that reports a command's failure on stderr: "Error: <message>\n", or under
// --log-format json a JSON record with level "error" and "event": "error", so that every line
// a log shipper reads parses. `message` must already be redacted.
std::string error_line_for_stderr(std::string_view message);

// "text" / "json" → the format; anything else → false.
bool parse_log_format(const std::string& name, LogFormat& format);

}  // namespace kosmo::cli
