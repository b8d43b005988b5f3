// Interoperability with two more MCP servers nobody here wrote (issue #14): the reference servers
// @modelcontextprotocol/server-filesystem and @modelcontextprotocol/server-memory, both over
// stdio, through the built binary as a user runs them (`kosmo mcp:lua --json --eval` with an
// mcp.json naming the server). Every tool each server lists is called and its result checked,
// the files the servers write are checked on disk, both servers run side by side in one script,
// and the mcp:tools / mcp:call companion commands are run against them.
//
// Each server's exact tool list (name and read/write) is asserted first, and at the end the
// tools the runs called (the envelopes' integration_calls) must be that whole list: a version
// that adds a tool fails here until the new tool is covered too.
//
// scripts/install-mcp-peer installs both, pinned, into build/mcp-peer; without them (or without
// node) every test here SKIPS with a loud banner, it never passes.
#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "e2e/kosmo_process.h"
#include "e2e/mcp_harness.h"
#include "e2e/node_peer.h"
#include "e2e/temp_dir.h"

namespace kosmo::e2e {
namespace {

namespace fs = std::filesystem;

constexpr const char kFilesystemPackage[] = "@modelcontextprotocol/server-filesystem";
constexpr const char kMemoryPackage[] = "@modelcontextprotocol/server-memory";

// server-filesystem 2026.8.31: every tool, "name:operation", sorted (a tool is a read when it
// declares readOnlyHint).
constexpr const char kFilesystemTools[] =
    "create_directory:write directory_tree:read edit_file:write get_file_info:read "
    "list_allowed_directories:read list_directory:read list_directory_with_sizes:read "
    "move_file:write read_file:read read_media_file:read read_multiple_files:read "
    "read_text_file:read search_files:read write_file:write";

// server-memory 2026.8.31, the same way.
constexpr const char kMemoryTools[] =
    "add_observations:write create_entities:write create_relations:write delete_entities:write "
    "delete_observations:write delete_relations:write open_nodes:read read_graph:read "
    "search_nodes:read";

// A 1x1 greyscale PNG (67 bytes) for read_media_file; its base64 is in the expectations below.
constexpr unsigned char kPixelPng[] = {
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48,
    0x44, 0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x00, 0x00, 0x00,
    0x00, 0x3a, 0x7e, 0x9b, 0x55, 0x00, 0x00, 0x00, 0x0a, 0x49, 0x44, 0x41, 0x54, 0x78,
    0xda, 0x63, 0x60, 0x00, 0x00, 0x00, 0x02, 0x00, 0x01, 0xe5, 0x27, 0xde, 0xfc, 0x00,
    0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82};

// The tool list of one server as "name:operation" words, sorted.
constexpr const char kToolsScript[] = R"lua(
  local names = {}
  for _, t in ipairs(mcp.tools(args.server)) do names[#names + 1] = t.name .. ":" .. t.operation end
  table.sort(names)
  return table.concat(names, " ")
)lua";

// Every read tool of the filesystem server on the known tree SetUp writes. The server lists a
// directory in readdir order, so listings and trees are sorted here before they are compared.
constexpr const char kFilesystemReadScript[] = R"lua(
  local root, fs = args.root, app.mcp.fs
  local function sorted_lines(text)
    local lines = {}
    for line in text:gmatch("[^\n]+") do lines[#lines + 1] = line end
    table.sort(lines)
    return table.concat(lines, "\n")
  end
  local function sorted_tree(entries)
    table.sort(entries, function(a, b) return a.name < b.name end)
    for _, entry in ipairs(entries) do
      if entry.children then sorted_tree(entry.children) end
    end
    return entries
  end
  local function file_lines(text)
    local lines = {}
    for line in text:gmatch("[^\n]+") do
      if line:sub(1, 6) == "[FILE]" then lines[#lines + 1] = line:match("^%[FILE%] (%S+)") end
    end
    return table.concat(lines, ",")
  end
  local info = fs.get_file_info{path = root .. "/a.txt"}.content
  local by_size = fs.list_directory_with_sizes{path = root, sortBy = "size"}.content
  return fs.list_allowed_directories{}.content,
         sorted_lines(fs.list_directory{path = root}.content),
         sorted_tree(json.decode(fs.directory_tree{path = root}.content)),
         sorted_tree(json.decode(fs.directory_tree{path = root, excludePatterns = {"deep"}}.content)),
         fs.read_text_file{path = root .. "/a.txt"}.content,
         fs.read_text_file{path = root .. "/a.txt", head = 2}.content,
         fs.read_text_file{path = root .. "/a.txt", tail = 2}.content,
         fs.read_file{path = root .. "/notes/b.md"}.content,
         fs.read_multiple_files{paths = {root .. "/a.txt", root .. "/notes/deep/c.txt",
                                         root .. "/none.txt"}}.content,
         info:match("size: %d+"), info:match("isDirectory: %a+"), info:match("isFile: %a+"),
         info:match("permissions: %d+"),
         sorted_lines(fs.search_files{path = root, pattern = "**/*.txt"}.content),
         fs.search_files{path = root, pattern = "*.md"}.content,
         sorted_lines(fs.search_files{path = root, pattern = "**/*",
                                      excludePatterns = {"notes/**", "*.png"}}.content),
         fs.list_directory_with_sizes{path = root}.content,
         file_lines(by_size), by_size:match("Combined size: .*$"),
         fs.read_media_file{path = root .. "/pixel.png"}
)lua";

// Every write tool: write, edit with dryRun (nothing changes) and for real, mkdir -p, move.
constexpr const char kFilesystemWriteScript[] = R"lua(
  local root, fs = args.root, app.mcp.fs
  local draft = root .. "/draft.txt"
  local wrote = fs.write_file{path = draft, content = "one\ntwo\nthree\n"}.content
  local preview = fs.edit_file{path = draft, edits = {{oldText = "two", newText = "TWO"}},
                               dryRun = true}.content
  local unchanged = fs.read_text_file{path = draft}.content
  local diff = fs.edit_file{path = draft, edits = {{oldText = "two", newText = "2"},
                                                   {oldText = "three", newText = "3"}}}.content
  local made = fs.create_directory{path = root .. "/made/sub"}.content
  local moved = fs.move_file{source = draft, destination = root .. "/made/sub/final.txt"}.content
  return wrote, preview, unchanged, diff, made, moved,
         mcp.call("fs.read_text_file", {path = root .. "/made/sub/final.txt"}).content,
         mcp.call("mcp.fs.list_directory", {path = root .. "/made"}).content
)lua";

// Paths outside the allowed root (directly and through a symlink inside it) are refused by the
// server; its error reaches Lua, where pcall returns false and the server's message. So do its
// other refusals (an existing destination, an edit that matches nothing).
constexpr const char kFilesystemRefusedScript[] = R"lua(
  local root, outside, fs = args.root, args.outside, app.mcp.fs
  local read_ok, read_err = pcall(fs.read_text_file, {path = outside .. "/secret.txt"})
  local write_ok, write_err = pcall(fs.write_file, {path = outside .. "/planted.txt", content = "x"})
  local link_ok, link_err = pcall(fs.read_text_file, {path = root .. "/link/secret.txt"})
  local list_ok, list_err = pcall(fs.list_directory, {path = outside})
  local move_ok, move_err = pcall(fs.move_file, {source = root .. "/a.txt",
                                                 destination = root .. "/notes/b.md"})
  local edit_ok, edit_err = pcall(fs.edit_file, {path = root .. "/a.txt",
                                                 edits = {{oldText = "zzz", newText = "y"}}})
  return read_ok, read_err, write_ok, write_err, link_ok, link_err, list_ok, list_err,
         move_ok, move_err, edit_ok, edit_err
)lua";

// Every tool of the memory server, the graph read back after each change.
constexpr const char kMemoryScript[] = R"lua(
  local m = app.mcp.mem
  local created = m.create_entities{entities = {
    {name = "Ada", entityType = "person", observations = {"wrote the first program"}},
    {name = "Engine", entityType = "machine", observations = {"analytical"}},
    {name = "Babbage", entityType = "person", observations = {"designed the engine"}}}}
  local again = m.create_entities{entities = {
    {name = "Ada", entityType = "robot", observations = {"ignored"}}}}
  local related = m.create_relations{relations = {
    {from = "Ada", to = "Engine", relationType = "programmed"},
    {from = "Babbage", to = "Engine", relationType = "designed"},
    {from = "Ada", to = "Babbage", relationType = "corresponded_with"}}}
  local related_again = m.create_relations{relations = {
    {from = "Ada", to = "Engine", relationType = "programmed"}}}
  local added = m.add_observations{observations = {
    {entityName = "Ada", contents = {"born 1815", "wrote the first program"}}}}
  local missing_ok, missing_err = pcall(m.add_observations, {observations = {
    {entityName = "Nobody", contents = {"x"}}}})
  local graph = m.read_graph{}
  local search = m.search_nodes{query = "1815"}
  local opened = m.open_nodes{names = {"Engine", "Nobody"}}
  local unobserved = m.delete_observations{deletions = {
    {entityName = "Ada", observations = {"born 1815"}}}}
  local after_observations = m.read_graph{}
  local unrelated = m.delete_relations{relations = {
    {from = "Ada", to = "Babbage", relationType = "corresponded_with"}}}
  local after_relations = m.read_graph{}
  local deleted = m.delete_entities{entityNames = {"Babbage"}}
  return created, again, related, related_again, added, missing_ok, missing_err, graph, search,
         opened, unobserved, after_observations, unrelated, after_relations, deleted,
         m.read_graph{}
)lua";

