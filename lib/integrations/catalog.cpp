#include "lib/integrations/catalog.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "lib/embedded/embedded_files.h"

namespace kosmo::integrations {
namespace {

void add_or_replace(std::vector<Manifest>& manifests, Manifest manifest) {
  auto same = [&](const Manifest& other) { return other.name == manifest.name; };
  auto existing = std::find_if(manifests.begin(), manifests.end(), same);
  if (existing != manifests.end()) {
    *existing = std::move(manifest);
  } else {
    manifests.push_back(std::move(manifest));
  }
}

void load_user_manifests(const std::string& directory, std::vector<Manifest>& manifests,
                         std::vector<std::string>& warnings) {
  std::error_code error;
  if (directory.empty() || !std::filesystem::is_directory(directory, error)) return;
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(directory, error)) {
    if (entry.path().extension() == ".json") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  for (const auto& path : files) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    try {
      add_or_replace(manifests, parse_manifest(text.str(), path.string()));
    } catch (const std::exception& e) {
      warnings.push_back(std::string("skipped integration manifest: ") + e.what());
    }
  }
}

}  // namespace

Catalog Catalog::load(const std::string& user_directory, std::vector<std::string>& warnings) {
  Catalog catalog;
  for (const embedded::EmbeddedFile& file : embedded::integration_manifests()) {
    catalog.manifests_.push_back(parse_manifest(file.contents, std::string(file.name)));
  }
  load_user_manifests(user_directory, catalog.manifests_, warnings);
  std::sort(catalog.manifests_.begin(), catalog.manifests_.end(),
            [](const Manifest& a, const Manifest& b) { return a.name < b.name; });
  return catalog;
}

Catalog Catalog::from(std::vector<Manifest> manifests) {
  Catalog catalog;
  catalog.manifests_ = std::move(manifests);
  return catalog;
}

const Manifest* Catalog::integration(std::string_view name) const {
  for (const Manifest& manifest : manifests_) {
    if (manifest.name == name) return &manifest;
  }
  return nullptr;
}

const Function* Catalog::function(const Manifest& manifest, std::string_view name,
                                  bool include_hidden) const {
  for (const Function& function : manifest.functions) {
    if (function.hidden && !include_hidden) continue;
    if (function.name == name || function.slug == name) return &function;
    for (const std::string& alias : function.aliases) {
      if (alias == name) return &function;
    }
  }
  return nullptr;
}

std::vector<std::string> Catalog::qualified_names() const {
  std::vector<std::string> names;
  for (const Manifest& manifest : manifests_) {
    for (const Function& function : manifest.functions) {
      if (function.hidden) continue;
      names.push_back(manifest.name + "." + function.name);
    }
  }
  return names;
}

}  // namespace kosmo::integrations
