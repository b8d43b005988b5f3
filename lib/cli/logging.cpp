#include "lib/cli/logging.h"

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <cstdlib>
#include <string>

namespace kosmo::cli {
namespace {

spdlog::level::level_enum level_for(int verbosity, bool quiet) {
  if (const char* configured = std::getenv("KOSMO_LOG"); configured != nullptr) {
    const std::string name = configured;
    if (name == "warn") return spdlog::level::warn;
    return spdlog::level::from_str(name);  // unknown names give "off"
  }
  if (quiet) return spdlog::level::err;
  if (verbosity >= 2) return spdlog::level::debug;
  if (verbosity == 1) return spdlog::level::info;
  return spdlog::level::warn;
}

}  // namespace

void configure_logging(int verbosity, bool quiet) {
  const bool colour = std::getenv("NO_COLOR") == nullptr;
  auto sink = std::make_shared<spdlog::sinks::stderr_color_sink_mt>(
      colour ? spdlog::color_mode::automatic : spdlog::color_mode::never);
  auto logger = std::make_shared<spdlog::logger>("kosmo", std::move(sink));
  logger->set_pattern("%^kosmo %l%$: %v");
  logger->set_level(level_for(verbosity, quiet));
  spdlog::set_default_logger(std::move(logger));
}

}  // namespace kosmo::cli
