#include "lib/cli/call_command_line.h"

#include <unistd.h>

#include <algorithm>
#include <cctype>

#include "lib/common/file_read.h"
#include "lib/common/json_parse.h"

namespace kosmo::cli {
namespace {

// A payload is one object of arguments; 16 MiB is far more than any vendor accepts in one call.
constexpr size_t kMaxPayloadBytes = size_t{16} << 20;

bool starts_with(const std::string& text, const char* prefix) { return text.rfind(prefix, 0) == 0; }

std::optional<std::string> add_pair(const std::string& pair, std::vector<CallFlag>& flags) {
  const size_t equals = pair.find('=');
  if (equals == std::string::npos || equals == 0) {
    return "--arg values must use key=value syntax, got '" + pair + "'.";
  }
  flags.push_back({pair.substr(0, equals), pair.substr(equals + 1), false});
  return std::nullopt;
}

// `--key=value`, `--key value` or a bare `--key`; `index` moves past a value it takes.
std::optional<std::string> add_flag(const std::vector<std::string>& tokens, size_t& index,
                                    std::vector<CallFlag>& flags) {
  const std::string body = tokens[index].substr(2);
  const size_t equals = body.find('=');
  if (equals == 0) return "Unexpected argument '" + tokens[index] + "': a flag needs a name.";
  if (equals != std::string::npos) {
    flags.push_back({body.substr(0, equals), body.substr(equals + 1), false});
  } else if (index + 1 < tokens.size() && !starts_with(tokens[index + 1], "--")) {
    flags.push_back({body, tokens[++index], false});
  } else {
    flags.push_back({body, "", true});
  }
  return std::nullopt;
}

// Options KosmoKrator's mapper skips, with their values, so that scripts written for it keep
// working: its output and policy flags, and --account / --timeout where the command has none.
// (--pretty takes no value, so it never swallows the payload after it.)
bool ignored_option(const std::string& key) {
  return starts_with(key, "format") || key == "permission-mode" || key == "timeout" ||
         key == "account";
}

std::string unexpected(const std::string& token) {
  return "Unexpected argument '" + token + "'. Give at most one JSON payload (a JSON object, - " +
         "for stdin or @file.json) and parameters as --name=value, --name value or --arg " +
         "name=value.";
}

bool blank(const std::string& text) {
  return std::all_of(text.begin(), text.end(),
                     [](unsigned char c) { return std::isspace(c) != 0; });
}

// The payload named by `token` ("-", "@file", or the JSON itself), or piped stdin without one.
std::optional<std::string> read_payload(const std::optional<std::string>& token,
                                        const Deadline& deadline,
                                        std::optional<std::string>& payload) {
  if (token && *token != "-" && !starts_with(*token, "@")) {
    payload = *token;
    return std::nullopt;
  }
  if (!token && isatty(STDIN_FILENO) != 0) return std::nullopt;  // nothing piped
  const ReadLimits limits{kMaxPayloadBytes, deadline};
  const bool from_stdin = !token || *token == "-";
  ReadResult read =
      from_stdin ? read_descriptor(STDIN_FILENO, limits) : read_file(token->substr(1), limits);
  if (read.ok() && !blank(read.text)) {
    payload = std::move(read.text);
    return std::nullopt;
  }
  // A closed stdin reads as kFailed: like an empty one, it holds no payload.
  const bool nothing = read.ok() || (from_stdin && read.status == ReadStatus::kFailed);
  if (!token && nothing) return std::nullopt;
  const std::string where = from_stdin ? std::string("stdin") : "file " + token->substr(1);
  if (nothing) return "No JSON payload on " + where + ".";
  return "Cannot read the JSON payload from " + where + ": " + read.problem(limits) + ".";
}

std::string trimmed(const std::string& text) {
  const size_t first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return "";
  return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

}  // namespace

std::optional<std::string> split_call_tokens(const std::vector<std::string>& tokens,
                                             std::optional<std::string>& payload_token,
                                             std::vector<CallFlag>& flags) {
  for (size_t i = 0; i < tokens.size(); ++i) {
    const std::string& token = tokens[i];
    std::optional<std::string> problem;
    if (token == "--arg") {
      if (i + 1 == tokens.size()) return std::string("--arg needs a key=value pair.");
      problem = add_pair(tokens[++i], flags);
    } else if (token == "--pretty") {
      continue;
    } else if (starts_with(token, "--arg=")) {
      problem = add_pair(token.substr(6), flags);
    } else if (starts_with(token, "--") && token.size() > 2) {
      problem = add_flag(tokens, i, flags);
      if (!problem && ignored_option(flags.back().key)) flags.pop_back();
    } else if (payload_token || (starts_with(token, "-") && token != "-")) {
      problem = unexpected(token);
    } else {
      payload_token = token;
    }
    if (problem) return problem;
  }
  return std::nullopt;
}

std::optional<std::string> parse_call_command_line(const std::vector<std::string>& tokens,
                                                   const Deadline& deadline,
                                                   CallCommandLine& line) {
  std::optional<std::string> payload_token;
  if (auto problem = split_call_tokens(tokens, payload_token, line.flags)) return problem;
  return read_payload(payload_token, deadline, line.payload);
}

std::optional<std::string> flag_json_literal(const CallFlag& flag) {
  if (flag.bare) return std::string("true");
  std::string text = trimmed(flag.value);
  std::string lower = text;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (lower == "true" || lower == "false" || lower == "null") return lower;
  rapidjson::Document parsed;
  if (text.empty() || parse_json(text, parsed).IsError()) return std::nullopt;
  return text;
}

}  // namespace kosmo::cli
