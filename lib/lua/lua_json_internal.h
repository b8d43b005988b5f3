#pragma once
// Private helpers shared by the lua_json_*.cpp files; not part of the lua_json.h contract.
#include <rapidjson/reader.h>

#include <lua.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "lib/lua/lua_json.h"
#include "lib/lua/lua_json_output_buffer.h"

namespace kosmo::lua::json_detail {

// Deepest nesting of arrays/objects accepted by decoding and produced by encoding. Encoding
// recurses on the C stack, so the cap is also what keeps a deeply nested table from
// overflowing it.
inline constexpr int kMaxDepth = 512;

// The reader flags of json.decode (also what the RapidJSON baseline of scripts/bench parses
// with). Iterative: deep documents do not recurse on the C stack. Numbers as strings:
// RapidJSON's own conversion misreads some (json_number.h).
inline constexpr unsigned kDecodeFlags = rapidjson::kParseIterativeFlag |
                                         rapidjson::kParseNumbersAsStringsFlag |
                                         rapidjson::kParseValidateEncodingFlag;

// Pushes the object marker metatable, then the array marker metatable (2 slots). Conversions
// keep them on the stack so the per-table kind test is a pointer comparison, not a registry
// lookup.
void push_marker_metatables(lua_State* L);

// Kind of the table at `index` according to its metatable, compared with the markers pushed
// by push_marker_metatables at `markers` (object) and `markers + 1` (array).
std::optional<JsonKind> marked_kind(lua_State* L, int index, int markers);

// Appends `text` as a JSON string literal, quotes included, escaped as RapidJSON's Writer does
// ('/' and non-ASCII stay raw). Returns false, leaving `out` unchanged, if `text` is not valid
// UTF-8: validation and escaping share one pass over the bytes.
bool append_json_string(std::string_view text, OutputBuffer& out);

// encode_to_text into `out` (cleared first), for a caller that copies the text once itself
// (json.encode into a Lua string). On failure `out` holds nothing useful.
bool encode_to_buffer(lua_State* L, int index, const EncodeOptions& options, OutputBuffer& out,
                      std::string& error);

}  // namespace kosmo::lua::json_detail
