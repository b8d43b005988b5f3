// Table-driven end-to-end tests: every test/e2e/cases/*.case file is one test, run against the
// built kosmo binary as a subprocess (curl's tests/data model). Full guide: cases/README.md.
//
// Case file format (line based; '#' lines are comments, the leading ones describe the case):
//
//   # what this case proves
//   args: integrations:lua --json --cpu-limit 1 {script}     (required; '...' and "..." quote)
//   env: NAME=value                  (repeatable)
//   env_mode: minimal | inherit      (default minimal: PATH, LANG, HOME (a temp dir))
//   stdin: devnull | closed | script | open (default devnull; 'script' pipes the script
//                                    section; 'open' is a pipe that stays open and empty)
//   vendor_fault: KIND ARGS... [path=/p] [times=N|always]   (fake vendor server, {vendor})
//   mcp_server: NAME [stdio|http] [timeout=S] [env=K=V] [roots=PATH] [fake flags...]
//                                                                     ($KOSMO_HOME/mcp.json)
//   --- script                       (bytes written to {tmp}/script.lua)
//   while true do end
//   --- file .kosmo/config.yaml      (bytes written to {tmp}/PATH, repeatable; PATH relative)
//   --- repeat 20000                 (inside a file section: lines written N times, {i} = 1..N)
//   --- end repeat
//   --- stdin                        (raw bytes piped to stdin; exclusive with 'stdin:')
//   --- stdout                       (exact expected stdout)
//   --- expect
//   exit: 3                          (required)
//   max_seconds: 10                  (default 20, +1.5 under the sanitizers; must not crash)
//   min_seconds: 3                   (lower wall-clock bound, e.g. waits that must happen)
//   max_rss_mb: 200                  (peak RSS bound)
//   json: {"error_code": "cpu_limit"}   (subset match against stdout's JSON, repeatable)
//   error_code: cpu_limit            (shorthand for the json line above)
//   error_contains: CPU limit        (envelope `error` with --json, else stderr)
//   output_contains: ...             (envelope `output` with --json, else stdout)
//   stdout_contains / stderr_contains and the *_not_contains forms
//   vendor_requests: 4               (requests the fake vendor server received)
//   vendor_request_contains / vendor_request_not_contains   (in those requests)
//   file_contains: PATH TEXT / file_not_contains: PATH TEXT  ({tmp}/PATH after the run)
//   stderr_empty: yes                (nothing at all on stderr)
//   envelope: no                     (skip the envelope invariants for a --json case)
//
// Placeholders in args and env values: {script} (absolute path of the script file), {tmp} (the
// case's temporary directory, also the working directory), {source} (the source tree), {vendor}
// (the fake vendor server's origin, http://127.0.0.1:PORT). KOSMO_HOME is {tmp}/kosmo-home unless
// env: sets it, so "--- file kosmo-home/config.yaml" is the user's config.
// Values of *_contains keys written as a JSON string ("a\tb") are decoded.
//
// Always checked: the process started, ended on its own (no signal, no harness timeout) within
// max_seconds, and printed no sanitizer report. With --json in args: stdout is exactly one JSON
// document and, unless `envelope: no`, satisfies the envelope contract (json_match.h). With
// mcp_server lines: no process the case started (the fake servers, their children) is left.
//
// Environment: KOSMO_BIN overrides the binary, KOSMO_E2E_CASES the case directory,
// KOSMO_FAKE_MCP the fake MCP server (default: kosmo_fake_mcp next to the binary).

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <sstream>

#include "e2e/case_file.h"
#include "e2e/case_mcp_servers.h"
#include "e2e/case_vendor_fault.h"
#include "e2e/json_match.h"
#include "e2e/kosmo_process.h"
#include "fakes/fake_vendor_server.h"

