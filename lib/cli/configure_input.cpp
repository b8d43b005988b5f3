#include "lib/cli/configure_input.h"

#include <CLI/CLI.hpp>

#include <rapidjson/document.h>
#include <unistd.h>

#include <algorithm>
#include <map>

#include "lib/cli/run_flag_options.h"
#include "lib/common/file_read.h"
#include "lib/common/json_parse.h"
#include "lib/config/credential_env.h"

namespace kosmo::cli {
namespace {

using Problem = std::optional<std::string>;
constexpr size_t kMaxStdinBytes = 1 << 20;  // a configuration object, not a data set

// Sets key to value, replacing an earlier source's value for it.
void put(std::vector<std::pair<std::string, std::string>>& values, const std::string& key,
         const std::string& value) {
  for (auto& entry : values) {
    if (entry.first == key) {
      entry.second = value;
      return;
    }
  }
  values.emplace_back(key, value);
}

Problem put_permission(ConfigureRequest& request, const std::string& operation,
                       const std::string& value) {
  const std::optional<config::Permission> permission = config::parse_permission(value);
  if ((operation != "read" && operation != "write") || !permission) {
    return "Invalid permission '" + operation + ":" + value +
           "'. Use read/write with allow, ask, or deny.";
  }
  (operation == "read" ? request.read : request.write) = permission;
  return std::nullopt;
}

std::optional<std::string> read_stdin(std::string& problem) {
  const ReadResult read = read_descriptor(STDIN_FILENO, ReadLimits{kMaxStdinBytes, {}});
  if (read.ok()) return read.text;
  problem = "Cannot read stdin: " + read.problem(ReadLimits{kMaxStdinBytes, {}}) + ".";
  return std::nullopt;
}

// KosmoKrator's stdin object: {"account", "scope", "set"|"credentials": {k: v}, "unset": [k],
// "enabled": bool, "permissions": {"read": "allow"}}.
Problem apply_payload(const rapidjson::Value& payload, ConfigureRequest& request) {
  if (!payload.IsObject())
    return std::string("Invalid JSON supplied on stdin: expected an object.");
  auto text = [&payload](const char* key) -> std::optional<std::string> {
    auto it = payload.FindMember(key);
    if (it == payload.MemberEnd() || !it->value.IsString()) return std::nullopt;
    return std::string(it->value.GetString(), it->value.GetStringLength());
  };
  if (auto account = text("account"); account && !account->empty()) request.account = *account;
  if (text("scope") == std::optional<std::string>("project")) request.project = true;
  auto sets = payload.FindMember("set");
  if (sets == payload.MemberEnd()) sets = payload.FindMember("credentials");
  if (sets != payload.MemberEnd() && sets->value.IsObject()) {
    for (const auto& member : sets->value.GetObject()) {
      if (!member.value.IsString()) {
        return "Credential '" + std::string(member.name.GetString()) +
               "' on stdin must be a string.";
      }
      put(request.values, member.name.GetString(), member.value.GetString());
    }
  }
  auto unset = payload.FindMember("unset");
  if (unset != payload.MemberEnd() && unset->value.IsArray()) {
    for (const auto& key : unset->value.GetArray()) {
      if (key.IsString()) request.unset.emplace_back(key.GetString());
    }
  }
  auto enabled = payload.FindMember("enabled");
  if (enabled != payload.MemberEnd() && enabled->value.IsBool()) {
    request.enabled = enabled->value.GetBool();
  }
  auto permissions = payload.FindMember("permissions");
  if (permissions != payload.MemberEnd() && permissions->value.IsObject()) {
    for (const auto& member : permissions->value.GetObject()) {
      if (!member.value.IsString()) continue;
      if (auto problem =
              put_permission(request, member.name.GetString(), member.value.GetString())) {
        return problem;
      }
    }
  }
  return std::nullopt;
}

Problem read_stdin_json(ConfigureRequest& request) {
  // As KosmoKrator's readStdinIfPiped: a terminal is no payload, not a prompt.
  if (isatty(STDIN_FILENO)) return std::nullopt;
  std::string problem;
  const std::optional<std::string> text = read_stdin(problem);
  if (!text) return problem;
  if (text->find_first_not_of(" \t\r\n") == std::string::npos) return std::nullopt;
  rapidjson::Document payload;
  const rapidjson::ParseResult parsed = parse_json(*text, payload, JsonDialect::kStrict);
  if (parsed.IsError()) {
    return "Invalid JSON supplied on stdin (" + describe_json_error(parsed) + ").";
  }
  return apply_payload(payload, request);
}

// KEY=VALUE → (KEY, VALUE); nullopt when there is no '=' or no KEY.
std::optional<std::pair<std::string, std::string>> split(const std::string& pair) {
  const size_t equals = pair.find('=');
  if (equals == std::string::npos || equals == 0) return std::nullopt;
  return std::make_pair(pair.substr(0, equals), pair.substr(equals + 1));
}

Problem apply_flag_values(const ConfigureOptions& options, const config::Environment& env,
                          ConfigureRequest& request) {
  std::vector<std::string> given;
  for (const std::string& pair : options.set) {
    const auto parts = split(pair);
    if (!parts) return "Give --set as key=value (got '" + pair + "').";
    if (std::find(given.begin(), given.end(), parts->first) != given.end()) {
      return "Credential '" + parts->first + "' is given twice.";
    }
    given.push_back(parts->first);
    put(request.values, parts->first, parts->second);
  }
  for (const std::string& pair : options.set_env) {
    const auto parts = split(pair);
    if (!parts || parts->second.empty())
      return "Give --set-env as KEY=VARIABLE (got '" + pair + "').";
    const std::optional<std::string> value = env.get(parts->second);
    if (!value || value->empty()) {
      return "--set-env " + pair + ": the environment variable " + parts->second + " is not set.";
    }
    put(request.values, parts->first, *value);
  }
  for (const std::string& key : options.unset) request.unset.push_back(key);
  return std::nullopt;
}

Problem apply_stdin_value(const std::string& key, ConfigureRequest& request) {
  std::string problem;
  std::optional<std::string> value = read_stdin(problem);
  if (!value) return problem;
  if (value->size() >= 1 && value->back() == '\n') value->pop_back();
  if (value->size() >= 1 && value->back() == '\r') value->pop_back();
  if (value->empty()) return "--set-stdin " + key + ": stdin is empty; pipe the value in.";
  put(request.values, key, *value);
  return std::nullopt;
}

Problem apply_flag_policy(const ConfigureOptions& options, ConfigureRequest& request) {
  std::string list = options.permissions;
  size_t start = 0;
  while (start <= list.size()) {
    const size_t comma = std::min(list.find(',', start), list.size());
    std::string part = list.substr(start, comma - start);
    part.erase(0, part.find_first_not_of(' '));
    part.erase(part.find_last_not_of(' ') + 1);
    start = comma + 1;
    if (part.empty()) continue;
    const size_t colon = part.find(':');
    const std::string operation = part.substr(0, colon);
    const std::string value = colon == std::string::npos ? "" : part.substr(colon + 1);
    if (auto problem = put_permission(request, operation, value)) return problem;
  }
  if (options.read) put_permission(request, "read", *options.read);
  if (options.write) put_permission(request, "write", *options.write);
  if (options.enable) request.enabled = true;
  if (options.disable) request.enabled = false;
  if (options.scope.project) request.project = true;
  if (options.account) request.account = *options.account;
  return std::nullopt;
}

}  // namespace

Outcome<ConfigureRequest, std::string> read_configure_request(const ConfigureOptions& options,
                                                              const config::Environment& env) {
  ConfigureRequest request;
  request.account = std::string(config::kDefaultAccount);
  if (options.stdin_json && !options.set_stdin.empty()) {
    return std::string("--stdin-json and --set-stdin both read stdin; give one of them.");
  }
  Problem problem;
  if (options.stdin_json) problem = read_stdin_json(request);
  if (!problem) problem = apply_flag_values(options, env, request);
  if (!problem && !options.set_stdin.empty())
    problem = apply_stdin_value(options.set_stdin, request);
  if (!problem) problem = apply_flag_policy(options, request);
  if (problem) return *problem;
  for (const std::string& key : request.unset) {
    for (const auto& entry : request.values) {
      if (entry.first == key) return "Credential '" + key + "' is both set and unset.";
    }
  }
  return request;
}

void add_configure_options(CLI::App& app, ConfigureOptions& options) {
  app.add_option("name", options.integration,
                 "Integration name (e.g. sinch), or mcp.SERVER for an MCP server's policy")
      ->required();
  auto repeatable = [&app](const char* flag, std::vector<std::string>& into, const char* help,
                           const char* type) {
    app.add_option(flag, into, help)
        ->type_name(type)
        ->expected(1)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  };
  repeatable("--set", options.set, "Credential key=value (repeatable)", "KEY=VALUE");
  repeatable("--unset", options.unset, "Credential key to remove (repeatable)", "KEY");
  repeatable("--set-env", options.set_env,
             "Store the current value of environment variable VAR as KEY (repeatable)", "KEY=VAR");
  app.add_option("--set-stdin", options.set_stdin,
                 "Store stdin (one trailing newline dropped) as KEY")
      ->type_name("KEY");
  app.add_flag("--stdin-json", options.stdin_json,
               "Read the configuration as a JSON object from stdin (KosmoKrator's form)");
  app.add_option("--account", options.account, "Account the credentials belong to")
      ->type_name("ACCOUNT");
  CLI::Option* enable = app.add_flag("--enable", options.enable, "Enable the integration");
  CLI::Option* disable = app.add_flag("--disable", options.disable, "Disable the integration");
  enable->excludes(disable);
  const std::vector<std::string> permissions = {"allow", "ask", "deny"};
  app.add_option("--read", options.read, "Policy for read calls")
      ->check(CLI::IsMember(permissions));
  app.add_option("--write", options.write, "Policy for write calls")
      ->check(CLI::IsMember(permissions));
  app.add_option("--permissions", options.permissions, "Both policies, e.g. read:allow,write:ask")
      ->type_name("LIST");
  add_scope_flags(app, options.scope);
  add_json_flag(app, options.json);
}

}  // namespace kosmo::cli