// The memory server's resource (the graph as JSON) and its (empty) prompt list.
constexpr const char kMemoryResourceScript[] = R"lua(
  local resources = mcp.resources("mem")
  local document = mcp.read_resource("mem", "memory://knowledge-graph")
  return resources, mcp.prompts("mem"), document.contents[1].uri, document.contents[1].mimeType,
         json.decode(document.contents[1].text), app.mcp.mem.read_graph{},
         mcp.resources("fs"), mcp.prompts("fs")
)lua";

// Both stdio servers in one run: a file read through one is remembered by the other, what the
// other finds is written back through the first.
constexpr const char kBothServersScript[] = R"lua(
  local root = args.root
  local text = app.mcp.fs.read_text_file{path = root .. "/a.txt"}.content
  app.mcp.mem.create_entities{entities = {
    {name = "a.txt", entityType = "file", observations = {text}}}}
  local found = mcp.call("mem.search_nodes", {query = "beta"})
  local saved = mcp.call("fs.write_file", {path = root .. "/found.json",
                                           content = json.encode(found, {pretty = false})})
  local servers = {}
  for _, t in ipairs(mcp.tools()) do servers[t.server] = (servers[t.server] or 0) + 1 end
  return found.entities[1].name, saved.content,
         json.decode(app.mcp.fs.read_text_file{path = root .. "/found.json"}.content),
         servers.fs, servers.mem
)lua";

