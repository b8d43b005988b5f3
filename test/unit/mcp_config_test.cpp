#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <fstream>
#include <stdexcept>

#include "lib/config/kosmo_config.h"
#include "lib/mcp/config_expansion.h"
#include "lib/mcp/config_loader.h"
#include "lib/mcp/errors.h"
#include "lib/mcp/server_config.h"
#include "lib/mcp/trust.h"
#include "test/unit/test_files.h"

namespace kosmo::mcp {
namespace {
namespace fs = std::filesystem;

ServerConfig parse(const char* json, const char* name = "srv") {
  rapidjson::Document document;
  document.Parse(json);
  EXPECT_FALSE(document.HasParseError()) << json;
  Outcome<ServerConfig, std::string> parsed = parse_server_entry(name, document);
  EXPECT_TRUE(parsed.ok()) << json;
  return parsed ? std::move(*parsed) : ServerConfig{};
}

std::string problem_of(const char* json) {
  rapidjson::Document document;
  document.Parse(json);
  Outcome<ServerConfig, std::string> parsed = parse_server_entry("srv", document);
  return parsed ? "no error" : parsed.error();
}

std::string_view transport_of(const ServerConfig& config) {
  return config.transport != nullptr ? config.transport->name : "unsupported";
}

void write(const fs::path& file, const std::string& text) {
  fs::create_directories(file.parent_path());
  std::ofstream(file) << text;
}

TEST(McpServerConfigTest, ParsesEveryField) {
  ServerConfig config = parse(R"({"type":"stdio","command":"node","args":["s.js",3],
      "env":{"TOKEN":"${T}","PORT":3001,"DEBUG":true},"cwd":"tools","enabled":false,
      "timeout":2.5,"alwaysAllow":["x"]})");
  EXPECT_EQ(config.name, "srv");
  EXPECT_EQ(transport_of(config), "stdio");
  EXPECT_EQ(config.command, "node");
  EXPECT_EQ(config.args, (std::vector<std::string>{"s.js", "3"}));
  EXPECT_EQ(config.env.at("TOKEN"), "${T}");
  EXPECT_EQ(config.env.at("PORT"), "3001");
  EXPECT_EQ(config.env.at("DEBUG"), "true");
  EXPECT_EQ(config.cwd, "tools");
  EXPECT_FALSE(config.enabled);
  EXPECT_DOUBLE_EQ(config.timeout_s, 2.5);
}

TEST(McpServerConfigTest, DefaultsWhenFieldsAreAbsent) {
  ServerConfig config = parse(R"({"command":"srv"})");
  EXPECT_EQ(transport_of(config), "stdio");
  EXPECT_TRUE(config.enabled);
  EXPECT_DOUBLE_EQ(config.timeout_s, kDefaultTimeoutSeconds);
  EXPECT_TRUE(config.args.empty());
  EXPECT_TRUE(config.resolved_cwd().empty());
}

TEST(McpServerConfigTest, RootsResolveLikeCwdAndStayOutOfTheFingerprint) {
  ServerConfig config = parse(R"({"command":"srv","roots":["/abs/data","docs/../specs",""]})");
  EXPECT_EQ(config.roots, (std::vector<std::string>{"/abs/data", "docs/../specs", ""}));
  const std::string before = fingerprint(config);
  config.base_dir = "/project";
  EXPECT_EQ(config.resolved_roots(),
            (std::vector<std::filesystem::path>{"/abs/data", "/project/specs"}));
  config.roots.clear();
  EXPECT_EQ(fingerprint(config), before) << "roots change what the server sees, not what runs";
  EXPECT_EQ(problem_of(R"({"command":"srv","roots":"/one"})"),
            "\"roots\" must be an array of strings");
}

TEST(McpServerConfigTest, SamplingIsOffUnlessTheEntryAllowsIt) {
  EXPECT_FALSE(parse(R"({"command":"srv"})").sampling.enabled);
  EXPECT_FALSE(parse(R"({"command":"srv","sampling":false})").sampling.enabled);
  EXPECT_TRUE(parse(R"({"command":"srv","sampling":true})").sampling.enabled);
  const ServerConfig narrowed = parse(
      R"({"command":"srv","sampling":{"account":"work","model":"claude-haiku-4-5","max_tokens":200}})");
  EXPECT_TRUE(narrowed.sampling.enabled);
  EXPECT_EQ(narrowed.sampling.account, "work");
  EXPECT_EQ(narrowed.sampling.model, "claude-haiku-4-5");
  EXPECT_EQ(narrowed.sampling.max_tokens_cap, 200);
  EXPECT_EQ(problem_of(R"({"command":"srv","sampling":"yes"})"),
            "\"sampling\" must be true, false or an object");
  EXPECT_EQ(problem_of(R"({"command":"srv","sampling":1})"),
            "\"sampling\" must be true, false or an object");
  EXPECT_EQ(problem_of(R"({"command":"srv","sampling":{"account":1}})"),
            "in \"sampling\", \"account\" must be a string");
  EXPECT_EQ(problem_of(R"({"command":"srv","sampling":{"model":null}})"),
            "in \"sampling\", \"model\" must be a string");
  EXPECT_EQ(problem_of(R"({"command":"srv","sampling":{"max_tokens":0}})"),
            "\"sampling.max_tokens\" must be a positive integer");
  EXPECT_EQ(problem_of(R"({"command":"srv","sampling":{"max_tokens":1.5}})"),
            "\"sampling.max_tokens\" must be a positive integer");
  const ServerConfig plain = parse(R"({"command":"srv","sampling":true})");
  EXPECT_TRUE(plain.sampling.account.empty());
  EXPECT_TRUE(plain.sampling.model.empty());
  EXPECT_FALSE(plain.sampling.max_tokens_cap);
}

TEST(McpServerConfigTest, TransportFollowsTypeOrUrl) {
  EXPECT_EQ(transport_of(parse(R"({"url":"http://h/mcp"})")), "http");
  EXPECT_EQ(transport_of(parse(R"({"type":"http","url":"u"})")), "http");
  EXPECT_EQ(transport_of(parse(R"({"type":"streamable-http","url":"u"})")), "http");
  EXPECT_EQ(transport_of(parse(R"({"type":"Streamable-HTTP","url":"u"})")), "http");
  EXPECT_EQ(transport_of(parse(R"({"type":"local","command":"x"})")), "stdio");
  ServerConfig sse = parse(R"({"type":"sse","url":"u"})");
  EXPECT_EQ(sse.transport, nullptr);
  EXPECT_EQ(sse.type, "sse");
  EXPECT_EQ(transport_name(sse), "sse");
  EXPECT_EQ(supported_transport_names(), "stdio, http");
}

TEST(McpServerConfigTest, DisabledSpellings) {
  EXPECT_FALSE(parse(R"({"command":"x","disabled":true})").enabled);
  EXPECT_TRUE(parse(R"({"command":"x","disabled":false})").enabled);
  EXPECT_TRUE(parse(R"({"command":"x","enabled":true})").enabled);
}

TEST(McpServerConfigTest, MalformedFieldsAreRefusedWithTheirName) {
  EXPECT_EQ(problem_of(R"({"args":"a b"})"), "\"args\" must be an array of strings");
  EXPECT_EQ(problem_of(R"({"args":[{"x":1}]})"), "\"args\" must be an array of strings");
  EXPECT_EQ(problem_of(R"({"env":["A=1"]})"), "\"env\" must be an object of strings");
  EXPECT_EQ(problem_of(R"({"headers":{"A":{}}})"), "\"headers\" must be an object of strings");
  EXPECT_EQ(problem_of(R"({"command":7})"), "\"command\" must be a string");
  EXPECT_EQ(problem_of(R"({"enabled":1})"), "\"enabled\" must be true or false");
  EXPECT_EQ(problem_of(R"({"timeout":0})"), "\"timeout\" must be a positive number of seconds");
  EXPECT_EQ(problem_of(R"("just text")"), "the entry must be an object");
}

TEST(McpServerConfigTest, RelativeCwdResolvesAgainstTheBaseDirectory) {
  ServerConfig config = parse(R"({"command":"x","cwd":"tools/../srv"})");
  config.base_dir = "/repo";
  EXPECT_EQ(config.resolved_cwd(), fs::path("/repo/srv"));
  config.cwd = "/abs";
  EXPECT_EQ(config.resolved_cwd(), fs::path("/abs"));
}

TEST(McpServerConfigTest, SanitizeNameFollowsTheSpec) {
  EXPECT_EQ(sanitize_name("get-sum"), "get_sum");
  EXPECT_EQ(sanitize_name("getUser"), "getuser");
  EXPECT_EQ(sanitize_name("  My Server "), "my_server");
  EXPECT_EQ(sanitize_name("a.b/c"), "a_b_c");
  EXPECT_EQ(sanitize_name("already_ok_1"), "already_ok_1");
  EXPECT_EQ(sanitize_name("caf\xC3\xA9"), "caf__");
}

TEST(McpFingerprintTest, CanonicalJsonHasFixedOrderAndSortedMaps) {
  ServerConfig config = parse(R"({"env":{"B":"2","A":"1"},"args":["x"],"command":"php",
                                  "headers":{"Z":"z"},"timeout":9})");
  EXPECT_EQ(canonical_json(config),
            R"({"type":"stdio","command":"php","args":["x"],"env":{"A":"1","B":"2"},"cwd":"",)"
            R"("url":"","headers":{"Z":"z"}})");
  EXPECT_EQ(fingerprint(config).size(), 64u);
}

TEST(McpFingerprintTest, StableAcrossKeyOrderEnabledAndTimeout) {
  ServerConfig a = parse(R"({"command":"php","args":["s.php"],"env":{"A":"1","B":"2"}})");
  ServerConfig b = parse(R"({"env":{"B":"2","A":"1"},"enabled":false,"timeout":5,
                             "args":["s.php"],"command":"php","description":"ignored"})");
  EXPECT_EQ(fingerprint(a), fingerprint(b));
}

TEST(McpFingerprintTest, ChangesWithWhatRuns) {
  ServerConfig base = parse(R"({"command":"php","args":["s.php"],"env":{"A":"${X}"}})");
  for (const char* changed :
       {R"({"command":"php","args":["t.php"],"env":{"A":"${X}"}})",
        R"({"command":"python","args":["s.php"],"env":{"A":"${X}"}})",
        R"({"command":"php","args":["s.php"],"env":{"A":"${Y}"}})",
        R"({"command":"php","args":["s.php"],"env":{"A":"${X}"},"cwd":"/tmp"})",
        R"({"command":"php","args":["s.php"],"env":{"A":"${X}"},"headers":{"H":"v"}})"}) {
    EXPECT_NE(fingerprint(base), fingerprint(parse(changed))) << changed;
  }
}

TEST(McpFingerprintTest, AllowingSamplingNeedsTrustAgainAndNotAllowingItChangesNothing) {
  const ServerConfig base = parse(R"({"command":"php"})");
  EXPECT_EQ(fingerprint(parse(R"({"command":"php","sampling":false})")), fingerprint(base));
  const ServerConfig allowed = parse(R"({"command":"php","sampling":true})");
  EXPECT_NE(fingerprint(allowed), fingerprint(base)) << "sampling spends the user's account";
  EXPECT_EQ(canonical_json(parse(R"({"command":"php","sampling":{"model":"m","max_tokens":9}})")),
            R"({"type":"stdio","command":"php","args":[],"env":{},"cwd":"","url":"",)"
            R"("headers":{},"sampling":{"account":"","model":"m","max_tokens":9}})");
  EXPECT_NE(fingerprint(parse(R"({"command":"php","sampling":{"account":"work"}})")),
            fingerprint(allowed));
}

TEST(McpFingerprintTest, UsesValuesBeforeExpansion) {
  ServerConfig config = parse(R"({"command":"x","env":{"T":"${TOKEN}"}})");
  std::string before = fingerprint(config);
  config::MapEnvironment env({{"TOKEN", "secret"}});
  ExpandedServer expanded = expand_server(config, env);
  EXPECT_EQ(expanded.config.env.at("T"), "secret");
  EXPECT_EQ(fingerprint(config), before);
}

TEST(McpExpansionTest, ExpandsReferencesInsideStrings) {
  config::MapEnvironment env({{"TOKEN", "t0k"}, {"HOST", "example.org"}, {"EMPTY", ""}});
  std::vector<std::string> unset;
  EXPECT_EQ(expand_references("Bearer ${TOKEN}", env, &unset), "Bearer t0k");
  EXPECT_EQ(expand_references("https://${HOST}/mcp?k=${TOKEN}", env, &unset),
            "https://example.org/mcp?k=t0k");
  EXPECT_EQ(expand_references("${MISSING:-fallback}", env, &unset), "fallback");
  EXPECT_EQ(expand_references("${EMPTY:-fallback}", env, &unset), "fallback");
  EXPECT_EQ(expand_references("[${EMPTY}]", env, &unset), "[]");
  EXPECT_TRUE(unset.empty());
}

TEST(McpExpansionTest, UnsetVariablesBecomeEmptyAndAreReportedOnce) {
  config::MapEnvironment env;
  std::vector<std::string> unset;
  EXPECT_EQ(expand_references("a${NOPE}b${NOPE}", env, &unset), "ab");
  EXPECT_EQ(unset, (std::vector<std::string>{"NOPE"}));
}

TEST(McpExpansionTest, NonReferencesStayLiteral) {
  config::MapEnvironment env({{"X", "1"}});
  std::vector<std::string> unset;
  for (const char* text : {"${input:token}", "${1}", "$X", "${", "cost: $5", "${}", "a}b"}) {
    EXPECT_EQ(expand_references(text, env, &unset), text);
  }
  EXPECT_TRUE(unset.empty());
}

TEST(McpExpansionTest, ExpandsEnvHeadersArgsAndUrlButNotCommand) {
  ServerConfig config = parse(R"({"command":"${BIN}","args":["--key=${K}"],"env":{"E":"${K}"},
                                  "url":"http://${H}/mcp",)"
                              R"("headers":{"Authorization":"Bearer ${K}"}})");
  config::MapEnvironment env({{"K", "v"}, {"H", "host"}, {"BIN", "evil"}});
  ExpandedServer expanded = expand_server(config, env);
  EXPECT_EQ(expanded.config.command, "${BIN}");
  EXPECT_EQ(expanded.config.args[0], "--key=v");
  EXPECT_EQ(expanded.config.env.at("E"), "v");
  EXPECT_EQ(expanded.config.url, "http://host/mcp");
  EXPECT_EQ(expanded.config.headers.at("Authorization"), "Bearer v");
  EXPECT_EQ(expanded.inserted_values.size(), 4u);  // K three times, H once
}

class McpConfigLoaderTest : public ::testing::Test {
 protected:
  McpConfigLoaderTest() {
    env_.set("HOME", (dir_.path() / "home").string());
    env_.set("KOSMO_HOME", (dir_.path() / "kosmo").string());
    fs::create_directories(project() / ".git");
    fs::create_directories(project() / "sub");
  }
  fs::path project() const { return dir_.path() / "repo"; }
  fs::path legacy_file() const { return dir_.path() / "home" / ".kosmokrator" / "mcp.json"; }
  fs::path user_file() const { return dir_.path() / "kosmo" / "mcp.json"; }
  LoadedServers load() { return load_servers(env_, project() / "sub"); }

