#include "lib/mcp/mcp_docs.h"

#include "lib/common/json_text.h"
#include "lib/mcp/errors.h"

namespace kosmo::mcp {
namespace {

std::string tool_page(const ServerConfig& server, const Tool& tool) {
  const std::string lua = "app.mcp." + sanitize_name(server.name) + "." + tool.lua_name;
  std::string page = "### mcp." + server.name + "." + tool.name + "\n\n" + tool.description +
                     "\n\n- Lua: `" + lua + "(args)`\n";
  if (const rapidjson::Value* schema = tool.input_schema()) {
    page += "\nInput schema:\n\n```json\n" + json::pretty_text(*schema) + "\n```\n";
  }
  return page + "\n```lua\nlocal result = " + lua + "({})\ndump(result)\n```\n";
}

class McpDocSource : public lua::DocSource {
 public:
  explicit McpDocSource(McpRuntime& runtime) : runtime_(runtime) {}

  std::optional<std::string> read(std::string_view page) const override {
    if (page.rfind("mcp.", 0) != 0) return std::nullopt;
    page.remove_prefix(4);
    const size_t dot = page.find('.');
    const ServerConfig* server = runtime_.servers().find(page.substr(0, dot));
    if (server == nullptr) return std::nullopt;
    McpOutcome<const std::vector<Tool>*> tools = runtime_.tools(*server);
    if (!tools) {
      return "# mcp." + server->name +
             "\n\nThe server could not be reached: " + tools.error().message + "\n";
    }
    if (dot == std::string_view::npos) return server_page(*server, **tools);
    McpOutcome<const Tool*> tool = runtime_.find_tool(*server, page.substr(dot + 1));
    if (!tool || *tool == nullptr) return std::nullopt;
    return tool_page(*server, **tool);
  }

  std::vector<lua::DocEntry> entries() const override {
    std::vector<lua::DocEntry> entries;
    for (const ServerConfig& server : runtime_.servers().servers) {
      entries.push_back(
          {"mcp." + server.name,
           "MCP server (" + server.source_label + ")" + (server.enabled ? "" : ", disabled"),
           "MCP servers"});
    }
    return entries;
  }

 private:
  static std::string server_page(const ServerConfig& server, const std::vector<Tool>& tools) {
    std::string page = "# MCP server " + server.name + "\n\nLua: `app.mcp." +
                       sanitize_name(server.name) + ".<tool>(args)`, from " +
                       server.source_file.string() + ".\n\n## Tools\n";
    for (const Tool& tool : tools) page += "\n" + tool_page(server, tool);
    return page;
  }

  McpRuntime& runtime_;
};

}  // namespace

std::shared_ptr<const lua::DocSource> make_mcp_doc_source(McpRuntime& runtime) {
  return std::make_shared<McpDocSource>(runtime);
}

}  // namespace kosmo::mcp
