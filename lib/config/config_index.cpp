#include "lib/config/config_index.h"

namespace kosmo::config {
namespace {

// The mapping under `key`, or an undefined node when `parent` has none. (Indexing a missing key
// of a const node yields an invalid node, which throws on anything but IsDefined.)
YAML::Node mapping_at(const YAML::Node& parent, const char* key) {
  if (!parent.IsDefined() || !parent.IsMap()) return YAML::Node(YAML::NodeType::Undefined);
  const YAML::Node child = parent[std::string(key)];
  return child.IsDefined() && child.IsMap() ? child : YAML::Node(YAML::NodeType::Undefined);
}

// Each scalar key of `mapping` to its value, the first of duplicates kept. Handles are
// emplaced, never assigned: assigning a YAML::Node writes through to the document.
template <typename Table>
void add_entries(const YAML::Node& mapping, Table& table) {
  if (!mapping.IsMap()) return;
  for (const auto& entry : mapping) {
    if (entry.first.IsScalar()) table.try_emplace(entry.first.Scalar(), entry.second);
  }
}

template <typename Table>
const YAML::Node* find_in(const Table& table, std::string_view key) {
  const auto it = table.find(key);
  return it == table.end() ? nullptr : &it->second;
}

}  // namespace

ConfigIndex::ConfigIndex(const YAML::Node& root) {
  add_entries(mapping_at(root, "integrations"), integrations_);
  for (const auto& [name, integration] : integrations_) {
    const YAML::Node accounts = mapping_at(integration, "accounts");
    if (accounts.IsMap() && accounts.size() > 0) add_entries(accounts, accounts_[name]);
  }
  add_entries(mapping_at(mapping_at(root, "mcp"), "trusted"), trusted_);
}

const YAML::Node* ConfigIndex::integration(std::string_view name) const {
  return find_in(integrations_, name);
}

const YAML::Node* ConfigIndex::account(std::string_view integration,
                                       std::string_view account) const {
  const auto it = accounts_.find(integration);
  return it == accounts_.end() ? nullptr : find_in(it->second, account);
}

bool ConfigIndex::has_accounts(std::string_view integration) const {
  return accounts_.find(integration) != accounts_.end();
}

const YAML::Node* ConfigIndex::trusted(std::string_view server) const {
  return find_in(trusted_, server);
}

}  // namespace kosmo::config
