#include "lib/cli/mcp_examples_command.h"

#include <memory>
#include <string>
#include <utility>

#include "lib/cli/command_output.h"
#include "lib/cli/run_flag_options.h"
#include "lib/common/error_codes.h"

namespace kosmo::cli {
namespace {

constexpr const char kFooter[] = R"(Examples:
  kosmo mcp:examples
  kosmo mcp:examples --json | jq -r .examples.call

JSON (--json): KosmoKrator's shape, the command lines keyed by step:
  {"success": true, "error": null, "error_code": null,
   "examples": {"add_project": "kosmo mcp:add github ...", "list": "kosmo mcp:list --json", ...}}
)";

// KosmoKrator's steps and keys, each runnable on kosmo as printed. The token goes into kosmo's
// secret store from stdin, so it never passes through argv, mcp.json or the output. kosmo adds
// the `trust` step: a project server is only started once trusted.
constexpr std::pair<const char*, const char*> kExamples[] = {
    {"add_project",
     "kosmo mcp:add github --project --type=stdio --command=github-mcp-server --env GITHUB_TOKEN "
     "--enable --json"},
    {"secret_stdin",
     "printf \"$GITHUB_TOKEN\" | kosmo mcp:secret:set github env.GITHUB_TOKEN --stdin --json"},
    {"trust", "kosmo mcp:trust github --json"},
    {"list", "kosmo mcp:list --json"},
    {"tools", "kosmo mcp:tools github --json"},
    {"schema", "kosmo mcp:schema github.search_repositories --json"},
    {"call", "kosmo mcp:call github.search_repositories --query=\"kosmokrator\" --json"},
    {"dynamic_call", "kosmo mcp:github search_repositories --query=\"kosmokrator\" --json"},
    {"lua",
     "kosmo mcp:lua --eval 'dump(app.mcp.github.search_repositories({query=\"kosmokrator\"}))' "
     "--json"},
};

int run_examples(bool json) {
  CommandOutput out(json);
  rapidjson::Value examples(rapidjson::kObjectType);
  std::string text;
  for (const auto& example : kExamples) {
    examples.AddMember(rapidjson::StringRef(example.first), rapidjson::StringRef(example.second),
                       out.allocator());
    text += std::string(example.second) + "\n";
  }
  out.payload().AddMember("examples", examples, out.allocator());
  return out.succeed(text);
}

}  // namespace

std::function<int()> define_mcp_examples(CLI::App& app) {
  auto json = std::make_shared<bool>(false);
  add_json_flag(app, *json);
  app.footer(std::string(kFooter) + "\n" + exit_code_summary());
  return [json] { return run_examples(*json); };
}

}  // namespace kosmo::cli
