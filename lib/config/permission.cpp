#include "lib/config/permission.h"

#include <array>
#include <utility>

namespace kosmo::config {
namespace {

// Each vocabulary as a table: the names are the exact, lower-case spellings config.yaml takes.
constexpr std::array<std::pair<std::string_view, Operation>, 2> kOperations{{
    {"read", Operation::kRead},
    {"write", Operation::kWrite},
}};
constexpr std::array<std::pair<std::string_view, Permission>, 3> kPermissions{{
    {"allow", Permission::kAllow},
    {"ask", Permission::kAsk},
    {"deny", Permission::kDeny},
}};

template <typename Table, typename Value>
std::string_view name_in(const Table& table, Value value) {
  for (const auto& [name, entry] : table) {
    if (entry == value) return name;
  }
  return table.front().first;
}

template <typename Table>
auto parse_in(const Table& table, std::string_view text)
    -> std::optional<typename Table::value_type::second_type> {
  for (const auto& [name, entry] : table) {
    if (name == text) return entry;
  }
  return std::nullopt;
}

}  // namespace

std::string_view operation_name(Operation operation) { return name_in(kOperations, operation); }

std::optional<Operation> parse_operation(std::string_view text) {
  return parse_in(kOperations, text);
}

std::string_view permission_name(Permission permission) {
  return name_in(kPermissions, permission);
}

std::optional<Permission> parse_permission(std::string_view text) {
  return parse_in(kPermissions, text);
}

}  // namespace kosmo::config
