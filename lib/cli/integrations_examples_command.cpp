#include "lib/cli/integrations_examples_command.h"

#include <memory>
#include <string>
#include <vector>

#include "lib/cli/command_context.h"
#include "lib/cli/command_output.h"
#include "lib/cli/integration_facts.h"
#include "lib/cli/integration_pages.h"
#include "lib/cli/run_flag_options.h"
#include "lib/common/error_codes.h"
#include "lib/common/suggest.h"

namespace kosmo::cli {
namespace {

constexpr const char kFooter[] =
    R"(PAGE: an integration ("sinch") or a function ("sinch.get_group", the slug
"sinch_get_group", an alias). Sample values stand in for the required parameters: 123 for
numbers and ids, true for booleans, "value" for text.

Examples:
  kosmo integrations:examples sinch
  kosmo integrations:examples sinch.get_group
  kosmo integrations:examples sinch.send_sms --json | jq -r '.examples[]'

JSON (--json):
  {"success": true, "error": null, "error_code": null, "page": "sinch.get_group",
   "examples": ["kosmo integrations:call sinch.get_group --group-id=123", ...],
   "data": {"provider": "sinch", "function": "get_group", "name": "sinch.get_group", ...}}
  "data" is KosmoKrator's JSON of the page (what its --json printed): a function's object, or
  an integration's list of them, as integrations:docs PAGE --format json prints it.
  An unknown PAGE fails with error_code "usage" (exit 2):
  {"success": false, "error": "No integration docs found for 'x'. ...", "error_code": "usage"}
)";

struct ExamplesOptions {
  std::string page;
  bool json = false;
};

// KosmoKrator's sentence for a page it has no docs for, with the nearest names.
std::string unknown_page_message(const integrations::Catalog& catalog, const std::string& page) {
  std::vector<std::string> names = catalog.qualified_names();
  for (const integrations::Manifest& manifest : catalog.integrations()) {
    names.push_back(manifest.name);
  }
  std::string message = "No integration docs found for '" + page + "'.";
  const std::vector<std::string> near = nearest_names(page, names, 5);
  if (!near.empty()) message += " Did you mean: " + join_names(near) + "?";
  return message;
}

int run_examples(const ExamplesOptions& options) {
  CommandOutput out(options.json);
  CommandContext context;
  if (auto failure = context.unusable(true)) return out.fail(*failure);
  const integrations::Catalog& catalog = *context.catalog();
  const PageSubject subject = page_subject(catalog, options.page);
  const std::vector<std::string> examples = page_examples(subject);
  if (examples.empty())
    return out.fail(unknown_page_message(catalog, options.page), ErrorCode::kUsage);
  auto& allocator = out.allocator();
  rapidjson::Value lines(rapidjson::kArrayType);
  for (const std::string& example : examples) lines.PushBack(out.string(example), allocator);
  out.payload().AddMember("page", out.string(options.page), allocator);
  out.payload().AddMember("examples", lines, allocator);
  const IntegrationRecords records(context.config());
  out.payload().AddMember("data", page_json(catalog, records, subject, allocator), allocator);
  return out.succeed(join_names(examples, "\n"));
}

}  // namespace

std::function<int()> define_integrations_examples(CLI::App& app) {
  auto options = std::make_shared<ExamplesOptions>();
  app.add_option("page", options->page, "Integration or function, e.g. sinch.get_group")
      ->required();
  add_json_flag(app, options->json);
  app.footer(std::string(kFooter) + "\n" + exit_code_summary());
  return [options] { return run_examples(*options); };
}

}  // namespace kosmo::cli
