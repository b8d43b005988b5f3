#pragma once
// Parses JSON text that comes from outside (MCP servers, cassettes, script arguments) into a
// RapidJSON document, with what Document::Parse does not guarantee:
//  * no recursion while parsing (RapidJSON's iterative parser), so any depth can be read;
//  * depth bounded by kMaxJsonDepth: the walks after parsing (Accept, CopyFrom, the writers)
//    recurse once per level, and a line of a few hundred thousand '[' would otherwise end the
//    process with a stack overflow wherever it is next read;
//  * numbers exact (json_number.h).
#include <rapidjson/document.h>

#include <string>
#include <string_view>

namespace kosmo {

// json.decode's limit too: deeper values could never reach a script anyway.
inline constexpr int kMaxJsonDepth = 512;

// Parses `text`, one JSON value, into `document` (keeping its allocator). On failure `document`
// is null and the result says why and where; kParseErrorTermination means nested too deep.
rapidjson::ParseResult parse_json(std::string_view text, rapidjson::Document& document);

// "Invalid value." and the like; for kParseErrorTermination, the depth limit.
std::string describe_json_error(const rapidjson::ParseResult& result);

}  // namespace kosmo