std::string ReadFileText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// "server.tool" of every tool in a sorted "name:operation" list.
std::set<std::string> Functions(const std::string& server, const std::string& tools) {
  std::set<std::string> functions;
  std::istringstream words(tools);
  for (std::string word; words >> word;)
    functions.insert(server + "." + word.substr(0, word.find(':')));
  return functions;
}

// "server.tool" of every entry of a run's integration_calls.
std::set<std::string> CalledFunctions(const McpRun& run) {
  std::set<std::string> called;
  if (!run.envelope.IsObject()) return called;
  auto calls = run.envelope.FindMember("integration_calls");
  if (calls == run.envelope.MemberEnd() || !calls->value.IsArray()) return called;
  for (const auto& call : calls->value.GetArray()) {
    if (!call.IsObject()) continue;
    auto function = call.FindMember("function");
    if (function != call.MemberEnd() && function->value.IsString()) {
      called.insert(function->value.GetString());
    }
  }
  return called;
}

// A member of a run's envelope as compact JSON, "<absent>" when there is none.
std::string Member(const McpRun& run, const char* key) {
  if (!run.envelope.IsObject()) return "<absent>";
  auto it = run.envelope.FindMember(key);
  return it == run.envelope.MemberEnd() ? "<absent>" : ToJson(it->value);
}

