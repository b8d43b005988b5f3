#include "lib/cli/integration_record.h"

#include <algorithm>
#include <cctype>
#include <string_view>

#include "lib/common/json_text.h"
#include "lib/integrations/function_schema.h"

namespace kosmo::cli {
namespace {

using Allocator = IntegrationRecords::Allocator;
using rapidjson::Value;

// kosmo runs every integration it lists from the shell: no manifest needs a browser sign-in
// (KosmoKrator's oauth_connect credentials), so setup and runtime are always CLI-supported.
// The summary is KosmoKrator's wording for that case.
constexpr const char kCompatibilitySummary[] = "CLI setup and runtime supported.";

using json::text;

bool has_key(const std::vector<config::CredentialField>& fields, std::string_view key) {
  return std::any_of(fields.begin(), fields.end(), [key](const config::CredentialField& field) {
    std::string lower = field.key;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return lower == key;
  });
}

// KosmoKrator's IntegrationCapabilityResolver::fallbackAuthStrategy, from the credential keys,
// so the same credentials give the same answer.
std::string auth_strategy(const std::vector<config::CredentialField>& fields) {
  if (fields.empty()) return "none";
  for (std::string_view key : {"access_token", "token", "api_token"}) {
    if (has_key(fields, key)) return "bearer_token";
  }
  return has_key(fields, "api_key") ? "api_key" : "manual_credentials";
}

// KosmoKrator titles a function by its tool name ("Get Group"); kosmo's manifests have none, so
// the title is the short name in words.
std::string title_of(const std::string& name) {
  std::string title = name;
  bool word_start = true;
  for (char& c : title) {
    if (c == '_') {
      c = ' ';
      word_start = true;
    } else if (word_start) {
      c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      word_start = false;
    }
  }
  return title;
}

Value compatibility(Allocator& allocator) {
  Value json(rapidjson::kObjectType);
  json.AddMember("cli_setup_supported", true, allocator);
  json.AddMember("cli_runtime_supported", true, allocator);
  return json;
}

Value host_availability(Allocator& allocator) {
  Value json(rapidjson::kObjectType);
  json.AddMember("cli", true, allocator);
  json.AddMember("web", false, allocator);
  json.AddMember("proxy", false, allocator);
  return json;
}

}  // namespace

IntegrationRecords::IntegrationRecords(const config::Configuration& config)
    : user_(config.user()), env_(config.environment()), resolver_(user_, env_) {}

ProviderFacts IntegrationRecords::facts(const integrations::Manifest& manifest) const {
  ProviderFacts facts;
  facts.configured = resolver_.resolve(manifest.name, "default", manifest.credentials).complete();
  facts.active = !resolver_.unavailable_reason(manifest.name, "default", manifest.credentials);
  facts.accounts = resolver_.accounts(manifest.name);
  facts.auth_strategy = auth_strategy(manifest.credentials);
  return facts;
}

void IntegrationRecords::add_capabilities(const ProviderFacts& facts, Value& object,
                                          Allocator& allocator) const {
  object.AddMember("auth_strategy", text(facts.auth_strategy, allocator), allocator);
  object.AddMember("cli_setup_supported", true, allocator);
  object.AddMember("cli_runtime_supported", true, allocator);
  object.AddMember("compatibility_summary", rapidjson::StringRef(kCompatibilitySummary), allocator);
}

Value IntegrationRecords::function_json(const integrations::Manifest& manifest,
                                        const integrations::Function& function,
                                        Allocator& allocator) const {
  return function_json(manifest, function, facts(manifest), allocator);
}

Value IntegrationRecords::function_json(const integrations::Manifest& manifest,
                                        const integrations::Function& function,
                                        const ProviderFacts& facts, Allocator& allocator) const {
  Value json(rapidjson::kObjectType);
  json.AddMember("provider", text(manifest.name, allocator), allocator);
  json.AddMember("function", text(function.name, allocator), allocator);
  json.AddMember("name", text(manifest.name + "." + function.name, allocator), allocator);
  json.AddMember("slug", text(function.slug, allocator), allocator);
  json.AddMember("title", text(title_of(function.name), allocator), allocator);
  json.AddMember("description", text(function.description, allocator), allocator);
  json.AddMember("operation", text(config::operation_name(function.operation), allocator),
                 allocator);
  json.AddMember("active", facts.active, allocator);
  json.AddMember("configured", facts.configured, allocator);
  // KosmoKrator's function rows list the named accounts only; "default" is implied.
  Value accounts(rapidjson::kArrayType);
  for (const std::string& account : facts.accounts) {
    if (account != "default") accounts.PushBack(text(account, allocator), allocator);
  }
  json.AddMember("accounts", accounts, allocator);
  json.AddMember("auth", text(facts.auth_strategy, allocator), allocator);
  json.AddMember("auth_strategy", text(facts.auth_strategy, allocator), allocator);
  json.AddMember("host_availability", host_availability(allocator), allocator);
  json.AddMember("runtime_requirements", Value(rapidjson::kArrayType), allocator);
  json.AddMember("compatibility", compatibility(allocator), allocator);
  json.AddMember("compatibility_summary", rapidjson::StringRef(kCompatibilitySummary), allocator);
  json.AddMember("cli_setup_supported", true, allocator);
  json.AddMember("cli_runtime_supported", true, allocator);
  json.AddMember("input_schema", integrations::function_schema(function, allocator), allocator);
  Value aliases(rapidjson::kArrayType);
  for (const std::string& alias : function.aliases)
    aliases.PushBack(text(alias, allocator), allocator);
  json.AddMember("aliases", aliases, allocator);
  json.AddMember("method", text(function.method, allocator), allocator);
  json.AddMember("path", text(function.path, allocator), allocator);
  const bool undocumented = function.undocumented_endpoint;
  json.AddMember("endpoint", rapidjson::StringRef(undocumented ? "undocumented" : "documented"),
                 allocator);
  json.AddMember("endpoint_note", undocumented ? text(function.endpoint_note, allocator) : Value(),
                 allocator);
  return json;
}

Value IntegrationRecords::functions_json(const integrations::Manifest& manifest,
                                         Allocator& allocator) const {
  const ProviderFacts provider = facts(manifest);
  Value list(rapidjson::kArrayType);
  for (const integrations::Function& function : manifest.functions) {
    if (!function.hidden) {
      list.PushBack(function_json(manifest, function, provider, allocator), allocator);
    }
  }
  return list;
}

}  // namespace kosmo::cli
