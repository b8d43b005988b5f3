#include "lib/cli/repl.h"

#include <iostream>
#include <string>

#include "lib/common/json_text.h"
#include "lib/lua/script_runner.h"

namespace kosmo::cli {
namespace {

constexpr const char kPrompt[] = "lua> ";

bool compiles(lua::Sandbox& sandbox, const std::string& code) {
  lua_State* L = sandbox.state();
  const bool ok = luaL_loadbufferx(L, code.data(), code.size(), "=repl", "t") == LUA_OK;
  lua_pop(L, 1);
  return ok;
}

void show(lua::Sandbox& sandbox, const lua::RunOutcome& outcome) {
  std::string printed = sandbox.output().take();
  if (!printed.empty()) std::cout << printed << '\n';
  if (!outcome.success) {
    std::cerr << "Error: " << outcome.error << '\n';
    return;
  }
  for (const rapidjson::Value& value : outcome.result.GetArray()) {
    if (value.IsString()) {
      std::cout << value.GetString() << '\n';
    } else {
      std::cout << json::compact_text(value) << '\n';
    }
  }
}

}  // namespace

int run_repl(lua::Sandbox& sandbox) {
  std::string line;
  while (true) {
    std::cout << kPrompt << std::flush;
    if (!std::getline(std::cin, line) || line == ":quit") break;
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    const std::string expression = "return " + line;
    const std::string& code = compiles(sandbox, expression) ? expression : line;
    show(sandbox, lua::run_chunk(sandbox, code, "=repl"));
  }
  std::cout << '\n';
  return 0;
}

}  // namespace kosmo::cli
