#include "lib/http/cassette.h"

#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>

#include "lib/common/file_read.h"
#include "lib/common/json_parse.h"
#include "lib/common/json_text.h"
#include "lib/common/utf8.h"
#include "lib/http/base64.h"

namespace kosmo::http {
namespace {

constexpr int kFormatVersion = 1;
// Response headers worth keeping: what the runtime reads. Everything else (cookies, tracing
// ids, dates) would only make cassettes noisy or leak.
constexpr const char* kKeptHeaders[] = {"content-type", "retry-after", "link"};

template <typename Writer>
void write_sorted(const rapidjson::Value& value, Writer& writer) {
  if (value.IsObject()) {
    std::vector<const rapidjson::Value::Member*> members;
    for (const auto& member : value.GetObject()) members.push_back(&member);
    std::sort(members.begin(), members.end(), [](auto* a, auto* b) {
      return std::string_view(a->name.GetString(), a->name.GetStringLength()) <
             std::string_view(b->name.GetString(), b->name.GetStringLength());
    });
    writer.StartObject();
    for (const auto* member : members) {
      writer.Key(member->name.GetString(), member->name.GetStringLength());
      write_sorted(member->value, writer);
    }
    writer.EndObject();
  } else if (value.IsArray()) {
    writer.StartArray();
    for (const auto& item : value.GetArray()) write_sorted(item, writer);
    writer.EndArray();
  } else {
    value.Accept(writer);
  }
}

// Compact JSON with sorted keys when `text` is JSON (so hand-written cassettes match whatever
// key order kosmo sends), else the text itself. Numbers are written back from their parsed
// values, so parse_json's exact conversion is what keeps a recorded body matching itself on
// replay; JSON nesting past its depth limit stays text (write_sorted recurses per level).
std::string canonical_body(std::string_view text) {
  if (text.empty()) return "";
  rapidjson::Document document;
  if (parse_json(text, document).IsError()) return std::string(text);
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  write_sorted(document, writer);
  return {buffer.GetString(), buffer.GetSize()};
}

std::string require_string(const rapidjson::Value& object, const char* key,
                           const std::string& where) {
  auto found = object.FindMember(key);
  if (found == object.MemberEnd() || found->value.IsNull()) return "";
  if (!found->value.IsString()) throw CassetteError(where + "." + key + " must be a string");
  return {found->value.GetString(), found->value.GetStringLength()};
}

std::string body_text(const rapidjson::Value& object, const std::string& where) {
  auto encoded = object.FindMember("body_base64");
  if (encoded != object.MemberEnd()) {
    if (!encoded->value.IsString()) throw CassetteError(where + ".body_base64 must be a string");
    std::string bytes;
    if (!base64_decode(encoded->value.GetString(), bytes)) {
      throw CassetteError(where + ".body_base64 is not valid base64");
    }
    return bytes;
  }
  auto body = object.FindMember("body");
  if (body == object.MemberEnd() || body->value.IsNull()) return "";
  if (body->value.IsString()) return {body->value.GetString(), body->value.GetStringLength()};
  return json::compact_text(body->value);
}

Interaction read_interaction(const rapidjson::Value& item, const std::string& where) {
  if (!item.IsObject() || !item.HasMember("request") || !item["request"].IsObject()) {
    throw CassetteError(where + " needs a \"request\" object");
  }
  const rapidjson::Value& request = item["request"];
  Interaction interaction;
  CassetteRequest& described = interaction.request;
  described.scope = require_string(request, "scope", where + ".request");
  described.method = require_string(request, "method", where + ".request");
  described.path = require_string(request, "path", where + ".request");
  described.query = require_string(request, "query", where + ".request");
  described.url = require_string(request, "url", where + ".request");
  described.body = canonical_body(body_text(request, where + ".request"));
  if (described.method.empty()) throw CassetteError(where + ".request.method is required");
  auto attempts = item.FindMember("attempts");
  if (attempts != item.MemberEnd()) {
    if (!attempts->value.IsInt() || attempts->value.GetInt() < 1) {
      throw CassetteError(where + ".attempts must be a positive integer");
    }
    interaction.result.attempts = attempts->value.GetInt();
  }
  if (item.HasMember("error")) {
    interaction.result.transport_ok = false;
    interaction.result.transport_error = require_string(item, "error", where);
    return interaction;
  }
  auto response = item.FindMember("response");
  if (response == item.MemberEnd() || !response->value.IsObject()) {
    throw CassetteError(where + " needs a \"response\" object or an \"error\"");
  }
  const rapidjson::Value& value = response->value;
  if (!value.HasMember("status") || !value["status"].IsInt()) {
    throw CassetteError(where + ".response.status must be an integer");
  }
  interaction.result.transport_ok = true;
  interaction.result.response.status = value["status"].GetInt();
  interaction.result.response.body = body_text(value, where + ".response");
  auto headers = value.FindMember("headers");
  if (headers != value.MemberEnd() && headers->value.IsObject()) {
    for (const auto& header : headers->value.GetObject()) {
      if (!header.value.IsString())
        throw CassetteError(where + ".response.headers must be strings");
      interaction.result.response.headers.emplace_back(lower_ascii(header.name.GetString()),
                                                       header.value.GetString());
    }
  }
  return interaction;
}

// Writes a body the way a human would like to read it: JSON as JSON, text as a string,
// anything else as base64. A body that is one JSON string ("OK" with its quotes) is text: as a
// JSON value it would read back as the bare OK. JSON nesting past parse_json's depth limit is
// text too: reading it back would be refused, and pretty-printing it costs depth squared.
template <typename Writer>
void write_body(Writer& writer, const std::string& body, const Redactor& redactor) {
  const std::string text = redactor.redact(body);
  if (text.empty()) {
    writer.Key("body");
    writer.Null();
    return;
  }
  rapidjson::Document document;
  if (!parse_json(text, document).IsError() && !document.IsString()) {
    writer.Key("body");
    document.Accept(writer);
  } else if (is_valid_utf8(text)) {
    writer.Key("body");
    writer.String(text.data(), static_cast<rapidjson::SizeType>(text.size()));
  } else {
    writer.Key("body_base64");
    writer.String(base64_encode(text).c_str());
  }
}

template <typename Writer>
void write_text(Writer& writer, const char* key, const std::string& value,
                const Redactor& redactor) {
  writer.Key(key);
  const std::string text = redactor.redact(value);
  writer.String(text.data(), static_cast<rapidjson::SizeType>(text.size()));
}

template <typename Writer>
void write_interaction(Writer& writer, const Interaction& interaction, const Redactor& redactor) {
  const CassetteRequest& request = interaction.request;
  writer.StartObject();
  writer.Key("request");
  writer.StartObject();
  write_text(writer, "scope", request.scope, redactor);
  write_text(writer, "method", request.method, redactor);
  write_text(writer, "path", request.path, redactor);
  write_text(writer, "query", request.query, redactor);
  write_text(writer, "url", request.url, redactor);
  write_body(writer, request.body, redactor);
  writer.EndObject();
  if (interaction.result.attempts > 1) {
    writer.Key("attempts");
    writer.Int(interaction.result.attempts);
  }
  if (!interaction.result.transport_ok) {
    write_text(writer, "error", interaction.result.transport_error, redactor);
  } else {
    const HttpResponse& response = interaction.result.response;
    writer.Key("response");
    writer.StartObject();
    writer.Key("status");
    writer.Int(response.status);
    writer.Key("headers");
    writer.StartObject();
    for (const char* name : kKeptHeaders) {
      const std::string value = response.header(name);
      if (!value.empty()) write_text(writer, name, value, redactor);
    }
    writer.EndObject();
    write_body(writer, response.body, redactor);
    writer.EndObject();
  }
  writer.EndObject();
}

}  // namespace

CassetteRequest describe_request(const HttpRequest& request) {
  CassetteRequest described;
  described.method = request.method;
  described.url = request.url.substr(0, request.url.find('?'));
  described.body = canonical_body(request.body);
  if (!request.route_scope.empty()) {
    described.scope = request.route_scope;
    described.path = request.route_path;
    described.query = request.route_query;
    return described;
  }
  // Not an integration request: scope is the origin, path and query come from the URL.
  const size_t authority = request.url.find("://");
  const size_t path_start =
      request.url.find('/', authority == std::string::npos ? 0 : authority + 3);
  described.scope = request.url.substr(0, path_start);
  const std::string rest = path_start == std::string::npos ? "/" : request.url.substr(path_start);
  const size_t question = rest.find('?');
  described.path = rest.substr(0, question);
  described.query = question == std::string::npos ? "" : rest.substr(question + 1);
  return described;
}

std::vector<Interaction> load_cassette(const std::filesystem::path& file) {
  const ReadResult read = read_file(file);
  if (!read.ok())
    throw CassetteError("Cannot read cassette " + file.string() + ": " + read.problem());
  const std::string& content = read.text;
  rapidjson::Document document;
  const rapidjson::ParseResult parsed = parse_json(content, document);
  const std::string where = "Invalid cassette " + file.string();
  if (parsed.IsError()) {
    throw CassetteError(where + ": " + describe_json_error(parsed) + " at byte " +
                        std::to_string(parsed.Offset()));
  }
  if (!document.IsObject() || !document.HasMember("interactions") ||
      !document["interactions"].IsArray()) {
    throw CassetteError(where + ": expected {\"kosmo_cassette\": 1, \"interactions\": [...]}");
  }
  std::vector<Interaction> interactions;
  const auto& items = document["interactions"];
  for (rapidjson::SizeType i = 0; i < items.Size(); ++i) {
    interactions.push_back(
        read_interaction(items[i], where + ": interactions[" + std::to_string(i) + "]"));
  }
  return interactions;
}

std::string render_cassette(const std::vector<Interaction>& interactions,
                            const Redactor& redactor) {
  rapidjson::StringBuffer buffer;
  rapidjson::PrettyWriter<rapidjson::StringBuffer> writer(buffer);
  writer.SetIndent(' ', 2);
  writer.StartObject();
  writer.Key("kosmo_cassette");
  writer.Int(kFormatVersion);
  writer.Key("interactions");
  writer.StartArray();
  for (const Interaction& interaction : interactions)
    write_interaction(writer, interaction, redactor);
  writer.EndArray();
  writer.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize()) + "\n";
}

}  // namespace kosmo::http
