#include "lib/config/permission.h"

namespace kosmo::config {

std::string_view operation_name(Operation operation) {
  return operation == Operation::kRead ? "read" : "write";
}

std::optional<Operation> parse_operation(std::string_view text) {
  if (text == "read") return Operation::kRead;
  if (text == "write") return Operation::kWrite;
  return std::nullopt;
}

std::string_view permission_name(Permission permission) {
  switch (permission) {
    case Permission::kAllow:
      return "allow";
    case Permission::kAsk:
      return "ask";
    case Permission::kDeny:
      return "deny";
  }
  return "deny";
}

std::optional<Permission> parse_permission(std::string_view text) {
  if (text == "allow") return Permission::kAllow;
  if (text == "ask") return Permission::kAsk;
  if (text == "deny") return Permission::kDeny;
  return std::nullopt;
}

}  // namespace kosmo::config
