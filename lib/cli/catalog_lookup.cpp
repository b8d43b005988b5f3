#include "lib/cli/catalog_lookup.h"

#include <vector>

#include "lib/cli/integration_facts.h"
#include "lib/common/suggest.h"

namespace kosmo::cli {
namespace {

using integrations::Catalog;
using integrations::Function;
using integrations::Manifest;

std::string_view strip_prefix(std::string_view text, std::string_view prefix) {
  if (text.rfind(prefix, 0) == 0) text.remove_prefix(prefix.size());
  return text;
}

// A name without an integration: the slug wins (it is unique by construction); a short name
// or alias must belong to exactly one integration to be unambiguous.
std::optional<FunctionRef> find_bare(const Catalog& catalog, std::string_view name,
                                     std::string& error) {
  std::vector<FunctionRef> matches;
  std::vector<std::string> qualified;
  for (const Manifest& manifest : catalog.integrations()) {
    const Function* function = catalog.function(manifest, name);
    if (function == nullptr) continue;
    if (function->slug == name) return FunctionRef{&manifest, function};
    matches.push_back({&manifest, function});
    qualified.push_back(manifest.name + "." + function->name);
  }
  if (matches.size() == 1) return matches.front();
  if (matches.size() > 1) {
    error = "Function name '" + std::string(name) + "' is ambiguous: " + join_names(qualified) +
            ". Name the integration, e.g. " + qualified.front() + ".";
  }
  return std::nullopt;
}

}  // namespace

std::optional<FunctionRef> find_function(const Catalog& catalog, std::string_view text,
                                         std::string& error) {
  const std::string_view wanted = strip_prefix(strip_prefix(text, "app."), "integrations.");
  const size_t dot = wanted.find('.');
  if (dot == std::string_view::npos) {
    if (auto found = find_bare(catalog, wanted, error)) return found;
  } else if (const Manifest* manifest = catalog.integration(wanted.substr(0, dot))) {
    if (const Function* function = catalog.function(*manifest, wanted.substr(dot + 1))) {
      return FunctionRef{manifest, function};
    }
  }
  if (error.empty()) {
    // KosmoKrator's wording (its runtime and integrations:schema), then kosmo's suggestions.
    error = "Unknown integration function: " + std::string(text) + ".";
    const std::vector<std::string> near = nearest_names(wanted, catalog.qualified_names(), 5);
    if (!near.empty()) error += " Did you mean: " + join_names(near) + "?";
  }
  return std::nullopt;
}

const Manifest* find_integration(const Catalog& catalog, std::string_view name,
                                 std::string& error) {
  if (const Manifest* manifest = catalog.integration(name)) return manifest;
  std::vector<std::string> names;
  for (const Manifest& manifest : catalog.integrations()) names.push_back(manifest.name);
  error = "Unknown integration '" + std::string(name) + "'.";
  const std::vector<std::string> near = nearest_names(name, names, 5);
  error += near.empty() ? " Known integrations: " + join_names(names) + "."
                        : " Did you mean: " + join_names(near) + "?";
  return nullptr;
}

}  // namespace kosmo::cli
