// End to end: `kosmo mcp:gateway:install` and `mcp:gateway:export` for every client — the file
// each writes from scratch (exact bytes), a second run that changes nothing, existing files whose
// other keys, servers and comments survive, an entry of the same name replaced where it stands,
// files kosmo cannot understand left untouched (exit 5), the printed entries, the --json shapes,
// usage errors, concurrent installs, and a kosmo whose path needs escaping.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>
#include <sys/stat.h>

#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "e2e/kosmo_process.h"
#include "e2e/temp_dir.h"
#include "lib/common/file_read.h"

namespace kosmo::e2e {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

// `text` as a JSON string literal, quotes included.
std::string json_quoted(const std::string& text) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  writer.String(text.c_str(), static_cast<rapidjson::SizeType>(text.size()));
  return buffer.GetString();
}

// `text` as a TOML basic string (only what the test paths need: quotes and backslashes).
std::string toml_quoted(const std::string& text) {
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string read(const std::string& path) {
  ReadResult result = read_file(path);
  EXPECT_TRUE(result.ok()) << path << ": " << result.problem();
  return result.text;
}

class McpGatewayInstallTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // The project root is the directory holding .git, so nothing above the temporary
    // directory decides where .mcp.json goes.
    fs::create_directory(project_.path() + "/.git");
    kosmo_ = fs::canonical(KosmoBinary()).string();
  }

  ProcessResult Run(std::vector<std::string> args, const std::string& binary = "") {
    ProcessOptions options;
    options.args = std::move(args);
    options.minimal_env = true;
    options.env = {{"HOME", home_.path()}, {"KOSMO_HOME", home_.path() + "/.kosmo"}};
    options.cwd = project_.path();
    options.measure_child_rss = false;
    return binary.empty() ? RunKosmo(options) : RunProcess(binary, options);
  }

  rapidjson::Document Json(std::vector<std::string> args, int expected_exit) {
    args.push_back("--json");
    const ProcessResult result = Run(args);
    EXPECT_EQ(result.exit_code, expected_exit) << result.Describe() << result.out << result.err;
    rapidjson::Document doc;
    std::string why;
    EXPECT_TRUE(ParseSingleJson(result.out, &doc, &why)) << why << "\n" << result.out;
    return doc;
  }

  // A JSON client's file holding only the entry of `args` (pretty, 2-space indent).
  std::string JsonFile(const std::string& map, bool typed, const std::vector<std::string>& args,
                       const std::string& name = "kosmo") const {
    std::string text = "{\n  \"" + map + "\": {\n    " + json_quoted(name) + ": " +
                       JsonEntry(typed, args, "    ") + "\n  }\n}\n";
    return text;
  }

  std::string JsonEntry(bool typed, const std::vector<std::string>& args,
                        const std::string& indent) const {
    std::string text = "{\n";
    if (typed) text += indent + "  \"type\": \"stdio\",\n";
    text += indent + "  \"command\": " + json_quoted(kosmo_) + ",\n" + indent + "  \"args\": [\n";
    for (size_t i = 0; i < args.size(); ++i) {
      text += indent + "    " + json_quoted(args[i]) + (i + 1 < args.size() ? ",\n" : "\n");
    }
    return text + indent + "  ]\n" + indent + "}";
  }

  std::string TomlTable(const std::vector<std::string>& args, const std::string& command = "",
                        const std::string& name = "kosmo") const {
    std::string text = "[mcp_servers." + name +
                       "]\ncommand = " + toml_quoted(command.empty() ? kosmo_ : command) +
                       "\nargs = [";
    for (size_t i = 0; i < args.size(); ++i) text += (i ? ", " : "") + toml_quoted(args[i]);
    return text + "]\n";
  }

  std::string Home(const std::string& rel) const { return home_.path() + "/" + rel; }
  std::string Project(const std::string& rel) const { return project_.path() + "/" + rel; }

  TempDir home_{"kosmo-gw-home-"};
  TempDir project_{"kosmo-gw-project-"};
  std::string kosmo_;
};

struct ClientCase {
  const char* client;
  const char* scope;
  bool in_home;
  const char* file;
  const char* map;  // "" for Codex
  bool typed;
  mode_t mode;
};

