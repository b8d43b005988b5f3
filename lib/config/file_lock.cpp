#include "lib/config/file_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "lib/config/atomic_file.h"
#include "lib/config/config_error.h"

namespace kosmo::config {

FileLock::FileLock(const std::filesystem::path& file) {
  const std::string lock = file.string() + ".lock";
  try {
    create_private_directories(file.parent_path());
  } catch (const AtomicWriteError& e) {
    throw ConfigError("Cannot lock " + lock + ": " + e.what());
  }
  fd_ = ::open(lock.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, kSecretFileMode);
  if (fd_ < 0) throw ConfigError("Cannot lock " + lock + ": " + std::strerror(errno));
  while (::flock(fd_, LOCK_EX) != 0) {
    if (errno == EINTR) continue;
    const int error = errno;
    ::close(fd_);
    throw ConfigError("Cannot lock " + lock + ": " + std::strerror(error));
  }
}

FileLock::~FileLock() { ::close(fd_); }

}  // namespace kosmo::config