class McpReferenceServersTest : public McpTest {
 protected:
  void SetUp() override {
    // The known tree the filesystem server is rooted at.
    root_dir_.WriteFile("a.txt", "alpha\nbeta\ngamma\n");
    root_dir_.WriteFile("notes/b.md", "# B\n");
    root_dir_.WriteFile("notes/deep/c.txt", "c");
    root_dir_.WriteFile("pixel.png",
                        std::string(reinterpret_cast<const char*>(kPixelPng), sizeof kPixelPng));
    fs::permissions(root_ + "/a.txt",
                    fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read,
                    fs::perm_options::replace);
    outside_dir_.WriteFile("secret.txt", "top secret\n");
    // Writes are allowed by the policy, as a user grants them (no --force).
    WriteConfig(
        "integrations:\n"
        "  \"mcp.fs\":\n    permissions:\n      write: allow\n"
        "  \"mcp.mem\":\n    permissions:\n      write: allow\n");
  }

  static std::string Bin(const char* name) {
    return (fs::path(PeerDir()) / "node_modules/.bin" / name).string();
  }
  std::string MarkerEnv() const {
    return "\"" + std::string(kMarkerVariable) + "\":" + JsonString(marker());
  }
  // The filesystem server rooted at root_ by its argument, as a KosmoKrator entry is written.
  // kosmo declares no roots for it (the entry names none): this server would replace its
  // argument directories with a client's roots, asynchronously, under a running script.
  std::string FilesystemEntry() const {
    return "{\"command\":" + JsonString(Bin("mcp-server-filesystem")) + ",\"args\":[" +
           JsonString(root_) + "],\"env\":{" + MarkerEnv() + "}}";
  }
  // The memory server, its graph in MemoryFile() (MEMORY_FILE_PATH, its README's variable).
  std::string MemoryEntry() const {
    return "{\"command\":" + JsonString(Bin("mcp-server-memory")) + ",\"env\":{" + MarkerEnv() +
           ",\"MEMORY_FILE_PATH\":" + JsonString(MemoryFile()) + "}}";
  }
  std::string MemoryFile() const { return home().path() + "/memory.jsonl"; }

  // kosmo mcp:lua --json --timeout 20 --arg root=<root> --arg outside=<outside> --eval <code>
  McpRun LuaWithPaths(const std::string& code) {
    return Lua(code, {"--arg", "root=" + root_, "--arg", "outside=" + outside_});
  }
  McpRun Tools(const std::string& server) {
    return Lua(kToolsScript, {"--arg", "server=" + server});
  }

  // `text` with $ROOT and $OUTSIDE replaced by the directories' paths.
  std::string Expand(std::string text) const {
    for (const auto& [name, value] : {std::pair<std::string, std::string>{"$ROOT", root_},
                                      std::pair<std::string, std::string>{"$OUTSIDE", outside_}}) {
      for (size_t at = text.find(name); at != std::string::npos; at = text.find(name, at)) {
        text.replace(at, name.size(), value);
        at += value.size();
      }
    }
    return text;
  }

  // The run succeeded and returned exactly `expected` (compact JSON each, $ROOT expanded).
  void ExpectResults(const McpRun& run, const std::vector<std::string>& expected) {
    ASSERT_EQ(run.exit_code(), 0) << run.Describe();
    for (size_t i = 0; i < expected.size(); ++i) {
      EXPECT_EQ(run.result_json(i), Expand(expected[i])) << "result #" << i;
    }
    EXPECT_EQ(run.result_json(expected.size()), "<no result>") << "more results than expected";
  }

  TempDir root_dir_{"kosmo-fs-root-"};
  TempDir outside_dir_{"kosmo-fs-outside-"};
  // Canonical: the server resolves symlinks in its allowed directories ($TMPDIR may have one).
  const std::string root_ = fs::canonical(root_dir_.path()).string();
  const std::string outside_ = fs::canonical(outside_dir_.path()).string();
};

