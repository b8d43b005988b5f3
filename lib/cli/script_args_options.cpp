#include "lib/cli/script_args_options.h"

#include <unistd.h>

#include <algorithm>

#include "lib/common/file_read.h"
#include "lib/common/json_parse.h"
#include "lib/lua/run_guard.h"

namespace kosmo::cli {
namespace {

// An --input file is data for one run, read whole before it starts; the cap is the scripts'
// (16 MiB), which is also half the default Lua heap the values must fit in.
constexpr size_t kMaxInputBytes = size_t{16} << 20;

// "NAME=VALUE" split at the first '='; nothing when there is no '=' or no name.
std::optional<std::pair<std::string, std::string>> split_pair(const std::string& pair) {
  const size_t equals = pair.find('=');
  if (equals == std::string::npos || equals == 0) return std::nullopt;
  return std::make_pair(pair.substr(0, equals), pair.substr(equals + 1));
}

std::string json_error(const rapidjson::ParseResult& result) {
  return describe_json_error(result) + " (at byte " + std::to_string(result.Offset()) + ")";
}

CodeSourceError usage(std::string message) {
  return CodeSourceError{ErrorCode::kUsage, std::move(message)};
}

// Reads and parses one --input into a layer (an object) of `layers`.
std::optional<CodeSourceError> add_input(const std::string& input, const CodeReadLimits& limits,
                                         rapidjson::Document& layers) {
  const bool from_stdin = input == "-";
  const std::string where = from_stdin ? std::string("--input - (stdin)") : "--input " + input;
  const ReadLimits read_limits{kMaxInputBytes, limits.deadline};
  const ReadResult read =
      from_stdin ? read_descriptor(STDIN_FILENO, read_limits) : read_file(input, read_limits);
  switch (read.status) {
    case ReadStatus::kOk:
      break;
    case ReadStatus::kNotFound:
    case ReadStatus::kIsDirectory:
      return usage("Input file not found: " + input);
    case ReadStatus::kTooLarge:
      return usage(where + " is larger than the " + std::to_string(kMaxInputBytes >> 20) +
                   " MiB limit for inputs (" + std::to_string(kMaxInputBytes) + " bytes).");
    case ReadStatus::kTimedOut:
      return CodeSourceError{
          ErrorCode::kTimeout,
          lua::timeout_message(limits.timeout_seconds.value_or(0)) + " while reading " + where};
    case ReadStatus::kFailed:
      return usage("Cannot read " + where + ": " + read.problem(read_limits));
  }
  rapidjson::Document document(&layers.GetAllocator());
  const rapidjson::ParseResult parsed = parse_json(read.text, document);
  if (parsed.IsError()) return usage(where + ": invalid JSON: " + json_error(parsed));
  if (!document.IsObject()) {
    return usage(where + ": expected a JSON object, whose keys become the names in args.");
  }
  layers.PushBack(static_cast<rapidjson::Value&>(document).Move(), layers.GetAllocator());
  return std::nullopt;
}

// One --arg or --arg-json as a layer {NAME: value}.
std::optional<CodeSourceError> add_flag(const ScriptArgFlag& flag, rapidjson::Document& layers) {
  const char* option = flag.json ? "--arg-json" : "--arg";
  const auto pair = split_pair(flag.pair);
  if (!pair) {
    return usage(std::string(option) + " expects " + (flag.json ? "NAME=JSON" : "NAME=VALUE") +
                 ", got '" + flag.pair + "'.");
  }
  auto& allocator = layers.GetAllocator();
  rapidjson::Value value;
  if (flag.json) {
    rapidjson::Document document(&allocator);
    const rapidjson::ParseResult parsed = parse_json(pair->second, document);
    if (parsed.IsError()) {
      return usage("--arg-json " + pair->first + ": invalid JSON: " + json_error(parsed));
    }
    value = static_cast<rapidjson::Value&>(document).Move();
  } else {
    value.SetString(pair->second.data(), static_cast<rapidjson::SizeType>(pair->second.size()),
                    allocator);
  }
  rapidjson::Value layer(rapidjson::kObjectType);
  layer.AddMember(rapidjson::Value(pair->first.data(),
                                   static_cast<rapidjson::SizeType>(pair->first.size()), allocator),
                  value, allocator);
  layers.PushBack(layer, allocator);
  return std::nullopt;
}

}  // namespace

bool ScriptArgsOptions::reads_stdin() const {
  return std::find(inputs.begin(), inputs.end(), "-") != inputs.end();
}

void add_script_args_options(CLI::App& app, ScriptArgsOptions& options) {
  // One list for both flags, filled as each is parsed (trigger_on_parse), so that their order
  // on the command line decides which wins.
  app.add_option_function<std::string>(
         "--arg",
         [&options](const std::string& pair) {
           options.flags.push_back({false, pair});
         },
         "Input for the script: args.NAME is the string VALUE (repeatable)")
      ->type_name("NAME=VALUE")
      ->trigger_on_parse()
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
  app.add_option_function<std::string>(
         "--arg-json",
         [&options](const std::string& pair) {
           options.flags.push_back({true, pair});
         },
         "Input for the script: args.NAME is the decoded JSON value (repeatable)")
      ->type_name("NAME=JSON")
      ->trigger_on_parse()
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
  app.add_option("--input", options.inputs,
                 "JSON object whose keys become args (repeatable; '-' reads stdin, when the code "
                 "comes from FILE or --eval); --arg and --arg-json win over it")
      ->type_name("FILE")
      ->allow_extra_args(false);
}

std::optional<std::string> script_args_conflict(const ScriptArgsOptions& options,
                                                bool code_from_stdin) {
  const auto stdin_inputs = std::count(options.inputs.begin(), options.inputs.end(), "-");
  if (stdin_inputs > 1) return "--input - can be given only once: stdin is read once.";
  if (stdin_inputs == 1 && code_from_stdin) {
    return "--input - reads the inputs from stdin, so the Lua code must come from a FILE or "
           "--eval.";
  }
  return std::nullopt;
}

std::optional<rapidjson::Document> read_script_args(const ScriptArgsOptions& options,
                                                    const CodeReadLimits& limits,
                                                    CodeSourceError& error) {
  rapidjson::Document layers(rapidjson::kArrayType);
  // The flags are checked before any input is read: a typo in one should not wait for stdin.
  rapidjson::Document flag_layers(rapidjson::kArrayType, &layers.GetAllocator());
  for (const ScriptArgFlag& flag : options.flags) {
    if (auto problem = add_flag(flag, flag_layers)) {
      error = std::move(*problem);
      return std::nullopt;
    }
  }
  for (const std::string& input : options.inputs) {
    if (auto problem = add_input(input, limits, layers)) {
      error = std::move(*problem);
      return std::nullopt;
    }
  }
  for (rapidjson::Value& layer : flag_layers.GetArray()) {
    layers.PushBack(layer.Move(), layers.GetAllocator());
  }
  return layers;
}

}  // namespace kosmo::cli