  testing::TempDir dir_{"kosmo-mcp-config"};
  config::MapEnvironment env_;
};

TEST_F(McpConfigLoaderTest, ListsFiveSourcesInPrecedenceOrder) {
  std::vector<ConfigSource> sources = default_sources(env_, project() / "sub");
  ASSERT_EQ(sources.size(), 5u);
  EXPECT_EQ(sources[0].file, legacy_file());
  EXPECT_EQ(sources[0].label, "global-legacy");
  EXPECT_EQ(sources[1].file, user_file());
  EXPECT_EQ(sources[2].file, project() / ".vscode" / "mcp.json");
  EXPECT_EQ(sources[3].file, project() / ".cursor" / "mcp.json");
  EXPECT_EQ(sources[4].file, project() / ".mcp.json");
  EXPECT_FALSE(sources[1].project);
  EXPECT_TRUE(sources[4].project);
  EXPECT_EQ(sources[4].base_dir, project());
}

TEST_F(McpConfigLoaderTest, TheSameFileIsReadOnce) {
  env_.set("KOSMO_HOME", (dir_.path() / "home" / ".kosmokrator").string());
  EXPECT_EQ(default_sources(env_, project()).size(), 4u);
}

// The same existing file under two names (KOSMO_HOME is a symlink to ~/.kosmokrator) is one
// source, labelled by its first name.
TEST_F(McpConfigLoaderTest, TheSameFileThroughASymlinkIsReadOnce) {
  write(legacy_file(), R"({"mcpServers":{"a":{"command":"legacy"}}})");
  const fs::path link = dir_.path() / "linked-home";
  fs::create_directory_symlink(legacy_file().parent_path(), link);
  env_.set("KOSMO_HOME", link.string());
  const std::vector<ConfigSource> sources = default_sources(env_, project());
  ASSERT_EQ(sources.size(), 4u);
  EXPECT_EQ(sources[0].label, "global-legacy");
  EXPECT_EQ(sources[1].label, "project-vscode");
}

TEST_F(McpConfigLoaderTest, LaterFilesReplaceWholeEntries) {
  write(legacy_file(), R"({"mcpServers":{"a":{"command":"legacy"},"b":{"command":"b-legacy"}}})");
  write(user_file(), R"({"mcpServers":{"a":{"command":"user","args":["x"]}}})");
  write(project() / ".vscode" / "mcp.json", R"({"servers":{"c":{"command":"vscode"}}})");
  write(project() / ".cursor" / "mcp.json", R"({"mcpServers":{"c":{"command":"cursor"}}})");
  write(project() / ".mcp.json", R"({"mcpServers":{"a":{"command":"project"}}})");
  LoadedServers loaded = load();
  EXPECT_TRUE(loaded.warnings.empty());
  ASSERT_EQ(loaded.servers.size(), 3u);
  EXPECT_EQ(loaded.servers[0].name, "a");
  EXPECT_EQ(loaded.servers[0].command, "project");
  EXPECT_TRUE(loaded.servers[0].args.empty());  // replaced whole, not merged
  EXPECT_TRUE(loaded.servers[0].from_project);
  EXPECT_EQ(loaded.servers[0].source_label, "project");
  EXPECT_EQ(loaded.servers[0].source_file, project() / ".mcp.json");
  EXPECT_EQ(loaded.servers[1].command, "b-legacy");
  EXPECT_EQ(loaded.servers[1].source_label, "global-legacy");
  EXPECT_FALSE(loaded.servers[1].from_project);
  EXPECT_EQ(loaded.servers[2].command, "cursor");
  EXPECT_EQ(loaded.servers[2].source_label, "project-cursor");
}

TEST_F(McpConfigLoaderTest, AcceptsCommentsAndTrailingCommas) {
  write(project() / ".vscode" / "mcp.json", R"({
    // VS Code writes JSONC
    "servers": { "gh": { "command": "npx", /* inline */ "args": ["-y", "gh",], }, },
  })");
  LoadedServers loaded = load();
  EXPECT_TRUE(loaded.warnings.empty());
  ASSERT_EQ(loaded.servers.size(), 1u);
  EXPECT_EQ(loaded.servers[0].args.size(), 2u);
}

