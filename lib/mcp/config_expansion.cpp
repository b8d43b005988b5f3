#include "lib/mcp/config_expansion.h"

#include <algorithm>
#include <optional>

namespace kosmo::mcp {
namespace {

bool is_identifier_start(char c) {
  return c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

// The variable name of a `${...}` reference, for reporting it as unset.
std::string_view reference_name(std::string_view reference) {
  std::string_view inner = reference.substr(2, reference.size() - 3);
  return inner.substr(0, inner.find(":-"));
}

}  // namespace

std::string expand_references(std::string_view text, const config::Environment& env,
                              std::vector<std::string>* unset, std::vector<std::string>* inserted) {
  std::string result;
  result.reserve(text.size());
  size_t position = 0;
  while (position < text.size()) {
    size_t start = text.find("${", position);
    size_t end = start == std::string_view::npos ? start : text.find('}', start + 2);
    if (end == std::string_view::npos) break;
    result.append(text, position, start - position);
    std::string_view reference = text.substr(start, end - start + 1);
    position = end + 1;
    if (reference.size() < 4 || !is_identifier_start(reference[2])) {
      result.append(reference);
      continue;
    }
    std::optional<std::string> value = config::expand_value(reference, env);
    if (value) {
      result.append(*value);
      if (inserted && !value->empty()) inserted->push_back(*value);
    } else if (unset) {
      std::string name(reference_name(reference));
      if (std::find(unset->begin(), unset->end(), name) == unset->end()) unset->push_back(name);
    }
  }
  result.append(text, position);
  return result;
}

ExpandedServer expand_server(const ServerConfig& config, const config::Environment& env) {
  ExpandedServer expanded{config, {}, {}};
  std::vector<std::string>* unset = &expanded.unset_variables;
  std::vector<std::string>* inserted = &expanded.inserted_values;
  for (std::string& arg : expanded.config.args) {
    arg = expand_references(arg, env, unset, inserted);
  }
  for (auto& [name, value] : expanded.config.env) {
    value = expand_references(value, env, unset, inserted);
  }
  for (auto& [name, value] : expanded.config.headers) {
    value = expand_references(value, env, unset, inserted);
  }
  expanded.config.url = expand_references(expanded.config.url, env, unset, inserted);
  oauth::OAuthSettings& oauth = expanded.config.oauth;
  for (std::string* value :
       {&oauth.client_id, &oauth.client_secret, &oauth.client_metadata_url, &oauth.scope,
        &oauth.private_key, &oauth.id_token, &oauth.idp_token_endpoint, &oauth.idp_client_id,
        &oauth.idp_client_secret}) {
    *value = expand_references(*value, env, unset, inserted);
  }
  return expanded;
}

}  // namespace kosmo::mcp
