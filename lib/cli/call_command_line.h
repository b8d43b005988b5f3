#pragma once
// The argument forms integrations:call, mcp:call and their per-provider / per-server forms share
// with KosmoKrator's IntegrationArgumentMapper: after the function, the tokens CLI11 left over
// are one optional JSON payload (a JSON object, `-` for stdin, `@file.json`) and function
// parameters as flags: `--arg key=value` (repeatable), `--key=value`, `--key value` and a bare
// `--key` (true). The payload applies first and flags override it, in command-line order, so the
// last spelling of a key wins. Without a payload argument a piped stdin is the payload, as in
// KosmoKrator. Like KosmoKrator, --pretty, --format*, --permission-mode, --timeout and --account
// (where the command has no such option) are not parameters.
#include <optional>
#include <string>
#include <vector>

#include "lib/common/deadline.h"

namespace kosmo::cli {

struct CallFlag {
  std::string key;    // as typed, without "--"
  std::string value;  // the text after '=' or the next token; empty for a bare flag
  bool bare = false;  // `--key` alone: the value is JSON true
};

struct CallCommandLine {
  std::optional<std::string> payload;  // the JSON text, already read from stdin or the file
  std::vector<CallFlag> flags;
};

// Splits `tokens` (CLI11's leftovers, in order) into the payload's word ("-", "@file" or the
// JSON text; none when absent) and the flags. Returns the usage error message.
std::optional<std::string> split_call_tokens(const std::vector<std::string>& tokens,
                                             std::optional<std::string>& payload_word,
                                             std::vector<CallFlag>& flags);

// Splits `tokens` as above and reads the payload. Returns the usage error
// message, or nullopt with `line` filled. Reading stdin stops at `deadline`.
std::optional<std::string> parse_call_command_line(const std::vector<std::string>& tokens,
                                                   const Deadline& deadline, CallCommandLine& line);

// KosmoKrator's literal coercion of a flag's text, as JSON text: true/false/null in any case
// and numbers (surrounding spaces trimmed) become JSON literals; a JSON array, object or quoted
// string stays JSON; anything else is nullopt (the value is the text itself).
std::optional<std::string> flag_json_literal(const CallFlag& flag);

}  // namespace kosmo::cli