TEST_F(McpConfigLoaderTest, UnusableFilesAndEntriesBecomeWarnings) {
  write(legacy_file(), "{\n  \"mcpServers\": {\n    \"a\": {\"command\": }\n  }\n}");
  write(user_file(), R"(["not", "an", "object"])");
  write(project() / ".vscode" / "mcp.json", R"({"servers": []})");
  write(project() / ".cursor" / "mcp.json", R"({"other": {}})");
  write(project() / ".mcp.json", R"({"mcpServers":{"bad":{"args":"x"},"good":{"command":"g"}}})");
  LoadedServers loaded = load();
  ASSERT_EQ(loaded.servers.size(), 1u);
  EXPECT_EQ(loaded.servers[0].name, "good");
  ASSERT_EQ(loaded.warnings.size(), 5u);
  EXPECT_EQ(loaded.warnings[0], "Ignoring MCP config " + legacy_file().string() +
                                    ": invalid JSON at line 3, column 22: Invalid value.");
  EXPECT_NE(loaded.warnings[1].find("the top level must be a JSON object"), std::string::npos);
  EXPECT_NE(loaded.warnings[2].find("\"servers\" must be an object"), std::string::npos);
  EXPECT_NE(loaded.warnings[3].find("no \"mcpServers\" or \"servers\" object"), std::string::npos);
  EXPECT_EQ(loaded.warnings[4], "Ignoring MCP server 'bad' in " +
                                    (project() / ".mcp.json").string() +
                                    ": \"args\" must be an array of strings.");
}

