// Codex's config.toml edit (lib/gateway/client_config_toml.h) on arbitrary file contents: the
// first input byte picks the server name, the rest is the file.
//
// Oracle: whatever the file, the scanner neither crashes nor reads out of bounds; when the edit
// is accepted, its result (a) contains the new table, (b) is accepted again and (c) is then
// unchanged (install is idempotent), and (d) every byte of the file outside the server's tables
// survives: the result starts with the file's bytes before the first replaced table.
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "lib/gateway/client_config_toml.h"

namespace {

void check(bool condition) {
  if (!condition) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  static const char* const kNames[] = {"kosmo", "my server", "a.b", "k\"q"};
  const std::string name = kNames[data[0] % 4];
  const std::string text(reinterpret_cast<const char*>(data + 1), size - 1);
  kosmo::gateway::GatewayServerEntry entry;
  entry.command = "/opt/k \"o\"\\smo";
  entry.args = {"mcp:serve", "--write=deny"};
  const std::string table = kosmo::gateway::toml_server_table(name, entry);

  const kosmo::Outcome<std::string> once =
      kosmo::gateway::with_toml_server_table(text, name, table, "config.toml");
  if (!once) return 0;
  check(once->find(table) != std::string::npos);
  const kosmo::Outcome<std::string> twice =
      kosmo::gateway::with_toml_server_table(*once, name, table, "config.toml");
  check(twice.ok());
  check(*twice == *once);
  const size_t kept = std::min(once->find(table), text.size());
  check(text.compare(0, kept, *once, 0, kept) == 0);
  return 0;
}