namespace kosmo::e2e {
namespace {

#ifdef KOSMO_SANITIZED
constexpr bool kSanitizedBuild = true;
#else
constexpr bool kSanitizedBuild = false;
#endif

// A case's max_seconds is a bound on the release build. Under the sanitizers every process the
// case starts (kosmo, fake servers) pays a fixed start-up and exit cost (shadow memory, global
// registration, the leak check: about 0.25 s CPU for `kosmo --version`), and a case such as
// fault_mcp_http_call_timeout has only 1 s of slack over the 2.5 s its timeouts add up to.
constexpr double kSanitizerWallAllowanceSeconds = kSanitizedBuild ? 1.5 : 0.0;

namespace fs = std::filesystem;

// The harness kills a run this long after its max_seconds, so a hang is reported as a timeout
// rather than stalling the suite.
constexpr double kKillSlackSeconds = 10.0;
constexpr size_t kExcerptBytes = 3000;

std::string SourceDir() {
#ifdef KOSMO_SOURCE_DIR
  return KOSMO_SOURCE_DIR;
#else
  return ".";
#endif
}

std::string CasesDir() {
  if (const char* dir = std::getenv("KOSMO_E2E_CASES"); dir != nullptr && *dir != '\0') return dir;
  return SourceDir() + "/test/e2e/cases";
}

std::vector<std::string> CaseNames() {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(CasesDir(), ec)) {
    if (entry.path().extension() == ".case") names.push_back(entry.path().stem().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

// gtest names allow only [A-Za-z0-9_].
std::string TestName(const testing::TestParamInfo<std::string>& info) {
  std::string name = info.param;
  for (char& ch : name) {
    if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
  }
  return name;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string Substitute(std::string text, const std::string& key, const std::string& value) {
  for (size_t at = text.find(key); at != std::string::npos;
       at = text.find(key, at + value.size())) {
    text.replace(at, key.size(), value);
  }
  return text;
}

// Quotes an argument for the reproduction command line shown in failures.
std::string ShellQuote(const std::string& arg) {
  if (!arg.empty() && arg.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                            "0123456789-_=:./,+@%") == std::string::npos) {
    return arg;
  }
  return "'" + Substitute(arg, "'", "'\\''") + "'";
}

std::string Excerpt(const std::string& text) {
  if (text.size() <= kExcerptBytes) return text;
  return text.substr(0, kExcerptBytes / 2) + "\n…[" + std::to_string(text.size()) + " bytes]…\n" +
         text.substr(text.size() - kExcerptBytes / 2);
}

class CaseTest : public testing::TestWithParam<std::string> {
 protected:
  // Everything a failure message needs to be understood without rerunning.
  std::string Context(const ProcessResult& r) const {
    std::string context = "\n  command: " + env_prefix_ + "kosmo" + command_ +
                          "\n  run: " + r.Describe() + "\n  stdout: «" + Excerpt(r.out) +
                          "»\n  stderr: «" + Excerpt(r.err) + "»";
    if (vendor_) {
      context += "\n  vendor requests (" + std::to_string(vendor_->request_count()) + "): «" +
                 Excerpt(DescribeRequests(vendor_->requests())) + "»";
    }
    if (!mcp_config_.empty()) context += "\n  mcp.json: «" + mcp_config_ + "»";
    return context;
  }

  // The "--- file" sections and the script, written before kosmo (or a fake) starts.
  static void WriteTmpFiles(const CaseFile& c, const TempDir& tmp) {
    for (const auto& file : c.files) tmp.WriteFile(file.path, file.bytes);
    if (c.script) tmp.WriteFile("script.lua", *c.script);
  }

  // Every case runs with a KOSMO_HOME it knows: {tmp}/kosmo-home (created, owner-only like the
  // homes kosmo creates) unless its env: names one. So `mcp_server:` entries and a
  // "--- file kosmo-home/config.yaml" land where kosmo reads, and even an `env_mode: inherit` case
  // never reads the configuration of whoever runs the tests.
  void SetUpKosmoHome(const CaseFile& c, const TempDir& tmp) {
    for (const auto& [name, value] : c.env) {
      if (name == "KOSMO_HOME") {
        kosmo_home_ = Expand(value, tmp);
        return;
      }
    }
    kosmo_home_ = tmp.path() + "/kosmo-home";
    fs::create_directories(kosmo_home_);
    fs::permissions(kosmo_home_, fs::perms::owner_all);
  }

  // Starts the fakes the case asks for; false (test failed) when one cannot start.
  bool StartFakes(const CaseFile& c, const TempDir& tmp) {
    if (c.uses_vendor()) {
      vendor_ = std::make_unique<fakes::FakeVendorServer>();
      InjectFaults(c.vendor_faults, *vendor_);
    }
    if (c.mcp_servers.empty()) return true;
    const std::string marker = "kosmo-e2e-case-" + std::to_string(getpid()) + "-" + c.name;
    mcp_ = std::make_unique<CaseMcpServers>(c.mcp_servers, kosmo_home_, tmp.path(), marker);
    std::string error;
    if (!mcp_->Start(&error)) {
      ADD_FAILURE() << error;
      return false;
    }
    mcp_config_ = ReadFile(kosmo_home_ + "/mcp.json");
    return true;
  }

  std::string Expand(std::string s, const TempDir& tmp) const {
    s = Substitute(s, "{script}", tmp.path() + "/script.lua");
    s = Substitute(s, "{tmp}", tmp.path());
    if (vendor_) s = Substitute(s, "{vendor}", vendor_->origin());
    s = Substitute(s, "{fake_mcp}", FakeMcpBinary());
    return Substitute(s, "{source}", SourceDir());
  }

  // Stops the HTTP MCP servers the runner started; fails the case when any process it caused
  // (a server kosmo started, a server's child) is still alive.
  void StopFakesAndCheckLeftovers() {
    if (!mcp_) return;
    mcp_->StopHttpServers();
    std::string list;
    for (const auto& stray : mcp_->Leftovers()) list += "\n  " + stray;
    EXPECT_TRUE(list.empty()) << "processes of this case still running after it ended:" << list;
  }

  ProcessOptions Prepare(const CaseFile& c, const TempDir& tmp) {
    ProcessOptions options;
    for (const auto& a : c.args) {
      options.args.push_back(Expand(a, tmp));
      command_ += " " + ShellQuote(options.args.back());
    }
    auto add_env = [&](const std::string& name, const std::string& value) {
      options.env.emplace_back(name, value);
      env_prefix_ += name + "=" + ShellQuote(value) + " ";
    };
    add_env("KOSMO_HOME", kosmo_home_);
    for (const auto& [name, value] : c.env) {
      if (name != "KOSMO_HOME") add_env(name, Expand(value, tmp));
    }
    options.minimal_env = !c.inherit_env;
    options.cwd = tmp.path();
    options.timeout_seconds = c.max_seconds + kSanitizerWallAllowanceSeconds + kKillSlackSeconds;
    switch (c.stdin_mode) {
      case CaseStdin::kDevNull:
        options.stdin_mode = StdinMode::kDevNull;
        break;
      case CaseStdin::kClosed:
        options.stdin_mode = StdinMode::kClosed;
        break;
      case CaseStdin::kScript:
        options.stdin_mode = StdinMode::kData;
        options.stdin_data = *c.script;
        break;
      case CaseStdin::kSection:
        options.stdin_mode = StdinMode::kData;
        options.stdin_data = *c.stdin_text;
        break;
      case CaseStdin::kOpen:
        options.stdin_mode = StdinMode::kHeldOpen;
        break;
    }
    return options;
  }

  void CheckContains(const CaseFile& c, const ProcessResult& r, const rapidjson::Document* doc,
                     const TempDir& tmp) {
    auto envelope_string = [doc](const char* key) -> std::optional<std::string> {
      if (doc == nullptr || !doc->IsObject()) return std::nullopt;
      auto it = doc->FindMember(key);
      if (it == doc->MemberEnd() || !it->value.IsString()) return std::nullopt;
      return std::string(it->value.GetString(), it->value.GetStringLength());
    };
    for (const auto& [key, value] : c.contains) {
      std::optional<std::string> haystack;
      std::string source = key.substr(0, key.find('_'));
      std::string needle = value;
      if (source == "file") {
        // "PATH TEXT": the file as kosmo left it (a config it rewrote, a key file it created).
        const size_t space = value.find(' ');
        source = value.substr(0, space);
        needle = space == std::string::npos ? "" : value.substr(space + 1);
        const std::string file = tmp.path() + "/" + source;
        if (std::ifstream(file).good()) haystack = ReadFile(file);
      }
      if (source == "stdout")
        haystack = r.out;
      else if (source == "stderr")
        haystack = r.err;
      else if (source == "error")
        haystack = c.json_mode() ? envelope_string("error") : r.err;
      else if (source == "output")
        haystack = c.json_mode() ? envelope_string("output") : r.out;
      else if (source == "vendor")
        haystack = DescribeRequests(vendor_->requests());
      const bool negated = key.find("_not_") != std::string::npos;
      if (!haystack) {
        if (!negated) ADD_FAILURE() << key << ": no '" << source << "' to look in";
        continue;
      }
      const bool found = haystack->find(needle) != std::string::npos;
      if (found == negated) {
        ADD_FAILURE() << key << ": «" << needle << "»" << (negated ? " was found" : " not found")
                      << " in " << source;
      }
    }
  }

  std::string command_;
  std::string env_prefix_;
  std::unique_ptr<fakes::FakeVendorServer> vendor_;
  std::unique_ptr<CaseMcpServers> mcp_;
  std::string kosmo_home_;
  std::string mcp_config_;
};

TEST_P(CaseTest, Run) {
  const std::string path = CasesDir() + "/" + GetParam() + ".case";
  CaseFile c;
  std::string parse_error;
  ASSERT_TRUE(ParseCaseFile(GetParam(), ReadFile(path), &c, &parse_error))
      << path << ": " << parse_error;
  if (!c.description.empty()) RecordProperty("description", c.description);

  TempDir tmp("kosmo-e2e-case-");
  WriteTmpFiles(c, tmp);
  SetUpKosmoHome(c, tmp);
  ASSERT_TRUE(StartFakes(c, tmp));
  ProcessOptions options = Prepare(c, tmp);
  ProcessResult r = RunKosmo(options);
  StopFakesAndCheckLeftovers();

  ASSERT_TRUE(r.spawn_error.empty()) << r.spawn_error << " (set KOSMO_BIN?)";
  ASSERT_FALSE(r.timed_out) << "still running " << options.timeout_seconds << " s after start"
                            << Context(r);
  ASSERT_EQ(r.term_signal, 0) << "crashed" << Context(r);
  EXPECT_LE(r.wall_seconds, c.max_seconds + kSanitizerWallAllowanceSeconds)
      << "slower than max_seconds";
  EXPECT_GE(r.wall_seconds, c.min_seconds) << "faster than min_seconds";
  EXPECT_EQ(r.exit_code, *c.exit_code) << "exit code";
  EXPECT_EQ(r.err.find("Sanitizer"), std::string::npos) << "sanitizer report";
  // Sanitizer shadow memory inflates RSS several-fold; bounds are for the release build.
  if (c.max_rss_mb && !kSanitizedBuild) {
    EXPECT_LE(r.peak_rss_kb / 1024.0, *c.max_rss_mb) << "peak RSS";
  }
  if (c.stderr_empty) {
    EXPECT_TRUE(r.err.empty()) << "stderr must be empty";
  }
  if (c.exact_stdout) {
    EXPECT_EQ(r.out, *c.exact_stdout) << "exact stdout";
  }

  rapidjson::Document doc;
  bool have_doc = false;
  if (c.json_mode() || !c.json_subsets.empty()) {
    std::string why;
    have_doc = ParseSingleJson(r.out, &doc, &why);
    EXPECT_TRUE(have_doc) << "stdout must be exactly one JSON document: " << why;
  }
  if (have_doc && c.json_mode() && c.check_envelope) {
    std::vector<std::string> problems;
    CheckEnvelope(doc, r.exit_code, &problems);
    for (const auto& p : problems) ADD_FAILURE() << p;
  }
  if (have_doc) {
    for (const auto& subset : c.json_subsets) {
      rapidjson::Document expected;
      expected.Parse(subset.c_str(), subset.size());
      std::vector<std::string> problems;
      JsonSubsetMatch(expected, doc, "", &problems);
      for (const auto& p : problems) ADD_FAILURE() << "json: " << p;
    }
  }
  if (c.vendor_requests) {
    EXPECT_EQ(vendor_->request_count(), *c.vendor_requests) << "vendor_requests";
  }
  CheckContains(c, r, have_doc ? &doc : nullptr, tmp);
  // The run itself is shown once, after the list of what did not match.
  if (HasFailure()) ADD_FAILURE() << "run details:" << Context(r);
}

INSTANTIATE_TEST_SUITE_P(Cases, CaseTest, testing::ValuesIn(CaseNames()), TestName);

}  // namespace
}  // namespace kosmo::e2e
