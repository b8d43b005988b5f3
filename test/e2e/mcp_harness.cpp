#include "e2e/mcp_harness.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <httplib.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "e2e/kosmo_process.h"

extern char** environ;

namespace kosmo::e2e {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

std::string ReadAll(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The parent pid from /proc/<pid>/stat (the comm field may hold spaces and parentheses).
pid_t ParentOf(pid_t pid) {
  std::string stat = ReadAll("/proc/" + std::to_string(pid) + "/stat");
  size_t close = stat.rfind(')');
  if (close == std::string::npos) return 0;
  std::istringstream rest(stat.substr(close + 2));
  char state = 0;
  pid_t parent = 0;
  rest >> state >> parent;
  return parent;
}

char StateOf(pid_t pid) {
  std::string stat = ReadAll("/proc/" + std::to_string(pid) + "/stat");
  size_t close = stat.rfind(')');
  return close == std::string::npos || close + 2 >= stat.size() ? '?' : stat[close + 2];
}

bool DescendsFromUs(pid_t pid) {
  const pid_t self = getpid();
  for (int depth = 0; depth < 64 && pid > 1; ++depth) {
    pid = ParentOf(pid);
    if (pid == self) return true;
  }
  return false;
}

std::string CommandLine(pid_t pid) {
  std::string text = ReadAll("/proc/" + std::to_string(pid) + "/cmdline");
  for (char& c : text) {
    if (c == '\0') c = ' ';
  }
  return text;
}

}  // namespace

std::string JsonString(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\u%04x", c);
      out += escaped;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

// --- SpawnedServer ------------------------------------------------------------------------------

SpawnedServer::SpawnedServer(const std::vector<std::string>& argv,
                             const std::vector<std::pair<std::string, std::string>>& env,
                             const std::string& stderr_path) {
  int in[2], out[2];
  if (pipe2(in, O_CLOEXEC) != 0 || pipe2(out, O_CLOEXEC) != 0) return;
  // Built before fork: only async-signal-safe calls are allowed in the child.
  std::vector<std::string> environment;
  for (char** entry = environ; *entry != nullptr; ++entry) environment.emplace_back(*entry);
  for (const auto& [name, value] : env) environment.push_back(name + "=" + value);
  std::vector<char*> envp, args;
  for (auto& entry : environment) envp.push_back(entry.data());
  envp.push_back(nullptr);
  std::vector<std::string> argv_copy = argv;
  for (auto& arg : argv_copy) args.push_back(arg.data());
  args.push_back(nullptr);
  int err = open(stderr_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  pid_ = fork();
  if (pid_ == 0) {
    dup2(in[0], 0);
    dup2(out[1], 1);
    if (err >= 0) dup2(err, 2);
    execve(args[0], args.data(), envp.data());
    _exit(127);
  }
  close(in[0]);
  close(out[1]);
  if (err >= 0) close(err);
  stdin_fd_ = in[1];
  stdout_fd_ = out[0];
}

SpawnedServer::~SpawnedServer() { Stop(); }

std::string SpawnedServer::ReadLine(double seconds) {
  const auto deadline = Clock::now() + std::chrono::duration<double>(seconds);
  while (buffered_.find('\n') == std::string::npos && stdout_fd_ >= 0) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) return "";
    pollfd fd{stdout_fd_, POLLIN, 0};
    if (poll(&fd, 1, static_cast<int>(left.count())) <= 0) continue;
    char chunk[512];
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

void SpawnedServer::Stop(double grace) {
  if (stdin_fd_ >= 0) close(stdin_fd_);
  if (stdout_fd_ >= 0) close(stdout_fd_);
  stdin_fd_ = stdout_fd_ = -1;
  if (pid_ <= 0) return;
  // Closing stdin stops the fake's HTTP mode; node servers need the signal.
  const int signals[] = {0, SIGTERM, SIGKILL};
  for (int sig : signals) {
    if (sig != 0) kill(pid_, sig);
    const auto deadline = Clock::now() + std::chrono::duration<double>(grace);
    while (Clock::now() < deadline) {
      if (waitpid(pid_, nullptr, WNOHANG) == pid_) {
        pid_ = -1;
        return;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }
  waitpid(pid_, nullptr, 0);
  pid_ = -1;
}

// --- network helpers ----------------------------------------------------------------------------

bool WaitForPort(int port, double seconds) {
  const auto deadline = Clock::now() + std::chrono::duration<double>(seconds);
  while (Clock::now() < deadline) {
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bool ok = connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
    close(fd);
    if (ok) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return false;
}

int FreePort() {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t size = sizeof address;
  int port = 0;
  if (bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size) == 0) {
    port = ntohs(address.sin_port);
  }
  close(fd);
  return port;
}

rapidjson::Document FakeServerLog(int port) {
  rapidjson::Document log;
  log.Parse(HttpGet(port, "/debug/log").c_str());
  if (!log.IsArray()) log.SetArray();
  return log;
}

size_t CountEntries(const rapidjson::Document& log, const char* key, const char* value) {
  size_t n = 0;
  for (const auto& entry : log.GetArray()) {
    const auto found = entry.FindMember(key);
    n += found != entry.MemberEnd() && found->value.IsString() && found->value == value;
  }
  return n;
}

std::string HttpGet(int port, const std::string& path) {
  httplib::Client client("127.0.0.1", port);
  auto response = client.Get(path);
  return response && response->status == 200 ? response->body : "";
}

std::vector<std::string> StrayProcesses(const std::string& marker) {
  std::vector<std::string> strays;
  const std::string needle = std::string(kMarkerVariable) + "=" + marker;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator("/proc", ec)) {
    const std::string name = entry.path().filename();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    const pid_t pid = std::stoi(name);
    if (pid == getpid()) continue;
    std::string environment = ReadAll(entry.path() / "environ");
    bool marked = false;
    for (size_t at = 0; at < environment.size();) {
      size_t end = environment.find('\0', at);
      if (end == std::string::npos) end = environment.size();
      if (environment.compare(at, end - at, needle) == 0) marked = true;
      at = end + 1;
    }
    if (!marked && !DescendsFromUs(pid)) continue;
    // Threads of this process show up only under /proc/<pid>/task, so no false positives here.
    strays.push_back("pid " + name + " (" + StateOf(pid) + "): " + CommandLine(pid));
  }
  return strays;
}

// --- McpTest ------------------------------------------------------------------------------------

McpTest::McpTest() {
  static std::atomic<int> counter{0};
  marker_ = "mcp-e2e-" + std::to_string(getpid()) + "-" + std::to_string(++counter);
}

void McpTest::TearDown() {
  for (auto& server : servers_) server->Stop();
  servers_.clear();
  // kosmo has exited; a SIGKILLed group member may take a moment to be reaped by init.
  std::vector<std::string> strays;
  const auto deadline = Clock::now() + std::chrono::seconds(2);
  do {
    strays = StrayProcesses(marker_);
    if (strays.empty()) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  } while (Clock::now() < deadline);
  std::string list;
  for (const auto& stray : strays) list += "\n  " + stray;
  ADD_FAILURE() << "processes of this test still running after it ended:" << list;
  for (const auto& stray : strays) kill(std::stoi(stray.substr(4)), SIGKILL);  // don't cascade
}

std::string McpTest::FakeBinary() {
  const char* path = std::getenv("KOSMO_FAKE_MCP");
  if (path == nullptr || *path == '\0') {
    ADD_FAILURE() << "KOSMO_FAKE_MCP is not set (CTest sets it; by hand: "
                     "KOSMO_FAKE_MCP=<build>/kosmo_fake_mcp)";
    return "/nonexistent/kosmo_fake_mcp";
  }
  return path;
}

std::string McpTest::FakeEntry(const std::vector<std::string>& args, const std::string& extra,
                               const std::string& env) const {
  std::string list;
  for (const auto& arg : args) list += (list.empty() ? "" : ",") + JsonString(arg);
  return "{\"command\":" + JsonString(FakeBinary()) + ",\"args\":[" + list + "],\"env\":{\"" +
         kMarkerVariable + "\":" + JsonString(marker_) + (env.empty() ? "" : ",") + env + "}" +
         (extra.empty() ? "" : ",") + extra + "}";
}

std::string McpTest::HttpEntry(int port, const std::string& extra) {
  return "{\"type\":\"http\",\"url\":\"http://127.0.0.1:" + std::to_string(port) + "/mcp\"" +
         (extra.empty() ? "" : ",") + extra + "}";
}

namespace {
std::string ServersJson(const std::vector<std::pair<std::string, std::string>>& servers) {
  std::string body;
  for (const auto& [name, entry] : servers) {
    body += (body.empty() ? "" : ",\n    ") + JsonString(name) + ": " + entry;
  }
  return "{\"mcpServers\": {\n    " + body + "\n}}\n";
}
}  // namespace

void McpTest::WriteGlobalServers(
    const std::vector<std::pair<std::string, std::string>>& servers) const {
  home_.WriteFile("mcp.json", ServersJson(servers));
}

void McpTest::WriteProjectServers(
    const std::vector<std::pair<std::string, std::string>>& servers) const {
  project_.WriteFile(".mcp.json", ServersJson(servers));
}

void McpTest::WriteConfig(const std::string& yaml) const { home_.WriteFile("config.yaml", yaml); }

SpawnedServer& McpTest::Spawn(const std::vector<std::string>& argv,
                              std::vector<std::pair<std::string, std::string>> env) {
  env.emplace_back(kMarkerVariable, marker_);
  const std::string log = home_.path() + "/spawned-" + std::to_string(servers_.size()) + ".log";
  servers_.push_back(std::make_unique<SpawnedServer>(argv, env, log));
  return *servers_.back();
}

int McpTest::StartHttpFake(const std::vector<std::string>& args) {
  std::vector<std::string> argv = {FakeBinary(), "--http"};
  argv.insert(argv.end(), args.begin(), args.end());
  SpawnedServer& server = Spawn(argv);
  const std::string line = server.ReadLine(10);
  if (line.rfind("PORT ", 0) != 0) {
    ADD_FAILURE() << "the HTTP fake did not print its port; first line: '" << line << "'";
    return 0;
  }
  return std::stoi(line.substr(5));
}

McpRun McpTest::Run(const std::vector<std::string>& args,
                    const std::vector<std::pair<std::string, std::string>>& env,
                    std::function<void(pid_t, double)> while_running) {
  ProcessOptions options;
  options.args = args;
  options.minimal_env = true;
  options.env = {{"KOSMO_HOME", home_.path()}, {"HOME", user_home_.path()}};
  options.env.insert(options.env.end(), env.begin(), env.end());
  // These tests force writes through to the fakes; --force needs KosmoKrator's opt-in for MCP,
  // given here as its own tests give it. The compat_mcp_force_* cases cover it absent.
  if (std::find(args.begin(), args.end(), "--force") != args.end()) {
    options.env.emplace_back("KOSMO_MCP_ALLOW_FORCE", "1");
  }
  options.cwd = project_.path();
  options.timeout_seconds = 45;  // kosmo's own --timeout (20) ends every run well before this
  options.measure_child_rss = false;
  options.while_running = std::move(while_running);
  McpRun run;
  run.process = RunKosmo(options);
  if (!ParseSingleJson(run.process.out, &run.envelope, &run.parse_error)) run.envelope.SetNull();
  return run;
}

McpRun McpTest::Lua(const std::string& code, const std::vector<std::string>& flags) {
  std::vector<std::string> args = {"mcp:lua", "--json", "--timeout", "20"};
  args.insert(args.end(), flags.begin(), flags.end());
  args.push_back("--eval");
  args.push_back(code);
  return Run(args);
}

// --- McpRun -------------------------------------------------------------------------------------

namespace {
std::string StringMember(const rapidjson::Document& envelope, const char* key) {
  if (!envelope.IsObject()) return "";
  auto it = envelope.FindMember(key);
  return it != envelope.MemberEnd() && it->value.IsString() ? it->value.GetString() : "";
}
std::string Shorten(const std::string& text) {
  return text.size() <= 3000
             ? text
             : text.substr(0, 3000) + "...(" + std::to_string(text.size()) + " bytes)";
}
}  // namespace

std::string McpRun::error() const { return StringMember(envelope, "error"); }
std::string McpRun::error_code() const { return StringMember(envelope, "error_code"); }
std::string McpRun::output() const { return StringMember(envelope, "output"); }

const rapidjson::Value* McpRun::result(size_t index) const {
  if (!envelope.IsObject()) return nullptr;
  auto it = envelope.FindMember("result");
  if (it == envelope.MemberEnd() || !it->value.IsArray() || index >= it->value.Size()) {
    return nullptr;
  }
  return &it->value[static_cast<rapidjson::SizeType>(index)];
}

std::string McpRun::result_json(size_t index) const {
  const rapidjson::Value* value = result(index);
  return value == nullptr ? "<no result>" : ToJson(*value);
}

std::string McpRun::Describe() const {
  return process.Describe() + "\n--- stdout:\n" + Shorten(process.out) + "\n--- stderr:\n" +
         Shorten(process.err);
}

}  // namespace kosmo::e2e
