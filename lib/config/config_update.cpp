#include "lib/config/config_update.h"

#include "lib/config/file_lock.h"

namespace kosmo::config {

KosmoConfig update_config_file(const std::filesystem::path& file,
                               const std::function<bool(KosmoConfig&)>& change) {
  const FileLock lock(file);
  KosmoConfig config = KosmoConfig::load(file);
  if (change(config)) config.save();
  return config;
}

}  // namespace kosmo::config
