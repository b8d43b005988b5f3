// Temporary directories for end-to-end runs.
#pragma once

#include <string>

namespace kosmo::e2e {

// A directory created with mkdtemp under $TMPDIR (or /tmp) and removed recursively on
// destruction.
class TempDir {
 public:
  explicit TempDir(const std::string& prefix = "kosmo-e2e-");
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }
  // Writes `bytes` to path()/name, creating the directories `name` names, and returns the
  // absolute path of the file.
  std::string WriteFile(const std::string& name, const std::string& bytes) const;

 private:
  std::string path_;
};

}  // namespace kosmo::e2e
