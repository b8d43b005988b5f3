#include "lib/mcp/client_capabilities.h"

#include <array>
#include <filesystem>
#include <system_error>

#include "lib/common/uri_characters.h"
#include "lib/mcp/json_rpc.h"

namespace kosmo::mcp {
namespace {

using Allocator = rapidjson::Document::AllocatorType;

Outcome<rapidjson::Document> list_roots(const rapidjson::Value*,
                                        const ClientCapabilities& capabilities) {
  rapidjson::Document result(rapidjson::kObjectType);
  Allocator& allocator = result.GetAllocator();
  rapidjson::Value roots(rapidjson::kArrayType);
  for (const ClientRoot& given : *capabilities.roots) {  // only asked when declared
    rapidjson::Value root(rapidjson::kObjectType);
    root.AddMember("uri", rapidjson::Value(given.uri.c_str(), allocator), allocator);
    if (!given.name.empty()) {
      root.AddMember("name", rapidjson::Value(given.name.c_str(), allocator), allocator);
    }
    roots.PushBack(root, allocator);
  }
  result.AddMember("roots", roots, allocator);
  return result;
}

// Whether `schema` (an elicitation's requestedSchema: a flat object of primitive properties)
// gives a default for every required property; fills `content` with every default it gives.
bool defaults_cover_required(const rapidjson::Value& schema, rapidjson::Value& content,
                             Allocator& allocator) {
  if (!schema.IsObject()) return false;
  const auto properties = schema.FindMember("properties");
  if (properties == schema.MemberEnd() || !properties->value.IsObject()) return false;
  for (const auto& property : properties->value.GetObject()) {
    if (!property.value.IsObject()) continue;
    const auto fallback = property.value.FindMember("default");
    if (fallback == property.value.MemberEnd()) continue;
    content.AddMember(rapidjson::Value(property.name, allocator),
                      rapidjson::Value(fallback->value, allocator), allocator);
  }
  const auto required = schema.FindMember("required");
  if (required == schema.MemberEnd()) return true;
  if (!required->value.IsArray()) return false;
  for (const auto& name : required->value.GetArray()) {
    if (!name.IsString() || !content.HasMember(name)) return false;
  }
  return true;
}

Outcome<rapidjson::Document> elicit(const rapidjson::Value* params,
                                    const ClientCapabilities& capabilities) {
  rapidjson::Document result(rapidjson::kObjectType);
  Allocator& allocator = result.GetAllocator();
  rapidjson::Value content(rapidjson::kObjectType);
  bool accept = false;
  if (capabilities.elicitation == ElicitationPolicy::kDefaults && params != nullptr &&
      params->IsObject()) {
    const auto schema = params->FindMember("requestedSchema");
    accept =
        schema != params->MemberEnd() && defaults_cover_required(schema->value, content, allocator);
  }
  result.AddMember("action", rapidjson::StringRef(accept ? "accept" : "decline"), allocator);
  if (accept) result.AddMember("content", content, allocator);
  return result;
}

Outcome<rapidjson::Document> pong(const rapidjson::Value*, const ClientCapabilities&) {
  return rapidjson::Document(rapidjson::kObjectType);
}

// Only asked when declared, that is with a sampler.
Outcome<rapidjson::Document> sample(const rapidjson::Value* params,
                                    const ClientCapabilities& capabilities) {
  static const rapidjson::Value no_params(rapidjson::kObjectType);
  return capabilities.sample(params != nullptr ? *params : no_params);
}

// The server requests kosmo answers, in one table.
struct ServerRequest {
  std::string_view method;
  Outcome<rapidjson::Document> (*answer)(const rapidjson::Value* params, const ClientCapabilities&);
};
constexpr std::array<ServerRequest, 4> kServerRequests = {{
    {"ping", pong},
    {"roots/list", list_roots},
    {"elicitation/create", elicit},
    {"sampling/createMessage", sample},
}};

}  // namespace

std::string file_uri(const std::string& absolute_path) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string uri = "file://";
  for (const char ch : absolute_path) {
    const auto c = static_cast<unsigned char>(ch);
    if (is_uri_unreserved(ch) || c == '/') {
      uri += ch;
    } else {
      uri += '%';
      uri += kHex[c >> 4];
      uri += kHex[c & 0xF];
    }
  }
  return uri;
}

ClientCapabilities default_client_capabilities(ElicitationPolicy elicitation,
                                               const std::vector<std::filesystem::path>& roots) {
  ClientCapabilities capabilities;
  capabilities.elicitation = elicitation;
  if (roots.empty()) return capabilities;
  std::error_code error;
  const std::filesystem::path here = std::filesystem::current_path(error);
  capabilities.roots.emplace();
  for (const std::filesystem::path& root : roots) {
    const std::filesystem::path absolute =
        (root.is_absolute() || error ? root : here / root).lexically_normal();
    // "/srv/data/" names its directory "data", as "/srv/data" does.
    const std::filesystem::path named = absolute.has_filename() ? absolute : absolute.parent_path();
    capabilities.roots->push_back({file_uri(named.string()), named.filename().string()});
  }
  return capabilities;
}

rapidjson::Value declared_capabilities(const ClientCapabilities& capabilities,
                                       Allocator& allocator) {
  rapidjson::Value declared(rapidjson::kObjectType);
  if (capabilities.roots) {
    rapidjson::Value roots(rapidjson::kObjectType);
    roots.AddMember("listChanged", false, allocator);  // an entry's roots never change in a run
    declared.AddMember("roots", roots, allocator);
  }
  // Declared under either policy: a declined request tells the server more than none at all.
  declared.AddMember("elicitation", rapidjson::Value(rapidjson::kObjectType), allocator);
  if (capabilities.sample) {
    declared.AddMember("sampling", rapidjson::Value(rapidjson::kObjectType), allocator);
  }
  return declared;
}

std::optional<Outcome<rapidjson::Document>> answer_server_request(
    std::string_view method, const rapidjson::Value* params,
    const ClientCapabilities& capabilities) {
  // What was not declared is not offered: the server hears "method not found", as from a client
  // without the capability.
  if (method == "roots/list" && !capabilities.roots) return std::nullopt;
  if (method == "sampling/createMessage" && !capabilities.sample) return std::nullopt;
  for (const ServerRequest& request : kServerRequests) {
    if (request.method == method) return request.answer(params, capabilities);
  }
  return std::nullopt;
}

int server_request_error_code(ErrorCode code) {
  switch (code) {
    case ErrorCode::kPermissionDenied:
      return -1;
    case ErrorCode::kUsage:
      return rpc_code::kInvalidParams;
    default:
      return rpc_code::kInternalError;
  }
}

}  // namespace kosmo::mcp
