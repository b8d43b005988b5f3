#include "lib/config/kosmokrator_store.h"

#include <rapidjson/document.h>
#include <spdlog/spdlog.h>
#include <sqlite3.h>

#include <memory>
#include <mutex>
#include <system_error>

#include "lib/common/json_parse.h"

namespace kosmo::config {
namespace fs = std::filesystem;
namespace {

// KosmoKrator may be writing at the same moment (it sets busy_timeout=5000 itself); a read that
// waits longer than this is not worth delaying a run for.
constexpr int kBusyTimeoutMs = 1000;

constexpr std::string_view kQuery =
    "SELECT key, value FROM settings WHERE scope = 'global' AND key LIKE 'integration.%'";

std::string accounts_key(std::string_view integration) {
  return "integration." + std::string(integration) + ".accounts";
}

// KosmoKrator runs in WAL mode. While it has the database open, a `-wal` file (and `-shm`)
// exist and hold the newest settings: a plain read-only open sees them without creating
// anything. With no `-wal`, everything is in the main file, and `immutable=1` reads it without
// SQLite creating `-wal`/`-shm` files next to it (a read-only WAL open would).
std::string open_uri(const fs::path& database) {
  std::error_code ec;
  const bool live = fs::exists(database.string() + "-wal", ec);
  std::string uri = "file:";
  for (char c : database.string()) {
    if (c == '?' || c == '#' || c == '%') {
      static constexpr char kHex[] = "0123456789ABCDEF";
      uri += '%';
      uri += kHex[static_cast<unsigned char>(c) >> 4];
      uri += kHex[static_cast<unsigned char>(c) & 0xF];
    } else {
      uri += c;
    }
  }
  return uri + (live ? "?mode=ro" : "?mode=ro&immutable=1");
}

struct DatabaseCloser {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
struct StatementFinalizer {
  void operator()(sqlite3_stmt* statement) const { sqlite3_finalize(statement); }
};

std::string text_column(sqlite3_stmt* statement, int column) {
  const unsigned char* text = sqlite3_column_text(statement, column);
  return text ? std::string(reinterpret_cast<const char*>(text),
                            static_cast<size_t>(sqlite3_column_bytes(statement, column)))
              : std::string();
}

void warn_unreadable(const fs::path& database, std::string_view why) {
  spdlog::warn("Cannot read KosmoKrator's settings database {}: {}; its credentials are not used",
               database.string(), why);
}

}  // namespace

KosmokratorStore KosmokratorStore::load(const fs::path& database) {
  KosmokratorStore store;
  store.file_ = database;
  sqlite3* raw = nullptr;
  const int opened = sqlite3_open_v2(open_uri(database).c_str(), &raw,
                                     SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, nullptr);
  std::unique_ptr<sqlite3, DatabaseCloser> db(raw);
  if (opened != SQLITE_OK) {
    // Gone between the existence check and the open: nothing stored, as for a missing file.
    std::error_code ec;
    if (fs::exists(database, ec)) warn_unreadable(database, raw ? sqlite3_errmsg(raw) : "");
    return store;
  }
  sqlite3_busy_timeout(db.get(), kBusyTimeoutMs);
  sqlite3_stmt* raw_statement = nullptr;
  if (sqlite3_prepare_v2(db.get(), kQuery.data(), static_cast<int>(kQuery.size()), &raw_statement,
                         nullptr) != SQLITE_OK) {
    // A database without the table (KosmoKrator never configured anything) holds no credentials.
    const std::string why = sqlite3_errmsg(db.get());
    if (why.rfind("no such table", 0) != 0) warn_unreadable(database, why);
    return store;
  }
  std::unique_ptr<sqlite3_stmt, StatementFinalizer> statement(raw_statement);
  int step;
  while ((step = sqlite3_step(statement.get())) == SQLITE_ROW) {
    store.settings_[text_column(statement.get(), 0)] = text_column(statement.get(), 1);
  }
  if (step != SQLITE_DONE) {
    warn_unreadable(database, sqlite3_errmsg(db.get()));
    store.settings_.clear();
  }
  return store;
}

std::optional<std::string> KosmokratorStore::value(std::string_view integration,
                                                   std::string_view account,
                                                   std::string_view field) const {
  const std::string key =
      accounts_key(integration) + "." + std::string(account) + "." + std::string(field);
  auto found = settings_.find(key);
  if (found == settings_.end()) return std::nullopt;
  return found->second;
}

std::vector<std::string> KosmokratorStore::account_names(std::string_view integration) const {
  std::vector<std::string> names;
  auto found = settings_.find(accounts_key(integration));
  if (found == settings_.end()) return names;
  rapidjson::Document doc;
  // Anything but a JSON object lists no accounts, as json_decode + is_array does there; the
  // bounded parser, as the file is not kosmo's (a value nested too deep is not an object).
  if (parse_json(found->second, doc).IsError() || !doc.IsObject()) return names;
  for (const auto& member : doc.GetObject()) {
    names.emplace_back(member.name.GetString(), member.name.GetStringLength());
  }
  return names;
}

bool KosmokratorStore::has_accounts(std::string_view integration) const {
  const std::string prefix = accounts_key(integration) + ".";
  auto next = settings_.lower_bound(prefix);
  if (next != settings_.end() && next->first.rfind(prefix, 0) == 0) return true;
  return !account_names(integration).empty();
}

std::optional<fs::path> kosmokrator_database(const Environment& env) {
  std::optional<std::string> home = env.get("HOME");
  if (!home || home->empty()) return std::nullopt;
  std::error_code ec;
  for (const fs::path& candidate : {fs::path(*home) / ".kosmo" / "data" / "kosmo.db",
                                    fs::path(*home) / ".kosmokrator" / "data" / "kosmokrator.db"}) {
    if (fs::is_regular_file(candidate, ec)) return candidate;
  }
  return std::nullopt;
}

const KosmokratorStore& kosmokrator_store(const Environment& env) {
  static std::mutex mutex;
  static std::map<fs::path, std::unique_ptr<KosmokratorStore>> loaded;
  static const KosmokratorStore kNone;
  std::optional<fs::path> database = kosmokrator_database(env);
  if (!database) return kNone;
  std::lock_guard<std::mutex> lock(mutex);
  std::unique_ptr<KosmokratorStore>& store = loaded[*database];
  if (!store) store = std::make_unique<KosmokratorStore>(KosmokratorStore::load(*database));
  return *store;
}

}  // namespace kosmo::config
