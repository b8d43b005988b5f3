#pragma once
// The read/write permission policy and the one decision every call makes with it, integration
// function and MCP tool alike (product contract §6, §9).
//
// Headless, `ask` cannot be answered, so it refuses like `deny`; `--force` bypasses both (as the
// reference does), which the envelope reports as meta.permission_bypassed. `--dry-run` is
// decided first: a write under --dry-run (and a read, for the call commands: RunFlags::
// dry_run_reads) is described and never sent, whatever the policy.
// For MCP servers --force is an opt-in, as in KosmoKrator's McpPermissionEvaluator: without
// KOSMO_MCP_ALLOW_FORCE or `mcp: {allow_force_bypass: true}` in the user's config.yaml, a forced
// MCP call is refused (before --dry-run is looked at); with it, --force also bypasses trust.
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "lib/common/run_flags.h"
#include "lib/config/kosmo_config.h"
#include "lib/config/permission.h"

namespace kosmo::config {

// What a policy is kept for. MCP servers share the integrations' section of config.yaml under
// the key "mcp.<server>":  integrations: { "mcp.fs": { permissions: { write: allow } } }
struct PolicySubject {
  enum class Kind { kIntegration, kMcpServer };
  Kind kind = Kind::kIntegration;
  std::string name;  // "sinch", or the server's name as configured

  static PolicySubject integration(std::string_view name) {
    return {Kind::kIntegration, std::string(name)};
  }
  static PolicySubject mcp_server(std::string_view name) {
    return {Kind::kMcpServer, std::string(name)};
  }

  std::string key() const;  // "sinch" / "mcp.fs": the key under `integrations:`
};

// read: allow, write: ask.
Permission default_permission(Operation operation);

// The stricter of the two (allow < ask < deny): a project may narrow the user's policy, never
// widen it.
Permission narrow(Permission user, Permission project);

// Where the permission a call is checked against comes from.
enum class PermissionSource { kDefault, kUser, kProject };
std::string_view permission_source_name(PermissionSource source);  // "default"/"user"/"project"

struct EffectivePermission {
  Permission permission = Permission::kAllow;
  PermissionSource source = PermissionSource::kDefault;
};

// The user's config.yaml, narrowed by a project's .kosmo/config.yaml when there is one. Holds
// pointers: the configs must outlive the policy. Only permissions are read from the project
// config; it cannot enable integrations, supply credentials or trust servers.
class PermissionPolicy {
 public:
  PermissionPolicy() = default;  // the defaults alone
  explicit PermissionPolicy(const KosmoConfig* user, const KosmoConfig* project = nullptr,
                            bool mcp_force_allowed = false)
      : user_(user), project_(project), mcp_force_allowed_(mcp_force_allowed) {}

  EffectivePermission effective(std::string_view key, Operation operation) const;
  Permission permission(std::string_view key, Operation operation) const {
    return effective(key, operation).permission;
  }
  // The project's .kosmo/config.yaml, or an empty path when there is none.
  std::filesystem::path project_file() const;
  // Whether --force may bypass MCP trust and policy (mcp_force_opt_in below).
  bool mcp_force_allowed() const { return mcp_force_allowed_; }

 private:
  const KosmoConfig* user_ = nullptr;
  const KosmoConfig* project_ = nullptr;
  bool mcp_force_allowed_ = false;
};

// KosmoKrator's opt-in for MCP's --force: the user's `mcp.allow_force_bypass`, else the
// KOSMO_MCP_ALLOW_FORCE variable, counts when it is true, "true", "1", "yes" or "on". A project
// file cannot opt in: a repository must not be able to lift its own servers' trust check.
bool mcp_force_opt_in(const KosmoConfig& user, std::optional<std::string> variable);

// KosmoKrator's message, word for word, for --force on MCP without the opt-in.
inline constexpr std::string_view kMcpForceDisabled =
    "MCP --force bypass is disabled. Set kosmo.mcp.allow_force_bypass=true only for trusted "
    "automation.";

// What --force does for `subject` in this run.
enum class ForceBypass {
  kNotAsked,  // no --force
  kGranted,   // policy (and, for MCP, trust) is bypassed
  kDisabled,  // MCP without the opt-in: refuse with kMcpForceDisabled
};
ForceBypass force_bypass(const PolicySubject& subject, const PermissionPolicy& policy,
                         const RunFlags& flags);

struct PermissionDecision {
  enum class Verdict {
    kProceed,   // send it
    kDescribe,  // --dry-run write: describe the request instead of sending it
    kRefuse,    // `refusal` says why and how to allow it
  };
  Verdict verdict = Verdict::kProceed;
  std::string refusal;
};

// The one decision for a call to `subject` doing `operation`, under `policy` and the run's
// --force / --dry-run. The MCP gateway's --write deny (RunFlags::deny_writes) refuses a write
// after --dry-run is looked at and before policy and --force are.
PermissionDecision decide(const PolicySubject& subject, Operation operation,
                          const PermissionPolicy& policy, const RunFlags& flags);

// The refusal for `ask` or `deny`, e.g. "Integration 'sinch' write access requires approval.
// Re-run with --force or set integrations.sinch.permissions.write: allow." (an MCP server:
// "MCP server 'fs' ... set integrations."mcp.fs".permissions.write: allow."). Empty for `allow`.
std::string refusal_message(const PolicySubject& subject, Operation operation,
                            Permission permission);
// The same for a permission a project file decided: the advice points at that file, since the
// user's own setting cannot lift it ("... is denied by the project policy in
// /repo/.kosmo/config.yaml. Re-run with --force or change integrations.sinch.permissions.read
// there.").
std::string refusal_message(const PolicySubject& subject, Operation operation,
                            const EffectivePermission& effective,
                            const std::filesystem::path& project_file);

}  // namespace kosmo::config
