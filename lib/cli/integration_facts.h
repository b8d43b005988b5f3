#pragma once
// Facts about one integration that several companion commands report the same way: the
// credential fields the resolver needs and the effective read/write policy.
#include <rapidjson/document.h>

#include <string>
#include <string_view>
#include <vector>

#include "lib/config/credentials.h"
#include "lib/config/kosmo_config.h"
#include "lib/integrations/manifest.h"

namespace kosmo::cli {

std::vector<config::CredentialField> credential_fields(const integrations::Manifest& manifest);

// "configured", "not configured" or "disabled": whether calls through `account` can be made.
std::string account_status(const config::KosmoConfig& config, const config::Environment& env,
                           const integrations::Manifest& manifest, std::string_view account);

// {"read": "allow", "write": "ask"}: the policy calls are checked against (defaults included).
rapidjson::Value policy_json(const config::KosmoConfig& config, std::string_view integration,
                             rapidjson::Document::AllocatorType& allocator);
// "read: allow, write: ask"
std::string policy_text(const config::KosmoConfig& config, std::string_view integration);

// "a, b, c"
std::string join_names(const std::vector<std::string>& names, std::string_view separator = ", ");

}  // namespace kosmo::cli
