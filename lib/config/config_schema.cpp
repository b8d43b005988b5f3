#include "lib/config/config_schema.h"

#include <yaml-cpp/yaml.h>

#include <string>
#include <string_view>

#include "lib/config/config_error.h"
#include "lib/config/permission.h"

namespace kosmo::config {
namespace {

// One node being checked: where it is, for the error message, and how many more entries the
// whole walk may visit.
struct Site {
  const std::filesystem::path& file;
  std::string key_path;
  size_t* entries_left;

  Site child(std::string_view key) const {
    return {file, key_path.empty() ? std::string(key) : key_path + "." + std::string(key),
            entries_left};
  }
  // Counts one entry of a mapping. An alias (*name) repeats a mapping without repeating its
  // text, so without this bound a small file could make the walk, and every later one, take
  // time and memory far out of proportion to its size.
  void visit(const YAML::Node& key) const {
    if (*entries_left == 0) {
      fail(key, "aliases (*name) expand the file to more entries than its size in bytes");
    }
    --*entries_left;
  }
  [[noreturn]] void fail(const YAML::Node& node, std::string_view problem) const {
    const YAML::Mark mark = node.Mark();
    ConfigLocation where{file, key_path, mark.line >= 0 ? mark.line + 1 : 0,
                         mark.column >= 0 ? mark.column + 1 : 0};
    throw ConfigError(where, problem);
  }
};

std::string_view type_name(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Scalar:
      return "a scalar";
    case YAML::NodeType::Sequence:
      return "a list";
    case YAML::NodeType::Map:
      return "a mapping";
    default:
      return "empty";
  }
}

// A mapping or nothing at all (`section:` with no value); returns false for nothing.
bool expect_mapping(const YAML::Node& node, const Site& site) {
  if (node.IsNull()) return false;
  if (!node.IsMap()) site.fail(node, "expected a mapping, found " + std::string(type_name(node)));
  return true;
}

// Map keys must be plain strings; YAML also allows lists and mappings as keys.
std::string key_text(const YAML::Node& key, const Site& parent) {
  if (!key.IsScalar() || key.Scalar().empty()) parent.fail(key, "keys must be non-empty names");
  return key.Scalar();
}

void check_permissions(const YAML::Node& node, const Site& site) {
  if (!expect_mapping(node, site)) return;
  for (const auto& entry : node) {
    site.visit(entry.first);
    const std::string key = key_text(entry.first, site);
    const Site at = site.child(key);
    if (!parse_operation(key)) at.fail(entry.first, "unknown operation (expected read or write)");
    const YAML::Node& value = entry.second;
    if (!value.IsScalar() || !parse_permission(value.Scalar())) {
      const std::string found = value.IsScalar() ? "'" + value.Scalar() + "'" : "nothing";
      at.fail(value, "expected allow, ask or deny, found " + found);
    }
  }
}

void check_accounts(const YAML::Node& node, const Site& site) {
  if (!expect_mapping(node, site)) return;
  for (const auto& account : node) {
    site.visit(account.first);
    const Site account_site = site.child(key_text(account.first, site));
    if (!expect_mapping(account.second, account_site)) continue;
    for (const auto& field : account.second) {
      account_site.visit(account.first);  // reported at the account, which may be an alias
      const Site field_site = account_site.child(key_text(field.first, account_site));
      if (!field.second.IsScalar() && !field.second.IsNull()) {
        field_site.fail(field.second,
                        "expected a value, found " + std::string(type_name(field.second)));
      }
    }
  }
}

void check_integration(const YAML::Node& node, const Site& site) {
  if (!expect_mapping(node, site)) return;
  for (const auto& entry : node) {
    site.visit(entry.first);
    const std::string key = key_text(entry.first, site);
    const Site at = site.child(key);
    if (key == "enabled") {
      bool ignored;
      if (!entry.second.IsScalar() || !YAML::convert<bool>::decode(entry.second, ignored)) {
        at.fail(entry.second, "expected true or false");
      }
    } else if (key == "permissions") {
      check_permissions(entry.second, at);
    } else if (key == "accounts") {
      check_accounts(entry.second, at);
    } else {
      at.fail(entry.first,
              "unknown key (expected enabled, permissions or accounts; credentials go under "
              "accounts.<name>)");
    }
  }
}

void check_mcp(const YAML::Node& node, const Site& site) {
  if (!expect_mapping(node, site)) return;
  const YAML::Node trusted = node["trusted"];
  const Site trusted_site = site.child("trusted");
  if (!trusted.IsDefined() || !expect_mapping(trusted, trusted_site)) return;
  for (const auto& entry : trusted) {
    site.visit(entry.first);
    const Site at = trusted_site.child(key_text(entry.first, trusted_site));
    if (!entry.second.IsScalar() || entry.second.Scalar().empty()) {
      at.fail(entry.second, "expected a fingerprint string");
    }
  }
}

}  // namespace

void validate_config(const YAML::Node& root, const std::filesystem::path& file,
                     size_t max_entries) {
  size_t entries_left = max_entries;
  const Site site{file, "", &entries_left};
  if (!expect_mapping(root, site)) return;
  for (const auto& section : root) {
    site.visit(section.first);
    const std::string name = key_text(section.first, site);
    if (name == "integrations") {
      const Site integrations = site.child(name);
      if (!expect_mapping(section.second, integrations)) continue;
      for (const auto& integration : section.second) {
        site.visit(integration.first);
        check_integration(integration.second,
                          integrations.child(key_text(integration.first, integrations)));
      }
    } else if (name == "mcp") {
      check_mcp(section.second, site.child(name));
    }
  }
}

}  // namespace kosmo::config
