#pragma once
// Conversion between Lua values and JSON (RapidJSON), shared by json.*, print/dump, the
// envelope's `result`, and the app.* bridge. Rules (product spec §3.1):
//  * sequences 1..n without holes -> arrays; other tables -> objects with string keys
//    (integer keys become strings); an empty plain table -> [] ;
//  * tables marked with json.object()/json.array() (or produced by decoding) keep their kind;
//  * Lua integers stay 64-bit integers, floats use the shortest round-trip form; NaN/Inf error,
//    naming the value and its place ("json.encode: cannot encode NaN at $.a[2]");
//  * json.null is a light userdata NULL; object keys whose value is JSON null are dropped when
//    decoding, array elements become json.null so lengths stay right;
//  * object keys are written sorted (byte order) so output is deterministic.
#include <rapidjson/document.h>

#include <lua.hpp>
#include <string>
#include <string_view>

namespace kosmo::lua {

enum class JsonKind { kObject, kArray };

struct EncodeOptions {
  bool pretty = false;  // 4-space indent, as PHP's JSON_PRETTY_PRINT
  // Display mode (dump/print/tostring/envelope result): never fails. Cycles render as
  // "<circular>", functions/userdata/threads as "<function>" etc., NaN/Inf as strings,
  // invalid UTF-8 replaced with U+FFFD, unsupported keys stringified.
  bool lenient = false;
  // NaN and infinities fail even when lenient: the envelope's result shows functions and cycles
  // as display text, but a "nan" in place of a number would pass for data (spec §3.1).
  bool reject_non_finite = false;
  // Starts every error message ("json.encode: circular reference"); empty: no prefix. Must
  // outlive the conversion.
  std::string_view context = "json.encode";
};

// Installs the registry entries the conversions rely on (marker metatables). Call once per
// lua_State before any other function of this header.
void install_json_support(lua_State* L);

void push_json_null(lua_State* L);
bool is_json_null(lua_State* L, int index);

// Sets the marker metatable on the table at `index` so it encodes as object/array.
void mark_json_kind(lua_State* L, int index, JsonKind kind);

// Encodes the value at `index` to JSON text. Returns false with a message such as
// "json.encode: circular reference" or "json.encode: invalid UTF-8 in string at $.a[2]".
bool encode_to_text(lua_State* L, int index, const EncodeOptions& options, std::string& out,
                    std::string& error);

// Converts the value at `index` into a RapidJSON value (same rules as encode_to_text).
bool to_json_value(lua_State* L, int index, rapidjson::Value& out,
                   rapidjson::Document::AllocatorType& allocator, const EncodeOptions& options,
                   std::string& error);

// Decodes JSON text and pushes the result (exactly one value) on success. On failure pushes
// nothing and sets `error` ("json.decode: <reason> at byte <offset>"). Depth limit 512.
bool push_decoded_text(lua_State* L, std::string_view text, std::string& error);

// The same for the Lua string at `index`, parsed where it lies (no copy of the text).
bool push_decoded_string(lua_State* L, int index, std::string& error);

// Pushes a RapidJSON value as Lua (same mapping as decoding). Raises a Lua error if the value
// nests deeper than the decoding limit (512).
void push_json_value(lua_State* L, const rapidjson::Value& value);

// Display rendering used by dump/print/tostring: KosmoKrator's "key: value" text format (see
// display_format.cpp). Never fails on data; a __tostring metamethod may raise.
std::string render_for_display(lua_State* L, int index);

// Pushes the `json` helper table (encode, decode, null, array, object).
void push_json_library(lua_State* L);

}  // namespace kosmo::lua
