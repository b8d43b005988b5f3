// Codex's config.toml edit (gateway/client_config_toml.h): only the [mcp_servers.<name>] table
// and its sub-tables are replaced; every other byte stays; a file that is not TOML is refused.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "lib/gateway/client_config_toml.h"

namespace kosmo::gateway {
namespace {

using ::testing::HasSubstr;

const std::string kTable = "[mcp_servers.kosmo]\ncommand = \"/k\"\nargs = [\"mcp:serve\"]\n";

std::string edit(const std::string& text, const std::string& name = "kosmo",
                 const std::string& table = kTable) {
  Outcome<std::string> out = with_toml_server_table(text, name, table, "config.toml");
  EXPECT_TRUE(out.ok()) << (out.ok() ? "" : out.error().message);
  return out.ok() ? *out : std::string();
}

Failure refused(const std::string& text, const std::string& name = "kosmo") {
  Outcome<std::string> out = with_toml_server_table(text, name, kTable, "config.toml");
  EXPECT_FALSE(out.ok()) << "accepted:\n" << text;
  return out.ok() ? Failure{} : out.error();
}

TEST(TomlStringTest, EscapesQuotesBackslashesAndControlCharacters) {
  EXPECT_EQ(toml_string("plain"), "\"plain\"");
  EXPECT_EQ(toml_string("a \"q\" \\ b"), R"("a \"q\" \\ b")");
  EXPECT_EQ(toml_string("t\tn\nr\r"), R"("t\tn\nr\r")");
  EXPECT_EQ(toml_string(std::string("\x01\x7F", 2)), R"("\u0001\u007F")");
  EXPECT_EQ(toml_string("caf\xC3\xA9 \xF0\x9F\x9A\x80"), "\"caf\xC3\xA9 \xF0\x9F\x9A\x80\"");
}

TEST(TomlStringTest, KeysAreBareOnlyWhenTomlAllowsIt) {
  EXPECT_EQ(toml_key("kosmo"), "kosmo");
  EXPECT_EQ(toml_key("kosmo-dev_2"), "kosmo-dev_2");
  EXPECT_EQ(toml_key("my server"), "\"my server\"");
  EXPECT_EQ(toml_key("a.b"), "\"a.b\"");
  EXPECT_EQ(toml_key(""), "\"\"");
}

TEST(TomlServerTableTest, PathsWithSpacesQuotesAndUnicodeAreEscaped) {
  GatewayServerEntry entry;
  entry.command = "/home/j\xC3\xBCrgen/my \"tools\"\\bin/kosmo";
  entry.args = {"mcp:serve", "--integration=a\"b", "--write=deny"};
  EXPECT_EQ(toml_server_table("my kosmo", entry),
            "[mcp_servers.\"my kosmo\"]\n"
            "command = \"/home/j\xC3\xBCrgen/my \\\"tools\\\"\\\\bin/kosmo\"\n"
            "args = [\"mcp:serve\", \"--integration=a\\\"b\", \"--write=deny\"]\n");
  // What is written reads back as TOML and is replaced by the next write.
  const std::string once = edit("", "my kosmo", toml_server_table("my kosmo", entry));
  EXPECT_EQ(edit(once, "my kosmo", toml_server_table("my kosmo", entry)), once);
}

TEST(TomlEditTest, NewFileIsTheTable) { EXPECT_EQ(edit(""), kTable); }

TEST(TomlEditTest, AppendsAfterABlankLineKeepingEverything) {
  const std::string text =
      "# my codex config\nmodel = \"o3\"  # fast\n\n[profiles.x]\nmodel = \"y\"";
  EXPECT_EQ(edit(text), text + "\n\n" + kTable);
  EXPECT_EQ(edit("model = \"o3\"\n"), "model = \"o3\"\n\n" + kTable);
}

TEST(TomlEditTest, ReplacesInPlaceBetweenOtherTablesKeepingTheirComments) {
  const std::string before =
      "model = \"o3\"\n\n"
      "[mcp_servers.github]\ncommand = \"gh\"  # the GitHub one\n\n";
  const std::string after =
      "\n# the file system server\n[mcp_servers.fs]\ncommand = \"npx\"\nargs = [\"-y\"]\n";
  const std::string old_table =
      "[mcp_servers.kosmo]\n# an old comment\ncommand = \"/old/kosmo\"\nargs = [\n  "
      "\"mcp:serve\",\n"
      "  \"--write=allow\", # trailing\n]\nenv = { A = \"1\" }\n";
  const std::string text = before + old_table + after;
  const std::string once = edit(text);
  EXPECT_EQ(once, before + kTable + after);
  EXPECT_EQ(edit(once), once);  // idempotent
}

TEST(TomlEditTest, SubTablesOfTheServerAreRemovedOthersKept) {
  const std::string text =
      "[mcp_servers.kosmo]\ncommand = \"old\"\n\n"
      "[mcp_servers.kosmo.env]\nTOKEN = \"x\"\n\n"
      "[mcp_servers.kosmo-dev]\ncommand = \"dev\"\n\n"
      "[[mcp_servers.kosmo.tools]]\nname = \"t\"\n"
      "[mcp_servers.kosmos]\ncommand = \"other\"\n";
  const std::string once = edit(text);
  EXPECT_EQ(once, kTable + "\n\n[mcp_servers.kosmo-dev]\ncommand = \"dev\"\n\n" +
                      "[mcp_servers.kosmos]\ncommand = \"other\"\n");
  EXPECT_EQ(edit(once), once);
}

TEST(TomlEditTest, QuotedAndSpacedHeadersNameTheSameTable) {
  EXPECT_EQ(edit("[ mcp_servers . \"kosmo\" ]\ncommand = \"a\"\n"), kTable);
  EXPECT_EQ(edit("['mcp_servers'.'kosmo']\ncommand = \"a\"\n"), kTable);
  EXPECT_EQ(edit("[mcp_servers.\"k\\u006Fsmo\"]\ncommand = \"a\"\n"), kTable);
  const std::string quoted = "[mcp_servers.\"my server\"]\ncommand = \"a\"\n";
  EXPECT_EQ(edit(quoted, "my server", "NEW\n"), "NEW\n");
}

TEST(TomlEditTest, TableLookalikesInsideStringsAndArraysAreNotTables) {
  const std::string text =
      "notes = \"\"\"\n[mcp_servers.kosmo]\ncommand = \"fake\"\n\"\"\"\n"
      "raw = '''\n[mcp_servers.kosmo]\n'''\n"
      "list = [\n  \"[mcp_servers.kosmo]\",\n  '# not a comment',\n]\n"
      "path = 'C:\\Users\\x'  # literal backslashes\n"
      "quote = \"she said \\\"[mcp_servers.kosmo]\\\"\"\n";
  EXPECT_EQ(edit(text), text + "\n" + kTable);
}

TEST(TomlEditTest, ValuesOfEveryKindAreRead) {
  const std::string text =
      "a = 1\nb = -2.5e3\nc = true\nd = 1979-05-27T07:32:00Z\ne = 1979-05-27 07:32:00\n"
      "f = 0x1F\ng = inf\nh = { x = 1, y = [1, 2], z = { w = \"v\" } }\n"
      "i = [[1, 2], [\"a\", 'b']]\nj = \"\"\"one\\\n   two\"\"\"\"\"\nk = 07:32:00\n"
      "\"quoted key\" = 1\nsite.\"google.com\" = true\n";
  EXPECT_EQ(edit(text), text + "\n" + kTable);
}

TEST(TomlEditTest, CrLfLinesAndABomAreKept) {
  const std::string text =
      "\xEF\xBB\xBFmodel = \"o3\"\r\n[mcp_servers.kosmo]\r\ncommand = \"x\"\r\n"
      "[other]\r\nk = 1\r\n";
  EXPECT_EQ(edit(text), "\xEF\xBB\xBFmodel = \"o3\"\r\n" + kTable + "[other]\r\nk = 1\r\n");
}

TEST(TomlEditTest, InvalidTomlIsRefusedWithItsLine) {
  EXPECT_THAT(refused("model = \"o3\"\nnot toml at all\n").message, HasSubstr("line 2"));
  EXPECT_THAT(refused("a = \"unterminated\n").message, HasSubstr("not valid TOML"));
  EXPECT_THAT(refused("a = [1, 2\n").message, HasSubstr("not valid TOML"));
  refused("[mcp_servers.kosmo\ncommand = \"x\"\n");
  refused("a = \"\"\"never closed\n");
  refused("a = '''never closed\n");
  refused("a = \"bad \\q escape\"\n");
  refused("a = \"\\uD800\"\n");
  refused("a = 1 2\n");
  refused("a = nope\n");
  refused("= 1\n");
  refused("a = { x = 1\n");
  refused(std::string("a = \"nul ") + '\0' + " inside\"\n");
  refused("[a]]\n");
  EXPECT_EQ(refused("x = 1\n[[t]\n").code, ErrorCode::kConfig);
}

TEST(TomlEditTest, AServerDefinedByKeysCannotBeReplacedSafely) {
  EXPECT_THAT(refused("mcp_servers.kosmo.command = \"x\"\n").message, HasSubstr("line 1"));
  EXPECT_THAT(
      refused("[mcp_servers]\nother = { command = \"y\" }\nkosmo = { command = \"x\" }\n").message,
      HasSubstr("line 3"));
  refused("mcp_servers = { kosmo = { command = \"x\" } }\n");
  refused("[[mcp_servers]]\nname = \"kosmo\"\n");
  // Another server defined that way is no obstacle.
  const std::string other = "[mcp_servers]\nother = { command = \"y\" }\n";
  EXPECT_EQ(edit(other), other + "\n" + kTable);
}

TEST(TomlEditTest, DeeplyNestedArraysAreRefusedNotOverflowed) {
  refused("a = " + std::string(100000, '[') + "\n");
}

}  // namespace
}  // namespace kosmo::gateway