TEST_F(McpConfigLoaderTest, UnreadableFileIsAWarningAndMissingFilesAreNot) {
  fs::create_directories(user_file());  // a directory where the file should be
  LoadedServers loaded = load();
  ASSERT_EQ(loaded.warnings.size(), 1u);
  EXPECT_EQ(loaded.warnings[0],
            "Cannot read MCP config " + user_file().string() + ": it is a directory.");
}

TEST_F(McpConfigLoaderTest, EmptyObjectIsNotAWarning) {
  write(user_file(), "{}");
  EXPECT_TRUE(load().warnings.empty());
}

TEST_F(McpConfigLoaderTest, RelativeCwdResolvesPerFileKind) {
  write(user_file(), R"({"mcpServers":{"u":{"command":"x","cwd":"servers"}}})");
  write(project() / ".vscode" / "mcp.json", R"({"servers":{"p":{"command":"x","cwd":"tools"}}})");
  LoadedServers loaded = load();
  ASSERT_EQ(loaded.servers.size(), 2u);
  EXPECT_EQ(loaded.find("p")->resolved_cwd(), project() / "tools");
  EXPECT_EQ(loaded.find("u")->resolved_cwd(), dir_.path() / "kosmo" / "servers");
}

TEST_F(McpConfigLoaderTest, FindsByRawOrSanitizedNameAndWarnsOnCollisions) {
  write(user_file(), R"({"mcpServers":{"My-Server":{"command":"x"},"a-b":{"command":"1"},
                                       "a_b":{"command":"2"}}})");
  LoadedServers loaded = load();
  ASSERT_NE(loaded.find("my_server"), nullptr);
  EXPECT_EQ(loaded.find("my_server")->name, "My-Server");
  EXPECT_EQ(loaded.find("My-Server")->name, "My-Server");
  EXPECT_EQ(loaded.find("a_b")->command, "2");  // the exact name wins
  EXPECT_EQ(loaded.find("nope"), nullptr);
  ASSERT_EQ(loaded.warnings.size(), 1u);
  EXPECT_NE(loaded.warnings[0].find("'a-b' and 'a_b' share the Lua name 'a_b'"), std::string::npos);
}

