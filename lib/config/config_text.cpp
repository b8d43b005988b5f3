#include "lib/config/config_text.h"

#include "lib/common/file_read.h"

namespace kosmo::config {
namespace {

std::string limit_text(size_t max_bytes) {
  std::string text = "config files are limited to " + std::to_string(max_bytes) + " bytes";
  if (max_bytes % (size_t{1} << 20) == 0) text += " (" + std::to_string(max_bytes >> 20) + " MiB)";
  return text;
}

}  // namespace

ConfigText read_config_text(const std::filesystem::path& file, size_t max_bytes) {
  // A regular file's size is known before reading: a file past the cap is refused unread.
  std::error_code ec;
  if (std::filesystem::is_regular_file(file, ec)) {
    const uintmax_t size = std::filesystem::file_size(file, ec);
    if (!ec && size > max_bytes) {
      return {ConfigText::Status::kFailed, "",
              "it is " + std::to_string(size) + " bytes; " + limit_text(max_bytes)};
    }
  }
  // The common reader: close-on-exec, and never more than the cap read.
  ReadResult read = read_file(file, ReadLimits{max_bytes, {}});
  switch (read.status) {
    case ReadStatus::kOk:
      return {ConfigText::Status::kOk, std::move(read.text), ""};
    case ReadStatus::kNotFound:
      return {};
    case ReadStatus::kIsDirectory:
      return {ConfigText::Status::kFailed, "", "it is a directory"};
    case ReadStatus::kTooLarge:
      return {ConfigText::Status::kFailed, "", "reading it went past the limit: " + limit_text(max_bytes)};
    case ReadStatus::kTimedOut:
    case ReadStatus::kFailed:
      break;
  }
  return {ConfigText::Status::kFailed, "", read.problem()};
}

}  // namespace kosmo::config
