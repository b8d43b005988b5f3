#include "lib/cli/integration_capabilities.h"
#include "lib/common/json_text.h"

#include <algorithm>
#include <cctype>

namespace kosmo::cli {
namespace {

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

using json::text;

}  // namespace

std::string auth_strategy(const integrations::Manifest& manifest) {
  if (manifest.credentials.empty()) return "none";
  std::vector<std::string> keys;
  for (const auto& field : manifest.credentials) keys.push_back(lower(field.key));
  auto has = [&keys](const char* key) {
    return std::find(keys.begin(), keys.end(), key) != keys.end();
  };
  if (has("access_token") || has("token") || has("api_token")) return "bearer_token";
  if (has("api_key")) return "api_key";
  return "manual_credentials";
}

void add_capabilities(rapidjson::Value& json, const integrations::Manifest& manifest, bool full,
                      rapidjson::Document::AllocatorType& allocator) {
  json.AddMember("cli_setup_supported", true, allocator);
  json.AddMember("cli_runtime_supported", true, allocator);
  json.AddMember("auth_strategy", text(auth_strategy(manifest), allocator), allocator);
  if (full) {
    rapidjson::Value hosts(rapidjson::kObjectType);
    hosts.AddMember("cli", true, allocator);
    hosts.AddMember("web", false, allocator);
    hosts.AddMember("proxy", false, allocator);
    json.AddMember("host_availability", hosts, allocator);
    json.AddMember("runtime_requirements", rapidjson::Value(rapidjson::kObjectType), allocator);
    rapidjson::Value compatibility(rapidjson::kObjectType);
    compatibility.AddMember("cli_setup_supported", true, allocator);
    compatibility.AddMember("cli_runtime_supported", true, allocator);
    json.AddMember("compatibility", compatibility, allocator);
  }
  json.AddMember("compatibility_summary", rapidjson::StringRef(kCompatibilitySummary), allocator);
}

std::vector<std::string> missing_credentials(const config::ResolvedCredentials& resolved,
                                             const integrations::Manifest& manifest) {
  std::vector<std::string> missing;
  for (const auto& field : manifest.credentials) {
    if (field.required && resolved.values.count(field.key) == 0) missing.push_back(field.key);
  }
  return missing;
}

rapidjson::Value accounts_json(const std::vector<std::string>& accounts,
                               rapidjson::Document::AllocatorType& allocator) {
  rapidjson::Value list(rapidjson::kArrayType);
  list.PushBack(rapidjson::StringRef("default"), allocator);
  for (const std::string& account : accounts) {
    if (account != "default") list.PushBack(text(account, allocator), allocator);
  }
  return list;
}

const char* credential_source_name(config::CredentialSource source) {
  switch (source) {
    case config::CredentialSource::kEnvironment:
      return "env";
    case config::CredentialSource::kConfig:
      return "config";
    case config::CredentialSource::kKosmokratorStore:
      return "kosmokrator";
    case config::CredentialSource::kDefault:
      return "default";
  }
  return "config";
}

}  // namespace kosmo::cli
