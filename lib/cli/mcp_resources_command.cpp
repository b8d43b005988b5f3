#include "lib/cli/mcp_resources_command.h"

#include <memory>
#include <string>
#include <vector>

#include "lib/cli/command_output.h"
#include "lib/cli/mcp_server_read.h"
#include "lib/cli/run_flag_options.h"
#include "lib/common/error_codes.h"

namespace kosmo::cli {
namespace {

constexpr const char kResourcesExamples[] = R"(
Examples:
  kosmo mcp:resources fs
  kosmo mcp:resources fs --json | jq -r '.resources[].uri'

JSON (--json):
  {"success": true, "error": null, "error_code": null,
   "resources": [{"uri": "fake://readme", "name": "readme", "mimeType": "text/plain"}]}
  The resources as the server lists them (every page). A server without the resources
  capability has none. Failures: "usage" (unknown SERVER), "untrusted_server",
  "permission_denied", "mcp_error" (the server failed or answered with an error),
  "config_error".
)";

constexpr const char kResourceExamples[] = R"(
Examples:
  kosmo mcp:resource fs file:///etc/hostname
  kosmo mcp:resource fake fake://readme --json | jq -r '.resource.contents[0].text'

JSON (--json):
  {"success": true, "error": null, "error_code": null,
   "resource": {"contents": [{"uri": "fake://readme", "mimeType": "text/plain", "text": "..."}]}}
  The resources/read result as the server sent it. Without --json the text contents are
  printed as they are; binary ones are described. Failures as for mcp:resources; an unknown
  URI is the server's error ("mcp_error").
)";

struct ReadOptions {
  std::string server;
  std::string uri;
  RunFlags flags;
};

std::string resources_text(const rapidjson::Value& resources) {
  if (!resources.IsArray() || resources.Empty()) return "No resources.";
  std::vector<std::vector<std::string>> rows = {{"URI", "NAME", "MIME TYPE", "DESCRIPTION"}};
  for (const auto& resource : resources.GetArray()) {
    const std::string description = member_text(resource, "description");
    rows.push_back({member_text(resource, "uri"), member_text(resource, "name"),
                    member_text(resource, "mimeType"),
                    description.substr(0, description.find('\n'))});
  }
  return format_columns(rows);
}

std::string contents_text(const rapidjson::Value& result) {
  if (!result.IsObject() || !result.HasMember("contents") || !result["contents"].IsArray()) {
    return pretty_json(result);
  }
  std::string text;
  for (const auto& content : result["contents"].GetArray()) {
    if (content.IsObject() && content.HasMember("text")) {
      text += member_text(content, "text");
    } else {
      text += "(binary content of " + member_text(content, "uri") + ", " +
              std::to_string(member_text(content, "blob").size()) + " base64 characters)";
    }
    if (!text.empty() && text.back() != '\n') text += '\n';
  }
  return text;
}

// Runs `helper` with the server and, for a read, the URI.
std::function<int()> runner(std::shared_ptr<ReadOptions> options, bool read) {
  return [options, read] {
    McpReadRequest request;
    request.helper = read ? "read_resource" : "resources";
    request.key = read ? "resource" : "resources";
    request.strings = {options->server};
    if (read) request.strings.push_back(options->uri);
    request.text = read ? contents_text : resources_text;
    return run_mcp_read(request, options->flags);
  };
}

}  // namespace

std::function<int()> define_mcp_resources(CLI::App& app) {
  auto options = std::make_shared<ReadOptions>();
  app.add_option("server", options->server, "Server name")->required();
  add_mcp_read_flags(app, options->flags, kResourcesExamples);
  return runner(options, false);
}

std::function<int()> define_mcp_resource(CLI::App& app) {
  auto options = std::make_shared<ReadOptions>();
  app.add_option("server", options->server, "Server name")->required();
  app.add_option("uri", options->uri, "Resource URI (see mcp:resources)")->required();
  add_mcp_read_flags(app, options->flags, kResourceExamples);
  return runner(options, true);
}

}  // namespace kosmo::cli
