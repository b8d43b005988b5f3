#pragma once
// Parses JSON text that comes from outside (MCP servers, cassettes, script arguments, manifests,
// MCP config files) into a RapidJSON document, with what Document::Parse does not guarantee:
//  * no recursion while parsing (RapidJSON's iterative parser), so any depth can be read;
//  * depth bounded by kMaxJsonDepth: the walks after parsing (Accept, CopyFrom, the writers)
//    recurse once per level, and a line of a few hundred thousand '[' would otherwise end the
//    process with a stack overflow wherever it is next read;
//  * numbers exact (json_number.h).
#include <rapidjson/document.h>

#include <concepts>
#include <string>
#include <string_view>

namespace kosmo {

// json.decode's limit too: deeper values could never reach a script anyway.
inline constexpr int kMaxJsonDepth = 512;

// What a parse accepts besides RFC 8259 JSON.
enum class JsonDialect {
  kStrict,
  // `//` and `/* */` comments and trailing commas: the JSONC that VS Code and Cursor write into
  // the MCP config files they manage.
  kJsonc,
};

// Parses `text`, one JSON value, into `document` (keeping its allocator). On failure `document`
// is null and the result says why and where; kParseErrorTermination means nested too deep.
rapidjson::ParseResult parse_json(std::string_view text, rapidjson::Document& document,
                                  JsonDialect dialect = JsonDialect::kStrict);
// The same for a std::string, whose terminating NUL lets RapidJSON read it through its
// terminated stream, several times cheaper per byte than the counted one. Callers need not
// choose: parse_json picks it for a std::string (and only for one; a literal stays a view).
rapidjson::ParseResult parse_json_terminated(const std::string& text,
                                             rapidjson::Document& document, JsonDialect dialect);
template <typename Text>
  requires std::same_as<Text, std::string>
rapidjson::ParseResult parse_json(const Text& text, rapidjson::Document& document,
                                  JsonDialect dialect = JsonDialect::kStrict) {
  return parse_json_terminated(text, document, dialect);
}

// "Invalid value." and the like; for kParseErrorTermination, the depth limit.
std::string describe_json_error(const rapidjson::ParseResult& result);

}  // namespace kosmo
