#pragma once
// Whole-file reads of kosmo's own inputs (scripts, config files, manifests, cassettes), in one
// place so every one of them is opened close-on-exec (a descriptor inherited by an MCP server
// would outlive the run) and can be bounded in size and time.
//
// Files are opened non-blocking and read with poll(), so neither a FIFO without a writer nor a
// pipe that stays open can hold kosmo past its deadline; /dev/zero stops at the size cap.
#include <cstddef>
#include <filesystem>
#include <limits>
#include <string>

#include "lib/common/deadline.h"

namespace kosmo {

struct ReadLimits {
  size_t max_bytes = std::numeric_limits<size_t>::max();  // more is kTooLarge
  Deadline deadline;                                      // unbounded by default
};

enum class ReadStatus {
  kOk,
  kNotFound,     // no such file (ENOENT)
  kIsDirectory,  // the path names a directory
  kTooLarge,     // more than max_bytes
  kTimedOut,     // the deadline passed before the end of the file
  kFailed,       // any other error; `error` holds errno
};

struct ReadResult {
  ReadStatus status = ReadStatus::kOk;
  std::string text;  // the bytes read (all of them only when kOk)
  int error = 0;     // errno for kFailed (and kNotFound, kIsDirectory)

  bool ok() const { return status == ReadStatus::kOk; }
  // "No such file or directory", "larger than 16777216 bytes", "timed out", ...
  std::string problem(const ReadLimits& limits = {}) const;
};

// Reads `path` to its end (O_CLOEXEC, O_NONBLOCK, O_NOCTTY).
ReadResult read_file(const std::filesystem::path& path, const ReadLimits& limits = {});

// Reads `fd` (not closed) to end of file; for stdin. A closed descriptor reads as kFailed with
// EBADF.
ReadResult read_descriptor(int fd, const ReadLimits& limits = {});

}  // namespace kosmo
