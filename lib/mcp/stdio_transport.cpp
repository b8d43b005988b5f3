#include "lib/mcp/stdio_transport.h"

#include <poll.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <filesystem>
#include <sstream>
#include <system_error>

#include "lib/mcp/errors.h"
#include "lib/mcp/server_messages.h"

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

std::string start_failure(const ServerConfig& config, std::error_code error) {
  std::string why = error.message();
  std::error_code ec;
  std::filesystem::path cwd = config.resolved_cwd();
  if (!cwd.empty() && !std::filesystem::is_directory(cwd, ec)) {
    why = "working directory '" + cwd.string() + "' does not exist";
  } else if (error.value() == ENOENT) {
    why = "command '" + config.command + "' not found";
  }
  return "Failed to start MCP server '" + config.name + "': " + why + ".";
}

}  // namespace

McpOutcome<std::unique_ptr<StdioTransport>> StdioTransport::start(
    const ServerConfig& config, const config::Environment& parent_env, StopTimings stop_timings,
    const http::Redactor* redactor, const ClientCapabilities* client) {
  if (config.command.empty()) {
    return McpFailure{ErrorKind::kConfig, "MCP server '" + config.name + "' is missing a command."};
  }
  SpawnSpec spec{config.command, config.args, child_environment(parent_env, config.env),
                 config.resolved_cwd()};
  auto process = ChildProcess::start(spec);
  if (!process) return McpFailure{ErrorKind::kStart, start_failure(config, process.error())};
  std::unique_ptr<StdioTransport> transport(
      new StdioTransport(config.name, stop_timings, std::move(*process), redactor));
  if (client != nullptr) transport->client_ = *client;
  return transport;
}

StdioTransport::StdioTransport(std::string name, StopTimings stop_timings,
                               std::unique_ptr<ChildProcess> process,
                               const http::Redactor* redactor)
    : name_(std::move(name)),
      redactor_(redactor ? *redactor : http::Redactor()),
      stop_timings_(stop_timings),
      process_(std::move(process)),
      sigpipe_guard_(sigpipe_guard_needed()) {
  drain_ = std::make_unique<StderrDrain>(process_->stderr_fd(), name_, redactor_);
  spdlog::debug("Started MCP server '{}' (pid {})", name_, process_->pid());
}

StdioTransport::~StdioTransport() { close(); }

McpOutcome<rapidjson::Document> StdioTransport::round_trip(const OutgoingRequest& request,
                                                           double timeout_s) {
  WaitUntil deadline = deadline_after(timeout_s);
  const std::optional<WaitUntil> progress_limit =
      request.progress_limit_s ? std::optional(deadline_after(*request.progress_limit_s))
                               : std::nullopt;
  if (McpCheck failure = send_line(request.text, deadline, timeout_s)) return std::move(*failure);
  for (;;) {
    McpOutcome<std::optional<Message>> message = next_message(deadline);
    if (!message) return std::move(message).error();
    if (!*message) return timed_out(request, timeout_s);
    if ((*message)->responds_to(request.id)) return std::move((*message)->document);
    if (reports_progress(**message, request.progress_token)) {
      // The server is working on it: the wait starts again, within the run's --timeout.
      WaitUntil extended = deadline_after(timeout_s);
      if (progress_limit && *progress_limit < extended) extended = *progress_limit;
      deadline = std::max(deadline, extended);
      log_progress(name_, **message, redactor_);
      continue;
    }
    if (McpCheck failure = handle_unrelated(**message, deadline, timeout_s)) {
      return std::move(*failure);
    }
  }
}

McpCheck StdioTransport::notify(const std::string& text, double timeout_s) {
  return send_line(text, deadline_after(timeout_s), timeout_s);
}

McpCheck StdioTransport::send_line(const std::string& text, WaitUntil deadline, double timeout_s) {
  if (closed_) return McpFailure{ErrorKind::kTransport, "MCP server '" + name_ + "' is closed."};
  if (!failure_.empty()) return McpFailure{ErrorKind::kExited, failure_};
  WriteStatus status = write_line(process_->stdin_fd(), text, deadline, sigpipe_guard_);
  if (status == WriteStatus::kOk) return std::nullopt;
  if (status == WriteStatus::kTimedOut) {
    // Part of a line may be in the pipe: the framing is lost for good.
    failure_ = "MCP server '" + name_ + "' stopped reading its input.";
    return McpFailure{ErrorKind::kTimeout, "MCP server '" + name_ + "' timed out after " +
                                               seconds_text(timeout_s) + "s."};
  }
  process_->wait_for_exit(kExitSettle);
  return exited();
}

