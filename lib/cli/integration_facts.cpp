#include "lib/cli/integration_facts.h"

#include "lib/config/policy.h"

namespace kosmo::cli {
namespace {

constexpr config::Operation kOperations[] = {config::Operation::kRead, config::Operation::kWrite};

}  // namespace

std::vector<config::CredentialField> credential_fields(const integrations::Manifest& manifest) {
  std::vector<config::CredentialField> fields;
  for (const auto& field : manifest.credentials) {
    fields.push_back({field.key, field.required, field.secret, field.default_value});
  }
  return fields;
}

std::string account_status(const config::KosmoConfig& config, const config::Environment& env,
                           const integrations::Manifest& manifest, std::string_view account) {
  const config::CredentialResolver resolver(config, env);
  if (!resolver.unavailable_reason(manifest.name, account, credential_fields(manifest))) {
    return "configured";
  }
  return config.enabled_flag(manifest.name) == false ? "disabled" : "not configured";
}

rapidjson::Value policy_json(const config::KosmoConfig& config, std::string_view integration,
                             rapidjson::Document::AllocatorType& allocator) {
  const config::PermissionPolicy policy(config);
  rapidjson::Value json(rapidjson::kObjectType);
  for (config::Operation operation : kOperations) {
    const std::string_view name = config::operation_name(operation);
    const std::string_view permission =
        config::permission_name(policy.permission(integration, operation));
    json.AddMember(
        rapidjson::Value(name.data(), static_cast<rapidjson::SizeType>(name.size()), allocator),
        rapidjson::Value(permission.data(), static_cast<rapidjson::SizeType>(permission.size()),
                         allocator),
        allocator);
  }
  return json;
}

std::string policy_text(const config::KosmoConfig& config, std::string_view integration) {
  const config::PermissionPolicy policy(config);
  std::vector<std::string> parts;
  for (config::Operation operation : kOperations) {
    parts.push_back(
        std::string(config::operation_name(operation)) + ": " +
        std::string(config::permission_name(policy.permission(integration, operation))));
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
