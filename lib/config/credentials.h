#pragma once
// Which credentials an integration call uses, from the environment, config.yaml and
// KosmoKrator's settings database, and whether the integration may be called at all.
//
// Precedence for one field of one account, first non-empty value wins:
//   1. KOSMO_<INTEGRATION>__<ACCOUNT>__<FIELD>   (the most specific name)
//   2. KOSMO_<INTEGRATION>_<FIELD>               (default account only)
//   3. config.yaml accounts.<account>.<field>, with `${NAME}` / `${NAME:-default}` expanded now;
//      an `enc:v1:` value (KosmoKrator's CredentialCipher, credential_cipher.h) decrypted now
//   4. KosmoKrator's settings database (kosmokrator_store.h), `enc:v1:` decrypted the same way:
//      the lowest of the stored sources, so that what a user sets for kosmo (environment,
//      config.yaml) always wins over what KosmoKrator kept
//   5. the field's declared default
// An empty or whitespace-only value counts as absent everywhere, as the reference's "is
// configured" checks (IntegrationManager: trim($value) === '') do.
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lib/config/credential_key.h"
#include "lib/config/environment.h"
#include "lib/config/kosmo_config.h"
#include "lib/config/kosmokrator_store.h"

namespace kosmo::config {

// One credential an integration declares in its manifest.
struct CredentialField {
  std::string key;
  bool required = true;
  bool secret = false;
  std::optional<std::string> default_value;
  std::string label = {};  // for people: docs and status output
  std::string description = {};
};

enum class CredentialSource { kEnvironment, kConfig, kKosmokratorStore, kDefault };

struct ResolvedCredentials {
  std::string integration;
  std::string account;
  std::map<std::string, std::string> values;        // declared fields that have a value
  std::map<std::string, CredentialSource> sources;  // where each value came from
  std::vector<std::string> missing;                 // required fields without one, in order
  std::vector<std::string> secret_values;  // values of secret fields and the key, for redaction
  // A stored `enc:v1:` value that cannot be decrypted (no key, another key, damaged): a
  // config_error naming the field and integration, never the ciphertext or the key. The field
  // is also listed in `missing` when required.
  std::optional<std::string> config_problem;

  bool complete() const { return missing.empty(); }
};

// Holds references: `config` and `env` must outlive the resolver.
class CredentialResolver {
 public:
  CredentialResolver(const KosmoConfig& config, const Environment& env)
      : config_(config), env_(env), store_(kosmokrator_store(env)) {}

  // Only declared fields are resolved: other keys in the account are not passed on.
  ResolvedCredentials resolve(std::string_view integration, std::string_view account,
                              const std::vector<CredentialField>& fields) const;

  // `default` first, then the accounts in config.yaml (file order), then those in KosmoKrator's
  // database (stored order), then accounts only named in the environment (lower-cased, sorted). An
  // environment account that names a config account (KOSMO_SINCH__WORK__… for `work` or `Work`) is
  // not listed twice.
  std::vector<std::string> accounts(std::string_view integration) const;

  // Explicit `enabled: false` → false; `enabled: true` → true; otherwise true when the file
  // or KosmoKrator's database has accounts for it, or when some account has every required field
  // through the environment (defaults fill the rest, but at least one value must come from the
  // environment, so an integration nobody mentioned is never enabled by its defaults alone).
  bool is_enabled(std::string_view integration, const std::vector<CredentialField>& fields) const;

  // Why a call through `account` cannot be made, as the not_configured error message; nullopt
  // when it can. Disabled first, then missing required credentials.
  std::optional<std::string> unavailable_reason(std::string_view integration,
                                                std::string_view account,
                                                const std::vector<CredentialField>& fields) const;

 private:
  // The spelling `account` has in config.yaml: itself, or the account with the same
  // environment name ("work" finds "Work"); nullopt when the file has no such account.
  std::optional<std::string> config_account(std::string_view integration,
                                            std::string_view account) const;
  std::optional<std::pair<std::string, CredentialSource>> lookup(
      std::string_view integration, std::string_view account,
      const std::optional<std::string>& config_account, const CredentialField& field,
      ResolvedCredentials& resolved) const;

  // The plaintext of a value stored in `file`, decrypting `enc:v1:`; nullopt (and
  // `resolved.config_problem` set) when it cannot be decrypted.
  std::optional<std::string> plain_config_value(const std::string& raw,
                                                const std::filesystem::path& file,
                                                const CredentialField& field,
                                                ResolvedCredentials& resolved) const;
  // Looked up once per resolver, and only when some value is encrypted.
  const std::optional<CredentialKey>& key(std::string* problem) const;

  const KosmoConfig& config_;
  const Environment& env_;
  const KosmokratorStore& store_;
  mutable std::optional<std::optional<CredentialKey>> key_;
  mutable std::string key_problem_;
};

// "Integration 'sinch' is missing required credentials for account 'default': api_token. Set
// KOSMO_SINCH_API_TOKEN, or run: kosmo integrations:configure sinch --set api_token=VALUE"
std::string missing_credentials_message(std::string_view integration, std::string_view account,
                                        const std::vector<std::string>& missing);
// "Integration 'sinch' is disabled. Enable it with: kosmo integrations:configure sinch --enable"
std::string disabled_message(std::string_view integration);

}  // namespace kosmo::config
