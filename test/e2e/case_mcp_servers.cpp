#include "e2e/case_mcp_servers.h"

#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>
#include <utility>

#include "e2e/case_file.h"
#include "e2e/kosmo_process.h"
#include "e2e/mcp_harness.h"

namespace kosmo::e2e {
namespace {

using Clock = std::chrono::steady_clock;

// How long the HTTP fake may take to print its port, and how long a server that kosmo killed
// may take to disappear (killed group members are reaped by init, asynchronously).
constexpr double kHttpStartSeconds = 10.0;
constexpr auto kLeftoverGrace = std::chrono::seconds(2);
// The HTTP fake stops on stdin EOF once its current request is done; a case that left it inside
// a long `sleep` should not wait for that.
constexpr double kHttpStopGraceSeconds = 0.5;

bool IsValidName(const std::string& name) {
  return !name.empty() && name.find_first_of("\"\\ \t=") == std::string::npos;
}

std::string FormatSeconds(double seconds) {
  std::ostringstream text;
  text << seconds;
  return text.str();
}

}  // namespace

bool ParseMcpServer(const std::string& value, McpServerSpec* out, std::string* error) {
  std::vector<std::string> words;
  if (!TokenizeArgs(value, &words, error)) return false;
  if (words.empty() || !IsValidName(words[0])) {
    return *error =
               "mcp_server: NAME [stdio|http] [timeout=S] [env=KEY=VALUE] [roots=PATH] "
               "[sampling=JSON] [fake flags...]",
           false;
  }
  McpServerSpec spec;
  spec.name = words[0];
  size_t next = 1;
  if (next < words.size() && (words[next] == "stdio" || words[next] == "http")) {
    spec.http = words[next++] == "http";
  }
  for (; next < words.size(); ++next) {
    const std::string& word = words[next];
    if (word.rfind("timeout=", 0) == 0) {
      char* end = nullptr;
      const double seconds = std::strtod(word.c_str() + 8, &end);
      if (word.size() == 8 || *end != '\0' || seconds <= 0) {
        return *error = "mcp_server: timeout= needs a positive number of seconds", false;
      }
      spec.timeout = seconds;
    } else if (word.rfind("env=", 0) == 0) {
      const size_t equals = word.find('=', 4);
      if (equals == std::string::npos || equals == 4) {
        return *error = "mcp_server: env= needs KEY=VALUE", false;
      }
      spec.env.emplace_back(word.substr(4, equals - 4), word.substr(equals + 1));
    } else if (word.rfind("roots=", 0) == 0) {
      spec.roots.push_back(word.substr(6));
    } else if (word.rfind("sampling=", 0) == 0) {
      spec.sampling = word.substr(9);
    } else if (word == "--http") {
      return *error = "mcp_server: write 'http' as the transport, not --http", false;
    } else {
      spec.flags.push_back(word);
    }
  }
  if (spec.http && !spec.env.empty()) {
    return *error = "mcp_server: env= is for stdio servers (an http entry has no env)", false;
  }
  *out = std::move(spec);
  return true;
}

std::string FakeMcpBinary() {
  if (const char* path = std::getenv("KOSMO_FAKE_MCP"); path != nullptr && *path != '\0') {
    return path;
  }
  return (std::filesystem::path(KosmoBinary()).parent_path() / "kosmo_fake_mcp").string();
}

CaseMcpServers::CaseMcpServers(std::vector<McpServerSpec> specs, std::string kosmo_home,
                               std::string log_dir, std::string marker)
    : specs_(std::move(specs)),
      kosmo_home_(std::move(kosmo_home)),
      log_dir_(std::move(log_dir)),
      marker_(std::move(marker)) {}

CaseMcpServers::~CaseMcpServers() { StopHttpServers(); }

std::string CaseMcpServers::EntryJson(const McpServerSpec& spec, int http_port) const {
  std::string entry;
  if (spec.http) {
    entry =
        "{\"type\": \"http\", \"url\": \"http://127.0.0.1:" + std::to_string(http_port) + "/mcp\"";
  } else {
    std::string args;
    for (const auto& flag : spec.flags) args += (args.empty() ? "" : ", ") + JsonString(flag);
    std::string env = "\"" + std::string(kMarkerVariable) + "\": " + JsonString(marker_);
    for (const auto& [key, value] : spec.env)
      env += ", " + JsonString(key) + ": " + JsonString(value);
    entry = "{\"command\": " + JsonString(FakeMcpBinary()) + ", \"args\": [" + args +
            "], \"env\": {" + env + "}";
  }
  if (spec.timeout) entry += ", \"timeout\": " + FormatSeconds(*spec.timeout);
  if (!spec.roots.empty()) {
    std::string roots;
    for (const auto& root : spec.roots) roots += (roots.empty() ? "" : ", ") + JsonString(root);
    entry += ", \"roots\": [" + roots + "]";
  }
  if (!spec.sampling.empty()) entry += ", \"sampling\": " + spec.sampling;
  return entry + "}";
}

bool CaseMcpServers::Start(std::string* error) {
  const std::string fake = FakeMcpBinary();
  if (access(fake.c_str(), X_OK) != 0) {
    *error =
        "the fake MCP server is not at " + fake + " (build kosmo_fake_mcp or set KOSMO_FAKE_MCP)";
    return false;
  }
  std::string servers;
  for (const McpServerSpec& spec : specs_) {
    int port = 0;
    if (spec.http) {
      std::vector<std::string> argv = {fake, "--http"};
      argv.insert(argv.end(), spec.flags.begin(), spec.flags.end());
      const std::string log = log_dir_ + "/mcp-" + spec.name + ".log";
      http_servers_.push_back(std::make_unique<SpawnedServer>(
          argv, std::vector<std::pair<std::string, std::string>>{{kMarkerVariable, marker_}}, log));
      const std::string line = http_servers_.back()->ReadLine(kHttpStartSeconds);
      if (line.rfind("PORT ", 0) != 0) {
        *error = "the HTTP fake for '" + spec.name + "' did not print its port (first line: '" +
                 line + "', log " + log + ")";
        return false;
      }
      port = std::stoi(line.substr(5));
    }
    servers +=
        (servers.empty() ? "" : ",\n    ") + JsonString(spec.name) + ": " + EntryJson(spec, port);
  }
  std::filesystem::create_directories(kosmo_home_);
  std::ofstream(kosmo_home_ + "/mcp.json") << "{\"mcpServers\": {\n    " << servers << "\n}}\n";
  return true;
}

void CaseMcpServers::StopHttpServers() {
  for (auto& server : http_servers_) server->Stop(kHttpStopGraceSeconds);
  http_servers_.clear();
}

std::vector<std::string> CaseMcpServers::Leftovers() {
  std::vector<std::string> strays;
  const auto deadline = Clock::now() + kLeftoverGrace;
  do {
    strays = StrayProcesses(marker_);
    if (strays.empty()) return strays;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  } while (Clock::now() < deadline);
  for (const auto& stray : strays) kill(std::stoi(stray.substr(4)), SIGKILL);
  return strays;
}

}  // namespace kosmo::e2e
