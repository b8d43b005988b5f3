#include "lib/integrations/integration_docs.h"

#include "lib/embedded/embedded_files.h"

namespace kosmo::integrations {
namespace {

constexpr std::string_view kCoveragePage = "coverage";

std::string placeholder(const Parameter& parameter) {
  if (!parameter.enum_values.empty()) return "\"" + parameter.enum_values.front() + "\"";
  switch (parameter.type) {
    case ParamType::kString:
    case ParamType::kStringOrArray:
    case ParamType::kStringOrObject:
      return "\"example_" + parameter.name + "\"";
    case ParamType::kInteger:
      return "1";
    case ParamType::kNumber:
      return "1.5";
    case ParamType::kBoolean:
      return "true";
    case ParamType::kArray:
      return "{\"example\"}";
    case ParamType::kObject:
      return "{}";
  }
  return "nil";
}

// "coverage": every visible function, the request it sends and the vendor source it was
// checked against, so a reader can verify a call without reading the manifests.
std::string coverage_page(const Catalog& catalog) {
  std::string page =
      "# Coverage\n\nEvery integration function, the vendor endpoint it calls (the default base "
      "URL; an account's `url`/`base_url` credential replaces it) and the vendor source the "
      "request was checked against.\n";
  for (const Manifest& manifest : catalog.integrations()) {
    page += "\n## " + manifest.label + "\n\n| Function | Endpoint | Checked against |\n|---|---|---|\n";
    for (const Function& function : manifest.functions) {
      if (function.hidden) continue;
      std::string endpoint = manifest.endpoint_of(function);
      endpoint = endpoint.empty() ? "(no request: " + function.hook + ")" : "`" + endpoint + "`";
      if (function.undocumented_endpoint) endpoint += " (undocumented)";
      page += "| `" + manifest.name + "." + function.name + "` | " + endpoint + " | " +
              (function.checked_against.empty() ? "-" : function.checked_against) + " |\n";
    }
  }
  return page;
}

std::string hand_written_page(const std::string& name) {
  for (const embedded::EmbeddedFile& file : embedded::integration_pages()) {
    if (file.name == name + ".md") return std::string(file.contents);
  }
  return "";
}

std::string parameter_table(const Function& function) {
  if (function.parameters.empty()) return "No parameters.\n";
  std::string table = "| Name | Type | Required | Description |\n|---|---|---|---|\n";
  for (const Parameter& parameter : function.parameters) {
    std::string description = parameter.description;
    if (!parameter.enum_values.empty()) {
      description += " One of:";
      for (const std::string& option : parameter.accepted_values()) {
        description += " `" + option + "`";
      }
      description += ".";
    }
    if (parameter.default_json) description += " Default: `" + *parameter.default_json + "`.";
    if (!parameter.refused.empty()) description += " Refused when given: " + parameter.refused;
    table += "| `" + parameter.name + "` | " + to_string(parameter.type) + " | " +
             (parameter.required ? "yes" : "no") + " | " + description + " |\n";
  }
  return table;
}

// Strips "integrations." and splits "sinch.get_group" into integration and function names.
std::pair<std::string, std::string> split_page(std::string_view page) {
  constexpr std::string_view kPrefix = "integrations.";
  if (page.rfind(kPrefix, 0) == 0) page.remove_prefix(kPrefix.size());
  const size_t dot = page.find('.');
  if (dot == std::string_view::npos) return {std::string(page), ""};
  return {std::string(page.substr(0, dot)), std::string(page.substr(dot + 1))};
}

class IntegrationDocSource : public lua::DocSource {
 public:
  IntegrationDocSource(std::function<const Catalog*()> catalog, StatusOf status)
      : catalog_(std::move(catalog)), status_(std::move(status)) {}

  std::optional<std::string> read(std::string_view page) const override {
    const auto [integration, function] = split_page(page);
    const Catalog* catalog = catalog_();
    if (catalog == nullptr) return std::nullopt;
    const Manifest* manifest = catalog->integration(integration);
    if (manifest == nullptr && page == kCoveragePage) return coverage_page(*catalog);
    if (manifest == nullptr) return std::nullopt;
    if (function.empty()) return integration_page(*manifest);
    const Function* found = catalog->function(*manifest, function);
    if (found == nullptr) return std::nullopt;
    return function_page(*manifest, *found);
  }

