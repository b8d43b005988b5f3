#pragma once
// The gateway's selection and policy as the command line gives them. `mcp:serve`,
// `mcp:gateway:install` and `mcp:gateway:export` take the same flags (KosmoKrator's
// ResolvesMcpGatewayOptions): the first runs the gateway with them, the other two write them into
// a client's server entry. gateway_profile.h fills what the flags leave open from the config
// profile (`kosmo.mcp_gateway.profiles.<name>`) and the defaults.
#include <optional>
#include <string>
#include <vector>

namespace kosmo::gateway {

struct GatewayFlags {
  std::string profile;                   // --profile NAME ("" = none)
  std::vector<std::string> integration;  // --integration NAME, repeatable
  std::string integrations;              // --integrations a,b,c
  std::vector<std::string> upstream;     // --upstream SERVER, repeatable
  std::string upstreams;                 // --upstreams a,b
  std::string write;                     // --write deny|allow ("" = the profile's, else deny)
  bool resources = false;                // --resources
  bool no_resources = false;             // --no-resources
  bool prompts = false;                  // --prompts
  bool no_prompts = false;               // --no-prompts
  std::optional<long long> max_result_chars;  // --max-result-chars N
  bool force = false;                         // --force (mcp:serve only)

  // --integration values and the --integrations list, split on commas, trimmed, empty names
  // dropped, first occurrence kept (KosmoKrator's selectionValues).
  std::vector<std::string> integration_names() const;
  std::vector<std::string> upstream_names() const;
  // --resources/--no-resources (and the prompts pair) as a tri-state: unset when neither.
  std::optional<bool> expose_resources() const;
  std::optional<bool> expose_prompts() const;
};

// Splits comma-separated selections as KosmoKrator does (see integration_names()).
std::vector<std::string> selection_names(const std::vector<std::string>& values);

}  // namespace kosmo::gateway
