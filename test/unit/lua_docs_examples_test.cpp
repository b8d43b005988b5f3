// Every ```lua block in lua_docs/ (guide and integration pages) must at least compile as Lua 5.4
// (product spec §3.3): the examples are what users copy first.
#include <gtest/gtest.h>

#include <lua.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "lib/embedded/embedded_files.h"

namespace {

using kosmo::embedded::EmbeddedFile;

// The guide pages and the integrations' narrative pages, embedded apart.
std::vector<EmbeddedFile> all_pages() {
  std::vector<EmbeddedFile> pages;
  for (const auto& files : {kosmo::embedded::lua_docs(), kosmo::embedded::integration_pages()}) {
    pages.insert(pages.end(), files.begin(), files.end());
  }
  return pages;
}

struct LuaBlock {
  int number;  // 1-based among the page's lua blocks
  int line;    // line of the opening fence
  std::string code;
};

std::vector<LuaBlock> lua_blocks(std::string_view page) {
  std::vector<LuaBlock> blocks;
  LuaBlock* open = nullptr;
  int line_number = 0;
  while (!page.empty()) {
    const size_t end = std::min(page.find('\n'), page.size());
    std::string_view line = page.substr(0, end);
    page.remove_prefix(std::min(end + 1, page.size()));
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (open != nullptr) {
      if (line == "```") {
        open = nullptr;
      } else {
        open->code.append(line).push_back('\n');
      }
    } else if (line == "```lua") {
      blocks.push_back({static_cast<int>(blocks.size()) + 1, line_number, ""});
      open = &blocks.back();
    }
  }
  EXPECT_EQ(open, nullptr) << "unterminated ```lua block";
  return blocks;
}

TEST(LuaDocsExamplesTest, EveryLuaBlockParses) {
  lua_State* L = luaL_newstate();
  ASSERT_NE(L, nullptr);
  int total = 0;
  for (const EmbeddedFile& file : all_pages()) {
    SCOPED_TRACE(std::string(file.name));
    for (const LuaBlock& block : lua_blocks(file.contents)) {
      ++total;
      const std::string chunk = "=" + std::string(file.name) + "#" + std::to_string(block.number);
      const int status =
          luaL_loadbufferx(L, block.code.data(), block.code.size(), chunk.c_str(), "t");
      EXPECT_EQ(status, LUA_OK) << file.name << ": lua block " << block.number << " (line "
                                << block.line << ") does not parse: " << lua_tostring(L, -1) << "\n"
                                << block.code;
      lua_pop(L, 1);
    }
  }
  lua_close(L);
  EXPECT_GT(total, 0) << "no ```lua blocks found in lua_docs/";
}

TEST(LuaDocsExamplesTest, EveryPageHasATitleAndSummary) {
  for (const EmbeddedFile& file : all_pages()) {
    const std::string_view text = file.contents;
    EXPECT_TRUE(text.starts_with("# ")) << file.name;
    const size_t title_end = text.find('\n');
    ASSERT_NE(title_end, std::string_view::npos) << file.name;
    const std::string_view rest = text.substr(title_end + 1);
    EXPECT_TRUE(rest.starts_with("\n") && rest.size() > 1 && rest[1] != '\n' && rest[1] != '#')
        << file.name << ": the title must be followed by a blank line and a summary paragraph";
  }
}

TEST(LuaDocsExamplesTest, FindsBlocks) {
  const auto blocks =
      lua_blocks("# t\n\n```lua\nlocal x = 1\n```\n\n```sh\nls\n```\n```lua\nx()\n```\n");
  ASSERT_EQ(blocks.size(), 2u);
  EXPECT_EQ(blocks[0].code, "local x = 1\n");
  EXPECT_EQ(blocks[0].line, 3);
  EXPECT_EQ(blocks[1].code, "x()\n");
}

}  // namespace
