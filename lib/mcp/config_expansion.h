#pragma once
// `${NAME}` and `${NAME:-default}` references inside the values of an entry's env, headers, args
// and url (spec §9). Unlike config.yaml credentials, references may sit inside a larger string
// (`"Authorization": "Bearer ${GITHUB_TOKEN}"`), as other MCP clients allow; each reference is
// resolved with config::expand_value, so both files share one meaning of a reference.
//
// There is no allow-list of variable names (the reference's env gate): a project file's entry is
// only started after the user trusted its unexpanded text, references included.
#include <string>
#include <string_view>
#include <vector>

#include "lib/config/environment.h"
#include "lib/mcp/server_config.h"

namespace kosmo::mcp {

// Replaces every `${...}` reference in `text`. An unset variable without a default becomes ""
// and its name is appended to `unset` (once). Text that is not a valid reference (`${input:x}`,
// `${1}`, an unterminated `${`) is kept literally.
// Every value substituted is appended to `inserted` (when given).
std::string expand_references(std::string_view text, const config::Environment& env,
                              std::vector<std::string>* unset,
                              std::vector<std::string>* inserted = nullptr);

struct ExpandedServer {
  ServerConfig config;                       // env, headers, args, url expanded; the rest as is
  std::vector<std::string> unset_variables;  // referenced without a default but not set
  std::vector<std::string> inserted_values;  // what references expanded to
};

ExpandedServer expand_server(const ServerConfig& config, const config::Environment& env);

}  // namespace kosmo::mcp
