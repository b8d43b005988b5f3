#include "lib/config/policy.h"

#include <algorithm>
#include <optional>

namespace kosmo::config {

Permission default_permission(Operation operation) {
  return operation == Operation::kRead ? Permission::kAllow : Permission::kAsk;
}

Permission narrow(Permission user, Permission project) { return std::max(user, project); }

std::string refusal_message(std::string_view integration, Operation operation,
                            Permission permission) {
  if (permission == Permission::kAllow) return "";
  const std::string name(integration);
  const std::string op(operation_name(operation));
  const std::string verdict =
      permission == Permission::kAsk ? "requires approval" : "is denied by policy";
  return "Integration '" + name + "' " + op + " access " + verdict +
         ". Re-run with --force or set integrations." + name + ".permissions." + op + ": allow.";
}

Permission PermissionPolicy::permission(std::string_view integration, Operation operation) const {
  Permission effective =
      user_.permission(integration, operation).value_or(default_permission(operation));
  if (project_ != nullptr) {
    if (std::optional<Permission> project = project_->permission(integration, operation)) {
      effective = narrow(effective, *project);
    }
  }
  return effective;
}

}  // namespace kosmo::config
