#pragma once
// The server entry that starts the gateway, as `mcp:gateway:install` writes it into a client's
// configuration and `mcp:gateway:export` prints it: the running kosmo binary with `mcp:serve` and
// the gateway flags the user gave, spelled as KosmoKrator's gatewayServerConfig spells them
// (src/Command/Mcp/ResolvesMcpGatewayOptions.php), so an entry written by either tool reads the
// same.
#include <optional>
#include <string>
#include <vector>

#include "lib/gateway/gateway_flags.h"
#include "lib/gateway/tool_result_format.h"  // kDefaultMaxResultChars, kMinMaxResultChars

namespace kosmo::gateway {

struct GatewayServerEntry {
  std::string command;            // absolute path of the kosmo binary, or "kosmo"
  std::vector<std::string> args;  // "mcp:serve" and the flags
};

// The absolute path of the running kosmo (the target of /proc/self/exe, so a symlink on PATH
// resolves to the binary it points to; a binary replaced since it started is named by its
// path), or "kosmo" when the kernel does not say (no /proc): then the client finds it on PATH.
std::string running_kosmo_path();

// Why `flags` cannot make a working entry (a usage error), or nullopt. --write is checked by the
// option itself; --max-result-chars below kMinMaxResultChars (1000) would be raised by the
// gateway (KosmoKrator's floor), so the entry would not do what it says.
std::optional<std::string> gateway_entry_problem(const GatewayFlags& flags);

// args = ["mcp:serve", "--profile=P", "--integration=N" per name, "--upstream=S" per name,
// "--write=W" (as given; "--write=deny" when not given and no profile names one: an installed
// gateway never writes unless asked), "--resources"/"--no-resources", "--prompts"/"--no-prompts"
// when given, "--max-result-chars=N" when not 50000].
GatewayServerEntry gateway_server_entry(const GatewayFlags& flags, std::string command);

}  // namespace kosmo::gateway
