#include "lib/mcp/transport_registry.h"

#include <algorithm>
#include <cctype>

#include "lib/mcp/http_transport.h"
#include "lib/mcp/replayed_authorization.h"
#include "lib/mcp/server_authorization.h"
#include "lib/mcp/server_config.h"
#include "lib/mcp/stdio_transport.h"

namespace kosmo::mcp {
namespace {

// Each opener widens its transport's own outcome to the interface.
template <typename Concrete>
McpOutcome<std::unique_ptr<Transport>> widen(McpOutcome<std::unique_ptr<Concrete>> opened) {
  if (!opened) return std::move(opened).error();
  return std::unique_ptr<Transport>(std::move(*opened));
}

McpOutcome<std::unique_ptr<Transport>> open_stdio(const ServerConfig& expanded,
                                                  const TransportContext& context) {
  return widen(StdioTransport::start(expanded, context.environment, context.stop_timings,
                                     context.redactor, context.client));
}

McpOutcome<std::unique_ptr<Transport>> open_http(const ServerConfig& expanded,
                                                 const TransportContext& context) {
  if (context.http == nullptr) {
    return McpFailure{ErrorKind::kConfig, "MCP server '" + expanded.name +
                                              "' needs HTTP, which this command does "
                                              "not offer."};
  }
  std::unique_ptr<RequestAuthorization> authorization;
  if (context.authorization == HttpAuthorization::kOAuth) {
    authorization = ServerAuthorization::for_server(expanded, context.environment,
                                                    context.redactor, context.deadline);
  } else if (context.authorization == HttpAuthorization::kAsRecorded &&
             kosmo_authorizes(expanded)) {
    authorization = std::make_unique<ReplayedAuthorization>();
  }
  return widen(HttpTransport::open(expanded, *context.http, context.redactor, context.client,
                                   context.listen_stream, std::move(authorization)));
}

constexpr TransportKind kTransports[] = {
    {"stdio", {"local"}, true, open_stdio},
    {"http", {"streamable-http", "streamable_http", "streamablehttp"}, false, open_http},
};

std::string lower(std::string_view text) {
  std::string result(text);
  for (char& c : result) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return result;
}

}  // namespace

const TransportKind* transport_for(std::string_view type, bool has_url) {
  const std::string wanted = lower(type);
  for (const TransportKind& kind : kTransports) {
    if (wanted.empty() ? kind.starts_process != has_url
                       : kind.name == wanted || std::find(kind.aliases.begin(), kind.aliases.end(),
                                                          wanted) != kind.aliases.end()) {
      return &kind;
    }
  }
  return nullptr;
}

std::string supported_transport_names() {
  std::string names;
  for (const TransportKind& kind : kTransports) {
    if (!names.empty()) names += ", ";
    names += kind.name;
  }
  return names;
}

}  // namespace kosmo::mcp
