#include "lib/integrations/catalog.h"

#include <algorithm>
#include <filesystem>
#include <optional>

#include "lib/common/file_read.h"
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

Failure invalid_manifest(const std::string& problem) {
  return Failure{ErrorCode::kConfig, "Invalid integration manifest: " + problem};
}

// The *.json files of `directory` in name order, so a load fails on the same file every time.
// A directory that exists but cannot be listed is a failure, like a file that cannot be read.
Outcome<std::vector<std::filesystem::path>> user_manifest_files(const std::string& directory) {
  std::vector<std::filesystem::path> files;
  std::error_code error;
  if (directory.empty() || !std::filesystem::is_directory(directory, error)) return files;
  std::filesystem::directory_iterator entry(directory, error);
  for (; !error && entry != std::filesystem::directory_iterator(); entry.increment(error)) {
    if (entry->path().extension() == ".json") files.push_back(entry->path());
  }
  if (error) return invalid_manifest("cannot list " + directory + ": " + error.message());
  std::sort(files.begin(), files.end());
  return files;
}

std::optional<Failure> load_user_manifests(const std::string& directory,
                                           std::vector<Manifest>& manifests) {
  Outcome<std::vector<std::filesystem::path>> files = user_manifest_files(directory);
  if (!files) return std::move(files).error();
  for (const auto& path : *files) {
    const ReadResult read = read_file(path);
    if (!read.ok()) return invalid_manifest("cannot read " + path.string() + ": " + read.problem());
    Outcome<Manifest> manifest = parse_manifest(read.text, path.string());
    if (!manifest) return invalid_manifest(manifest.error().message);
    add_or_replace(manifests, std::move(manifest).value());
  }
  return std::nullopt;
}

}  // namespace

Outcome<Catalog> Catalog::load(const std::string& user_directory) {
  Catalog catalog;
  for (const embedded::EmbeddedFile& file : embedded::integration_manifests()) {
    Outcome<Manifest> manifest = parse_manifest(file.contents, std::string(file.name));
    if (!manifest) return invalid_manifest(manifest.error().message);
    catalog.manifests_.push_back(std::move(manifest).value());
  }
  if (auto failure = load_user_manifests(user_directory, catalog.manifests_)) return *failure;
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
