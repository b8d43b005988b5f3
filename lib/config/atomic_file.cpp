#include "lib/config/atomic_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace kosmo::config {
namespace fs = std::filesystem;
namespace {

std::error_code last_error() { return {errno, std::generic_category()}; }

// Creates each missing ancestor with kPrivateDirectoryMode; existing ones are left alone.
void create_parents(const fs::path& dir, const fs::path& target) {
  if (dir.empty()) return;
  std::error_code ec;
  if (fs::is_directory(dir, ec)) return;
  if (dir.has_parent_path() && dir.parent_path() != dir) create_parents(dir.parent_path(), target);
  if (mkdir(dir.c_str(), kPrivateDirectoryMode) != 0 && errno != EEXIST) {
    std::error_code error = last_error();  // before the message's allocations can touch errno
    throw AtomicWriteError(target, "creating directory " + dir.string(), error);
  }
}

// The path to replace: the final target of a symlink chain, else `path` itself.
fs::path resolve_target(const fs::path& path) {
  std::error_code ec;
  if (!fs::is_symlink(fs::symlink_status(path, ec))) return path;
  fs::path target = fs::weakly_canonical(path, ec);
  return ec ? path : target;
}

void write_all(int fd, std::string_view contents, const fs::path& target) {
  while (!contents.empty()) {
    ssize_t written = ::write(fd, contents.data(), contents.size());
    if (written < 0) {
      if (errno == EINTR) continue;
      throw AtomicWriteError(target, "writing", last_error());
    }
    contents.remove_prefix(static_cast<size_t>(written));
  }
}

// Why `target` must not be replaced: EISDIR (a directory), EINVAL (a device, FIFO or socket),
// another errno when it cannot be looked at; 0 when it is a regular file or does not exist.
int unreplaceable(const fs::path& target) {
  struct stat info {};
  if (::stat(target.c_str(), &info) != 0) return errno == ENOENT ? 0 : errno;
  if (S_ISDIR(info.st_mode)) return EISDIR;
  return S_ISREG(info.st_mode) ? 0 : EINVAL;
}

// unreplaceable()'s answer as the step of an AtomicWriteError.
std::string_view unreplaceable_text(int error) {
  if (error == EISDIR) return "it is a directory";
  if (error == EINVAL) return "it is not a regular file";
  return "looking at the file";
}

// The directory that holds `target`, or its nearest ancestor that exists: where
// write_file_atomically would create its temporary file, or the first missing directory.
fs::path existing_ancestor(const fs::path& target) {
  std::error_code ec;
  fs::path dir = target.parent_path();
  while (!dir.empty() && !fs::exists(dir, ec) && dir.parent_path() != dir) {
    dir = dir.parent_path();
  }
  return dir.empty() ? fs::path(".") : dir;
}

// Durability of the rename; some file systems refuse fsync on a directory, which is harmless.
void sync_directory(const fs::path& dir) {
  int fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

// Owns the temporary file until it has been renamed into place.
class TempFile {
 public:
  TempFile(const fs::path& dir, const fs::path& target) : target_(target) {
    std::string name = (dir / ("." + target.filename().string() + ".tmp-XXXXXX")).string();
    fd_ = ::mkostemp(name.data(), O_CLOEXEC);  // created 0600, so secrets never show briefly
    if (fd_ < 0) throw AtomicWriteError(target, "creating a temporary file", last_error());
    path_ = name;
  }
  ~TempFile() {
    if (fd_ >= 0) ::close(fd_);
    if (!path_.empty()) ::unlink(path_.c_str());
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;

  int fd() const { return fd_; }
  void close() {
    int fd = fd_;
    fd_ = -1;
    if (::close(fd) != 0) throw AtomicWriteError(target_, "writing", last_error());
  }
  void rename_to(const fs::path& target) {
    if (::rename(path_.c_str(), target.c_str()) != 0) {
      throw AtomicWriteError(target, "renaming the temporary file into place", last_error());
    }
    path_.clear();
  }

 private:
  fs::path target_;
  fs::path path_;
  int fd_ = -1;
};

}  // namespace

AtomicWriteError::AtomicWriteError(const fs::path& path, std::string_view step,
                                   std::error_code code)
    : std::runtime_error("Cannot write " + path.string() + " (" + std::string(step) +
                         "): " + code.message()),
      path_(path),
      code_(code) {}

void write_file_atomically(const fs::path& path, std::string_view contents, mode_t mode) {
  if (!path.has_filename())
    throw AtomicWriteError(path, "no file name", {EINVAL, std::generic_category()});
  const fs::path target = resolve_target(path);
  if (const int error = unreplaceable(target); error != 0) {
    throw AtomicWriteError(target, unreplaceable_text(error), {error, std::generic_category()});
  }
  const fs::path dir = target.parent_path();
  create_parents(dir, target);
  TempFile temp(dir.empty() ? fs::path(".") : dir, target);
  if (::fchmod(temp.fd(), mode) != 0) {
    throw AtomicWriteError(target, "setting permissions", last_error());
  }
  write_all(temp.fd(), contents, target);
  if (::fsync(temp.fd()) != 0) throw AtomicWriteError(target, "flushing to disk", last_error());
  temp.close();
  temp.rename_to(target);
  sync_directory(dir);
}

void create_private_directories(const fs::path& dir) { create_parents(dir, dir); }

std::optional<std::string> atomic_write_problem(const fs::path& path) {
  if (!path.has_filename()) return "it names no file";
  const fs::path target = resolve_target(path);
  if (const int error = unreplaceable(target); error != 0) {
    if (error == EISDIR || error == EINVAL) return std::string(unreplaceable_text(error));
    return std::string(std::strerror(error));
  }
  const fs::path dir = existing_ancestor(target);
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return dir.string() + " is not a directory";
  std::string probe = (dir / ("." + target.filename().string() + ".probe-XXXXXX")).string();
  const int fd = ::mkostemp(probe.data(), O_CLOEXEC);
  if (fd < 0)
    return "no file can be created in " + dir.string() + " (" + std::strerror(errno) + ")";
  ::close(fd);
  ::unlink(probe.c_str());
  return std::nullopt;
}

}  // namespace kosmo::config
