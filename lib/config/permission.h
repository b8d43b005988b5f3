#pragma once
// The vocabulary of the permission policy: what a call does (read or write) and what the policy
// says about it. Kept apart from policy.h so the config file code can validate and store these
// values without depending on the policy itself.
#include <optional>
#include <string_view>

namespace kosmo::config {

enum class Operation { kRead, kWrite };

// Declared from the most to the least permissive: narrow() relies on this order.
enum class Permission { kAllow, kAsk, kDeny };

std::string_view operation_name(Operation operation);  // "read" / "write"
std::optional<Operation> parse_operation(std::string_view text);

std::string_view permission_name(Permission permission);  // "allow" / "ask" / "deny"
// Exact, lower-case names only: a config file saying `Allow` is more likely a mistake than intent.
std::optional<Permission> parse_permission(std::string_view text);

}  // namespace kosmo::config
