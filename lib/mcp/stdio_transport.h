#pragma once
// The stdio transport: the server is a child process (child_process.h) speaking newline-delimited
// JSON-RPC on stdin/stdout, its stderr drained into the log (stderr_drain.h).
//
// While waiting for a response it answers the server's requests as client_capabilities.h says
// (`ping`, `roots/list`, `elicitation/create`) and any other with -32601, skips notifications,
// late responses and stray non-JSON lines (a banner printed by an npx wrapper), and notices the
// server exiting. On a timeout it sends notifications/cancelled
// and leaves the server running for the next request; a late answer is skipped by its id.
#include <sys/types.h>

#include <memory>
#include <optional>
#include <string>

#include "lib/config/environment.h"
#include "lib/http/redactor.h"
#include "lib/mcp/child_process.h"
#include "lib/mcp/json_rpc.h"
#include "lib/mcp/line_reader.h"
#include "lib/mcp/pipe_io.h"
#include "lib/mcp/server_config.h"
#include "lib/mcp/stderr_drain.h"
#include "lib/mcp/transport.h"

namespace kosmo::mcp {

class StdioTransport final : public Transport {
 public:
  // Starts `config.command` (config already expanded) with child_environment(parent_env,
  // config.env) in config.resolved_cwd(). Fails with kConfig without a command, kStart when the
  // process cannot be started.
  // `client` (copied; null: nothing beyond ping) is what it declares and answers.
  static McpOutcome<std::unique_ptr<StdioTransport>> start(
      const ServerConfig& config, const config::Environment& parent_env,
      StopTimings stop_timings = {}, const http::Redactor* redactor = nullptr,
      const ClientCapabilities* client = nullptr);
  ~StdioTransport() override;

  McpOutcome<rapidjson::Document> round_trip(const OutgoingRequest& request,
                                             double timeout_s) override;
  McpCheck notify(const std::string& text, double timeout_s) override;
  void close() noexcept override;
  McpCheck poll_messages() override;
  ChildProcess* child_process() noexcept override { return process_.get(); }
  const ClientCapabilities* client_capabilities() const override {
    return client_ ? &*client_ : nullptr;
  }

  pid_t pid() const { return process_->pid(); }
  std::string stderr_tail() const { return drain_->tail(); }

 private:
  // `redactor` (may be null) is copied for the stderr drain's and the progress log lines.
  StdioTransport(std::string name, StopTimings stop_timings, std::unique_ptr<ChildProcess> process,
                 const http::Redactor* redactor);

  McpCheck send_line(const std::string& text, WaitUntil deadline, double timeout_s);
  // The next message from stdout, waiting until `deadline`; nullopt when the deadline passed.
  McpOutcome<std::optional<Message>> next_message(WaitUntil deadline);
  // Whether something arrived before `deadline`; fails when the server has gone.
  McpOutcome<bool> read_available(WaitUntil deadline);
  McpCheck handle_unrelated(const Message& message, WaitUntil deadline, double timeout_s);
  // The server has gone: every later call fails with the same message.
  McpFailure exited();
  McpFailure timed_out(const OutgoingRequest& request, double timeout_s);

  std::string name_;
  http::Redactor redactor_;  // a copy: the secrets known when the server started
  std::optional<ClientCapabilities> client_;
  StopTimings stop_timings_;
  std::unique_ptr<ChildProcess> process_;
  std::unique_ptr<StderrDrain> drain_;
  // Read when the server starts: whether each write must block SIGPIPE (pipe_io.h).
  SigpipeGuard sigpipe_guard_;
  LineReader reader_;
  std::string failure_;  // set once the server is gone: every later call fails with it
  bool warned_stray_output_ = false;
  bool closed_ = false;
};

}  // namespace kosmo::mcp
