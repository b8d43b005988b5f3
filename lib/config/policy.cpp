#include "lib/config/policy.h"

#include <algorithm>
#include <optional>

namespace kosmo::config {
namespace {

// How the subject is named in a message, and its policy's path in config.yaml (a key with a dot
// is quoted, as YAML needs it).
std::string described(const PolicySubject& subject) {
  const std::string kind =
      subject.kind == PolicySubject::Kind::kIntegration ? "Integration" : "MCP server";
  return kind + " '" + subject.name + "'";
}

std::string setting_path(const PolicySubject& subject) {
  const std::string key = subject.key();
  const bool quoted = key.find('.') != std::string::npos;
  return "integrations." + (quoted ? "\"" + key + "\"" : key);
}

}  // namespace

std::string PolicySubject::key() const { return kind == Kind::kIntegration ? name : "mcp." + name; }

Permission default_permission(Operation operation) {
  return operation == Operation::kRead ? Permission::kAllow : Permission::kAsk;
}

Permission narrow(Permission user, Permission project) { return std::max(user, project); }

std::string_view permission_source_name(PermissionSource source) {
  constexpr std::string_view kNames[] = {"default", "user", "project"};  // in enum order
  return kNames[static_cast<size_t>(source)];
}

EffectivePermission PermissionPolicy::effective(std::string_view key, Operation operation) const {
  EffectivePermission effective{default_permission(operation), PermissionSource::kDefault};
  if (user_ != nullptr) {
    if (std::optional<Permission> user = user_->permission(key, operation)) {
      effective = {*user, PermissionSource::kUser};
    } else if (std::optional<Permission> fallback = user_->default_permission(key)) {
      effective = {*fallback, PermissionSource::kUser};
    }
  }
  if (project_ != nullptr) {
    std::optional<Permission> project = project_->permission(key, operation);
    if (!project) project = project_->default_permission(key);
    if (project && narrow(effective.permission, *project) != effective.permission) {
      effective = {*project, PermissionSource::kProject};
    }
  }
  return effective;
}

std::filesystem::path PermissionPolicy::project_file() const {
  return project_ != nullptr ? project_->file() : std::filesystem::path();
}

bool mcp_force_opt_in(const KosmoConfig& user, std::optional<std::string> variable) {
  std::optional<std::string> setting = user.mcp_allow_force_bypass();
  const std::optional<std::string>& value = setting ? setting : variable;
  if (!value) return false;
  for (std::string_view yes : {"true", "1", "yes", "on"}) {
    if (*value == yes) return true;
  }
  return false;
}

ForceBypass force_bypass(const PolicySubject& subject, const PermissionPolicy& policy,
                         const RunFlags& flags) {
  if (!flags.force) return ForceBypass::kNotAsked;
  if (subject.kind == PolicySubject::Kind::kMcpServer && !policy.mcp_force_allowed()) {
    return ForceBypass::kDisabled;
  }
  return ForceBypass::kGranted;
}

PermissionDecision decide(const PolicySubject& subject, Operation operation,
                          const PermissionPolicy& policy, const RunFlags& flags) {
  using Verdict = PermissionDecision::Verdict;
  const ForceBypass force = force_bypass(subject, policy, flags);
  if (force == ForceBypass::kDisabled) return {Verdict::kRefuse, std::string(kMcpForceDisabled)};
  if (flags.dry_run && (operation == Operation::kWrite || flags.dry_run_reads)) {
    return {Verdict::kDescribe, {}};
  }
  if (flags.deny_writes && operation == Operation::kWrite) {
    return {Verdict::kRefuse, described(subject) +
                                  " write access is denied by the MCP gateway (--write deny). "
                                  "Restart kosmo mcp:serve with --write allow to allow writes."};
  }
  const EffectivePermission effective = policy.effective(subject.key(), operation);
  if (effective.permission == Permission::kAllow || force == ForceBypass::kGranted) {
    return {Verdict::kProceed, {}};
  }
  return {Verdict::kRefuse, refusal_message(subject, operation, effective, policy.project_file())};
}

std::string refusal_message(const PolicySubject& subject, Operation operation,
                            Permission permission) {
  return refusal_message(subject, operation, {permission, PermissionSource::kUser}, {});
}

std::string refusal_message(const PolicySubject& subject, Operation operation,
                            const EffectivePermission& effective,
                            const std::filesystem::path& project_file) {
  if (effective.permission == Permission::kAllow) return "";
  const std::string op(operation_name(operation));
  const std::string setting = setting_path(subject) + ".permissions." + op;
  const std::string verdict =
      effective.permission == Permission::kAsk ? "requires approval" : "is denied";
  if (effective.source == PermissionSource::kProject) {
    return described(subject) + " " + op + " access " + verdict + " by the project policy in " +
           project_file.string() + ". Re-run with --force or change " + setting + " there.";
  }
  return described(subject) + " " + op + " access " + verdict +
         (effective.permission == Permission::kDeny ? " by policy" : "") +
         ". Re-run with --force or set " + setting + ": allow.";
}

}  // namespace kosmo::config
