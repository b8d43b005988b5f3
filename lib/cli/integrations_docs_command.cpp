#include "lib/cli/integrations_docs_command.h"

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "lib/cli/command_context.h"
#include "lib/cli/command_output.h"
#include "lib/cli/integration_facts.h"
#include "lib/cli/integration_pages.h"
#include "lib/cli/integration_record.h"
#include "lib/cli/run_flag_options.h"
#include "lib/common/error_codes.h"

namespace kosmo::cli {
namespace {

constexpr const char kDocsFooter[] =
    R"(Pages: "index" (default), an integration ("sinch"), a function ("sinch.get_group",
"sinch.sinch_get_group"), a guide ("overview", "errors", "examples", "json", "regex").

--format (KosmoKrator's forms): text (default) and markdown print the page (kosmo's pages are
markdown, so both print the same); json prints KosmoKrator's JSON instead: a function page's
function object (as integrations:list shows it), an integration's list of them, else every
function sorted by name.

Examples:
  kosmo integrations:docs
  kosmo integrations:docs sinch.get_group
  kosmo integrations:docs sinch --format json | jq -r '.[].name'
  kosmo integrations:docs sinch --json | jq -r .content

JSON (--json):
  {"success": true, "error": null, "error_code": null, "page": "sinch.get_group",
   "content": "### sinch.get_group\n...", "data": {"provider": "sinch", ...}}
  "data" is what --format json prints.
  An unknown page fails with error_code "usage" (exit 2) and suggestions in "error":
  {"success": false, "error": "No docs found for 'x'. Did you mean: ...?", "error_code": "usage"}
)";

constexpr const char kSearchFooter[] = R"(Examples:
  kosmo integrations:search group
  kosmo integrations:search send sms --json

JSON (--json):
  {"success": true, "error": null, "error_code": null, "query": "send sms",
   "functions": [{"provider": "sinch", "function": "send_sms", "name": "sinch.send_sms",
                  "slug": "sinch_send_sms", "operation": "write", "input_schema": {...}, ...}],
   "results": [{"name": "sinch.send_sms", "description": "Send an SMS ..."}]}
  "functions" (KosmoKrator's key) holds the matching functions as integrations:list shows them;
  "results" every match, guide pages and integrations included, as one name and description.
  Both are ranked best first; no match is not an error ("functions": [], "results": []).
  On failure: {"success": false, "error": "...", "error_code": "usage"}.
)";

// DocRegistry::read answers an unknown page with this text instead of failing (docs.read must
// not raise); from the shell an unknown page is a usage error, so the prefix is what tells.
constexpr std::string_view kNoDocsPrefix = "No docs found for '";
// DocRegistry::search's answer when nothing matches.
constexpr std::string_view kNoMatchPrefix = "No docs match '";
// DocRegistry::search separates a result's name from its description with this.
constexpr std::string_view kSearchSeparator = " - ";

struct DocsOptions {
  std::string page;
  std::string format = "text";
  bool json = false;
};

int run_docs(const DocsOptions& options) {
  CommandOutput out(options.json);
  CommandContext context;
  if (!context.catalog()) return out.fail(context.catalog().error());
  const std::string text = context.make_doc_registry().read(options.page);
  if (text.rfind(kNoDocsPrefix, 0) == 0) return out.fail(text, ErrorCode::kUsage);
  const IntegrationRecords records(context.config());
  rapidjson::Value data = page_json(
      *context.catalog(), records, page_subject(*context.catalog(), options.page), out.allocator());
  if (options.format == "json" && !options.json) return out.succeed(pretty_json(data));
  out.payload().AddMember("page", out.string(options.page.empty() ? "index" : options.page),
                          out.allocator());
  out.payload().AddMember("content", out.string(text), out.allocator());
  out.payload().AddMember("data", data, out.allocator());
  return out.succeed(text);
}

struct SearchOptions {
  std::vector<std::string> words;
  bool json = false;
};

rapidjson::Value search_results(const std::string& text, CommandOutput& out) {
  rapidjson::Value results(rapidjson::kArrayType);
  if (text.rfind(kNoMatchPrefix, 0) == 0) return results;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    const std::string_view line(text.data() + start, end - start);
    start = end + 1;
    if (line.empty()) continue;
    const size_t separator = line.find(kSearchSeparator);
    rapidjson::Value item(rapidjson::kObjectType);
    item.AddMember("name", out.string(line.substr(0, separator)), out.allocator());
    item.AddMember("description",
                   out.string(separator == std::string_view::npos
                                  ? std::string_view()
                                  : line.substr(separator + kSearchSeparator.size())),
                   out.allocator());
    results.PushBack(item, out.allocator());
  }
  return results;
}

// KosmoKrator's "functions": the function objects of the results that name a function, in rank
// order (guide pages and integrations stay in "results" only).
rapidjson::Value search_functions(const rapidjson::Value& results, CommandContext& context,
                                  CommandOutput& out) {
  const integrations::Catalog& catalog = *context.catalog();
  const IntegrationRecords records(context.config());
  rapidjson::Value functions(rapidjson::kArrayType);
  for (const rapidjson::Value& result : results.GetArray()) {
    const std::string_view name(result["name"].GetString(), result["name"].GetStringLength());
    const size_t dot = name.find('.');
    if (dot == std::string_view::npos) continue;
    const integrations::Manifest* manifest = catalog.integration(name.substr(0, dot));
    if (manifest == nullptr) continue;
    const integrations::Function* function = catalog.function(*manifest, name.substr(dot + 1));
    if (function == nullptr) continue;
    functions.PushBack(records.function_json(*manifest, *function, out.allocator()),
                       out.allocator());
  }
  return functions;
}

int run_search(const SearchOptions& options) {
  CommandOutput out(options.json);
  const std::string query = join_names(options.words, " ");
  if (query.find_first_not_of(" \t\r\n") == std::string::npos) {
    return out.fail("Give words to search for, e.g. kosmo integrations:search group",
                    ErrorCode::kUsage);
  }
  CommandContext context;
  if (!context.catalog()) return out.fail(context.catalog().error());
  const std::string text = context.make_doc_registry().search(query);
  out.payload().AddMember("query", out.string(query), out.allocator());
  rapidjson::Value results = search_results(text, out);
  out.payload().AddMember("functions", search_functions(results, context, out), out.allocator());
  out.payload().AddMember("results", results, out.allocator());
  return out.succeed(text);
}

}  // namespace

std::function<int()> define_integrations_docs(CLI::App& app) {
  auto options = std::make_shared<DocsOptions>();
  app.add_option("page", options->page, "Page name (default: the index)");
  app.add_option("--format", options->format, "text (default), markdown or json")
      ->check(CLI::IsMember({"text", "markdown", "json"}));
  add_json_flag(app, options->json);
  app.footer(std::string(kDocsFooter) + "\n" + exit_code_summary());
  return [options] { return run_docs(*options); };
}

std::function<int()> define_integrations_search(CLI::App& app) {
  auto options = std::make_shared<SearchOptions>();
  app.add_option("query", options->words, "Words to look for in names and descriptions")
      ->required();
  add_json_flag(app, options->json);
  app.footer(std::string(kSearchFooter) + "\n" + exit_code_summary());
  return [options] { return run_search(*options); };
}

}  // namespace kosmo::cli
