#include "lib/cli/mcp_server_check.h"

#include "lib/cli/mcp_command_support.h"
#include "lib/cli/mcp_server_read.h"
#include "lib/mcp/helper_rows.h"
#include "lib/mcp/trust.h"
#include "lib/oauth/token_store.h"

namespace kosmo::cli {
namespace {

// The check's keys, filled in for a server that was not asked or did not answer.
rapidjson::Value empty_check(const char* state, rapidjson::Document::AllocatorType& allocator) {
  rapidjson::Value check(rapidjson::kObjectType);
  check.AddMember("state", rapidjson::StringRef(state), allocator);
  check.AddMember("ready", false, allocator);
  check.AddMember("problem", rapidjson::Value(), allocator);
  check.AddMember("error_code", rapidjson::Value(), allocator);
  check.AddMember("protocol_version", rapidjson::Value(), allocator);
  check.AddMember("server_info", rapidjson::Value(), allocator);
  check.AddMember("capabilities", rapidjson::Value(rapidjson::kArrayType), allocator);
  return check;
}

}  // namespace

rapidjson::Value ServerChecker::row(const mcp::ServerConfig& server, std::string& text) {
  auto& allocator = out_.allocator();
  const config::PermissionPolicy policy = context_.config().policy();
  rapidjson::Value json = mcp::server_row(server, context_.config().user(), policy, allocator);
  json.AddMember("status", rapidjson::StringRef(server.enabled ? "configured" : "disabled"),
                 allocator);
  const char* trust = trust_text(mcp::trust_of(server, context_.config().user()));
  json.AddMember("trust", rapidjson::StringRef(trust), allocator);
  json.AddMember("oauth", oauth_status(server), allocator);
  std::string line;
  json.AddMember("check", check(server, line), allocator);
  text += server.name + ": " + line + "\n";
  return json;
}

// What kosmo holds for an HTTP server from mcp:login or an earlier run: null for stdio servers
// and "oauth": false; never a token.
rapidjson::Value ServerChecker::oauth_status(const mcp::ServerConfig& server) {
  auto& allocator = out_.allocator();
  if (server.transport == nullptr || server.transport->starts_process || server.oauth.disabled) {
    return rapidjson::Value();
  }
  rapidjson::Value json(rapidjson::kObjectType);
  const oauth::TokenStore store(oauth::token_store_file(context_.environment()),
                                context_.environment());
  Outcome<std::optional<oauth::StoredAuthorization>> stored = store.load(server.name);
  const oauth::StoredAuthorization* held =
      stored && *stored && (*stored)->server_url == server.url ? &**stored : nullptr;
  json.AddMember("authorized", held != nullptr, allocator);
  if (!stored) json.AddMember("problem", out_.string(stored.error().message), allocator);
  if (held == nullptr) return json;
  json.AddMember("grant", out_.string(held->grant), allocator);
  json.AddMember("issuer", out_.string(held->issuer), allocator);
  json.AddMember("scope", out_.string(held->tokens.scope), allocator);
  if (held->tokens.expires_at != 0) {
    json.AddMember("expires_at", held->tokens.expires_at, allocator);
  } else {
    json.AddMember("expires_at", rapidjson::Value(), allocator);
  }
  json.AddMember("refresh_token", !held->tokens.refresh_token.empty(), allocator);
  return json;
}

rapidjson::Value ServerChecker::not_started(const char* state, const std::string& problem,
                                            std::string& line) {
  rapidjson::Value json = empty_check(state, out_.allocator());
  if (!problem.empty()) json["problem"] = out_.string(problem);
  line = std::string(state) + (problem.empty() ? "" : " (" + problem + ")");
  return json;
}

rapidjson::Value ServerChecker::check(const mcp::ServerConfig& server, std::string& line) {
  if (!start_) return not_started("not checked", "", line);
  if (!server.enabled) return not_started("disabled", "the server is disabled", line);
  const mcp::Trust trust = mcp::trust_of(server, context_.config().user());
  if (trust == mcp::Trust::kUntrusted || trust == mcp::Trust::kChanged) {
    return not_started(trust_text(trust),
                       "review the entry, then run kosmo mcp:trust " + server.name, line);
  }
  auto& allocator = out_.allocator();
  mcp::McpOutcome<mcp::Session*> session = runtime_.session(server);
  mcp::McpCheck failure;
  if (session) {
    failure = (*session)->initialize();
  } else {
    failure = session.error();
  }
  if (failure) {
    const std::string problem = context_.redactor().redact(failure->message);
    rapidjson::Value json = not_started("failed", problem, line);
    json["error_code"] = out_.string(error_code_name(mcp::error_code_of(failure->kind)));
    return json;
  }
  mcp::Session& live = **session;
  rapidjson::Value json = empty_check("ready", allocator);
  json["ready"] = true;
  json["protocol_version"] = out_.string(live.protocol_version());
  const rapidjson::Document& info = live.server_info();
  std::string described = "ready, protocol " + live.protocol_version();
  if (info.IsObject() && info.HasMember("serverInfo") && info["serverInfo"].IsObject()) {
    json["server_info"].CopyFrom(info["serverInfo"], allocator);
    const std::string name = member_text(info["serverInfo"], "name");
    if (!name.empty()) {
      described += ", " + name + " " + member_text(info["serverInfo"], "version");
    }
  }
  if (info.IsObject() && info.HasMember("capabilities") && info["capabilities"].IsObject()) {
    for (const auto& capability : info["capabilities"].GetObject()) {
      json["capabilities"].PushBack(rapidjson::Value(capability.name, allocator), allocator);
    }
  }
  line = described;
  return json;
}

}  // namespace kosmo::cli
