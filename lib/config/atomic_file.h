#pragma once
// Whole-file replacement that never leaves a half-written file behind: readers see either the old
// contents or the new ones, even if kosmo is killed or the disk fills up mid-write.
#include <sys/types.h>

#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>

namespace kosmo::config {

// Files that may hold secrets (config.yaml always does, mcp.json may) are created owner-only.
inline constexpr mode_t kSecretFileMode = 0600;
// Directories kosmo creates for its files (KOSMO_HOME, a project's .kosmo) are owner-only too.
inline constexpr mode_t kPrivateDirectoryMode = 0700;

class AtomicWriteError : public std::runtime_error {
 public:
  AtomicWriteError(const std::filesystem::path& path, std::string_view step, std::error_code code);

  const std::filesystem::path& path() const { return path_; }
  std::error_code code() const { return code_; }

 private:
  std::filesystem::path path_;
  std::error_code code_;
};

// Replaces `path` with `contents`: a temporary file in the same directory (so the rename cannot
// cross file systems) is written, fsync'ed, given `mode` exactly (the umask does not apply), and
// renamed over `path`; then the directory is fsync'ed so the rename itself survives a crash.
// Missing parent directories are created with kPrivateDirectoryMode. When `path` is a symlink its
// target is replaced, so configs kept in a dotfiles repository stay linked. Only a regular file
// (or nothing) is replaced: a directory, device or FIFO at `path` is refused, even for root,
// who could otherwise rename over /dev/null. Throws AtomicWriteError naming the path; the
// temporary file is removed on every failure.
void write_file_atomically(const std::filesystem::path& path, std::string_view contents,
                           mode_t mode = kSecretFileMode);

// Creates `dir` and its missing ancestors with kPrivateDirectoryMode (existing ones are left
// alone). Throws AtomicWriteError.
void create_private_directories(const std::filesystem::path& dir);

// Why write_file_atomically(path) would fail if called now, checked before work whose result
// it is to save: `path` is a directory, or something else than a regular file (a device or a
// FIFO is not replaced, even by root), or no file can be created in the directory that would
// hold it (or in its nearest existing ancestor, when directories are still to be made). A probe
// file, created and removed at once, answers what permission bits cannot (root, read-only
// mounts, /proc). nullopt when nothing stands in the way.
std::optional<std::string> atomic_write_problem(const std::filesystem::path& path);

}  // namespace kosmo::config
