#include "lib/config/config_text.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace kosmo::config {
namespace {

ConfigText failed(std::string problem) {
  return {ConfigText::Status::kFailed, "", std::move(problem)};
}

// Closes the descriptor on every return path.
class OpenFile {
 public:
  explicit OpenFile(int fd) : fd_(fd) {}
  ~OpenFile() {
    if (fd_ >= 0) ::close(fd_);
  }
  OpenFile(const OpenFile&) = delete;
  OpenFile& operator=(const OpenFile&) = delete;
  int fd() const { return fd_; }

 private:
  int fd_;
};

std::string limit_text(size_t max_bytes) {
  std::string text = "config files are limited to " + std::to_string(max_bytes) + " bytes";
  if (max_bytes % (size_t{1} << 20) == 0) text += " (" + std::to_string(max_bytes >> 20) + " MiB)";
  return text;
}

}  // namespace

ConfigText read_config_text(const std::filesystem::path& file, size_t max_bytes) {
  const OpenFile in(::open(file.c_str(), O_RDONLY | O_CLOEXEC));
  if (in.fd() < 0) {
    if (errno == ENOENT) return {};
    return failed(std::strerror(errno));
  }
  struct stat info {};
  if (::fstat(in.fd(), &info) != 0) return failed(std::strerror(errno));
  if (S_ISDIR(info.st_mode)) return failed("it is a directory");
  // The size is known before reading for a regular file; anything else is read up to the limit.
  if (S_ISREG(info.st_mode) && static_cast<size_t>(info.st_size) > max_bytes) {
    return failed("it is " + std::to_string(info.st_size) + " bytes; " + limit_text(max_bytes));
  }
  ConfigText read{ConfigText::Status::kOk, "", ""};
  char buffer[64 * 1024];
  for (;;) {
    const ssize_t n = ::read(in.fd(), buffer, sizeof buffer);
    if (n == 0) break;
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return failed(std::strerror(errno));
    read.text.append(buffer, static_cast<size_t>(n));
    if (read.text.size() > max_bytes) {
      return failed("reading it went past the limit: " + limit_text(max_bytes));
    }
  }
  return read;
}

}  // namespace kosmo::config
