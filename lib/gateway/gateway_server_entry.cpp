#include "lib/gateway/gateway_server_entry.h"

#include <unistd.h>

#include <climits>
#include <string_view>

namespace kosmo::gateway {

std::string running_kosmo_path() {
  char buffer[PATH_MAX + 1];
  const ssize_t size = ::readlink("/proc/self/exe", buffer, PATH_MAX);
  if (size <= 0) return "kosmo";
  std::string path(buffer, static_cast<size_t>(size));
  // A binary replaced (e.g. by an upgrade) after it started reads as "PATH (deleted)"; the new
  // binary at PATH is the one the client should start.
  constexpr std::string_view kDeleted = " (deleted)";
  if (path.size() > kDeleted.size() && path.ends_with(kDeleted)) {
    path.resize(path.size() - kDeleted.size());
  }
  return path;
}

std::optional<std::string> gateway_entry_problem(const GatewayFlags& flags) {
  constexpr auto kMin = static_cast<long long>(kMinMaxResultChars);
  if (flags.max_result_chars && *flags.max_result_chars < kMin) {
    return "--max-result-chars must be at least " + std::to_string(kMin) + ", not " +
           std::to_string(*flags.max_result_chars) + ".";
  }
  return std::nullopt;
}

GatewayServerEntry gateway_server_entry(const GatewayFlags& flags, std::string command) {
  GatewayServerEntry entry;
  entry.command = std::move(command);
  std::vector<std::string>& args = entry.args;
  args.emplace_back("mcp:serve");
  if (!flags.profile.empty()) args.push_back("--profile=" + flags.profile);
  for (const std::string& name : flags.integration_names()) args.push_back("--integration=" + name);
  for (const std::string& name : flags.upstream_names()) args.push_back("--upstream=" + name);
  if (!flags.write.empty()) {
    args.push_back("--write=" + flags.write);
  } else if (flags.profile.empty()) {
    args.emplace_back("--write=deny");  // a profile may say allow; without one, deny is explicit
  }
  // KosmoKrator forwards only the negative flags; an explicit --resources/--prompts is forwarded
  // too, since it overrides a profile that turns them off.
  if (const std::optional<bool> resources = flags.expose_resources()) {
    args.emplace_back(*resources ? "--resources" : "--no-resources");
  }
  if (const std::optional<bool> prompts = flags.expose_prompts()) {
    args.emplace_back(*prompts ? "--prompts" : "--no-prompts");
  }
  if (flags.max_result_chars &&
      *flags.max_result_chars != static_cast<long long>(kDefaultMaxResultChars)) {
    args.push_back("--max-result-chars=" + std::to_string(*flags.max_result_chars));
  }
  return entry;
}

}  // namespace kosmo::gateway