TEST_F(McpReferenceServersTest, FilesystemServerEveryTool) {
  SKIP_WITHOUT_NODE_PACKAGE(kFilesystemPackage, "MCP FILESYSTEM SERVER INTEROPERABILITY");
  WriteGlobalServers({{"fs", FilesystemEntry()}});

  // The exact tool list first: a new tool fails here until this test covers it.
  McpRun run = Tools("fs");
  ASSERT_EQ(run.exit_code(), 0) << run.Describe();
  ASSERT_EQ(run.result_json(), "\"" + std::string(kFilesystemTools) + "\"")
      << "server-filesystem's tools changed: cover the new ones here";
  std::set<std::string> called;

  run = LuaWithPaths(kFilesystemReadScript);
  ExpectResults(
      run,
      {R"("Allowed directories:\n$ROOT")",
       R"("[DIR] notes\n[FILE] a.txt\n[FILE] pixel.png")",
       R"([{"name":"a.txt","type":"file"},{"children":[{"name":"b.md","type":"file"},{"children":[{"name":"c.txt","type":"file"}],"name":"deep","type":"directory"}],"name":"notes","type":"directory"},{"name":"pixel.png","type":"file"}])",
       R"([{"name":"a.txt","type":"file"},{"children":[{"name":"b.md","type":"file"}],"name":"notes","type":"directory"},{"name":"pixel.png","type":"file"}])",
       R"("alpha\nbeta\ngamma\n")",
       R"("alpha\nbeta")",
       R"("gamma\n")",  // tail counts the empty "line" after the last newline
       R"("# B\n")",
       R"("$ROOT/a.txt:\nalpha\nbeta\ngamma\n\n\n---\n$ROOT/notes/deep/c.txt:\nc\n\n---\n$ROOT/none.txt: Error - ENOENT: no such file or directory, open '$ROOT/none.txt'")",
       R"("size: 17")",
       R"("isDirectory: false")",
       R"("isFile: true")",
       R"("permissions: 640")",
       R"("$ROOT/a.txt\n$ROOT/notes/deep/c.txt")",
       R"("No matches found")",
       R"("$ROOT/a.txt\n$ROOT/notes")",
       R"("[FILE] a.txt                                17 B\n[DIR] notes                          \n[FILE] pixel.png                            67 B\n\nTotal: 2 files, 1 directories\nCombined size: 84 B")",
       R"("pixel.png,a.txt")",
       R"("Combined size: 84 B")",
       R"({"content":[{"data":"iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR42mNgAAAAAgAB5Sfe/AAAAABJRU5ErkJggg==","mimeType":"image/png","type":"image"}]})"});
  const std::set<std::string> reads = CalledFunctions(run);
  called.insert(reads.begin(), reads.end());

  run = LuaWithPaths(kFilesystemWriteScript);
  ExpectResults(
      run,
      {R"("Successfully wrote to $ROOT/draft.txt")",
       R"("```diff\nIndex: $ROOT/draft.txt\n===================================================================\n--- $ROOT/draft.txt\toriginal\n+++ $ROOT/draft.txt\tmodified\n@@ -1,3 +1,3 @@\n one\n-two\n+TWO\n three\n```\n\n")",
       R"("one\ntwo\nthree\n")",
       R"("```diff\nIndex: $ROOT/draft.txt\n===================================================================\n--- $ROOT/draft.txt\toriginal\n+++ $ROOT/draft.txt\tmodified\n@@ -1,3 +1,3 @@\n one\n-two\n-three\n+2\n+3\n```\n\n")",
       R"("Successfully created directory $ROOT/made/sub")",
       R"("Successfully moved $ROOT/draft.txt to $ROOT/made/sub/final.txt")",
       R"("one\n2\n3\n")",  // read back through mcp.call("fs.read_text_file", ...)
       R"("[DIR] sub")"});  // and mcp.call("mcp.fs.list_directory", ...)
  const std::set<std::string> writes = CalledFunctions(run);
  called.insert(writes.begin(), writes.end());
  // And on disk.
  EXPECT_FALSE(fs::exists(root_ + "/draft.txt"));
  EXPECT_TRUE(fs::is_directory(root_ + "/made/sub"));
  EXPECT_EQ(ReadFileText(root_ + "/made/sub/final.txt"), "one\n2\n3\n");

  // Refusals: outside the root, through a symlink leading out of it, and the server's own.
  fs::create_directory_symlink(outside_, root_ + "/link");
  run = LuaWithPaths(kFilesystemRefusedScript);
  ExpectResults(
      run,
      {"false",  // read outside
       R"("Access denied - path outside allowed directories: $OUTSIDE/secret.txt not in $ROOT")",
       "false",  // write outside
       R"("Access denied - path outside allowed directories: $OUTSIDE/planted.txt not in $ROOT")",
       "false",  // read through a symlink leading outside
       R"("Access denied - symlink target outside allowed directories: $OUTSIDE/secret.txt not in $ROOT")",
       "false",  // list outside
       R"("Access denied - path outside allowed directories: $OUTSIDE not in $ROOT")",
       "false",  // move onto an existing file
       R"("Destination already exists: $ROOT/notes/b.md")",
       "false",  // an edit that matches nothing
       R"("Could not find exact match for edit:\nzzz")"});
  EXPECT_FALSE(fs::exists(outside_ + "/planted.txt"));
  EXPECT_EQ(ReadFileText(root_ + "/a.txt"), "alpha\nbeta\ngamma\n");
  EXPECT_EQ(ReadFileText(root_ + "/notes/b.md"), "# B\n");

  // Uncaught, the refusal ends the run: exit 1, mcp_error, the server's message.
  run = LuaWithPaths("return app.mcp.fs.read_text_file{path = args.outside .. '/secret.txt'}");
  EXPECT_EQ(run.exit_code(), 1) << run.Describe();
  EXPECT_EQ(run.error_code(), "mcp_error");
  EXPECT_EQ(run.error(), Expand("Access denied - path outside allowed directories: "
                                "$OUTSIDE/secret.txt not in $ROOT"));

  EXPECT_EQ(called, Functions("fs", kFilesystemTools)) << "a listed tool was not called";
}

