#pragma once
// Serialises every read-change-write of one of kosmo's files between processes: an exclusive
// flock(2) on "<file>.lock", held for the object's lifetime. Twenty `integrations:configure`
// runs at once must each see the others' changes, so the file is read only once the lock is
// held, and replaced (atomic_file.h) before it is released.
//
// The lock file is a separate file, never deleted: the file itself is replaced by rename, so a
// lock on it would be on an inode the next writer no longer opens, and deleting the lock file
// would let a waiter lock a file nobody else sees.
#include <filesystem>

namespace kosmo::config {

class FileLock {
 public:
  // Blocks until the lock on `file` is held, creating the lock file (mode 0600) and missing
  // directories (mode 0700). Throws ConfigError naming the lock file when it cannot.
  explicit FileLock(const std::filesystem::path& file);
  ~FileLock();  // closing the descriptor releases the lock
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;

 private:
  int fd_ = -1;
};

}  // namespace kosmo::config
