#pragma once
// The read/write permission policy for integration calls. Headless, `ask` cannot be answered, so
// it refuses like `deny`; `--force` bypasses both (as the reference does), which the caller
// reports as the envelope's meta.permission_bypassed.
#include <string>
#include <string_view>

#include "lib/config/kosmo_config.h"
#include "lib/config/permission.h"

namespace kosmo::config {

// read: allow, write: ask.
Permission default_permission(Operation operation);

// The stricter of the two (allow < ask < deny): a project may narrow the user's policy, never
// widen it.
Permission narrow(Permission user, Permission project);

// Whether a call with this permission proceeds.
inline bool is_permitted(Permission permission, bool force) {
  return force || permission == Permission::kAllow;
}

// The refusal for `ask` or `deny`, e.g. "Integration 'sinch' write access requires approval.
// Re-run with --force or set integrations.sinch.permissions.write: allow." Empty for `allow`.
std::string refusal_message(std::string_view integration, Operation operation,
                            Permission permission);

// The user's config.yaml, optionally narrowed by a project's .kosmo/config.yaml. Holds
// references: the configs must outlive the policy. Only permissions are read from the project
// config; it cannot enable integrations, supply credentials or trust servers through this class.
class PermissionPolicy {
 public:
  explicit PermissionPolicy(const KosmoConfig& user, const KosmoConfig* project = nullptr)
      : user_(user), project_(project) {}

  Permission permission(std::string_view integration, Operation operation) const;

 private:
  const KosmoConfig& user_;
  const KosmoConfig* project_;
};

}  // namespace kosmo::config
