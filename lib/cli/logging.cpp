#include "lib/cli/logging.h"

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <cstdlib>
#include <string>

#include "lib/cli/json_log_formatter.h"
#include "lib/cli/stderr_lines.h"

namespace kosmo::cli {
namespace {

LogSettings settings;

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

// Hands every record to the real sink with the live status line erased (stderr_lines.h).
class StatusAwareSink final : public spdlog::sinks::sink {
 public:
  explicit StatusAwareSink(std::shared_ptr<spdlog::sinks::sink> inner) : inner_(std::move(inner)) {}
  void log(const spdlog::details::log_msg& message) override {
    stderr_lines().write_above([this, &message] {
      inner_->log(message);
      inner_->flush();
    });
  }
  void flush() override { inner_->flush(); }
  void set_pattern(const std::string& pattern) override { inner_->set_pattern(pattern); }
  void set_formatter(std::unique_ptr<spdlog::formatter> formatter) override {
    inner_->set_formatter(std::move(formatter));
  }

 private:
  std::shared_ptr<spdlog::sinks::sink> inner_;
};

std::shared_ptr<spdlog::sinks::sink> make_stderr_sink(const LogSettings& chosen) {
  if (chosen.format == LogFormat::kJson) {
    auto sink = std::make_shared<spdlog::sinks::stderr_sink_mt>();
    sink->set_formatter(std::make_unique<JsonLogFormatter>());
    return sink;
  }
  auto sink = std::make_shared<spdlog::sinks::stderr_color_sink_mt>(
      chosen.colour ? spdlog::color_mode::automatic : spdlog::color_mode::never);
  sink->set_pattern("%^kosmo %l%$: %v");
  return sink;
}

}  // namespace

void configure_logging(int verbosity, bool quiet, LogFormat format) {
  settings.verbosity = verbosity;
  settings.quiet = quiet;
  settings.format = format;
  settings.colour = std::getenv("NO_COLOR") == nullptr;
  auto sink = std::make_shared<StatusAwareSink>(make_stderr_sink(settings));
  auto logger = std::make_shared<spdlog::logger>("kosmo", std::move(sink));
  logger->set_level(level_for(verbosity, quiet));
  spdlog::set_default_logger(std::move(logger));
}

const LogSettings& log_settings() { return settings; }

std::string error_line_for_stderr(std::string_view message) {
  if (settings.format == LogFormat::kJson) {
    const log::Fields fields{log::Field::text("event", "error")};
    return json_log_line(std::chrono::system_clock::now(), "error", message, &fields);
  }
  return "Error: " + std::string(message) + "\n";
}

bool parse_log_format(const std::string& name, LogFormat& format) {
  if (name == "text") {
    format = LogFormat::kText;
  } else if (name == "json") {
    format = LogFormat::kJson;
  } else {
    return false;
  }
  return true;
}

}  // namespace kosmo::cli
