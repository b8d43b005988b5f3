#include "lib/config/credential_env.h"

#include <algorithm>
#include <cctype>

namespace kosmo::config {

std::string env_name_part(std::string_view name) {
  std::string part;
  part.reserve(name.size());
  for (char c : name) {
    const auto byte = static_cast<unsigned char>(c);
    // isalnum is locale-dependent; only ASCII letters and digits are kept.
    const bool keep = byte < 0x80 && std::isalnum(byte);
    part.push_back(keep ? static_cast<char>(std::toupper(byte)) : '_');
  }
  return part;
}

std::string default_account_env_var(std::string_view integration, std::string_view field) {
  return "KOSMO_" + env_name_part(integration) + "_" + env_name_part(field);
}

std::string account_env_var(std::string_view integration, std::string_view account,
                            std::string_view field) {
  return "KOSMO_" + env_name_part(integration) + "__" + env_name_part(account) + "__" +
         env_name_part(field);
}

std::vector<std::string> accounts_in_environment(std::string_view integration,
                                                 const Environment& env) {
  const std::string prefix = "KOSMO_" + env_name_part(integration) + "__";
  std::vector<std::string> accounts;
  for (const std::string& name : env.names_with_prefix(prefix)) {
    std::string_view rest = std::string_view(name).substr(prefix.size());
    const size_t separator = rest.find("__");
    // Both the account and the field must be non-empty: KOSMO_SINCH__WORK__ names no field.
    if (separator == 0 || separator == std::string_view::npos || separator + 2 == rest.size()) {
      continue;
    }
    const std::optional<std::string> value = env.get(name);
    if (!value || value->empty()) continue;
    std::string account(rest.substr(0, separator));
    std::transform(account.begin(), account.end(), account.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (is_valid_account_name(account)) accounts.push_back(std::move(account));
  }
  std::sort(accounts.begin(), accounts.end());
  accounts.erase(std::unique(accounts.begin(), accounts.end()), accounts.end());
  return accounts;
}

bool is_valid_account_name(std::string_view account) {
  if (account.empty() || account.front() == '_' || account.back() == '_') return false;
  if (account.find("__") != std::string_view::npos) return false;
  return std::all_of(account.begin(), account.end(), [](char c) {
    const auto byte = static_cast<unsigned char>(c);
    return (byte < 0x80 && std::isalnum(byte)) || c == '-' || c == '_';
  });
}

}  // namespace kosmo::config
