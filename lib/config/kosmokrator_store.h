#pragma once
// Integration credentials KosmoKrator keeps in its SQLite settings database, read so that a user
// who configured an integration there can run kosmo without entering the values again.
//
// Where (src/Session/Database.php, src/Settings/SettingsPaths.php): $HOME/.kosmo/data/kosmo.db,
// else the legacy $HOME/.kosmokrator/data/kosmokrator.db (KosmoKrator copies that one over on
// first use). KosmoKrator's globalDirectory() honours HOME only, not KOSMO_HOME, so neither does
// this lookup; without HOME there is no database.
//
// What (src/Integration/YamlCredentialResolver.php): table settings(scope, key, value), scope
// `global`, keys `integration.<name>.accounts.<account>.<field>` (account `default` when none),
// values possibly `enc:v1:`-sealed, and `integration.<name>.accounts` holding a JSON object whose
// keys are the account aliases.
//
// The lowest-priority credential source: the environment and config.yaml win (credentials.h).
// kosmo never creates or changes the database; a missing file or table means no credentials, a
// damaged or unreadable one is a warning naming the file and the run goes on without it.
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lib/config/environment.h"

namespace kosmo::config {

class KosmokratorStore {
 public:
  KosmokratorStore() = default;

  // Every `integration.*` setting of scope `global` in `database`; empty (and a warning on stderr
  // when the file exists but cannot be read as a settings database) on failure.
  static KosmokratorStore load(const std::filesystem::path& database);

  // The raw stored value (possibly `enc:v1:`), nullopt when there is none.
  std::optional<std::string> value(std::string_view integration, std::string_view account,
                                   std::string_view field) const;
  // The aliases in `integration.<name>.accounts`, in stored order.
  std::vector<std::string> account_names(std::string_view integration) const;
  // Whether any account value or alias is stored for the integration.
  bool has_accounts(std::string_view integration) const;

  const std::filesystem::path& file() const { return file_; }

 private:
  std::filesystem::path file_;
  std::map<std::string, std::string, std::less<>> settings_;  // key → value
};

// The database KosmoKrator would open for `env`, when one exists; nullopt otherwise.
std::optional<std::filesystem::path> kosmokrator_database(const Environment& env);

// The store for `env`, loaded once per database path per process, so a run that resolves
// credentials for many calls opens the file (and warns about it) once.
const KosmokratorStore& kosmokrator_store(const Environment& env);

}  // namespace kosmo::config
