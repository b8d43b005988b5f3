#pragma once
// Reading a configuration file whole (config.yaml, an MCP config file), with a size limit.
//
// Every command reads these files before it does anything else, and what it does with them
// costs time in proportion to their size (yaml-cpp parses a few MB per second), so their size is
// bounded: a file past the limit is refused, not read. A file whose size is not known in advance
// (a symlink to /dev/zero, by mistake or in a hostile repository) is refused once the limit has
// been read.
#include <cstddef>
#include <filesystem>
#include <string>

namespace kosmo::config {

// Far more than anyone writes by hand or a tool writes for them (a config.yaml with 30,000
// accounts fits), and small enough that reading the largest allowed file costs a command about
// 0.3 s and 60 MB: yaml-cpp parses 3 to 4 MB a second and holds about 60 bytes per byte of YAML.
inline constexpr size_t kMaxConfigFileBytes = size_t{1} << 20;

struct ConfigText {
  enum class Status { kOk, kMissing, kFailed };
  Status status = Status::kMissing;
  std::string text;  // kOk: the whole file
  // kFailed: why, for "Cannot read <file>: <problem>.", e.g. "it is 7088927 bytes; config
  // files are limited to 1048576 bytes (1 MiB)".
  std::string problem;
};

// The text of `file`; kMissing when it does not exist (ENOENT). Failures are values: the callers
// report them their own way (config.yaml throws ConfigError, an MCP file is skipped with a
// warning).
ConfigText read_config_text(const std::filesystem::path& file,
                            size_t max_bytes = kMaxConfigFileBytes);

}  // namespace kosmo::config
