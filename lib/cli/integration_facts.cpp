#include "lib/cli/integration_facts.h"
#include "lib/common/json_text.h"

namespace kosmo::cli {
namespace {

constexpr config::Operation kOperations[] = {config::Operation::kRead, config::Operation::kWrite};

using json::text;

// {"read": describe(read's permission), "write": describe(write's)}.
template <typename Describe>
rapidjson::Value per_operation(const config::PermissionPolicy& policy, std::string_view key,
                               rapidjson::Document::AllocatorType& allocator, Describe describe) {
  rapidjson::Value json(rapidjson::kObjectType);
  for (config::Operation operation : kOperations) {
    json.AddMember(text(config::operation_name(operation), allocator),
                   text(describe(policy.effective(key, operation)), allocator), allocator);
  }
  return json;
}

}  // namespace

std::string account_status(const config::KosmoConfig& config, const config::Environment& env,
                           const integrations::Manifest& manifest, std::string_view account) {
  const config::CredentialResolver resolver(config, env);
  if (!resolver.unavailable_reason(manifest.name, account, manifest.credentials)) {
    return "configured";
  }
  return config.enabled_flag(manifest.name) == false ? "disabled" : "not configured";
}

rapidjson::Value policy_json(const config::PermissionPolicy& policy, std::string_view key,
                             rapidjson::Document::AllocatorType& allocator) {
  return per_operation(policy, key, allocator, [](const config::EffectivePermission& effective) {
    return config::permission_name(effective.permission);
  });
}

rapidjson::Value policy_sources_json(const config::PermissionPolicy& policy, std::string_view key,
                                     rapidjson::Document::AllocatorType& allocator) {
  return per_operation(policy, key, allocator, [](const config::EffectivePermission& effective) {
    return config::permission_source_name(effective.source);
  });
}

std::string policy_text(const config::PermissionPolicy& policy, std::string_view key) {
  std::vector<std::string> parts;
  for (config::Operation operation : kOperations) {
    const config::EffectivePermission effective = policy.effective(key, operation);
    std::string part(config::operation_name(operation));
    part.append(": ").append(config::permission_name(effective.permission));
    if (effective.source == config::PermissionSource::kProject) part.append(" (project)");
    parts.push_back(std::move(part));
  }
  return join_names(parts);
}

std::string join_names(const std::vector<std::string>& names, std::string_view separator) {
  std::string joined;
  for (const std::string& name : names) {
    if (!joined.empty()) joined += separator;
    joined += name;
  }
  return joined;
}

}  // namespace kosmo::cli
