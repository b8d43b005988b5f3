#include "lib/gateway/gateway_profile.h"

#include <spdlog/spdlog.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <optional>

#include "lib/gateway/tool_result_format.h"

namespace kosmo::gateway {
namespace {

const std::vector<std::vector<std::string>> kProfileRoots = {
    {"kosmo", "mcp_gateway", "profiles"},
    {"mcp_gateway", "profiles"},
    {"kosmo", "mcp_proxy", "profiles"},
    {"mcp_proxy", "profiles"},
};

YAML::Node find_profile(const config::KosmoConfig& config, const std::string& name) {
  for (const std::vector<std::string>& root : kProfileRoots) {
    std::vector<std::string> keys = root;
    keys.push_back(name);
    YAML::Node node = config.lookup(keys);
    if (node.IsDefined() && !node.IsNull()) return node;
  }
  return YAML::Node(YAML::NodeType::Undefined);
}

YAML::Node member(const YAML::Node& map, const char* key) {
  if (!map.IsMap()) return YAML::Node(YAML::NodeType::Undefined);
  for (const auto& entry : map) {
    if (entry.first.IsScalar() && entry.first.Scalar() == key) return entry.second;
  }
  return YAML::Node(YAML::NodeType::Undefined);
}

bool present(const YAML::Node& node) { return node.IsDefined() && !node.IsNull(); }

// A string, a list of strings or comma-separated strings (KosmoKrator's names()).
std::vector<std::string> names_of(const YAML::Node& node) {
  std::vector<std::string> values;
  if (node.IsScalar()) values.push_back(node.Scalar());
  if (node.IsSequence()) {
    for (const auto& item : node) {
      if (item.IsScalar()) values.push_back(item.Scalar());
    }
  }
  return selection_names(values);
}

// `key.include`, else `key` itself, for each key in turn (the first present wins).
std::vector<std::string> selection(const YAML::Node& profile,
                                   std::initializer_list<const char*> keys, bool include_form) {
  for (const char* key : keys) {
    YAML::Node value = member(profile, key);
    if (!present(value)) continue;
    if (include_form && value.IsMap()) {
      YAML::Node include = member(value, "include");
      if (present(include)) return names_of(include);
      continue;
    }
    return names_of(value);
  }
  return {};
}

std::optional<bool> boolean(const YAML::Node& node) {
  if (!present(node) || !node.IsScalar()) return std::nullopt;
  std::string text = node.Scalar();
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text == "1" || text == "true" || text == "yes" || text == "on";
}

std::optional<long long> integer(const YAML::Node& node) {
  if (!present(node) || !node.IsScalar()) return std::nullopt;
  try {
    return node.as<long long>();
  } catch (const YAML::Exception&) {
    return std::nullopt;
  }
}

}  // namespace

Outcome<GatewayProfile> resolve_profile(const GatewayFlags& flags, const config::KosmoConfig& user,
                                        const config::KosmoConfig* project) {
  YAML::Node profile(YAML::NodeType::Undefined);
  bool from_project = false;
  if (!flags.profile.empty()) {
    profile = find_profile(user, flags.profile);
    if (!present(profile) && project != nullptr) {
      profile = find_profile(*project, flags.profile);
      from_project = present(profile);
    }
    if (!present(profile)) {
      return Failure{ErrorCode::kUsage,
                     "Unknown gateway profile '" + flags.profile +
                         "': define it under kosmo.mcp_gateway.profiles." + flags.profile +
                         " in config.yaml, or drop --profile."};
    }
    if (!profile.IsMap()) {
      return Failure{ErrorCode::kConfig, "Gateway profile '" + flags.profile +
                                             "' must be a mapping (integrations:, "
                                             "upstream_mcp:, write_policy: ...)."};
    }
  }

  GatewayProfile resolved;
  resolved.integrations = flags.integration_names();
  if (resolved.integrations.empty()) {
    resolved.integrations = selection(profile, {"integrations"}, true);
  }
  resolved.upstreams = flags.upstream_names();
  if (resolved.upstreams.empty()) {
    YAML::Node upstream_mcp = member(profile, "upstream_mcp");
    resolved.upstreams = present(upstream_mcp) && upstream_mcp.IsMap()
                             ? selection(profile, {"upstream_mcp"}, true)
                             : selection(profile, {"upstream_mcp", "upstreams", "mcp"}, false);
  }

  std::string policy = flags.write;
  bool profile_force = boolean(member(profile, "force")).value_or(false);
  if (policy.empty()) {
    YAML::Node written = member(profile, "write_policy");
    policy = present(written) && written.IsScalar() ? written.Scalar() : "deny";
  }
  if (policy != "allow") policy = "deny";  // anything else is KosmoKrator's deny
  if (from_project && flags.write.empty() && (policy == "allow" || profile_force)) {
    spdlog::warn(
        "Gateway profile '{}' comes from the project config, which may not allow writes or "
        "--force; ignored (pass --write allow or --force yourself)",
        flags.profile);
    policy = "deny";
    profile_force = false;
  }
  resolved.allow_writes = policy == "allow";
  resolved.expose_resources = flags.expose_resources().value_or(
      boolean(member(profile, "expose_resources")).value_or(true));
  resolved.expose_prompts =
      flags.expose_prompts().value_or(boolean(member(profile, "expose_prompts")).value_or(true));
  long long max_chars = flags.max_result_chars.value_or(
      integer(member(profile, "max_result_chars"))
          .value_or(static_cast<long long>(kDefaultMaxResultChars)));
  resolved.max_result_chars =
      static_cast<size_t>(std::max<long long>(static_cast<long long>(kMinMaxResultChars), max_chars));
  resolved.force = flags.force || profile_force;
  return resolved;
}

}  // namespace kosmo::gateway
