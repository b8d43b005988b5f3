#pragma once
// Where kosmo keeps what authorizing with an MCP server produced, so that later runs need no
// browser: <kosmo_home>/mcp-oauth.json (mode 0600), one entry per server name, each sealed as
// an `enc:v1:` value with the credential key (credential_key.h, the key integrations:configure
// and mcp:secret:set use), so the file alone reveals nothing.
//
// An entry remembers the server URL it was issued for: tokens are only ever sent to that URL,
// so an entry whose url changes (or a project entry reusing the name) starts from scratch.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "lib/common/outcome.h"
#include "lib/config/environment.h"
#include "lib/oauth/client_authentication.h"
#include "lib/oauth/token_response.h"

namespace kosmo::oauth {

struct StoredAuthorization {
  std::string server_url;
  std::string resource;
  std::string issuer;
  std::string token_endpoint;
  ClientIdentity client;  // the private key is never stored (it stays in the entry)
  TokenSet tokens;
  std::string requested_scope;  // what was asked for (step-ups widen it)
  std::string grant;            // "authorization_code" or "client_credentials"
};

// <kosmo_home>/mcp-oauth.json.
std::filesystem::path token_store_file(const config::Environment& env);

class TokenStore {
 public:
  TokenStore(std::filesystem::path file, const config::Environment& env)
      : file_(std::move(file)), env_(env) {}

  // nullopt when nothing is stored for `server`. Fails (kConfig) when the file is damaged or the
  // entry cannot be unsealed (no key, another key).
  Outcome<std::optional<StoredAuthorization>> load(const std::string& server) const;
  // Replaces `server`'s entry (creating the key file when there is none yet).
  std::optional<Failure> save(const std::string& server, const StoredAuthorization& stored) const;
  // Whether there was an entry to remove.
  Outcome<bool> remove(const std::string& server) const;
  // The servers with an entry, sorted.
  Outcome<std::vector<std::string>> servers() const;

  const std::filesystem::path& file() const { return file_; }

 private:
  std::filesystem::path file_;
  const config::Environment& env_;
};

}  // namespace kosmo::oauth
