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
//  * sampling: only for a server whose entry allows it (`"sampling": true`, sampling.h), answered
//    through the run's Anthropic account under its write policy; otherwise not declared, and a
//    sampling/createMessage is answered -32601.
// Both transports declare them and answer in the middle of a call (stdio on the server's stdin,
// Streamable HTTP on a POST of its own); see Transport::client_capabilities.
#include <rapidjson/document.h>

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lib/common/outcome.h"

namespace kosmo::mcp {

enum class ElicitationPolicy {
  kDefaults,  // accept with the schema's defaults when they cover every required field
  kDeny,      // decline every request
};

struct ClientRoot {
  std::string uri;   // file://...
  std::string name;  // the directory's own name, as editors name a workspace folder
};

// Answers a sampling/createMessage: its params → a CreateMessageResult, or a failure.
using Sampler = std::function<Outcome<rapidjson::Document>(const rapidjson::Value& params)>;

struct ClientCapabilities {
  std::optional<std::vector<ClientRoot>> roots;  // nullopt: roots not declared
  ElicitationPolicy elicitation = ElicitationPolicy::kDefaults;
  Sampler sample;  // empty: sampling not declared
};

// Roots: `roots` (a server entry's own; relative ones against the working directory); none
// declared when it is empty.
ClientCapabilities default_client_capabilities(
    ElicitationPolicy elicitation, const std::vector<std::filesystem::path>& roots = {});

// The `capabilities` object of initialize's params.
rapidjson::Value declared_capabilities(const ClientCapabilities& capabilities,
                                       rapidjson::Document::AllocatorType& allocator);

// The result for a server's request `method` with `params` (null when it sent none), a failure
// to answer it with (server_request_error_code), or nullopt when kosmo offers no such method
// (the caller answers -32601).
std::optional<Outcome<rapidjson::Document>> answer_server_request(
    std::string_view method, const rapidjson::Value* params,
    const ClientCapabilities& capabilities);

// The JSON-RPC error code of a request kosmo failed to answer: -1 (the spec's "user rejected")
// when kosmo's policy refused it, -32602 for malformed params, else -32603.
int server_request_error_code(ErrorCode code);

// "file:///home/me/my%20project": the path, made absolute, with every byte other than
// unreserved characters and '/' percent-encoded (RFC 8089, RFC 3986).
std::string file_uri(const std::string& absolute_path);

}  // namespace kosmo::mcp
