#pragma once
// How credentials are named in the environment, so CI can configure kosmo with no file at all:
//   KOSMO_<INTEGRATION>_<FIELD>                 the default account
//   KOSMO_<INTEGRATION>__<ACCOUNT>__<FIELD>     any account, `default` included
// Each name part is upper-cased with every character outside [A-Za-z0-9] replaced by `_`.
#include <string>
#include <string_view>
#include <vector>

#include "lib/config/environment.h"

namespace kosmo::config {

inline constexpr std::string_view kDefaultAccount = "default";

// "api-token" → "API_TOKEN".
std::string env_name_part(std::string_view name);

// The single-underscore form for the default account.
std::string default_account_env_var(std::string_view integration, std::string_view field);
// The double-underscore form, valid for every account.
std::string account_env_var(std::string_view integration, std::string_view account,
                            std::string_view field);

// Account names found in KOSMO_<INTEGRATION>__<ACCOUNT>__<FIELD> variables, lower-cased, sorted,
// without duplicates. Variables with an empty value do not count.
std::vector<std::string> accounts_in_environment(std::string_view integration,
                                                 const Environment& env);

// Account names must survive the round trip through a variable name: letters, digits, `-` and
// `_`, not starting or ending with `_` and without `__` (the separator in the variable name).
bool is_valid_account_name(std::string_view account);

}  // namespace kosmo::config
