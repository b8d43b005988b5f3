#include "lib/mcp/secret_references.h"

#include <map>
#include <optional>
#include <string_view>

#include "lib/config/credential_cipher.h"
#include "lib/config/credential_key.h"

namespace kosmo::mcp {
namespace {

// The reference of a value that is one, else nullopt.
std::optional<std::string> reference_of(std::string_view value) {
  constexpr std::string_view kAt = "@secret:";
  constexpr std::string_view kBrace = "${KOSMO_SECRET:";
  if (value.substr(0, kAt.size()) == kAt) return std::string(value.substr(kAt.size()));
  if (value.substr(0, kBrace.size()) == kBrace && value.size() > kBrace.size() + 1 &&
      value.back() == '}') {
    return std::string(value.substr(kBrace.size(), value.size() - kBrace.size() - 1));
  }
  return std::nullopt;
}

class SecretLookup {
 public:
  SecretLookup(const config::KosmoConfig& user, const config::Environment& env)
      : stored_(user.mcp_secrets()), env_(env) {}

  std::optional<std::string> find(const std::string& reference) {
    const auto it = stored_.find(reference);
    if (it == stored_.end()) return std::nullopt;
    if (!config::is_encrypted_value(it->second)) return it->second;
    if (!key_looked_up_) {
      key_ = config::find_credential_key(env_);
      key_looked_up_ = true;
    }
    if (!key_) return std::nullopt;
    return config::decrypt_credential(it->second, *key_);
  }

 private:
  std::map<std::string, std::string> stored_;
  const config::Environment& env_;
  std::optional<config::CredentialKey> key_;
  bool key_looked_up_ = false;
};

void resolve_value(std::string& value, SecretLookup& lookup, SecretResolution& resolution) {
  const std::optional<std::string> reference = reference_of(value);
  if (!reference) return;
  const std::optional<std::string> secret = lookup.find(*reference);
  value = secret.value_or("");
  if (secret) {
    resolution.inserted.push_back(*secret);
  } else {
    resolution.missing.push_back(*reference);
  }
}

void resolve_map(std::map<std::string, std::string>& values, SecretLookup& lookup,
                 SecretResolution& resolution) {
  for (auto& entry : values) resolve_value(entry.second, lookup, resolution);
}

}  // namespace

SecretResolution resolve_secret_references(ServerConfig& server, const config::KosmoConfig& user,
                                           const config::Environment& env) {
  SecretResolution resolution;
  SecretLookup lookup(user, env);
  resolve_map(server.env, lookup, resolution);
  resolve_map(server.headers, lookup, resolution);
  resolve_value(server.oauth.client_secret, lookup, resolution);
  resolve_value(server.oauth.private_key, lookup, resolution);
  resolve_value(server.oauth.id_token, lookup, resolution);
  resolve_value(server.oauth.idp_client_secret, lookup, resolution);
  return resolution;
}

}  // namespace kosmo::mcp
