#include "lib/gateway/client_config_file.h"

#include <sys/stat.h>

#include <memory>

#include "lib/config/atomic_file.h"
#include "lib/config/config_text.h"
#include "lib/config/file_lock.h"
#include "lib/config/paths.h"
#include "lib/mcp/sha256.h"

namespace kosmo::gateway {
namespace fs = std::filesystem;
namespace {

Failure config_failure(std::string message) {
  return Failure{ErrorCode::kConfig, std::move(message)};
}

// What FileLock is given: the file itself for kosmo's own .mcp.json (the lock mcp:add takes),
// else a name under $KOSMO_HOME/locks derived from the file's absolute path, so that two kosmo
// runs installing into the same client file wait for each other without leaving anything
// beside the client's file.
Outcome<fs::path> lock_subject(const ClientTarget& target, const config::Environment& env) {
  if (target.kosmo_project_file) return target.file;
  try {
    std::error_code ec;
    fs::path absolute = fs::weakly_canonical(target.file, ec);
    if (ec) absolute = fs::absolute(target.file, ec);
    return config::kosmo_home(env) / "locks" /
           ("client-" + mcp::sha256_hex(absolute.string()).substr(0, 32));
  } catch (const std::exception& e) {  // kosmo_home without any home directory
    return config_failure(e.what());
  }
}

}  // namespace

std::optional<Failure> edit_client_file(
    const ClientTarget& target, const config::Environment& env,
    const std::function<Outcome<std::string>(const ClientFileText&)>& change) {
  Outcome<fs::path> subject = lock_subject(target, env);
  if (!subject) return std::move(subject).error();
  std::unique_ptr<config::FileLock> lock;
  try {
    lock = std::make_unique<config::FileLock>(*subject);
  } catch (const std::exception& e) {  // lib/config reports by exception
    return config_failure(e.what());
  }
  const config::ConfigText read = config::read_config_text(target.file, kMaxClientFileBytes);
  if (read.status == config::ConfigText::Status::kFailed) {
    return config_failure("Cannot read " + target.file.string() + ": " + read.problem + ".");
  }
  ClientFileText current;
  current.exists = read.status == config::ConfigText::Status::kOk;
  current.text = read.text;
  Outcome<std::string> next = change(current);
  if (!next) return std::move(next).error();
  if (current.exists && *next == current.text) return std::nullopt;
  mode_t mode = target.scope == "user" ? 0600 : 0644;
  struct stat info {};
  if (current.exists && ::stat(target.file.c_str(), &info) == 0) mode = info.st_mode & 07777;
  try {
    config::write_file_atomically(target.file, *next, mode);
  } catch (const config::AtomicWriteError& e) {
    return config_failure(e.what());
  }
  return std::nullopt;
}

}  // namespace kosmo::gateway
