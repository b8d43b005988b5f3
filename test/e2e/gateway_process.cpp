#include "e2e/gateway_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

#include "e2e/kosmo_process.h"

namespace kosmo::e2e {
namespace {

using Clock = std::chrono::steady_clock;

}  // namespace

GatewayProcess::GatewayProcess(const std::vector<std::string>& args,
                               const std::vector<std::pair<std::string, std::string>>& env,
                               const std::string& cwd, const std::string& stderr_path)
    : stderr_path_(stderr_path) {
  int in[2], out[2];
  if (pipe2(in, O_CLOEXEC) != 0) return;
  if (pipe2(out, O_CLOEXEC) != 0) {
    close(in[0]);
    close(in[1]);
    return;
  }
  std::vector<std::string> environment = {"PATH=/usr/local/bin:/usr/bin:/bin", "LANG=C.UTF-8"};
  for (const auto& entry : env) environment.push_back(entry.first + "=" + entry.second);
  std::vector<char*> envp, argv;
  for (auto& entry : environment) envp.push_back(entry.data());
  envp.push_back(nullptr);
  std::string binary = KosmoBinary();
  std::vector<std::string> all = {binary};
  all.insert(all.end(), args.begin(), args.end());
  for (auto& arg : all) argv.push_back(arg.data());
  argv.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in[0], 0);
  posix_spawn_file_actions_adddup2(&actions, out[1], 1);
  posix_spawn_file_actions_addopen(&actions, 2, stderr_path.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (!cwd.empty()) posix_spawn_file_actions_addchdir_np(&actions, cwd.c_str());
  posix_spawnattr_t attributes;
  InitShellLikeSpawnAttributes(&attributes);
  pid_t pid = -1;
  if (posix_spawn(&pid, binary.c_str(), &actions, &attributes, argv.data(), envp.data()) == 0) {
    pid_ = pid;
  }
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attributes);
  close(in[0]);
  close(out[1]);
  stdin_fd_ = in[1];
  stdout_fd_ = out[0];
}

GatewayProcess::~GatewayProcess() {
  CloseStdin();
  if (pid_ > 0 && !reaped_ && Wait(5) < 0 && !reaped_) {
    kill(-pid_, SIGKILL);
    waitpid(pid_, &status_, 0);
    reaped_ = true;
  }
  if (stdout_fd_ >= 0) close(stdout_fd_);
}

bool GatewayProcess::SendRaw(const std::string& bytes) {
  size_t done = 0;
  while (done < bytes.size() && stdin_fd_ >= 0) {
    ssize_t n = write(stdin_fd_, bytes.data() + done, bytes.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    done += static_cast<size_t>(n);
  }
  return done == bytes.size();
}

bool GatewayProcess::Send(const std::string& line) { return SendRaw(line + "\n"); }

std::string GatewayProcess::ReadLine(double seconds) {
  const auto deadline = Clock::now() + std::chrono::duration<double>(seconds);
  while (buffered_.find('\n') == std::string::npos && stdout_fd_ >= 0) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) return "";
    pollfd fd{stdout_fd_, POLLIN, 0};
    if (poll(&fd, 1, static_cast<int>(left.count())) <= 0) continue;
    char chunk[65536];
    ssize_t n = read(stdout_fd_, chunk, sizeof chunk);
    if (n <= 0) return "";
    buffered_.append(chunk, static_cast<size_t>(n));
  }
  size_t end = buffered_.find('\n');
  if (end == std::string::npos) return "";
  std::string line = buffered_.substr(0, end);
  buffered_.erase(0, end + 1);
  return line;
}

rapidjson::Document GatewayProcess::ReadMessage(double seconds) {
  rapidjson::Document document;
  std::string line = ReadLine(seconds);
  if (line.empty() || document.Parse(line.c_str()).HasParseError()) document.SetNull();
  return document;
}

rapidjson::Document GatewayProcess::ResponseTo(int id, std::vector<std::string>* skipped,
                                               double seconds) {
  const auto deadline = Clock::now() + std::chrono::duration<double>(seconds);
  for (;;) {
    double left = std::chrono::duration<double>(deadline - Clock::now()).count();
    if (left <= 0) return rapidjson::Document();
    std::string line = ReadLine(left);
    if (line.empty()) return rapidjson::Document();
    rapidjson::Document document;
    if (document.Parse(line.c_str()).HasParseError()) continue;
    if (document.IsObject() && document.HasMember("id") && document["id"].IsInt() &&
        document["id"].GetInt() == id && !document.HasMember("method")) {
      return document;
    }
    if (skipped != nullptr) skipped->push_back(line);
  }
}

rapidjson::Document GatewayProcess::Request(int id, const std::string& method,
                                            const std::string& params_json,
                                            std::vector<std::string>* skipped) {
  Send(R"({"jsonrpc":"2.0","id":)" + std::to_string(id) + R"(,"method":")" + method + "\"" +
       (params_json.empty() ? "" : ",\"params\":" + params_json) + "}");
  return ResponseTo(id, skipped);
}

void GatewayProcess::CloseStdin() {
  if (stdin_fd_ >= 0) close(stdin_fd_);
  stdin_fd_ = -1;
}

void GatewayProcess::CloseStdout() {
  if (stdout_fd_ >= 0) close(stdout_fd_);
  stdout_fd_ = -1;
}

int GatewayProcess::Wait(double seconds) {
  if (pid_ <= 0) return -1;
  const auto deadline = Clock::now() + std::chrono::duration<double>(seconds);
  while (!reaped_) {
    pid_t done = waitpid(pid_, &status_, WNOHANG);
    if (done == pid_) {
      reaped_ = true;
      break;
    }
    if (Clock::now() >= deadline) return -1;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return WIFEXITED(status_) ? WEXITSTATUS(status_) : -1;
}

std::string GatewayProcess::Stderr() const {
  std::ifstream file(stderr_path_);
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

rapidjson::Document Handshake(GatewayProcess& gateway, const std::string& version) {
  rapidjson::Document response = gateway.Request(
      1, "initialize",
      R"({"protocolVersion":")" + version +
          R"(","capabilities":{},"clientInfo":{"name":"e2e","version":"1"}})");
  gateway.Send(R"({"jsonrpc":"2.0","method":"notifications/initialized"})");
  return response;
}

}  // namespace kosmo::e2e
