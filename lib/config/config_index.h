#pragma once
// Name → node tables over a parsed config.yaml, so that finding an integration, an account or a
// trusted MCP server is one lookup. yaml-cpp finds a key of a mapping by converting each key
// before it to a string and comparing, so looking up every account of a file with 200,000 of
// them, as integrations:status does, took minutes.
//
// The tables hold handles into the document (yaml-cpp nodes are references): they stay valid as
// long as the document does and must be rebuilt when it changes. Of duplicate keys the first
// wins, as with yaml-cpp's own lookups.
#include <yaml-cpp/yaml.h>

#include <functional>
#include <map>
#include <string>
#include <string_view>

namespace kosmo::config {

class ConfigIndex {
 public:
  ConfigIndex() = default;
  explicit ConfigIndex(const YAML::Node& root);

  // integrations.<name>, which may be null (`sinch:` alone); nullptr when there is no such key.
  const YAML::Node* integration(std::string_view name) const;
  // integrations.<integration>.accounts.<account>, which may be null; nullptr when absent.
  const YAML::Node* account(std::string_view integration, std::string_view account) const;
  bool has_accounts(std::string_view integration) const;
  // mcp.trusted.<server>; nullptr when absent.
  const YAML::Node* trusted(std::string_view server) const;

 private:
  using Table = std::map<std::string, YAML::Node, std::less<>>;

  Table integrations_;
  std::map<std::string, Table, std::less<>> accounts_;  // by integration
  Table trusted_;
};

}  // namespace kosmo::config
