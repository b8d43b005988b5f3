#pragma once
// config.yaml: per-integration enablement, permissions and account credentials, the
// fingerprints of trusted project MCP servers, and sealed MCP secrets.
//
//   integrations:
//     sinch:
//       enabled: true
//       permissions: { read: allow, write: ask }
//       accounts:
//         default: { service_plan_id: "abc", api_token: "${SINCH_TOKEN}" }
//   mcp:
//     trusted: { server-name: "<sha256 fingerprint>" }
//     secrets: { mcp.github.env.GITHUB_TOKEN: "enc:v1:..." }
//
// The parsed YAML document is the source of truth for reads. Saving edits the loaded text in
// place (yaml_edit.h), so comments, blank lines, key order, quoting, anchors and sections this
// class does not know are kept, in a file KosmoKrator shares; only when an edit cannot be made
// in place is the document written whole (comments lost). Values are returned raw; `${NAME}`
// references are resolved by CredentialResolver at call time, not here.
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lib/config/permission.h"
#include "lib/config/yaml_edit.h"

namespace YAML {
class Node;
}

namespace kosmo::config {

class ConfigIndex;

class KosmoConfig {
 public:
  KosmoConfig();  // empty, not tied to a file
  ~KosmoConfig();
  KosmoConfig(const KosmoConfig& other);
  KosmoConfig& operator=(const KosmoConfig& other);
  KosmoConfig(KosmoConfig&& other) noexcept;
  KosmoConfig& operator=(KosmoConfig&& other) noexcept;

  // Reads and validates `file`. A missing file is an empty config; an unreadable or malformed
  // one throws ConfigError naming the file (and the key path and line when there is one).
  static KosmoConfig load(const std::filesystem::path& file);
  // The same from text; `file` is only used in error messages and as the default save target.
  static KosmoConfig parse(std::string_view yaml, const std::filesystem::path& file);

  // Writes the document atomically with mode 0600 (it holds secrets). Throws AtomicWriteError.
  void save(const std::filesystem::path& file) const;
  void save() const { save(file_); }  // to the file it was loaded from
  std::string to_yaml() const;
  // What save() writes: the loaded text with the changes made in place, or, when one cannot be,
  // the whole document.
  std::string saved_text() const;
  const std::filesystem::path& file() const { return file_; }

  // --- integrations ---
  std::vector<std::string> integration_names() const;  // in file order
  bool has_integration(std::string_view integration) const;
  std::optional<bool> enabled_flag(std::string_view integration) const;  // nullopt: not set
  // KosmoKrator's own keys (kosmo.integrations.*, kosmo.mcp.*; kosmokrator_keys.h) win over
  // kosmo's where both are set, as they do in KosmoKrator.
  std::optional<Permission> permission(std::string_view integration, Operation operation) const;
  // kosmo.integrations.permissions_default (kosmo.mcp.permissions_default for "mcp.<server>").
  std::optional<Permission> default_permission(std::string_view key) const;
  std::vector<std::string> account_names(std::string_view integration) const;  // in file order
  bool has_accounts(std::string_view integration) const;  // account_names() is not empty
  bool has_account(std::string_view integration, std::string_view account) const;
  // The raw text of a field; nullopt when absent or null.
  std::optional<std::string> account_value(std::string_view integration, std::string_view account,
                                           std::string_view field) const;
  std::map<std::string, std::string> account_values(std::string_view integration,
                                                    std::string_view account) const;

  // Mutators for `integrations:configure`. They write kosmo's keys, and KosmoKrator's too where
  // the file already has them. Names must be non-empty; account names must also
  // satisfy is_valid_account_name (credential_env.h). Violations throw std::invalid_argument,
  // which is a usage error upstream, not a config error.
  void set_enabled(std::string_view integration, bool enabled);
  void set_permission(std::string_view integration, Operation operation, Permission permission);
  void set_account_value(std::string_view integration, std::string_view account,
                         std::string_view field, std::string_view value);
  // Returns whether the field existed.
  bool remove_account_value(std::string_view integration, std::string_view account,
                            std::string_view field);

  // --- MCP trust (`mcp:trust`). Only the user's config is consulted for trust: a project's own
  // config must never be able to trust its servers. ---
  std::optional<std::string> trusted_fingerprint(std::string_view server) const;
  std::map<std::string, std::string> trusted_servers() const;
  // `kosmo.mcp.allow_force_bypass` (KosmoKrator's key), else `mcp.allow_force_bypass`, as
  // written (a scalar), or nullopt (config::mcp_force_opt_in).
  std::optional<std::string> mcp_allow_force_bypass() const;
  // The bearer token `mcp:serve --http` requires: `kosmo.mcp_gateway.http.token`, else
  // `mcp_gateway.http.token` (KosmoKrator's key order), raw (a `${NAME}` is resolved by the
  // caller); nullopt when unset or not a scalar.
  std::optional<std::string> mcp_gateway_http_token() const;
  void set_trusted_fingerprint(std::string_view server, std::string_view fingerprint);
  bool remove_trusted(std::string_view server);  // returns whether it was trusted

  // --- MCP secrets (`mcp:secret:*`): mcp.secrets.<reference>, the reference spelled as
  // KosmoKrator's McpSecretStore keys it ("mcp.github.env.GITHUB_TOKEN"), the value sealed
  // (enc:v1:). An entry's env or header value "@secret:<reference>" or
  // "${KOSMO_SECRET:<reference>}" is replaced by it when the server starts. ---
  std::map<std::string, std::string> mcp_secrets() const;
  void set_mcp_secret(std::string_view reference, std::string_view sealed);
  bool remove_mcp_secret(std::string_view reference);  // returns whether it was there

  // --- sections kosmo reads without owning (the gateway's profiles, mcp_gateway.profiles.*):
  // the node at `keys`, one mapping key per step; an undefined node (IsDefined() false) when a
  // step is missing or the node before it is not a mapping. ---
  YAML::Node lookup(const std::vector<std::string>& keys) const;

 private:
  explicit KosmoConfig(YAML::Node root, std::filesystem::path file);
  // After every change to the document: the index holds handles into it. `edit` is the same
  // change, to be made to the text on save.
  void changed(YamlEdit edit);
  void reindex();
  // Removes mcp.<section>.<key>; returns whether it was there.
  bool remove_mcp_key(const char* section, std::string_view key);
  std::optional<std::string> edited_text() const;

  std::unique_ptr<YAML::Node> root_;
  std::unique_ptr<ConfigIndex> index_;  // lookups by name, see config_index.h
  std::filesystem::path file_;
  std::string source_text_;      // as loaded; empty for a new file
  std::vector<YamlEdit> edits_;  // the changes since, in order
};

}  // namespace kosmo::config
