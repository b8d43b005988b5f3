#include "lib/config/credentials.h"

#include <algorithm>
#include <set>

#include "lib/config/config_error.h"
#include "lib/config/credential_cipher.h"
#include "lib/config/credential_env.h"

namespace kosmo::config {
namespace {

// Blank means absent: KosmoKrator's IntegrationManager treats a value that trim()s to '' as
// missing, so "   " must not make an integration look configured. PHP trim()'s set.
bool is_blank(std::string_view value) {
  return value.find_first_not_of(std::string_view(" \t\n\r\0\x0B", 6)) == std::string_view::npos;
}

std::optional<std::string> non_empty(std::optional<std::string> value) {
  if (value && is_blank(*value)) return std::nullopt;
  return value;
}

}  // namespace

std::optional<std::string> CredentialResolver::config_account(std::string_view integration,
                                                              std::string_view account) const {
  if (config_.has_account(integration, account)) return std::string(account);
  const std::string wanted = env_name_part(account);
  for (const std::string& name : config_.account_names(integration)) {
    if (env_name_part(name) == wanted) return name;
  }
  return std::nullopt;
}

const std::optional<CredentialKey>& CredentialResolver::key(std::string* problem) const {
  if (!key_) {
    try {
      key_ = find_credential_key(env_);
      if (!*key_) {
        key_problem_ = "no credential key is set (KOSMO_CREDENTIAL_KEY, KOSMO_SECRET_KEY or " +
                       credential_key_file(env_).string() + ")";
      }
    } catch (const ConfigError& e) {
      key_ = std::optional<CredentialKey>();
      key_problem_ = e.what();
    }
  }
  *problem = key_problem_;
  return *key_;
}

std::optional<std::string> CredentialResolver::plain_config_value(
    const std::string& raw, const std::filesystem::path& file, const CredentialField& field,
    ResolvedCredentials& resolved) const {
  if (!is_encrypted_value(raw)) return raw;
  std::string why;
  const std::optional<CredentialKey>& found = key(&why);
  std::optional<std::string> plain;
  if (found) {
    plain = decrypt_credential(raw, *found);
    if (std::find(resolved.secret_values.begin(), resolved.secret_values.end(),
                  found->source_text) == resolved.secret_values.end()) {
      resolved.secret_values.push_back(found->source_text);
    }
    if (!plain) why = "it was encrypted with another key or is damaged";
  }
  if (!plain && !resolved.config_problem) {
    resolved.config_problem = "Cannot decrypt credential '" + field.key + "' of integration '" +
                              resolved.integration + "' (account '" + resolved.account + "') in " +
                              file.string() + ": " + why +
                              ". Use the key KosmoKrator encrypted it with, or set the value "
                              "again with kosmo integrations:configure " +
                              resolved.integration + " --set " + field.key + "=...";
  }
  return plain;
}

std::optional<std::pair<std::string, CredentialSource>> CredentialResolver::lookup(
    std::string_view integration, std::string_view account,
    const std::optional<std::string>& config_account, const CredentialField& field,
    ResolvedCredentials& resolved) const {
  using Found = std::pair<std::string, CredentialSource>;
  if (auto value = non_empty(env_.get(account_env_var(integration, account, field.key)))) {
    return Found{*value, CredentialSource::kEnvironment};
  }
  if (env_name_part(account) == env_name_part(kDefaultAccount)) {
    if (auto value = non_empty(env_.get(default_account_env_var(integration, field.key)))) {
      return Found{*value, CredentialSource::kEnvironment};
    }
  }
  if (config_account) {
    if (auto raw = config_.account_value(integration, *config_account, field.key)) {
      // A decrypted value is used as it is: `${NAME}` inside a secret is not a reference.
      auto value = is_encrypted_value(*raw)
                       ? plain_config_value(*raw, config_.file(), field, resolved)
                       : expand_value(*raw, env_);
      if ((value = non_empty(std::move(value)))) {
        return Found{*value, CredentialSource::kConfig};
      }
    }
  }
  // KosmoKrator stores values as entered: no `${NAME}` expansion, as its resolver does none.
  if (auto raw = store_.value(integration, account, field.key)) {
    auto value = plain_config_value(*raw, store_.file(), field, resolved);
    if ((value = non_empty(std::move(value)))) {
      return Found{*value, CredentialSource::kKosmokratorStore};
    }
  }
  if (auto value = non_empty(field.default_value)) return Found{*value, CredentialSource::kDefault};
  return std::nullopt;
}

ResolvedCredentials CredentialResolver::resolve(std::string_view integration,
                                                std::string_view account,
                                                const std::vector<CredentialField>& fields) const {
  ResolvedCredentials resolved{std::string(integration), std::string(account), {}, {}, {}, {}, {}};
  const std::optional<std::string> in_file = config_account(integration, account);
  for (const CredentialField& field : fields) {
    auto found = lookup(integration, account, in_file, field, resolved);
    if (!found) {
      if (field.required) resolved.missing.push_back(field.key);
      continue;
    }
    if (field.secret) resolved.secret_values.push_back(found->first);
    resolved.sources[field.key] = found->second;
    resolved.values[field.key] = std::move(found->first);
  }
  return resolved;
}

std::vector<std::string> CredentialResolver::accounts(std::string_view integration) const {
  std::vector<std::string> names = {std::string(kDefaultAccount)};
  // The environment names already listed: one set, so that listing n accounts stays O(n log n).
  std::set<std::string> env_names = {env_name_part(kDefaultAccount)};
  for (const std::string& name : config_.account_names(integration)) {
    if (env_names.insert(env_name_part(name)).second) names.push_back(name);
  }
  for (const std::string& name : store_.account_names(integration)) {
    if (env_names.insert(env_name_part(name)).second) names.push_back(name);
  }
  for (std::string& name : accounts_in_environment(integration, env_)) {
    if (env_names.insert(env_name_part(name)).second) names.push_back(std::move(name));
  }
  return names;
}

bool CredentialResolver::is_enabled(std::string_view integration,
                                    const std::vector<CredentialField>& fields) const {
  if (std::optional<bool> flag = config_.enabled_flag(integration)) return *flag;
  if (config_.has_accounts(integration) || store_.has_accounts(integration)) return true;
  for (const std::string& account : accounts(integration)) {
    const ResolvedCredentials resolved = resolve(integration, account, fields);
    const bool from_env = std::any_of(
        resolved.sources.begin(), resolved.sources.end(),
        [](const auto& entry) { return entry.second == CredentialSource::kEnvironment; });
    if (resolved.complete() && from_env) return true;
  }
  return false;
}

std::optional<std::string> CredentialResolver::unavailable_reason(
    std::string_view integration, std::string_view account,
    const std::vector<CredentialField>& fields) const {
  if (config_.enabled_flag(integration) == false) return disabled_message(integration);
  const ResolvedCredentials resolved = resolve(integration, account, fields);
  if (resolved.config_problem) return resolved.config_problem;
  if (!resolved.complete()) {
    return missing_credentials_message(integration, account, resolved.missing);
  }
  // Complete from declared defaults alone, with nothing configured anywhere.
  if (!is_enabled(integration, fields)) return disabled_message(integration);
  return std::nullopt;
}

std::string missing_credentials_message(std::string_view integration, std::string_view account,
                                        const std::vector<std::string>& missing) {
  const bool default_account = account == kDefaultAccount;
  std::string list, variables, command = "kosmo integrations:configure " + std::string(integration);
  if (!default_account) command += " --account " + std::string(account);
  for (size_t i = 0; i < missing.size(); ++i) {
    const std::string& field = missing[i];
    list += (i == 0 ? "" : ", ") + field;
    variables += (i == 0                    ? ""
                  : i + 1 == missing.size() ? " and "
                                            : ", ") +
                 (default_account ? default_account_env_var(integration, field)
                                  : account_env_var(integration, account, field));
    command += " --set " + field + "=VALUE";
  }
  // The fix is named in full (both ways to give the values), so nobody has to look up the
  // variable names or the configure syntax.
  return "Integration '" + std::string(integration) +
         "' is missing required credentials for account '" + std::string(account) + "': " + list +
         ". Set " + variables + ", or run: " + command;
}

std::string disabled_message(std::string_view integration) {
  const std::string name(integration);
  return "Integration '" + name + "' is disabled. Enable it with: kosmo integrations:configure " +
         name + " --enable";
}

}  // namespace kosmo::config
