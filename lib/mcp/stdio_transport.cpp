#include "lib/mcp/stdio_transport.h"

#include <poll.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <filesystem>
#include <sstream>
#include <system_error>

#include "lib/mcp/errors.h"

namespace kosmo::mcp {
namespace {

// A pipe holds at most 64 KiB by default, so one read never returns more.
constexpr size_t kReadChunk = 64 * 1024;
// poll() is cut into slices so an exit is noticed even when a grandchild still holds stdout open
// (no EOF then). Data wakes poll at once, so slicing adds no latency to answers.
constexpr int kPollSliceMs = 100;
// After EOF on stdout, how long the exit status may take to show, and how long the stderr
// thread gets to catch the server's last words for the error message.
constexpr auto kExitSettle = std::chrono::milliseconds(500);
constexpr auto kStderrSettle = std::chrono::milliseconds(200);
// Best effort only: a cancellation must not delay the timeout error it accompanies.
constexpr auto kCancelBudget = std::chrono::milliseconds(100);
constexpr size_t kStrayLineShown = 200;

std::string seconds_text(double seconds) {
  std::ostringstream text;
  text << seconds;
  return text.str();
}

bool is_blank(const std::string& line) {
  return line.find_first_not_of(" \t\r") == std::string::npos;
}

std::string start_failure(const ServerConfig& config, const std::system_error& error) {
  std::string why = error.code().message();
  std::error_code ec;
  std::filesystem::path cwd = config.resolved_cwd();
  if (!cwd.empty() && !std::filesystem::is_directory(cwd, ec)) {
    why = "working directory '" + cwd.string() + "' does not exist";
  } else if (error.code().value() == ENOENT) {
    why = "command '" + config.command + "' not found";
  }
  return "Failed to start MCP server '" + config.name + "': " + why + ".";
}

}  // namespace

StdioTransport::StdioTransport(const ServerConfig& config, const config::Environment& parent_env,
                               StopTimings stop_timings)
    : name_(config.name), stop_timings_(stop_timings) {
  if (config.command.empty()) {
    throw McpError(ErrorKind::kConfig, "MCP server '" + name_ + "' is missing a command.");
  }
  SpawnSpec spec{config.command, config.args, child_environment(parent_env, config.env),
                 config.resolved_cwd()};
  try {
    process_ = std::make_unique<ChildProcess>(spec);
  } catch (const std::system_error& error) {
    throw McpError(ErrorKind::kStart, start_failure(config, error));
  }
  drain_ = std::make_unique<StderrDrain>(process_->stderr_fd(), name_);
  spdlog::debug("Started MCP server '{}' (pid {})", name_, process_->pid());
}

StdioTransport::~StdioTransport() { close(); }

rapidjson::Document StdioTransport::round_trip(const OutgoingRequest& request, double timeout_s) {
  Deadline deadline = deadline_after(timeout_s);
  send_line(request.text, deadline, timeout_s);
  for (;;) {
    std::optional<Message> message = next_message(deadline);
    if (!message) fail_timeout(request, timeout_s);
    if (message->responds_to(request.id)) return std::move(message->document);
    handle_unrelated(*message, deadline, timeout_s);
  }
}

void StdioTransport::notify(const std::string& text, double timeout_s) {
  Deadline deadline = deadline_after(timeout_s);
  send_line(text, deadline, timeout_s);
}

void StdioTransport::send_line(const std::string& text, Deadline deadline, double timeout_s) {
  if (closed_) throw McpError(ErrorKind::kTransport, "MCP server '" + name_ + "' is closed.");
  if (!failure_.empty()) throw McpError(ErrorKind::kExited, failure_);
  // Two writes rather than text + "\n": a multi-megabyte request is not copied for one byte.
  WriteStatus status = write_all(process_->stdin_fd(), text, deadline);
  if (status == WriteStatus::kOk) status = write_all(process_->stdin_fd(), "\n", deadline);
  if (status == WriteStatus::kOk) return;
  if (status == WriteStatus::kTimedOut) {
    // Part of a line may be in the pipe: the framing is lost for good.
    failure_ = "MCP server '" + name_ + "' stopped reading its input.";
    throw McpError(ErrorKind::kTimeout,
                   "MCP server '" + name_ + "' timed out after " + seconds_text(timeout_s) + "s.");
  }
  process_->wait_for_exit(kExitSettle);
  fail_exited();
}

std::optional<Message> StdioTransport::next_message(Deadline deadline) {
  for (;;) {
    while (std::optional<std::string> line = reader_.next_line()) {
      if (is_blank(*line)) continue;
      Message message = parse_message(*line);
      if (message.kind != MessageKind::kInvalid) return message;
      // A server bug, but common (wrappers printing banners): skip it rather than fail.
      std::string shown = line->substr(0, kStrayLineShown);
      if (!warned_stray_output_) {
        spdlog::warn("MCP server '{}' wrote a line that is not JSON-RPC to stdout; ignored: {}",
                     name_, shown);
        warned_stray_output_ = true;
      } else {
        spdlog::debug("MCP server '{}' stray stdout line ignored: {}", name_, shown);
      }
    }
    if (reader_.overflowed()) {
      failure_ = "MCP server '" + name_ + "' wrote a message larger than " +
                 std::to_string(kMaxMessageBytes >> 20) + " MiB.";
      throw McpError(ErrorKind::kTransport, failure_);
    }
    if (!read_available(deadline)) return std::nullopt;
  }
}

// Appends whatever stdout holds to the reader, waiting until `deadline` for something to come;
// false when nothing came in time. Fails when the server has gone.
bool StdioTransport::read_available(Deadline deadline) {
  char buffer[kReadChunk];
  for (;;) {
    int wait = remaining_ms(deadline);
    pollfd ready{process_->stdout_fd(), POLLIN, 0};
    int rc = poll(&ready, 1, std::min(wait, kPollSliceMs));
    if (rc < 0 && errno == EINTR) continue;
    if (rc == 0) {
      // Exited with nothing left to read: the data a server writes before exiting is in the pipe
      // before its exit status is, so check the pipe once more after seeing the exit.
      if (process_->has_exited()) {
        if (poll(&ready, 1, 0) == 0) fail_exited();
        continue;
      }
      if (wait == 0) return false;
      continue;
    }
    ssize_t n = rc > 0 ? read(process_->stdout_fd(), buffer, sizeof buffer) : -1;
    if (n > 0) {
      reader_.append(std::string_view(buffer, static_cast<size_t>(n)));
      return true;
    }
    if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
    process_->wait_for_exit(kExitSettle);
    fail_exited();
  }
}

void StdioTransport::handle_unrelated(const Message& message, Deadline deadline, double timeout_s) {
  const rapidjson::Value& id =
      message.document.HasMember("id") ? message.document["id"] : message.document;
  switch (message.kind) {
    case MessageKind::kRequest:
      if (message.method() == "ping") {
        rapidjson::Value empty(rapidjson::kObjectType);
        send_line(result_message(id, empty), deadline, timeout_s);
      } else {
        spdlog::debug("MCP server '{}' asked '{}', which kosmo does not offer", name_,
                      message.method());
        send_line(error_message(id, rpc_code::kMethodNotFound,
                                "Method not found: " + std::string(message.method())),
                  deadline, timeout_s);
      }
      break;
    case MessageKind::kNotification:
      spdlog::debug("MCP server '{}' sent {}", name_, message.method());
      break;
    default:
      spdlog::debug("MCP server '{}' sent a response to another request; skipped", name_);
      break;
  }
}

void StdioTransport::fail_exited() {
  drain_->wait_for_eof(kStderrSettle);
  std::string message = process_->has_exited()
                            ? "MCP server '" + name_ + "' exited before responding."
                            : "MCP server '" + name_ + "' closed its stdout before responding.";
  spdlog::debug("MCP server '{}': {}", name_, process_->describe_exit());
  std::string tail = drain_->tail();
  if (!tail.empty()) message += " Stderr: " + tail;
  failure_ = message;
  throw McpError(ErrorKind::kExited, message);
}

void StdioTransport::fail_timeout(const OutgoingRequest& request, double timeout_s) {
  std::string seconds = seconds_text(timeout_s);
  rapidjson::Document params(rapidjson::kObjectType);
  params.AddMember("requestId", request.id, params.GetAllocator());
  params.AddMember("reason",
                   rapidjson::Value("Timed out after " + seconds + "s", params.GetAllocator()),
                   params.GetAllocator());
  std::string cancel = notification_message("notifications/cancelled", &params);
  WriteStatus sent = write_all(process_->stdin_fd(), cancel + "\n", Clock::now() + kCancelBudget);
  if (sent == WriteStatus::kTimedOut)
    failure_ = "MCP server '" + name_ + "' stopped reading its input.";
  if (sent != WriteStatus::kOk) {
    spdlog::debug("MCP server '{}': could not send notifications/cancelled", name_);
  }
  throw McpError(ErrorKind::kTimeout,
                 "MCP server '" + name_ + "' timed out after " + seconds + "s.");
}

void StdioTransport::close() noexcept {
  if (closed_) return;
  closed_ = true;
  process_->stop(stop_timings_);
  drain_->stop(kStderrSettle);
}

}  // namespace kosmo::mcp
