#include "lib/cli/mcp_prompts_command.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "lib/cli/command_output.h"
#include "lib/cli/mcp_call_arguments.h"
#include "lib/cli/mcp_server_read.h"
#include "lib/cli/run_flag_options.h"
#include "lib/cli/run_report.h"
#include "lib/common/deadline.h"
#include "lib/common/error_codes.h"
#include "lib/common/json_text.h"

namespace kosmo::cli {
namespace {

constexpr const char kPromptsExamples[] = R"(
Examples:
  kosmo mcp:prompts fake
  kosmo mcp:prompts fake --json | jq -r '.prompts[].name'

JSON (--json):
  {"success": true, "error": null, "error_code": null,
   "prompts": [{"name": "summarize", "description": "...",
                "arguments": [{"name": "topic", "required": true}]}]}
  The prompts as the server lists them (every page). A server without the prompts capability
  has none. Failures: "usage" (unknown SERVER), "untrusted_server", "permission_denied",
  "mcp_error", "config_error".
)";

constexpr const char kPromptExamples[] = R"(
Usage: kosmo mcp:prompt SERVER NAME [ARGUMENTS] [--name=value | --name value | --arg name=value]...
Arguments: as for mcp:call: one JSON object (or - for stdin, @file.json), --arg name=value
pairs and KosmoKrator's --name=value and --name value forms; the last spelling of a name wins.
MCP prompt arguments are strings: other JSON values are sent as their JSON text.

Examples:
  kosmo mcp:prompt fake summarize --topic weather
  kosmo mcp:prompt fake summarize --arg topic=weather
  kosmo mcp:prompt fake summarize '{"topic": "weather"}' --json | jq '.prompt.messages'

JSON (--json):
  {"success": true, "error": null, "error_code": null,
   "prompt": {"description": "...",
              "messages": [{"role": "user", "content": {"type": "text", "text": "..."}}]}}
  The prompts/get result as the server sent it. Without --json each message is printed as
  "role: text". Failures as for mcp:prompts; an unknown prompt or a missing argument is the
  server's error ("mcp_error").
)";

struct PromptOptions {
  std::string server;
  std::string name;
  RunFlags flags;
  std::vector<std::string> extras;  // the prompt's arguments
};

std::string prompts_text(const rapidjson::Value& prompts) {
  if (!prompts.IsArray() || prompts.Empty()) return "No prompts.";
  std::vector<std::vector<std::string>> rows = {{"NAME", "ARGUMENTS", "DESCRIPTION"}};
  for (const auto& prompt : prompts.GetArray()) {
    std::string arguments;
    if (prompt.IsObject() && prompt.HasMember("arguments") && prompt["arguments"].IsArray()) {
      for (const auto& argument : prompt["arguments"].GetArray()) {
        if (!arguments.empty()) arguments += ", ";
        arguments += member_text(argument, "name");
        const bool required = argument.IsObject() && argument.HasMember("required") &&
                              argument["required"].IsBool() && argument["required"].GetBool();
        if (required) arguments += '*';
      }
    }
    const std::string description = member_text(prompt, "description");
    rows.push_back(
        {member_text(prompt, "name"), arguments, description.substr(0, description.find('\n'))});
  }
  return format_columns(rows) + "(* required)";
}

std::string messages_text(const rapidjson::Value& result) {
  if (!result.IsObject() || !result.HasMember("messages") || !result["messages"].IsArray()) {
    return pretty_json(result);
  }
  std::string text;
  for (const auto& message : result["messages"].GetArray()) {
    const rapidjson::Value* content =
        message.IsObject() && message.HasMember("content") ? &message["content"] : nullptr;
    const std::string body = content != nullptr && member_text(*content, "type") == "text"
                                 ? member_text(*content, "text")
                                 : (content != nullptr ? pretty_json(*content) : "");
    text += member_text(message, "role") + ": " + body + "\n";
  }
  return text;
}

// prompts/get takes string values only.
void stringify_values(rapidjson::Document& arguments) {
  for (auto& member : arguments.GetObject()) {
    if (member.value.IsString()) continue;
    member.value = json::text(json::compact_text(member.value), arguments.GetAllocator());
  }
}

// The argument forms of mcp:call (call_command_line.h) in the tokens CLI11 left over: the JSON
// object, --arg pairs and --name=value / --name value flags, the last spelling winning.
int run_prompt(const PromptOptions& options, const std::vector<std::string>& tokens) {
  McpReadRequest request;
  request.arguments.SetObject();
  CallCommandLine line;
  std::optional<std::string> problem =
      parse_call_command_line(tokens, Deadline::after(options.flags.run_timeout()), line);
  if (!problem) problem = collect_mcp_arguments(line, request.arguments);
  if (problem) {
    CommandOutput out(options.flags.json);
    return out.fail(*problem, ErrorCode::kUsage);
  }
  stringify_values(request.arguments);
  request.helper = "get_prompt";
  request.key = "prompt";
  request.strings = {options.server, options.name};
  request.text = messages_text;
  return run_mcp_read(request, options.flags);
}

}  // namespace

std::function<int()> define_mcp_prompts(CLI::App& app) {
  auto options = std::make_shared<PromptOptions>();
  app.add_option("server", options->server, "Server name")->required();
  add_mcp_read_flags(app, options->flags, kPromptsExamples);
  return [options] {
    McpReadRequest request;
    request.helper = "prompts";
    request.key = "prompts";
    request.strings = {options->server};
    request.text = prompts_text;
    return run_mcp_read(request, options->flags);
  };
}

std::function<int()> define_mcp_prompt(CLI::App& app) {
  auto options = std::make_shared<PromptOptions>();
  app.add_option("server", options->server, "Server name")->required();
  app.add_option("name", options->name, "Prompt name (see mcp:prompts)")->required();
  add_mcp_read_flags(app, options->flags, kPromptExamples);
  // The arguments (a JSON object, --arg name=value, --name=value, --name value) are tokens
  // CLI11 cannot know in advance; a declared positional would swallow the value of --name value.
  app.allow_extras();
  // The tokens CLI11 left over, kept when parsing ends: the runner runs after the app is gone.
  app.callback([options, parsed = &app] { options->extras = parsed->remaining(); });
  return [options] { return run_prompt(*options, options->extras); };
}

}  // namespace kosmo::cli