const ClientCase kClients[] = {
    {"project", "project", false, ".mcp.json", "mcpServers", true, 0644},
    {"claude-code", "user", true, ".claude.json", "mcpServers", true, 0600},
    {"cursor", "user", true, ".cursor/mcp.json", "mcpServers", false, 0600},
    {"vscode", "project", false, ".vscode/mcp.json", "servers", true, 0644},
    {"codex", "user", true, ".codex/config.toml", "", false, 0600},
    {"gemini", "user", true, ".gemini/settings.json", "mcpServers", false, 0600},
    {"claude-code", "project", false, ".mcp.json", "mcpServers", true, 0644},
    {"cursor", "project", false, ".cursor/mcp.json", "mcpServers", false, 0644},
    {"codex", "project", false, ".codex/config.toml", "", false, 0644},
    {"gemini", "project", false, ".gemini/settings.json", "mcpServers", false, 0644},
    {"vscode", "user", true, ".config/Code/User/mcp.json", "servers", true, 0600},
};

TEST_F(McpGatewayInstallTest, EveryClientFromScratchExactlyThenUnchangedOnASecondRun) {
  const std::vector<std::string> args = {"mcp:serve", "--integration=sinch", "--write=deny"};
  for (const ClientCase& c : kClients) {
    SCOPED_TRACE(std::string(c.client) + " " + c.scope);
    const std::string path = c.in_home ? Home(c.file) : Project(c.file);
    std::vector<std::string> command = {"mcp:gateway:install", "--client", c.client,
                                        "--integration", "sinch"};
    // The first six rows are each client's default scope, named here only for the later rows.
    if (&c - kClients >= 6) command.insert(command.end(), {"--scope", c.scope});
    const ProcessResult first = Run(command);
    ASSERT_EQ(first.exit_code, 0) << first.Describe() << first.err;
    EXPECT_EQ(first.out, "Installed kosmo MCP gateway in " + path + "\n");
    EXPECT_EQ(first.err, "");
    const std::string expected =
        std::string(c.map).empty() ? TomlTable(args) : JsonFile(c.map, c.typed, args);
    EXPECT_EQ(read(path), expected);
    struct stat before {};
    ASSERT_EQ(::stat(path.c_str(), &before), 0);
    EXPECT_EQ(before.st_mode & 07777, c.mode);

    const ProcessResult second = Run(command);
    ASSERT_EQ(second.exit_code, 0) << second.Describe() << second.err;
    EXPECT_EQ(read(path), expected);
    struct stat after {};
    ASSERT_EQ(::stat(path.c_str(), &after), 0);
    EXPECT_EQ(after.st_ino, before.st_ino) << "an unchanged file is not replaced";
    fs::remove(path);
  }
  // Nothing is left beside the clients' files: their locks live under KOSMO_HOME.
  EXPECT_FALSE(fs::exists(Home(".claude.json.lock")));
  EXPECT_FALSE(fs::exists(Home(".codex/config.toml.lock")));
}

