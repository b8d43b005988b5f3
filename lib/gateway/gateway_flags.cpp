#include "lib/gateway/gateway_flags.h"

#include <algorithm>

#include "lib/common/text.h"

namespace kosmo::gateway {

std::vector<std::string> selection_names(const std::vector<std::string>& values) {
  std::vector<std::string> names;
  for (const std::string& value : values) {
    size_t start = 0;
    while (start <= value.size()) {
      size_t comma = value.find(',', start);
      if (comma == std::string::npos) comma = value.size();
      std::string name(trim_space(std::string_view(value).substr(start, comma - start)));
      if (!name.empty() && std::find(names.begin(), names.end(), name) == names.end()) {
        names.push_back(std::move(name));
      }
      start = comma + 1;
    }
  }
  return names;
}

namespace {

std::vector<std::string> with_list(std::vector<std::string> repeated, const std::string& list) {
  if (!list.empty()) repeated.push_back(list);
  return selection_names(repeated);
}

std::optional<bool> tri_state(bool on, bool off) {
  if (off) return false;  // as KosmoKrator: --no-X wins over --X
  if (on) return true;
  return std::nullopt;
}

}  // namespace

std::vector<std::string> GatewayFlags::integration_names() const {
  return with_list(integration, integrations);
}

std::vector<std::string> GatewayFlags::upstream_names() const {
  return with_list(upstream, upstreams);
}

std::optional<bool> GatewayFlags::expose_resources() const {
  return tri_state(resources, no_resources);
}

std::optional<bool> GatewayFlags::expose_prompts() const { return tri_state(prompts, no_prompts); }

}  // namespace kosmo::gateway