TEST(McpTrustTest, OnlyProjectEntriesNeedTrust) {
  ServerConfig server = parse(R"({"command":"php","args":["s.php"]})", "fake");
  server.source_file = "/repo/.mcp.json";
  config::KosmoConfig user_config;
  EXPECT_EQ(trust_of(server, user_config), Trust::kNotRequired);
  EXPECT_EQ(require_trust(server, user_config), std::nullopt);

  server.from_project = true;
  EXPECT_EQ(trust_of(server, user_config), Trust::kUntrusted);
  const McpCheck untrusted = require_trust(server, user_config);
  ASSERT_TRUE(untrusted.has_value());
  EXPECT_EQ(untrusted->kind, ErrorKind::kUntrusted);
  EXPECT_EQ(untrusted->message,
            "Project MCP server 'fake' is not trusted. Review its entry in /repo/.mcp.json, "
            "then run `kosmo mcp:trust fake`.");

  user_config.set_trusted_fingerprint("fake", fingerprint(server));
  EXPECT_EQ(trust_of(server, user_config), Trust::kTrusted);
  server.args.push_back("--more");
  EXPECT_EQ(trust_of(server, user_config), Trust::kChanged);
  ASSERT_TRUE(require_trust(server, user_config).has_value());
  EXPECT_EQ(require_trust(server, user_config)->kind, ErrorKind::kUntrusted);
}

}  // namespace
}  // namespace kosmo::mcp
