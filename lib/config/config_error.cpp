#include "lib/config/config_error.h"

namespace kosmo::config {
namespace {

std::string describe(const ConfigLocation& where, std::string_view problem) {
  std::string text = "Invalid config file " + where.file.string();
  if (where.line > 0) {
    text += " (line " + std::to_string(where.line);
    if (where.column > 0) text += ", column " + std::to_string(where.column);
    text += ")";
  }
  text += ": ";
  if (!where.key_path.empty()) text += where.key_path + ": ";
  text += problem;
  return text;
}

}  // namespace

ConfigError::ConfigError(const ConfigLocation& where, std::string_view problem)
    : std::runtime_error(describe(where, problem)), where_(where) {}

}  // namespace kosmo::config
