#pragma once
// The one way kosmo changes a config.yaml (integrations:configure, mcp:trust): read, change and
// write back while holding the file's lock (file_lock.h), so concurrent commands on one
// KOSMO_HOME all keep their changes. The configuration a command loaded when it started may be
// stale by then; the change is applied to the file as it is now.
#include <filesystem>
#include <functional>

#include "lib/config/kosmo_config.h"

namespace kosmo::config {

// Locks `file`, loads it (a missing file is an empty config), calls `change` and, when it
// returns true, saves the result atomically (mode 0600). Returns the config as it now is.
// Throws ConfigError (lock, read, parse) and AtomicWriteError (write); whatever `change` throws
// propagates before anything is written.
KosmoConfig update_config_file(const std::filesystem::path& file,
                               const std::function<bool(KosmoConfig&)>& change);

}  // namespace kosmo::config