McpOutcome<std::optional<Message>> StdioTransport::next_message(WaitUntil deadline) {
  for (;;) {
    while (std::optional<std::string> line = reader_.next_line()) {
      if (is_blank(*line)) continue;
      Message message = parse_message(*line);
      if (message.kind != MessageKind::kInvalid) return std::optional<Message>(std::move(message));
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
      return McpFailure{ErrorKind::kTransport, failure_};
    }
    McpOutcome<bool> arrived = read_available(deadline);
    if (!arrived) return std::move(arrived).error();
    if (!*arrived) return std::optional<Message>();
  }
}

// Appends whatever stdout holds to the reader, waiting until `deadline` for something to come;
// false when nothing came in time. Fails when the server has gone.
McpOutcome<bool> StdioTransport::read_available(WaitUntil deadline) {
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
        if (poll(&ready, 1, 0) == 0) return exited();
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
    return exited();
  }
}

McpCheck StdioTransport::handle_unrelated(const Message& message, WaitUntil deadline,
                                          double timeout_s) {
  switch (message.kind) {
    case MessageKind::kRequest: {
      ServerRequestReply reply = reply_to_server_request(message, client_ ? &*client_ : nullptr);
      spdlog::debug("MCP server '{}' asked '{}'; {}", name_, message.method(),
                    reply.offered ? "answered" : "kosmo does not offer it (-32601)");
      return send_line(reply.text, deadline, timeout_s);
    }
    case MessageKind::kNotification:
      spdlog::debug("MCP server '{}' sent {}", name_, message.method());
      notified(message.method());
      break;
    default:
      spdlog::debug("MCP server '{}' sent a response to another request; skipped", name_);
      break;
  }
  return std::nullopt;
}

McpCheck StdioTransport::poll_messages() {
  if (closed_ || !failure_.empty()) return std::nullopt;
  const WaitUntil now = SteadyClock::now();
  for (;;) {
    McpOutcome<std::optional<Message>> message = next_message(now);
    if (!message) return std::move(message).error();
    if (!*message) return std::nullopt;
    if (McpCheck failure = handle_unrelated(**message, deadline_after(1), 1)) return failure;
  }
}

McpFailure StdioTransport::exited() {
  drain_->wait_for_eof(kStderrSettle);
  std::string message = process_->has_exited()
                            ? "MCP server '" + name_ + "' exited before responding."
                            : "MCP server '" + name_ + "' closed its stdout before responding.";
  spdlog::debug("MCP server '{}': {}", name_, process_->describe_exit());
  std::string tail = drain_->tail();
  if (!tail.empty()) message += " Stderr: " + tail;
  failure_ = message;
  return McpFailure{ErrorKind::kExited, message};
}

McpFailure StdioTransport::timed_out(const OutgoingRequest& request, double timeout_s) {
  std::string seconds = seconds_text(timeout_s);
  rapidjson::Document params(rapidjson::kObjectType);
  params.AddMember("requestId", request.id, params.GetAllocator());
  params.AddMember("reason",
                   rapidjson::Value("Timed out after " + seconds + "s", params.GetAllocator()),
                   params.GetAllocator());
  std::string cancel = notification_message("notifications/cancelled", &params);
  WriteStatus sent =
      write_line(process_->stdin_fd(), cancel, SteadyClock::now() + kCancelBudget, sigpipe_guard_);
  if (sent == WriteStatus::kTimedOut)
    failure_ = "MCP server '" + name_ + "' stopped reading its input.";
  if (sent != WriteStatus::kOk) {
    spdlog::debug("MCP server '{}': could not send notifications/cancelled", name_);
  }
  return McpFailure{ErrorKind::kTimeout,
                    "MCP server '" + name_ + "' timed out after " + seconds + "s."};
}

void StdioTransport::close() noexcept {
  if (closed_) return;
  closed_ = true;
  process_->stop(stop_timings_);
  drain_->stop(kStderrSettle);
}

}  // namespace kosmo::mcp
