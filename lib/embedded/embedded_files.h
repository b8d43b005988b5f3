#pragma once
// Files compiled into the binary at build time (see cmake/embed_files.cmake): the Lua docs
// pages, the integrations' narrative pages and the integration manifests. Embedding keeps kosmo
// a single self-contained binary.
#include <span>
#include <string_view>

namespace kosmo::embedded {

struct EmbeddedFile {
  std::string_view name;  // file name without directory, e.g. "json.md"
  std::string_view contents;
};

// lua_docs/*.md (the guide pages), sorted by name.
std::span<const EmbeddedFile> lua_docs();
// lua_docs/integrations/<integration>.md, sorted by name.
std::span<const EmbeddedFile> integration_pages();
// lib/integrations/manifests/*.json, sorted by name.
std::span<const EmbeddedFile> integration_manifests();

}  // namespace kosmo::embedded