TEST_F(McpReferenceServersTest, MemoryServerEveryTool) {
  SKIP_WITHOUT_NODE_PACKAGE(kMemoryPackage, "MCP MEMORY SERVER INTEROPERABILITY");
  WriteGlobalServers({{"mem", MemoryEntry()}});

  McpRun run = Tools("mem");
  ASSERT_EQ(run.exit_code(), 0) << run.Describe();
  ASSERT_EQ(run.result_json(), "\"" + std::string(kMemoryTools) + "\"")
      << "server-memory's tools changed: cover the new ones here";

  run = Lua(kMemoryScript);
  const char kAda[] =
      R"({"entityType":"person","name":"Ada","observations":["wrote the first program","born 1815"]})";
  const char kAdaAfter[] =
      R"({"entityType":"person","name":"Ada","observations":["wrote the first program"]})";
  const char kEngine[] =
      R"({"entityType":"machine","name":"Engine","observations":["analytical"]})";
  const char kBabbage[] =
      R"({"entityType":"person","name":"Babbage","observations":["designed the engine"]})";
  const char kProgrammed[] = R"({"from":"Ada","relationType":"programmed","to":"Engine"})";
  const char kDesigned[] = R"({"from":"Babbage","relationType":"designed","to":"Engine"})";
  const char kCorresponded[] =
      R"({"from":"Ada","relationType":"corresponded_with","to":"Babbage"})";
  const std::string s = ",";
  ExpectResults(
      run,
      {// create_entities: all three new; again: a known name is ignored.
       std::string(R"({"entities":[)") + kAdaAfter + s + kEngine + s + kBabbage + "]}",
       R"({"entities":[]})",
       // create_relations: all three new; again: a known relation is skipped.
       std::string(R"({"relations":[)") + kProgrammed + s + kDesigned + s + kCorresponded + "]}",
       R"({"relations":[]})",
       // add_observations: only the observation Ada did not have yet.
       R"({"results":[{"addedObservations":["born 1815"],"entityName":"Ada"}]})",
       // add_observations to an unknown entity: the server's error, through pcall.
       "false", R"("Entity with name Nobody not found")",
       // read_graph.
       std::string(R"({"entities":[)") + kAda + s + kEngine + s + kBabbage + R"(],"relations":[)" +
           kProgrammed + s + kDesigned + s + kCorresponded + "]}",
       // search_nodes "1815": Ada and her relations.
       std::string(R"({"entities":[)") + kAda + R"(],"relations":[)" + kProgrammed + s +
           kCorresponded + "]}",
       // open_nodes Engine and an unknown name: Engine and its relations.
       std::string(R"({"entities":[)") + kEngine + R"(],"relations":[)" + kProgrammed + s +
           kDesigned + "]}",
       // delete_observations, then the graph.
       R"({"message":"Observations deleted successfully","success":true})",
       std::string(R"({"entities":[)") + kAdaAfter + s + kEngine + s + kBabbage +
           R"(],"relations":[)" + kProgrammed + s + kDesigned + s + kCorresponded + "]}",
       // delete_relations, then the graph.
       R"({"message":"Relations deleted successfully","success":true})",
       std::string(R"({"entities":[)") + kAdaAfter + s + kEngine + s + kBabbage +
           R"(],"relations":[)" + kProgrammed + s + kDesigned + "]}",
       // delete_entities Babbage: its relation goes with it.
       R"({"message":"Entities deleted successfully","success":true})",
       std::string(R"({"entities":[)") + kAdaAfter + s + kEngine + R"(],"relations":[)" +
           kProgrammed + "]}"});
  EXPECT_EQ(CalledFunctions(run), Functions("mem", kMemoryTools)) << "a listed tool was not called";

  // The graph is on disk, one JSON object a line, in the server's own format.
  EXPECT_EQ(
      ReadFileText(MemoryFile()),
      R"({"type":"entity","name":"Ada","entityType":"person","observations":["wrote the first program"]})"
      "\n"
      R"({"type":"entity","name":"Engine","entityType":"machine","observations":["analytical"]})"
      "\n"
      R"({"type":"relation","from":"Ada","to":"Engine","relationType":"programmed"})");

  // A second run (a new server process) reads the same graph back from that file.
  run = Lua("return app.mcp.mem.read_graph{}");
  ExpectResults(run, {std::string(R"({"entities":[)") + kAdaAfter + s + kEngine +
                      R"(],"relations":[)" + kProgrammed + "]}"});
}

