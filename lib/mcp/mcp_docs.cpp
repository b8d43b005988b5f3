#include "lib/mcp/mcp_docs.h"

#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>

#include "lib/mcp/errors.h"

namespace kosmo::mcp {
namespace {

std::string text_of(const rapidjson::Value& object, const char* key) {
  auto found = object.FindMember(key);
  return found != object.MemberEnd() && found->value.IsString() ? found->value.GetString() : "";
}

std::string pretty(const rapidjson::Value& value) {
  rapidjson::StringBuffer buffer;
  rapidjson::PrettyWriter<rapidjson::StringBuffer> writer(buffer);
  writer.SetIndent(' ', 2);
  value.Accept(writer);
  return buffer.GetString();
}

std::string tool_page(const ServerConfig& server, const rapidjson::Value& tool) {
  const std::string name = text_of(tool, "name");
  const std::string lua = "app.mcp." + sanitize_name(server.name) + "." + sanitize_name(name);
  std::string page = "### mcp." + server.name + "." + name + "\n\n" + text_of(tool, "description") +
                     "\n\n- Lua: `" + lua + "(args)`\n";
  auto schema = tool.FindMember("inputSchema");
  if (schema != tool.MemberEnd()) {
    page += "\nInput schema:\n\n```json\n" + pretty(schema->value) + "\n```\n";
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
    try {
      if (dot == std::string_view::npos) return server_page(*server);
      const rapidjson::Value* tool = runtime_.find_tool(*server, page.substr(dot + 1));
      if (tool == nullptr) return std::nullopt;
      return tool_page(*server, *tool);
    } catch (const McpError& error) {
      return "# mcp." + server->name +
             "\n\nThe server could not be reached: " + std::string(error.what()) + "\n";
    }
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
  std::string server_page(const ServerConfig& server) const {
    std::string page = "# MCP server " + server.name + "\n\nLua: `app.mcp." +
                       sanitize_name(server.name) + ".<tool>(args)`, from " +
                       server.source_file.string() + ".\n\n## Tools\n";
    for (const auto& tool : runtime_.tools(server).GetArray())
      page += "\n" + tool_page(server, tool);
    return page;
  }

  McpRuntime& runtime_;
};

}  // namespace

std::shared_ptr<const lua::DocSource> make_mcp_doc_source(McpRuntime& runtime) {
  return std::make_shared<McpDocSource>(runtime);
}

}  // namespace kosmo::mcp
