// `kosmo mcp:serve` as an MCP client starts it: a child whose stdin and stdout are pipes the
// test writes JSON-RPC lines to and reads them from, stderr kept in a file, in its own process
// group.
#pragma once
#include <rapidjson/document.h>
#include <sys/types.h>

#include <string>
#include <utility>
#include <vector>

namespace kosmo::e2e {

class GatewayProcess {
 public:
  // Starts KosmoBinary() with `args` in `cwd`, with PATH, LANG and `env` as its environment.
  GatewayProcess(const std::vector<std::string>& args,
                 const std::vector<std::pair<std::string, std::string>>& env,
                 const std::string& cwd, const std::string& stderr_path);
  ~GatewayProcess();  // closes stdin, then kills the group if it is still running
  GatewayProcess(const GatewayProcess&) = delete;
  GatewayProcess& operator=(const GatewayProcess&) = delete;

  bool started() const { return pid_ > 0; }
  pid_t pid() const { return pid_; }
  // Writes `line` and a newline; false once the child stopped reading.
  bool Send(const std::string& line);
  // Writes raw bytes (no newline added).
  bool SendRaw(const std::string& bytes);
  // The next stdout line, or "" after `seconds` or at EOF.
  std::string ReadLine(double seconds = 10);
  // The next line parsed (null document when there is none or it is not JSON).
  rapidjson::Document ReadMessage(double seconds = 10);
  // Reads until the response with `id` arrives (notifications before it are kept in `skipped`).
  rapidjson::Document ResponseTo(int id, std::vector<std::string>* skipped = nullptr,
                                 double seconds = 10);
  // Sends a request and returns its response.
  rapidjson::Document Request(int id, const std::string& method, const std::string& params_json,
                              std::vector<std::string>* skipped = nullptr);
  void CloseStdin();
  // Stops reading the gateway's stdout (a client that is gone altogether).
  void CloseStdout();
  // Waits for the exit; the exit code, or -1 when it did not exit within `seconds` (or was
  // killed by a signal).
  int Wait(double seconds);
  std::string Stderr() const;

 private:
  pid_t pid_ = -1;
  int stdin_fd_ = -1;
  int stdout_fd_ = -1;
  bool reaped_ = false;
  int status_ = 0;
  std::string buffered_;
  std::string stderr_path_;
};

// {"jsonrpc":"2.0","id":1,"method":"initialize",...} and notifications/initialized; returns the
// initialize result (null on failure).
rapidjson::Document Handshake(GatewayProcess& gateway, const std::string& version = "2025-11-25");

}  // namespace kosmo::e2e
