#include "lib/cli/integrations_schema_command.h"

#include <spdlog/spdlog.h>

#include <memory>
#include <string>

#include "lib/cli/catalog_lookup.h"
#include "lib/cli/command_context.h"
#include "lib/cli/command_output.h"
#include "lib/integrations/function_schema.h"
#include "lib/cli/run_flag_options.h"
#include "lib/common/error_codes.h"

namespace kosmo::cli {
namespace {

constexpr const char kFooter[] =
    R"(FUNCTION: "sinch.get_group", the slug "sinch_get_group", "sinch.sinch_get_group",
an alias ("anthropic.list_workspaces"), or a bare short name when only one integration has it.

Without --json, stdout is the function's input JSON Schema and nothing else (KosmoKrator's
output, ready for jq); a note about an undocumented endpoint goes to stderr.

Examples:
  kosmo integrations:schema sinch.get_group
  kosmo integrations:schema sinch.send_sms | jq -r '.required[]'
  kosmo integrations:schema sinch_send_sms --json | jq .schema

JSON (--json):
  {"success": true, "error": null, "error_code": null,
   "integration": "sinch", "name": "sinch.get_group", "slug": "sinch_get_group",
   "aliases": [], "description": "...", "operation": "read", "method": "GET",
   "path": "/groups/{group_id}", "endpoint": "documented", "endpoint_note": null,
   "schema": {"type": "object", "properties": {"group_id": {"type": "string", ...}},
              "required": ["group_id"], "additionalProperties": false}}
  "endpoint" is "undocumented" when the vendor does not document the endpoint the function
  calls (it may change or disappear without notice); "endpoint_note" then says why it is kept.
  An unknown function fails with error_code "usage" (exit 2): "Unknown integration function:
  sinch.get_grop. Did you mean: sinch.get_group?" (on stderr without --json).
)";

struct SchemaOptions {
  std::string function;
  bool json = false;
};

// The endpoint's standing, in the payload and as one warning line ("" when documented).
std::string add_endpoint(const integrations::Manifest& manifest,
                         const integrations::Function& function, CommandOutput& out) {
  auto& allocator = out.allocator();
  const bool undocumented = function.undocumented_endpoint;
  out.payload().AddMember("endpoint", out.string(undocumented ? "undocumented" : "documented"),
                          allocator);
  rapidjson::Value note;
  if (undocumented) note = out.string(function.endpoint_note);
  out.payload().AddMember("endpoint_note", note, allocator);
  if (!undocumented) return "";
  return "Endpoint not documented by " + manifest.label + ": " + function.endpoint_note + "\n";
}

int run_schema(const SchemaOptions& options) {
  CommandOutput out(options.json);
  CommandContext context;
  if (auto failure = context.unusable(true)) return out.fail(*failure);
  std::string error;
  const auto found = find_function(*context.catalog(), options.function, error);
  if (!found) return out.fail(error, ErrorCode::kUsage);
  const integrations::Manifest& manifest = *found->manifest;
  const integrations::Function& function = *found->function;
  const std::string name = manifest.name + "." + function.name;

  rapidjson::Value& payload = out.payload();
  auto& allocator = out.allocator();
  payload.AddMember("integration", out.string(manifest.name), allocator);
  payload.AddMember("name", out.string(name), allocator);
  payload.AddMember("slug", out.string(function.slug), allocator);
  rapidjson::Value aliases(rapidjson::kArrayType);
  for (const std::string& alias : function.aliases) aliases.PushBack(out.string(alias), allocator);
  payload.AddMember("aliases", aliases, allocator);
  payload.AddMember("description", out.string(function.description), allocator);
  payload.AddMember("operation", out.string(config::operation_name(function.operation)), allocator);
  payload.AddMember("method", out.string(function.method), allocator);
  payload.AddMember("path", out.string(function.path), allocator);
  const std::string endpoint = add_endpoint(manifest, function, out);
  // stdout carries the schema alone, so the note goes to stderr.
  if (!options.json && !endpoint.empty())
    spdlog::warn("{}", endpoint.substr(0, endpoint.size() - 1));
  rapidjson::Value schema = integrations::function_schema(function, allocator);
  const std::string text = pretty_json(schema) + "\n";
  payload.AddMember("schema", schema, allocator);
  return out.succeed(text);
}

}  // namespace

std::function<int()> define_integrations_schema(CLI::App& app) {
  auto options = std::make_shared<SchemaOptions>();
  app.add_option("function", options->function, "Function name, e.g. sinch.get_group")->required();
  add_json_flag(app, options->json);
  app.footer(std::string(kFooter) + "\n" + exit_code_summary());
  return [options] { return run_schema(*options); };
}

}  // namespace kosmo::cli
