#pragma once
// One MCP server entry as written in an mcp.json file: parsing, the trust fingerprint, and the
// identifier sanitiser used for Lua names.
//
// Values are kept exactly as written (`${NAME}` references unexpanded): the fingerprint must
// describe what the user reviewed, not what the environment happens to hold. config_expansion.h
// produces the copy a transport runs with.
#include <rapidjson/document.h>

#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "lib/common/outcome.h"
#include "lib/mcp/sampling.h"
#include "lib/mcp/transport_registry.h"
#include "lib/oauth/oauth_settings.h"

namespace kosmo::mcp {

inline constexpr double kDefaultTimeoutSeconds = 30;

struct ServerConfig {
  std::string name;  // the key in the file, as written
  // From transport_registry.h: "stdio" ("local", or no type and no url), "http"
  // ("streamable-http", or no type and a url); nullptr for anything else ("sse", "ws", ...):
  // loadable and listable, but not startable.
  const TransportKind* transport = transport_for("", false);
  std::string type;  // as written; "" when absent (messages name it for unsupported transports)
  std::string command;
  std::vector<std::string> args;
  std::map<std::string, std::string> env;
  std::string cwd;  // as written; "" = the child inherits kosmo's working directory
  // kosmo's addition: the directories offered to the server as its MCP roots, as written (a
  // relative one resolves like cwd); empty: the run's working directory.
  std::vector<std::string> roots;
  std::string url;
  std::map<std::string, std::string> headers;
  // kosmo's addition: how to authorize with an OAuth-protected HTTP server (oauth_settings.h);
  // not part of the trust fingerprint, like `roots`.
  oauth::OAuthSettings oauth;
  // kosmo's addition: whether the server may ask for sampling, answered through the run's
  // Anthropic account (sampling.h). Part of the trust fingerprint when enabled: it lets the
  // server spend the account.
  SamplingSettings sampling;
  bool enabled = true;
  double timeout_s = kDefaultTimeoutSeconds;  // per request, initialize included

  // Provenance, filled by the loader.
  std::filesystem::path source_file;
  std::string source_label;   // "global-legacy", "global", "project-vscode", "project-cursor", ...
  std::string source_schema;  // the file's server map key: "mcpServers" or "servers" (VS Code)
  bool from_project = false;  // project files need trust before the server is started
  std::filesystem::path base_dir;  // a relative `cwd` resolves against this

  // The working directory to start the process in: "" (inherit), `cwd` when absolute, else
  // base_dir / cwd.
  std::filesystem::path resolved_cwd() const;
  // `roots`, each resolved as resolved_cwd() resolves `cwd`.
  std::vector<std::filesystem::path> resolved_roots() const;
};

// Parses one entry of a server map. A field of the wrong shape fails with a short problem
// description ("\"args\" must be an array of strings"); unknown keys (other clients'
// `alwaysAllow`, `description`, ...) are ignored.
Outcome<ServerConfig, std::string> parse_server_entry(std::string_view name,
                                                      const rapidjson::Value& entry);

// "stdio", "http", or an unsupported type as written ("sse").
std::string transport_name(const ServerConfig& config);

// The canonical JSON of the fields that decide what runs: type (normalised: "stdio", "http", or
// the unsupported type as written), command, args, env, cwd, url, headers, in that order, map keys
// sorted, values unexpanded; then `sampling` when it is allowed (so allowing it needs trust again,
// and entries without it keep the fingerprints they had). `enabled` and `timeout` are left out, so
// disabling and re-enabling a server or tuning its timeout keeps its trust.
std::string canonical_json(const ServerConfig& config);

// SHA-256 hex of canonical_json: what `mcp:trust` stores and what is compared before a project
// server may start.
std::string fingerprint(const ServerConfig& config);

// Spec §9: lower-cased, every character outside [a-z0-9_] replaced by '_' (so `get-sum` →
// `get_sum`, `My Server` → `my_server`). Surrounding whitespace is trimmed first. Each byte of a
// multi-byte character becomes its own '_'. Collisions are the caller's to detect.
std::string sanitize_name(std::string_view name);

}  // namespace kosmo::mcp
