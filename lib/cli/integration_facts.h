#pragma once
// Facts about one integration that several companion commands report the same way: whether an
// account can be called and the effective read/write policy with where each part comes from.
#include <rapidjson/document.h>

#include <string>
#include <string_view>
#include <vector>

#include "lib/config/credentials.h"
#include "lib/config/kosmo_config.h"
#include "lib/config/policy.h"
#include "lib/integrations/manifest.h"

namespace kosmo::cli {

// "configured", "not configured" or "disabled": whether calls through `account` can be made.
std::string account_status(const config::KosmoConfig& config, const config::Environment& env,
                           const integrations::Manifest& manifest, std::string_view account);

// The policy calls with `key` are checked against (defaults included), and where each
// operation's permission comes from: {"read": "allow", "write": "ask"} and
// {"read": "default", "write": "project"}.
rapidjson::Value policy_json(const config::PermissionPolicy& policy, std::string_view key,
                             rapidjson::Document::AllocatorType& allocator);
rapidjson::Value policy_sources_json(const config::PermissionPolicy& policy, std::string_view key,
                                     rapidjson::Document::AllocatorType& allocator);
// "read: allow, write: deny (project)": a source is named only where a project file narrowed.
std::string policy_text(const config::PermissionPolicy& policy, std::string_view key);

// "a, b, c"
std::string join_names(const std::vector<std::string>& names, std::string_view separator = ", ");

}  // namespace kosmo::cli
