#include "lib/cli/mcp_import_command.h"

#include <memory>
#include <string>
#include <vector>

#include "lib/cli/command_output.h"
#include "lib/cli/config_scope.h"
#include "lib/cli/run_flag_options.h"
#include "lib/common/error_codes.h"
#include "lib/common/json_parse.h"
#include "lib/config/config_text.h"
#include "lib/mcp/config_writer.h"
#include "lib/mcp/server_config.h"

namespace kosmo::cli {
namespace {

constexpr const char kFooter[] =
    R"(Reads FILE (JSON or JSONC) and writes each server of its "mcpServers" map (else its VS Code
"servers" map) into $KOSMO_HOME/mcp.json, or the project's .mcp.json with --project. Entries
are copied as written (unknown keys kept) and replace entries of the same name; other entries
are kept. Every entry is checked first: when one is malformed nothing is written. Imported
project servers must be trusted (kosmo mcp:trust NAME) before they start.

Examples:
  kosmo mcp:import .vscode/mcp.json
  kosmo mcp:import ~/Library/Application\ Support/Claude/claude_desktop_config.json --json
  kosmo mcp:import team-servers.json --project

JSON (--json):
  {"success": true, "error": null, "error_code": null, "imported": ["fs", "github"],
   "replaced": ["fs"], "path": "/home/me/.kosmo/mcp.json", "scope": "global"}
  Failures: "usage" (FILE missing, not a JSON object, no server map, a malformed entry),
  "config_error" (the target file cannot be read or written).
)";

struct ImportOptions {
  std::string source;
  ScopeFlags scope;
  bool json = false;
};

// The server map of `document`, or why there is none.
Outcome<const rapidjson::Value*, std::string> server_map(const rapidjson::Document& document) {
  if (!document.IsObject()) return std::string("Input must be a JSON object.");
  for (const char* key : {"mcpServers", "servers"}) {
    auto it = document.FindMember(key);
    if (it != document.MemberEnd() && it->value.IsObject() && it->value.MemberCount() > 0) {
      return &it->value;
    }
  }
  return std::string("No mcpServers or servers object found.");
}

// Reads and checks FILE; returns the usage problem, if any. Every entry must parse.
std::optional<std::string> load_source(const std::string& source, rapidjson::Document& document) {
  const config::ConfigText read = config::read_config_text(source);
  if (read.status == config::ConfigText::Status::kMissing) return "File not found: " + source;
  if (read.status == config::ConfigText::Status::kFailed) {
    return "Cannot read " + source + ": " + read.problem + ".";
  }
  const rapidjson::ParseResult parsed = parse_json(read.text, document, JsonDialect::kJsonc);
  if (parsed.IsError()) {
    return "Cannot import " + source + ": invalid JSON (" + describe_json_error(parsed) + ").";
  }
  auto map = server_map(document);
  if (!map) return map.error();
  for (const auto& member : (*map)->GetObject()) {
    const std::string name(member.name.GetString(), member.name.GetStringLength());
    auto entry = mcp::parse_server_entry(name, member.value);
    if (!entry) return "Cannot import server '" + name + "' from " + source + ": " + entry.error();
  }
  return std::nullopt;
}

int run_import(const ImportOptions& options) {
  CommandOutput out(options.json);
  rapidjson::Document document;
  if (auto problem = load_source(options.source, document)) {
    return out.fail(*problem, ErrorCode::kUsage);
  }
  std::filesystem::path file;
  try {
    file = scope_mcp_file(options.scope);
  } catch (const std::exception& e) {  // no home directory
    return out.fail(e.what(), ErrorCode::kConfig);
  }
  auto& allocator = out.allocator();
  rapidjson::Value imported(rapidjson::kArrayType), replaced(rapidjson::kArrayType);
  std::string names;
  for (const auto& member : (*server_map(document))->GetObject()) {
    const std::string name(member.name.GetString(), member.name.GetStringLength());
    const Outcome<mcp::AddResult> added = mcp::add_server_entry(file, name, member.value, true);
    if (!added) return out.fail(added.error());
    imported.PushBack(out.string(name), allocator);
    if (*added == mcp::AddResult::kReplaced) replaced.PushBack(out.string(name), allocator);
    names += (names.empty() ? "" : ", ") + name;
  }
  const auto count = imported.Size();
  out.payload().AddMember("imported", imported, allocator);
  out.payload().AddMember("replaced", replaced, allocator);
  out.payload().AddMember("path", out.string(file.string()), allocator);
  out.payload().AddMember("scope", rapidjson::StringRef(scope_name(options.scope)), allocator);
  return out.succeed("Imported " + std::to_string(count) + " MCP server(s) into " + file.string() +
                     ": " + names + ".");
}

}  // namespace

std::function<int()> define_mcp_import(CLI::App& app) {
  auto options = std::make_shared<ImportOptions>();
  app.add_option("path", options->source, "JSON file to import")->required()->type_name("FILE");
  add_scope_flags(app, options->scope);
  add_json_flag(app, options->json);
  app.footer(std::string(kFooter) + "\n" + exit_code_summary());
  return [options] { return run_import(*options); };
}

}  // namespace kosmo::cli