TEST_F(McpReferenceServersTest, MemoryResourceAndPrompts) {
  SKIP_WITHOUT_NODE_PACKAGE(kMemoryPackage, "MCP MEMORY SERVER INTEROPERABILITY");
  SKIP_WITHOUT_NODE_PACKAGE(kFilesystemPackage, "MCP FILESYSTEM SERVER INTEROPERABILITY");
  WriteGlobalServers({{"fs", FilesystemEntry()}, {"mem", MemoryEntry()}});
  home().WriteFile(
      "memory.jsonl",
      R"({"type":"entity","name":"Ada","entityType":"person","observations":["seeded"]})");
  const McpRun run = Lua(kMemoryResourceScript);
  const char kGraph[] =
      R"({"entities":[{"entityType":"person","name":"Ada","observations":["seeded"]}],"relations":[]})";
  // The memory server offers one resource and no prompts; the filesystem server neither.
  ExpectResults(
      run,
      {R"([{"description":"The full knowledge graph with all entities and relations","mimeType":"application/json","name":"knowledge-graph","title":"Knowledge Graph","uri":"memory://knowledge-graph"}])",
       "[]", R"("memory://knowledge-graph")", R"("application/json")", kGraph, kGraph, "[]", "[]"});
}

TEST_F(McpReferenceServersTest, BothServersInOneRun) {
  SKIP_WITHOUT_NODE_PACKAGE(kFilesystemPackage, "MCP FILESYSTEM SERVER INTEROPERABILITY");
  SKIP_WITHOUT_NODE_PACKAGE(kMemoryPackage, "MCP MEMORY SERVER INTEROPERABILITY");
  WriteGlobalServers({{"fs", FilesystemEntry()}, {"mem", MemoryEntry()}});
  const McpRun run = LuaWithPaths(kBothServersScript);
  const char kFound[] =
      R"({"entities":[{"entityType":"file","name":"a.txt","observations":["alpha\nbeta\ngamma\n"]}],"relations":[]})";
  ExpectResults(run,
                {R"("a.txt")", R"("Successfully wrote to $ROOT/found.json")", kFound, "14", "9"});
  EXPECT_EQ(CalledFunctions(run),
            (std::set<std::string>{"fs.read_text_file", "fs.write_file", "mem.create_entities",
                                   "mem.search_nodes"}));
  // What each server wrote, on disk.
  EXPECT_EQ(
      ReadFileText(root_ + "/found.json"),
      R"({"entities":[{"entityType":"file","name":"a.txt","observations":["alpha\nbeta\ngamma\n"]}],"relations":[]})");
  EXPECT_EQ(
      ReadFileText(MemoryFile()),
      R"({"type":"entity","name":"a.txt","entityType":"file","observations":["alpha\nbeta\ngamma\n"]})");
}

TEST_F(McpReferenceServersTest, CompanionCommands) {
  SKIP_WITHOUT_NODE_PACKAGE(kFilesystemPackage, "MCP FILESYSTEM SERVER INTEROPERABILITY");
  SKIP_WITHOUT_NODE_PACKAGE(kMemoryPackage, "MCP MEMORY SERVER INTEROPERABILITY");
  WriteGlobalServers({{"fs", FilesystemEntry()}, {"mem", MemoryEntry()}});

  // mcp:tools: every tool of the server, with its Lua path and read/write.
  McpRun run = Run({"mcp:tools", "fs", "--json"});
  ASSERT_EQ(run.exit_code(), 0) << run.Describe();
  EXPECT_EQ(Member(run, "success"), "true");
  EXPECT_EQ(Member(run, "unavailable"), "[]");
  ASSERT_TRUE(run.envelope.IsObject()) << run.Describe();
  auto list = run.envelope.FindMember("tools");
  ASSERT_TRUE(list != run.envelope.MemberEnd() && list->value.IsArray()) << run.Describe();
  std::set<std::string> tools;
  for (const auto& tool : list->value.GetArray()) {
    const std::string name = tool["name"].GetString();
    tools.insert(name + ":" + tool["operation"].GetString());
    EXPECT_EQ(std::string(tool["server"].GetString()), "fs");
    EXPECT_EQ(std::string(tool["function"].GetString()), "fs." + name);
    EXPECT_EQ(std::string(tool["lua_path"].GetString()), "app.mcp.fs." + name);
  }
  std::string joined;
  for (const auto& tool : tools) joined += (joined.empty() ? "" : " ") + tool;
  EXPECT_EQ(joined, kFilesystemTools);

  // mcp:call, a write with a JSON payload (allowed by the policy), then reads.
  run = Run({"mcp:call", "mem.create_entities",
             R"({"entities": [{"name": "Ada", "entityType": "person", "observations": ["x"]}]})",
             "--json"});
  ASSERT_EQ(run.exit_code(), 0) << run.Describe();
  EXPECT_EQ(Member(run, "function"), R"("mem.create_entities")");
  EXPECT_EQ(Member(run, "data"),
            R"({"entities":[{"name":"Ada","entityType":"person","observations":["x"]}]})");
  EXPECT_EQ(Member(run, "error_code"), "null");

  run = Run({"mcp:call", "mem.read_graph", "--json"});
  ASSERT_EQ(run.exit_code(), 0) << run.Describe();
  EXPECT_EQ(Member(run, "success"), "true");
  EXPECT_EQ(Member(run, "function"), R"("mem.read_graph")");
  // mcp:call passes the server's structuredContent through in its own key order.
  EXPECT_EQ(
      Member(run, "data"),
      R"({"entities":[{"name":"Ada","entityType":"person","observations":["x"]}],"relations":[]})");
  EXPECT_EQ(
      Member(run, "meta"),
      R"({"dry_run":false,"operation":"read","permission_bypassed":false,"server":"mem","schema_version":1})");

  run = Run({"mcp:call", "fs.read_text_file", "--path=" + root_ + "/a.txt", "--head=1", "--json"});
  ASSERT_EQ(run.exit_code(), 0) << run.Describe();
  EXPECT_EQ(Member(run, "data"), R"({"content":"alpha"})");

  // A refused path: exit 1, mcp_error, the server's message.
  run = Run({"mcp:call", "fs.read_text_file", "--path=" + outside_ + "/secret.txt", "--json"});
  EXPECT_EQ(run.exit_code(), 1) << run.Describe();
  EXPECT_EQ(Member(run, "success"), "false");
  EXPECT_EQ(run.error_code(), "mcp_error");
  EXPECT_EQ(run.error(), Expand("Access denied - path outside allowed directories: "
                                "$OUTSIDE/secret.txt not in $ROOT"));
}

}  // namespace
}  // namespace kosmo::e2e
