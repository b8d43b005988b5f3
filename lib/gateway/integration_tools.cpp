#include "lib/gateway/integration_tools.h"

#include <algorithm>

#include "lib/common/error_codes.h"
#include "lib/common/json_text.h"
#include "lib/gateway/tool_names.h"
#include "lib/gateway/tool_result_format.h"
#include "lib/integrations/function_schema.h"

namespace kosmo::gateway {
namespace {

using json::text;

bool is_blank(const std::string& value) {
  return std::all_of(value.begin(), value.end(),
                     [](unsigned char c) { return c == ' ' || (c >= '\t' && c <= '\r'); });
}

}  // namespace

rapidjson::Value function_annotations(const integrations::Function& function,
                                      rapidjson::Document::AllocatorType& allocator) {
  const bool read = !function.is_write();
  // A read changes nothing; a write may (MCP's default for a non-read tool is destructive, and
  // KosmoKrator marks every write so). PUT and DELETE name their target, so repeating one has
  // no further effect; POST creates or sends again. Every function talks to a vendor's API: an
  // open world.
  const bool idempotent = read || function.method == "PUT" || function.method == "DELETE";
  rapidjson::Value annotations(rapidjson::kObjectType);
  annotations.AddMember("readOnlyHint", read, allocator);
  annotations.AddMember("destructiveHint", !read, allocator);
  annotations.AddMember("idempotentHint", idempotent, allocator);
  annotations.AddMember("openWorldHint", true, allocator);
  return annotations;
}

IntegrationTools::IntegrationTools(IntegrationToolSources sources, GatewayProfile profile)
    : sources_(std::move(sources)), profile_(std::move(profile)) {}

bool IntegrationTools::selected(const std::string& integration) const {
  const std::string id = identifier(integration);
  return std::any_of(profile_.integrations.begin(), profile_.integrations.end(),
                     [&](const std::string& name) { return name == integration || name == id; });
}

const std::vector<IntegrationTools::Entry>& IntegrationTools::entries() {
  if (resolved_) return entries_;
  resolved_ = true;
  if (profile_.integrations.empty()) return entries_;
  const Outcome<integrations::Catalog>& catalog = sources_.catalog();
  if (!catalog) return entries_;  // a call reports the catalog's failure; the list is empty
  for (const integrations::Manifest& manifest : catalog->integrations()) {
    if (!selected(manifest.name)) continue;
    if (sources_.available && !sources_.available(manifest)) continue;
    for (const integrations::Function& function : manifest.functions) {
      if (function.hidden) continue;
      entries_.push_back({&manifest, &function});
    }
  }
  return entries_;
}

void IntegrationTools::list_tools(rapidjson::Value& tools,
                                  rapidjson::Document::AllocatorType& allocator) {
  for (const Entry& entry : entries()) {
    const integrations::Function& function = *entry.function;
    if (function.is_write() && !profile_.allow_writes) continue;
    rapidjson::Value tool(rapidjson::kObjectType);
    tool.AddMember("name", text(integration_tool_name(entry.manifest->name, function.name), allocator),
                   allocator);
    std::string description =
        is_blank(function.description)
            ? "kosmo " + entry.manifest->name + "." + function.name + " integration."
            : function.description;
    tool.AddMember("description", text(description, allocator), allocator);
    tool.AddMember("inputSchema", integrations::function_schema(function, allocator), allocator);
    tool.AddMember("annotations", function_annotations(function, allocator), allocator);
    tools.PushBack(tool, allocator);
  }
}

bool IntegrationTools::owns(std::string_view name) const {
  std::optional<ParsedToolName> parsed = parse_tool_name(name);
  return parsed && parsed->kind == ParsedToolName::Kind::kIntegration;
}

Outcome<rapidjson::Document> IntegrationTools::call_tool(std::string_view name,
                                                         const rapidjson::Value& arguments,
                                                         const ToolCallControl& control) {
  std::optional<ParsedToolName> parsed = parse_tool_name(name);
  if (!parsed || parsed->kind != ParsedToolName::Kind::kIntegration) {
    return Failure{ErrorCode::kUsage, "Unknown tool: " + std::string(name)};
  }
  if (!arguments.IsObject() && !arguments.IsNull()) {
    return Failure{ErrorCode::kUsage, "Tool arguments must be an object."};
  }
  const size_t max_chars = profile_.max_result_chars;
  const Entry* found = nullptr;
  for (const Entry& entry : entries()) {
    if (identifier(entry.manifest->name) == parsed->space &&
        identifier(entry.function->name) == parsed->function) {
      found = &entry;
      break;
    }
  }
  if (found == nullptr) {
    // As KosmoKrator: a tool of an integration this gateway does not expose says so.
    if (!selected(parsed->space)) {
      return Failure{ErrorCode::kUsage, "Unknown tool: " + std::string(name)};
    }
    const Outcome<integrations::Catalog>& catalog = sources_.catalog();
    if (!catalog) return error_result(catalog.error().message, "config_error", std::nullopt, max_chars);
    return Failure{ErrorCode::kUsage, "Unknown tool: " + std::string(name)};
  }
  const integrations::Function& function = *found->function;
  const std::string full_name = found->manifest->name + "." + function.name;
  if (function.is_write() && !profile_.allow_writes) {
    return error_result("Integration function '" + full_name +
                            "' is write-capable and this gateway has write_policy=deny "
                            "(start mcp:serve with --write allow to expose it).",
                        error_code_name(ErrorCode::kPermissionDenied), std::nullopt, max_chars);
  }
  if (control.is_cancelled()) {
    return error_result("Cancelled.", error_code_name(ErrorCode::kInterrupted), std::nullopt,
                        max_chars);
  }

  lua::CallRequest request;
  request.has_named = true;
  std::string account;
  if (arguments.IsObject()) {
    for (auto it = arguments.MemberBegin(); it != arguments.MemberEnd(); ++it) {
      std::string_view key(it->name.GetString(), it->name.GetStringLength());
      if (key == "_account") {
        // A string, or a whole number (KosmoKrator takes any scalar); anything else is ignored.
        if (it->value.IsString()) {
          account.assign(it->value.GetString(), it->value.GetStringLength());
        } else if (it->value.IsInt64()) {
          account = std::to_string(it->value.GetInt64());
        }
        continue;
      }
      request.named.AddMember(rapidjson::Value(it->name, request.named.GetAllocator()),
                              rapidjson::Value(it->value, request.named.GetAllocator()),
                              request.named.GetAllocator());
    }
  }
  request.path = {"integrations", found->manifest->name};
  if (!account.empty()) request.path.push_back(account);
  request.path.push_back(function.name);

  lua::CallOutcome outcome = sources_.runtime->call(request);
  if (!outcome.ok) {
    return error_result(outcome.error_message, error_code_name(outcome.error_code),
                        outcome.http_status, max_chars);
  }
  return success_result(outcome.data, max_chars);
}

}  // namespace kosmo::gateway
