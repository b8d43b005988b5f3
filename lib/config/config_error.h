#pragma once
// The one exception for a config file that cannot be used: unreadable, not YAML, or a value of
// the wrong shape. Upstream it becomes the envelope's `config_error` (exit 5), so the message is
// written for the person who has to fix the file: which file, which key, which line.
#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>

namespace kosmo::config {

// Where in a config file a problem is. Lines and columns are 1-based; 0 means unknown.
struct ConfigLocation {
  std::filesystem::path file;
  std::string key_path;  // dotted, e.g. "integrations.sinch.permissions.write"; empty for the root
  int line = 0;
  int column = 0;
};

class ConfigError : public std::runtime_error {
 public:
  // "Invalid config file <file> (line L, column C): <key_path>: <problem>"
  ConfigError(const ConfigLocation& where, std::string_view problem);
  // For problems with no location inside the file (it cannot be read, say).
  explicit ConfigError(const std::string& message) : std::runtime_error(message) {}

  const ConfigLocation& location() const { return where_; }

 private:
  ConfigLocation where_;
};

}  // namespace kosmo::config
