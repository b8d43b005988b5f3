#include "lib/cli/mcp_server_read.h"

#include <CLI/CLI.hpp>

#include "lib/cli/command_context.h"
#include "lib/cli/command_output.h"
#include "lib/cli/run_flag_options.h"
#include "lib/common/error_codes.h"
#include "lib/lua/mcp_library.h"
#include "lib/mcp/mcp_outcome.h"

namespace kosmo::cli {

namespace {

constexpr const char kPolicyText[] =
    R"(Listing and reading are reads: a project server must be trusted first (kosmo mcp:trust
SERVER) and the read policy of "mcp.<server>" must allow it, exactly as for mcp:lua. --force
bypasses the policy (and, with KosmoKrator's opt-in KOSMO_MCP_ALLOW_FORCE=1 or
`mcp: {allow_force_bypass: true}`, trust). The server is started for the request and stopped
after it.)";

}  // namespace

void add_mcp_read_flags(CLI::App& app, RunFlags& flags, const char* examples) {
  add_run_flags(app, flags, {RunFlag::kJson, RunFlag::kForce, RunFlag::kTimeout});
  app.footer(std::string(kPolicyText) + "\n" + examples + "\n" + exit_code_summary());
}

std::string member_text(const rapidjson::Value& value, const char* name) {
  if (!value.IsObject()) return {};
  const auto found = value.FindMember(name);
  if (found == value.MemberEnd() || !found->value.IsString()) return {};
  return std::string(found->value.GetString(), found->value.GetStringLength());
}

int run_mcp_read(const McpReadRequest& request, const RunFlags& flags) {
  CommandOutput out(flags.json);
  CommandContext context(flags, Deadline::after(flags.run_timeout()));
  if (auto failure = context.unusable(false)) return out.fail(*failure);
  auto runtime = context.make_mcp_runtime();
  // A name that is not configured is a mistake on the command line (as in mcp:tools), not a
  // failed call.
  if (runtime->servers().find(request.strings.front()) == nullptr) {
    return out.fail(mcp::unknown_server_message(request.strings.front(), runtime->servers()),
                    ErrorCode::kUsage);
  }
  lua::CallRequest call;
  call.path = {lua::kMcpHelperScope, request.helper};
  auto& allocator = call.positional.GetAllocator();
  for (const std::string& text : request.strings) {
    call.positional.PushBack(
        rapidjson::Value(text.c_str(), static_cast<rapidjson::SizeType>(text.size()), allocator),
        allocator);
  }
  if (request.arguments.IsObject()) {
    call.positional.PushBack(rapidjson::Value(request.arguments, allocator), allocator);
  }
  lua::CallOutcome outcome = runtime->call(call);
  if (!outcome.ok) return out.fail(outcome.error_message, outcome.error_code);
  out.payload().AddMember(rapidjson::StringRef(request.key),
                          rapidjson::Value(outcome.data, out.allocator()), out.allocator());
  return out.succeed(request.text(outcome.data));
}

}  // namespace kosmo::cli