TEST_F(McpGatewayInstallTest, DefaultsToTheProjectsMcpJsonAsKosmoKrator) {
  const ProcessResult result = Run({"mcp:gateway:install"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(read(Project(".mcp.json")),
            JsonFile("mcpServers", true, {"mcp:serve", "--write=deny"}));
  // kosmo itself reads it back as a project server.
  const ProcessResult list = Run({"mcp:list", "--json"});
  EXPECT_THAT(list.out, HasSubstr("\"kosmo\"")) << list.out << list.err;
}

TEST_F(McpGatewayInstallTest, ExistingJsonKeepsOtherKeysAndServersInOrderAndReplacesInPlace) {
  home_.WriteFile(
      ".claude.json",
      R"({"numStartups": 3, "mcpServers": {"github": {"type": "stdio", "command": "gh"},)"
      R"( "kosmo": {"command": "/old/kosmo", "args": ["mcp:serve", "--write=allow"]},)"
      R"( "zeta": {"type": "http", "url": "https://z.example"}}, "projects": {"/p": {)"
      R"("allowedTools": [], "lastCost": 0.25}}, "userID": "abc"})");
  const ProcessResult result =
      Run({"mcp:gateway:install", "--client", "claude-code", "--integrations", "sinch,agora"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const std::string entry = JsonEntry(
      true, {"mcp:serve", "--integration=sinch", "--integration=agora", "--write=deny"}, "    ");
  EXPECT_EQ(read(Home(".claude.json")),
            "{\n  \"numStartups\": 3,\n  \"mcpServers\": {\n    \"github\": {\n"
            "      \"type\": \"stdio\",\n      \"command\": \"gh\"\n    },\n    \"kosmo\": " +
                entry +
                ",\n    \"zeta\": {\n      \"type\": \"http\",\n      \"url\": "
                "\"https://z.example\"\n    }\n  },\n  \"projects\": {\n    \"/p\": {\n"
                "      \"allowedTools\": [],\n      \"lastCost\": 0.25\n    }\n  },\n"
                "  \"userID\": \"abc\"\n}\n");
}

TEST_F(McpGatewayInstallTest, VsCodeKeepsItsInputsAndWritesUnderServers) {
  project_.WriteFile(
      ".vscode/mcp.json",
      R"({"inputs": [{"type": "promptString", "id": "k"}], "servers": {"a": {"url": "u"}}})");
  ASSERT_EQ(Run({"mcp:gateway:install", "--client", "vscode", "--name", "kosmo-dev"}).exit_code, 0);
  EXPECT_EQ(read(Project(".vscode/mcp.json")),
            "{\n  \"inputs\": [\n    {\n      \"type\": \"promptString\",\n      \"id\": \"k\"\n"
            "    }\n  ],\n  \"servers\": {\n    \"a\": {\n      \"url\": \"u\"\n    },\n"
            "    \"kosmo-dev\": " +
                JsonEntry(true, {"mcp:serve", "--write=deny"}, "    ") + "\n  }\n}\n");
}

TEST_F(McpGatewayInstallTest, CodexKeepsCommentsAndOtherTablesByteForByte) {
  const std::string head =
      "# my settings\nmodel = \"gpt-5\"   # fast enough\n\n[mcp_servers.github]\n"
      "command = \"gh\"\nargs = [\"mcp\", \"--path=C:\\\\x\", 'lit\"eral']\n\n";
  const std::string tail =
      "\n# profiles below\n[profiles.deep]\nmodel = \"o3\"\nnotes = "
      "\"\"\"\n[mcp_servers.kosmo]\n\"\"\"\n";
  home_.WriteFile(".codex/config.toml", head +
                                            "[mcp_servers.kosmo]\ncommand = \"/old\"\nargs = []\n\n"
                                            "[mcp_servers.kosmo.env]\nTOKEN = \"x\"\n" +
                                            tail);
  const ProcessResult result =
      Run({"mcp:gateway:install", "--client", "codex", "--profile", "support", "--no-prompts"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const std::string once = read(Home(".codex/config.toml"));
  EXPECT_EQ(once,
            head + TomlTable({"mcp:serve", "--profile=support", "--no-prompts"}) + "\n" + tail);
  ASSERT_EQ(
      Run({"mcp:gateway:install", "--client", "codex", "--profile", "support", "--no-prompts"})
          .exit_code,
      0);
  EXPECT_EQ(read(Home(".codex/config.toml")), once);
}

TEST_F(McpGatewayInstallTest, FilesKosmoCannotReadAreLeftUntouched) {
  struct Bad {
    const char* client;
    const char* file;
    const char* text;
  };
  const Bad bad[] = {
      {"claude-code", ".claude.json", "{\"mcpServers\": {\"a\": 1,}"},
      {"cursor", ".cursor/mcp.json", "// a comment kosmo could not keep\n{}"},
      {"gemini", ".gemini/settings.json", "{\"mcpServers\": [\"not\", \"an\", \"object\"]}"},
      {"codex", ".codex/config.toml", "model = \"gpt-5\"\nthis is not toml\n"},
      {"codex", ".codex/config.toml", "mcp_servers.kosmo.command = \"x\"\n"},
  };
  for (const Bad& b : bad) {
    SCOPED_TRACE(b.text);
    home_.WriteFile(b.file, b.text);
    const rapidjson::Document doc = Json({"mcp:gateway:install", "--client", b.client}, 5);
    ASSERT_TRUE(doc.IsObject());
    EXPECT_FALSE(doc["success"].GetBool());
    EXPECT_STREQ(doc["error_code"].GetString(), "config_error");
    EXPECT_THAT(doc["error"].GetString(), HasSubstr(Home(b.file)));
    EXPECT_EQ(read(Home(b.file)), b.text);
    const ProcessResult text = Run({"mcp:gateway:install", "--client", b.client});
    EXPECT_EQ(text.exit_code, 5);
    EXPECT_EQ(text.out, "");
    EXPECT_THAT(text.err, HasSubstr("Cannot edit"));
  }
  fs::create_directories(Project(".vscode/mcp.json"));  // a directory where the file belongs
  EXPECT_EQ(Run({"mcp:gateway:install", "--client", "vscode"}).exit_code, 5);
}

TEST_F(McpGatewayInstallTest, InstallJsonShape) {
  const rapidjson::Document doc =
      Json({"mcp:gateway:install", "--client", "cursor", "--integration", "sinch", "--write",
            "allow", "--max-result-chars", "20000", "--name", "ks"},
           0);
  EXPECT_EQ(ToJson(doc),
            R"({"success":true,"error":null,"error_code":null,"server":"ks","client":"cursor",)"
            R"("scope":"user","path":)" +
                json_quoted(Home(".cursor/mcp.json")) +
                R"(,"changed":true,"config":{"mcpServers":{"ks":{"command":)" +
                json_quoted(kosmo_) +
                R"(,"args":["mcp:serve","--integration=sinch","--write=allow",)"
                R"("--max-result-chars=20000"]}}}})");
  const rapidjson::Document again =
      Json({"mcp:gateway:install", "--client", "cursor", "--integration", "sinch", "--write",
            "allow", "--max-result-chars", "20000", "--name", "ks"},
           0);
  EXPECT_FALSE(again["changed"].GetBool());
}

TEST_F(McpGatewayInstallTest, ExportPrintsEachClientsFormat) {
  const std::vector<std::string> args = {"mcp:serve", "--upstream=github", "--write=deny",
                                         "--no-resources"};
  for (const char* client : {"project", "claude-code", "cursor", "vscode", "gemini"}) {
    SCOPED_TRACE(client);
    const ProcessResult result =
        Run({"mcp:gateway:export", "--client", client, "--upstreams", "github", "--no-resources"});
    ASSERT_EQ(result.exit_code, 0) << result.err;
    const bool typed = std::string(client) != "cursor" && std::string(client) != "gemini";
    const std::string map = std::string(client) == "vscode" ? "servers" : "mcpServers";
    std::string expected = JsonFile(map, typed, args);
    EXPECT_EQ(result.out, expected);
  }
  const ProcessResult codex =
      Run({"mcp:gateway:export", "--client", "codex", "--upstream", "github", "--no-resources"});
  ASSERT_EQ(codex.exit_code, 0);
  EXPECT_EQ(codex.out, TomlTable(args));
  // Nothing was written anywhere.
  EXPECT_FALSE(fs::exists(Project(".mcp.json")));
  EXPECT_FALSE(fs::exists(Home(".codex")));
}

TEST_F(McpGatewayInstallTest, ExportJsonShape) {
  const rapidjson::Document doc = Json({"mcp:gateway:export"}, 0);
  EXPECT_EQ(ToJson(doc), R"({"success":true,"error":null,"error_code":null,"client":"project",)"
                         R"("config":{"mcpServers":{"kosmo":{"type":"stdio","command":)" +
                             json_quoted(kosmo_) + R"(,"args":["mcp:serve","--write=deny"]}}}})");
  const rapidjson::Document codex = Json({"mcp:gateway:export", "--client", "codex"}, 0);
  EXPECT_EQ(ToJson(codex["config"]), R"({"mcp_servers":{"kosmo":{"command":)" +
                                         json_quoted(kosmo_) +
                                         R"(,"args":["mcp:serve","--write=deny"]}}})");
  EXPECT_EQ(std::string(codex["toml"].GetString()), TomlTable({"mcp:serve", "--write=deny"}));
}

TEST_F(McpGatewayInstallTest, UsageErrorsWriteNothing) {
  const std::vector<std::vector<std::string>> bad = {
      {"mcp:gateway:install", "--client", "claude"},
      {"mcp:gateway:install", "--write", "maybe"},
      {"mcp:gateway:install", "--scope", "global"},
      {"mcp:gateway:install", "--max-result-chars", "10"},
      {"mcp:gateway:install", "--max-result-chars", "lots"},
      {"mcp:gateway:install", "--client", "project", "--scope", "user"},
      {"mcp:gateway:install", "--name", ""},
      {"mcp:gateway:export", "--client", "jetbrains"},
      {"mcp:gateway:export", "--write", "yes"},
      {"mcp:gateway:export", "--scope", "user"},  // export writes no file: no --scope
  };
  for (const std::vector<std::string>& args : bad) {
    SCOPED_TRACE(args.back());
    const ProcessResult text = Run(args);
    EXPECT_EQ(text.exit_code, 2) << text.out << text.err;
    EXPECT_EQ(text.out, "");
    EXPECT_THAT(text.err, HasSubstr("rror"));
    const rapidjson::Document doc = Json(args, 2);
    ASSERT_TRUE(doc.IsObject());
    EXPECT_FALSE(doc["success"].GetBool());
    EXPECT_STREQ(doc["error_code"].GetString(), "usage");
  }
  EXPECT_FALSE(fs::exists(Project(".mcp.json")));
  const ProcessResult client = Run({"mcp:gateway:install", "--client", "claude"});
  EXPECT_THAT(client.err, HasSubstr("claude-code"));  // the known clients are named
  const ProcessResult chars = Run({"mcp:gateway:install", "--max-result-chars", "10"});
  EXPECT_THAT(chars.err, HasSubstr("at least 1000"));
}

TEST_F(McpGatewayInstallTest, TheArgsFollowEachFlag) {
  struct Row {
    std::vector<std::string> flags;
    std::vector<std::string> args;
  };
  const Row rows[] = {
      {{}, {"mcp:serve", "--write=deny"}},
      {{"--profile", "ops"}, {"mcp:serve", "--profile=ops"}},
      {{"--profile=ops", "--write=deny"}, {"mcp:serve", "--profile=ops", "--write=deny"}},
      {{"--integration", "a", "--integration", "b,c", "--integrations", " c , d"},
       {"mcp:serve", "--integration=a", "--integration=b", "--integration=c", "--integration=d",
        "--write=deny"}},
      {{"--upstreams", "fs,gh", "--upstream", "fs"},
       {"mcp:serve", "--upstream=fs", "--upstream=gh", "--write=deny"}},
      {{"--write", "allow"}, {"mcp:serve", "--write=allow"}},
      {{"--no-resources", "--no-prompts"},
       {"mcp:serve", "--write=deny", "--no-resources", "--no-prompts"}},
      {{"--max-result-chars", "50000"}, {"mcp:serve", "--write=deny"}},
      {{"--max-result-chars=1000"}, {"mcp:serve", "--write=deny", "--max-result-chars=1000"}},
  };
  for (const Row& row : rows) {
    std::vector<std::string> args = {"mcp:gateway:export"};
    args.insert(args.end(), row.flags.begin(), row.flags.end());
    const rapidjson::Document doc = Json(args, 0);
    std::vector<std::string> got;
    for (const auto& arg : doc["config"]["mcpServers"]["kosmo"]["args"].GetArray()) {
      got.emplace_back(arg.GetString());
    }
    EXPECT_EQ(got, row.args) << ToJson(doc);
  }
}

TEST_F(McpGatewayInstallTest, ConcurrentInstallsIntoOneFileKeepEveryEntry) {
  constexpr int kRuns = 6;
  std::vector<ProcessResult> results(kRuns);
  std::vector<std::thread> threads;
  for (int i = 0; i < kRuns; ++i) {
    std::string name = "k";
    name += std::to_string(i);
    threads.emplace_back([this, i, name, &results] {
      results[i] = Run({"mcp:gateway:install", "--client", "claude-code", "--name", name});
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (const ProcessResult& result : results) EXPECT_EQ(result.exit_code, 0) << result.err;
  const std::string text = read(Home(".claude.json"));
  for (int i = 0; i < kRuns; ++i) EXPECT_THAT(text, HasSubstr("\"k" + std::to_string(i) + "\""));
}

TEST_F(McpGatewayInstallTest, AKosmoPathNeedingEscapesIsWrittenCorrectly) {
  const TempDir dir("kosmo-gw-bin-");
  const std::string bin_dir = dir.path() + "/my \"tools\" \\ j\xC3\xBCrgen \xF0\x9F\x9A\x80";
  fs::create_directories(bin_dir);
  const std::string binary = bin_dir + "/kosmo";
  fs::copy_file(KosmoBinary(), binary);
  fs::permissions(binary, fs::perms::owner_all);

  ProcessResult result = Run({"mcp:gateway:install", "--json"}, binary);
  ASSERT_EQ(result.exit_code, 0) << result.Describe() << result.err;
  rapidjson::Document doc;
  std::string why;
  ASSERT_TRUE(ParseSingleJson(read(Project(".mcp.json")), &doc, &why)) << why;
  EXPECT_EQ(std::string(doc["mcpServers"]["kosmo"]["command"].GetString()), binary);

  result = Run({"mcp:gateway:install", "--client", "codex", "--name", "my kosmo"}, binary);
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(read(Home(".codex/config.toml")),
            "[mcp_servers.\"my kosmo\"]\ncommand = \"" + dir.path() +
                "/my \\\"tools\\\" \\\\ j\xC3\xBCrgen \xF0\x9F\x9A\x80/kosmo\"\n"
                "args = [\"mcp:serve\", \"--write=deny\"]\n");
  // The written table is found again by the next install.
  ASSERT_EQ(
      Run({"mcp:gateway:install", "--client", "codex", "--name", "my kosmo", "--write", "allow"},
          binary)
          .exit_code,
      0);
  EXPECT_THAT(read(Home(".codex/config.toml")),
              ::testing::EndsWith("args = [\"mcp:serve\", \"--write=allow\"]\n"));
  EXPECT_EQ(read(Home(".codex/config.toml")).find("--write=deny"), std::string::npos);
}

}  // namespace
}  // namespace kosmo::e2e
