#include "lib/gateway/upstream_content.h"

#include <spdlog/spdlog.h>

#include "lib/common/json_parse.h"
#include "lib/common/json_text.h"
#include "lib/gateway/tool_names.h"
#include "lib/gateway/upstream_selection.h"

namespace kosmo::gateway {
namespace {

using json::string_member;
using json::text;

Failure upstream_failure(const mcp::McpFailure& failure) {
  return Failure{mcp::error_code_of(failure.kind), failure.message};
}

}  // namespace

UpstreamContent::UpstreamContent(mcp::McpRuntime& runtime, GatewayProfile profile,
                                 const http::Redactor* redactor)
    : runtime_(runtime),
      profile_(std::move(profile)),
      redactor_(redactor),
      servers_(selected_servers(runtime.servers(), profile_.upstreams)) {}

mcp::Session* UpstreamContent::session_of(const mcp::ServerConfig& server) {
  mcp::McpOutcome<mcp::Session*> live = runtime_.session(server);
  if (!live) {
    if (warned_.insert(server.name).second) {
      spdlog::warn("MCP server '{}' is not proxied: {}", server.name, live.error().message);
    }
    return nullptr;
  }
  return *live;
}

rapidjson::Document UpstreamContent::redacted(const rapidjson::Document& document) const {
  rapidjson::Document copy;
  if (redactor_ == nullptr || redactor_->empty()) {
    copy.CopyFrom(document, copy.GetAllocator());
    return copy;
  }
  std::string clean = redactor_->redact(json::compact_text(document));
  // parse_json keeps the numbers exact through the round trip.
  if (parse_json(clean, copy).IsError()) {
    copy.CopyFrom(document, copy.GetAllocator());  // never: redaction keeps JSON
  }
  return copy;
}

void UpstreamContent::list_resources(rapidjson::Value& resources,
                                     rapidjson::Document::AllocatorType& allocator) {
  if (!profile_.expose_resources) return;
  for (const mcp::ServerConfig* server : servers_) {
    mcp::Session* session = session_of(*server);
    if (session == nullptr) continue;
    mcp::McpOutcome<rapidjson::Document> listed = session->list_resources();
    if (!listed) {
      spdlog::warn("MCP server '{}': resources/list failed: {}", server->name,
                   listed.error().message);
      continue;
    }
    rapidjson::Document clean = redacted(*listed);
    if (!clean.IsArray()) continue;
    for (auto& resource : clean.GetArray()) {
      std::string uri = string_member(resource, "uri");
      if (uri.empty()) continue;
      rapidjson::Value entry(resource, allocator);
      entry.RemoveMember("uri");
      entry.AddMember("uri", text(gateway_resource_uri(server->name, uri), allocator), allocator);
      if (string_member(resource, "name").empty()) {
        entry.RemoveMember("name");
        entry.AddMember("name", text(server->name + ": " + uri, allocator), allocator);
      }
      resources.PushBack(entry, allocator);
    }
  }
}

Outcome<rapidjson::Document> UpstreamContent::read_resource(std::string_view uri) {
  std::optional<ResourceAddress> address = parse_gateway_resource_uri(uri);
  const mcp::ServerConfig* server =
      address && profile_.expose_resources ? server_for_space(servers_, address->server) : nullptr;
  if (server == nullptr) {
    return Failure{ErrorCode::kUsage, "Unknown resource: " + std::string(uri)};
  }
  mcp::McpOutcome<mcp::Session*> live = runtime_.session(*server);
  if (!live) return upstream_failure(live.error());
  mcp::McpOutcome<rapidjson::Document> read = (*live)->read_resource(address->uri);
  if (!read) return upstream_failure(read.error());
  rapidjson::Document result = redacted(*read);
  // The contents name the gateway's URI, so a client can match them to what it asked for.
  if (result.IsObject() && result.HasMember("contents") && result["contents"].IsArray()) {
    for (auto& content : result["contents"].GetArray()) {
      if (!content.IsObject()) continue;
      std::string inner = string_member(content, "uri");
      if (inner.empty()) continue;
      content.RemoveMember("uri");
      content.AddMember("uri", text(gateway_resource_uri(server->name, inner), result.GetAllocator()),
                        result.GetAllocator());
    }
  }
  return result;
}

void UpstreamContent::list_prompts(rapidjson::Value& prompts,
                                   rapidjson::Document::AllocatorType& allocator) {
  if (!profile_.expose_prompts) return;
  for (const mcp::ServerConfig* server : servers_) {
    mcp::Session* session = session_of(*server);
    if (session == nullptr) continue;
    mcp::McpOutcome<rapidjson::Document> listed = session->list_prompts();
    if (!listed) {
      spdlog::warn("MCP server '{}': prompts/list failed: {}", server->name,
                   listed.error().message);
      continue;
    }
    rapidjson::Document clean = redacted(*listed);
    if (!clean.IsArray()) continue;
    for (auto& prompt : clean.GetArray()) {
      std::string name = string_member(prompt, "name");
      if (name.empty()) continue;
      rapidjson::Value entry(prompt, allocator);
      entry.RemoveMember("name");
      entry.AddMember("name", text(upstream_tool_name(server->name, name), allocator), allocator);
      prompts.PushBack(entry, allocator);
    }
  }
}

Outcome<rapidjson::Document> UpstreamContent::get_prompt(std::string_view name,
                                                         const rapidjson::Value& arguments) {
  std::optional<ParsedToolName> parsed = parse_tool_name(name);
  const mcp::ServerConfig* server =
      parsed && parsed->kind == ParsedToolName::Kind::kMcp && profile_.expose_prompts
          ? server_for_space(servers_, parsed->space)
          : nullptr;
  if (server == nullptr) return Failure{ErrorCode::kUsage, "Unknown prompt: " + std::string(name)};
  mcp::McpOutcome<mcp::Session*> live = runtime_.session(*server);
  if (!live) return upstream_failure(live.error());
  mcp::McpOutcome<rapidjson::Document> listed = (*live)->list_prompts();
  if (!listed) return upstream_failure(listed.error());
  std::string upstream_name;
  if (listed->IsArray()) {
    for (const auto& prompt : listed->GetArray()) {
      std::string candidate = string_member(prompt, "name");
      if (!candidate.empty() && identifier(candidate) == parsed->function) {
        upstream_name = candidate;
        break;
      }
    }
  }
  if (upstream_name.empty()) return Failure{ErrorCode::kUsage, "Unknown prompt: " + std::string(name)};
  rapidjson::Value empty(rapidjson::kObjectType);
  mcp::McpOutcome<rapidjson::Document> got =
      (*live)->get_prompt(upstream_name, arguments.IsObject() ? arguments : empty);
  if (!got) return upstream_failure(got.error());
  return redacted(*got);
}

}  // namespace kosmo::gateway