  std::vector<lua::DocEntry> entries() const override {
    std::vector<lua::DocEntry> entries;
    const Catalog* catalog = catalog_();
    if (catalog == nullptr) return entries;
    entries.push_back({std::string(kCoveragePage),
                       "Every function, the vendor endpoint it calls and the source it was "
                       "checked against",
                       "Integrations"});
    for (const Manifest& manifest : catalog->integrations()) {
      entries.push_back({manifest.name,
                         manifest.label + " (" + status_(manifest) + "): " + manifest.description,
                         "Integrations"});
    }
    for (const Manifest& manifest : catalog->integrations()) {
      for (const Function& function : manifest.functions) {
        if (function.hidden) continue;
        const bool undocumented = function.undocumented_endpoint;
        entries.push_back({manifest.name + "." + function.name,
                           (undocumented ? "[undocumented endpoint] " : "") + function.description,
                           manifest.label + " functions", undocumented});
      }
    }
    return entries;
  }

 private:
  std::string integration_page(const Manifest& manifest) const {
    std::string page = hand_written_page(manifest.name);
    if (page.empty()) page = "# " + manifest.label + "\n\n" + manifest.description + "\n";
    page += "\nStatus: " + status_(manifest) + ".\n\n## Function reference\n";
    for (const Function& function : manifest.functions) {
      if (!function.hidden) page += "\n" + function_page(manifest, function);
    }
    return page;
  }

  std::function<const Catalog*()> catalog_;
  StatusOf status_;
};

}  // namespace

std::string example_call(const Manifest& manifest, const Function& function) {
  std::string arguments;
  for (const Parameter& parameter : function.parameters) {
    if (!parameter.required) continue;
    arguments += (arguments.empty() ? "" : ", ") + parameter.name + " = " + placeholder(parameter);
  }
  return "local result = app.integrations." + manifest.name + "." + function.name + "({" +
         arguments + "})\ndump(result)";
}

// One line saying how a list function pages, for app.paginate and --paginate users.
std::string paging_line(const Manifest& manifest, const Function& function) {
  const Paging& paging = *function.paging;
  std::string items;
  for (const std::string& path : paging.items) items += (items.empty() ? "`" : ", `") + path + "`";
  const std::string size = paging.size.empty() ? "" : " (page size `" + paging.size + "`)";
  std::string how;
  switch (paging.style) {
    case PagingStyle::kNone:
      how = "one answer holds every item: " + paging.note;
      break;
    case PagingStyle::kCursor:
      how = "cursor: `" + paging.position + "` = the answer's `" + paging.next + "`" +
            (paging.more.empty() ? "" : " while `" + paging.more + "` is true") +
            ", until it is empty" + size;
      break;
    case PagingStyle::kPageNumber:
      how = "page number in `" + paging.position + "`, from " + std::to_string(paging.first_page) +
            size + (paging.total.empty() ? "" : ", `" + paging.total + "` counts every item");
      break;
    case PagingStyle::kOffset:
      how = "offset in `" + paging.position + "`, grown by the items read" + size;
      break;
    case PagingStyle::kLinkHeader:
      how = "Link header: `" + paging.position + "` = the `" + paging.next +
            "` query parameter of the response's rel=\"next\" link, until there is none" + size;
      break;
    case PagingStyle::kUntil:
      how = "timestamps: `" + paging.position + "` = the oldest `" + paging.next +
            "` read, an item the previous page had is skipped" + size;
      break;
  }
  return "- Paging: " + how + "; items in " + items + ". `app.paginate(app.integrations." +
         manifest.name + "." + function.name + ", args)` and `integrations:call " + manifest.name +
         "." + function.name + " --paginate` walk every page.\n";
}

std::string function_page(const Manifest& manifest, const Function& function) {
  std::string page = "### " + manifest.name + "." + function.name + "\n\n";
  page += function.description + "\n\n";
  page += "- Full name: `" + function.slug + "`\n";
  page += "- Lua: `app.integrations." + manifest.name + "." + function.name + "(args)`\n";
  for (const std::string& alias : function.aliases) page += "- Alias: `" + alias + "`\n";
  page.append("- Operation: ").append(config::operation_name(function.operation)).append("\n");
  if (!function.path.empty()) {
    page += "- HTTP: `" + function.method + " " + function.path_prefix.value_or("") +
            function.path + "`\n";
  }
  if (function.undocumented_endpoint) {
    page += "- Endpoint: **not in " + manifest.label + "'s API documentation** (it may change or " +
            "disappear without notice): " + function.endpoint_note + "\n";
  }
  if (!function.checked_against.empty()) {
    page += "- Checked against: " + function.checked_against + "\n";
  }
  if (function.paging) page += paging_line(manifest, function);
  page += "\n";
  page += parameter_table(function);
  page += "\n```lua\n" + example_call(manifest, function) + "\n```\n";
  return page;
}

std::shared_ptr<const lua::DocSource> make_integration_doc_source(
    std::function<const Catalog*()> catalog, StatusOf status) {
  return std::make_shared<IntegrationDocSource>(std::move(catalog), std::move(status));
}

}  // namespace kosmo::integrations
