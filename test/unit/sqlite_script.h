#pragma once
// Writes a SQLite database from SQL text: tests build KosmoKrator settings databases with it.
#include <sqlite3.h>

#include <filesystem>
#include <string>

namespace kosmo::testing {

// Creates `file` (and its parent directories) and runs `sql` in it; the error text, or "" when
// every statement ran.
inline std::string run_sqlite_script(const std::filesystem::path& file, const std::string& sql) {
  std::filesystem::create_directories(file.parent_path());
  sqlite3* db = nullptr;
  if (sqlite3_open(file.c_str(), &db) != SQLITE_OK) {
    std::string why = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    return why;
  }
  char* error = nullptr;
  std::string why;
  if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
    why = error ? error : "sqlite3_exec failed";
  }
  sqlite3_free(error);
  sqlite3_close(db);
  return why;
}

// KosmoKrator's settings table (src/Session/Database.php), in WAL mode as it keeps it.
inline constexpr const char* kKosmokratorSettingsSchema =
    "PRAGMA journal_mode=WAL;"
    "CREATE TABLE settings (scope TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL,"
    " updated_at TEXT, PRIMARY KEY (scope, key));";

}  // namespace kosmo::testing
