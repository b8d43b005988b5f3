#pragma once
// What kosmo, as an MCP client, offers the servers it talks to: the capabilities it declares in
// `initialize`, and its answers to the requests those capabilities let a server send while a
// call is under way (MCP 2025-06-18). Headless by design; nobody is there to ask:
//  * roots: only for a server whose entry names them (`"roots": ["."]` for the project
//    directory): KosmoKrator declares none, and a server told of roots may put them in place of
//    its own configuration (server-filesystem replaces the directories of its arguments with
//    them), so declaring the working directory unasked would change what an entry does;
//  * elicitation: accepted with the requested schema's defaults when every required field has
//    one (and every field with a default filled in, as SEP-1034 asks), otherwise declined;
//    `--elicitation deny` declines every one;
//  * sampling is not declared: a headless run has no model of its own to lend.
// Both transports declare them and answer in the middle of a call (stdio on the server's stdin,
// Streamable HTTP on a POST of its own); see Transport::client_capabilities.
#include <rapidjson/document.h>

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kosmo::mcp {

enum class ElicitationPolicy {
  kDefaults,  // accept with the schema's defaults when they cover every required field
  kDeny,      // decline every request
};

struct ClientRoot {
  std::string uri;   // file://...
  std::string name;  // the directory's own name, as editors name a workspace folder
};

struct ClientCapabilities {
  std::optional<std::vector<ClientRoot>> roots;  // nullopt: roots not declared
  ElicitationPolicy elicitation = ElicitationPolicy::kDefaults;
};

// Roots: `roots` (a server entry's own; relative ones against the working directory); none
// declared when it is empty.
ClientCapabilities default_client_capabilities(
    ElicitationPolicy elicitation, const std::vector<std::filesystem::path>& roots = {});

// The `capabilities` object of initialize's params.
rapidjson::Value declared_capabilities(const ClientCapabilities& capabilities,
                                       rapidjson::Document::AllocatorType& allocator);

// The result for a server's request `method` with `params` (null when it sent none), or
// nullopt when kosmo offers no such method (the caller answers -32601).
std::optional<rapidjson::Document> answer_server_request(std::string_view method,
                                                         const rapidjson::Value* params,
                                                         const ClientCapabilities& capabilities);

// "file:///home/me/my%20project": the path, made absolute, with every byte other than
// unreserved characters and '/' percent-encoded (RFC 8089, RFC 3986).
std::string file_uri(const std::string& absolute_path);

}  // namespace kosmo::mcp
