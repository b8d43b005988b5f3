// JSON -> Lua. A SAX handler builds Lua values directly on the Lua stack (no intermediate DOM),
// which is what keeps large responses fast. The reader runs iteratively, so deep documents do
// not recurse on the C stack; the handler enforces the depth limit.
#include <rapidjson/error/en.h>
#include <rapidjson/reader.h>

#include <array>
#include <cstdint>
#include <cstring>
#include <new>
#include <string_view>
#include <vector>

#include "lib/common/json_number.h"
#include "lib/common/utf8.h"
#include "lib/lua/lua_json.h"
#include "lib/lua/lua_json_internal.h"

namespace kosmo::lua {
namespace {

using json_detail::kMaxDepth;

// How many stack slots a container's members may occupy before its table is created.
// Members wait on the Lua stack so the table can be created with its final size (no rehash
// while growing, the main cost of building tables); past this many the table is created and
// later members go straight into it, which bounds the stack at kMaxDepth * kMaxPendingSlots.
constexpr int kMaxPendingSlots = 256;
constexpr int kReservedSlots = 6;
// Stack slots of the key cache (KeyCache), and the longest key it holds.
constexpr int kKeyCacheSlots = 64;
constexpr size_t kMaxCachedKeyLength = 64;

struct CachedKey {
  const char* text = nullptr;
  size_t length = 0;
};
using CachedKeys = std::array<CachedKey, kKeyCacheSlots>;

// Arrays of records repeat the same few keys thousands of times. Each key string is kept in a
// place chosen by a hash of its text, and a key found there again is pushed from it: a
// comparison of a few bytes instead of hashing and interning the text once more. The places are
// kKeyCacheSlots stack slots, for one decoding, or the entries of a table, for a cache that
// lasts (lasting_key_cache).
class KeyCache {
 public:
  // In the stack slots from `first`, which must exist, nil; `keys` describes them.
  static KeyCache in_slots(lua_State* L, CachedKeys& keys, int first) {
    return KeyCache(L, keys, first, 0);
  }
  // In the table at stack index `table`, whose entries `keys` describes.
  static KeyCache in_table(lua_State* L, CachedKeys& keys, int table) {
    return KeyCache(L, keys, 0, table);
  }

  void push(std::string_view text) {
    if (text.size() > kMaxCachedKeyLength) {
      lua_pushlstring(L_, text.data(), text.size());
      return;
    }
    const size_t index = hash(text) % kKeyCacheSlots;
    CachedKey& cached = (*keys_)[index];
    if (cached.text != nullptr && cached.length == text.size() &&
        std::memcmp(cached.text, text.data(), text.size()) == 0) {
      if (table_ != 0) {
        lua_rawgeti(L_, table_, static_cast<lua_Integer>(index) + 1);
      } else {
        lua_pushvalue(L_, first_ + static_cast<int>(index));
      }
      return;
    }
    // The text pointer stays valid: the slot or entry keeps the string alive, and Lua never
    // moves one.
    cached.text = lua_pushlstring(L_, text.data(), text.size());
    cached.length = text.size();
    lua_pushvalue(L_, -1);
    if (table_ != 0) {
      lua_rawseti(L_, table_, static_cast<lua_Integer>(index) + 1);
    } else {
      lua_replace(L_, first_ + static_cast<int>(index));
    }
  }

 private:
  KeyCache(lua_State* L, CachedKeys& keys, int first, int table)
      : L_(L), keys_(&keys), first_(first), table_(table) {}

  static size_t hash(std::string_view text) {
    size_t value = text.size();
    for (const char c : text) value = value * 31 + static_cast<unsigned char>(c);
    return value ^ (value >> 7);
  }

  lua_State* L_;
  CachedKeys* keys_;
  int first_;  // slot mode: the first slot
  int table_;  // table mode: the table's stack index
};

// The key cache of parsed values (push_json_value), kept in the registry for the life of the
// Lua state: an app.* call's answer has the keys of the previous one, so its keys are found
// without hashing and interning them again. A userdata holds the entries' CachedKeys; its user
// value is the table of the strings. Pushes that table and returns the entries.
CachedKeys& push_lasting_key_cache(lua_State* L) {
  static const char kRegistryKey = 0;
  if (lua_rawgetp(L, LUA_REGISTRYINDEX, &kRegistryKey) == LUA_TUSERDATA) {
    auto& keys = *static_cast<CachedKeys*>(lua_touserdata(L, -1));
    lua_getiuservalue(L, -1, 1);
    lua_remove(L, -2);
    return keys;
  }
  lua_pop(L, 1);
  auto& keys = *new (lua_newuserdatauv(L, sizeof(CachedKeys), 1)) CachedKeys{};
  lua_createtable(L, kKeyCacheSlots, 0);
  lua_pushvalue(L, -1);
  lua_setiuservalue(L, -3, 1);
  lua_insert(L, -2);
  lua_rawsetp(L, LUA_REGISTRYINDEX, &kRegistryKey);
  return keys;
}

// Builds one Lua value from SAX events. Above `base`: the two marker metatables, the key
// cache's kKeyCacheSlots slots, then for each open container either its pending members (keys and
// values alternating for objects) or, once flushed, its table followed by the pending key of an
// object.
class LuaBuilder {
 public:
  // `check_escapes`: see valid_escapes.
  explicit LuaBuilder(lua_State* L, bool check_escapes = false)
      : L_(L),
        base_(lua_gettop(L)),
        check_escapes_(check_escapes),
        keys_(KeyCache::in_slots(L, key_entries_, base_ + 3)) {
    luaL_checkstack(L, 2 + kKeyCacheSlots + kReservedSlots, "json.decode");
    json_detail::push_marker_metatables(L);
    lua_settop(L, base_ + 2 + kKeyCacheSlots);  // the key cache's slots, nil until used
  }

  // Leaves exactly the result above `base` (true), or nothing (false).
  bool finish(bool ok) {
    if (ok && frames_.empty() && lua_gettop(L_) == base_ + 3 + kKeyCacheSlots) {
      lua_replace(L_, base_ + 1);
      lua_settop(L_, base_ + 1);
      return true;
    }
    lua_settop(L_, base_);
    return false;
  }

  const char* error() const { return error_; }

  bool Null() {
    if (frames_.empty()) {
      lua_pushnil(L_);  // a top-level null is nil
    } else if (frames_.back().is_array) {
      push_json_null(L_);  // keeps the array's length right
    } else {
      lua_pop(L_, 1);  // drop the key: a Lua table cannot hold nil
      return true;
    }
    return store();
  }
  bool Bool(bool b) {
    lua_pushboolean(L_, b);
    return store();
  }
  bool Int(int i) { return Int64(i); }
  bool Uint(unsigned u) { return Int64(u); }
  bool Int64(int64_t i) {
    lua_pushinteger(L_, static_cast<lua_Integer>(i));
    return store();
  }
  bool Uint64(uint64_t u) {
    // Lua integers are signed 64-bit; larger values keep their magnitude as floats.
    if (u <= static_cast<uint64_t>(INT64_MAX)) return Int64(static_cast<int64_t>(u));
    lua_pushnumber(L_, static_cast<lua_Number>(u));
    return store();
  }
  bool Double(double d) {
    lua_pushnumber(L_, d);
    return store();
  }
  // Numbers arrive as text (kParseNumbersAsStringsFlag): RapidJSON's own conversion misreads
  // some (json_number.h).
  bool RawNumber(const char* text, rapidjson::SizeType length, bool) {
    const auto number = read_json_number({text, length});
    if (!number) {
      error_ = "number too big to be stored in double";
      return false;
    }
    if (const auto* integer = std::get_if<int64_t>(&*number)) return Int64(*integer);
    if (const auto* big = std::get_if<uint64_t>(&*number)) return Uint64(*big);
    return Double(std::get<double>(*number));
  }
  bool String(const char* text, rapidjson::SizeType length, bool) {
    if (!valid_escapes({text, length})) return false;
    lua_pushlstring(L_, text, length);
    return store();
  }
  bool Key(const char* text, rapidjson::SizeType length, bool) {
    if (!valid_escapes({text, length})) return false;
    keys_.push({text, length});
    return true;
  }
  bool StartObject() { return open(false); }
  bool EndObject(rapidjson::SizeType) { return close(); }
  bool StartArray() { return open(true); }
  bool EndArray(rapidjson::SizeType) { return close(); }

 private:
  struct Frame {
    bool is_array;
    bool flushed;        // the table exists (at `start`); members go straight into it
    int start;           // stack slot of the first pending member, or of the table
    lua_Integer length;  // arrays: elements stored in the table so far
  };

  bool open(bool is_array) {
    if (frames_.size() >= static_cast<size_t>(kMaxDepth)) {
      error_ = "nesting too deep";
      return false;
    }
    frames_.push_back({is_array, false, lua_gettop(L_) + 1, 0});
    return reserve();
  }

  bool close() {
    if (!frames_.back().flushed) flush(frames_.back());
    frames_.pop_back();
    return store();
  }

  // Stores the value on top into the enclosing container, if any, or leaves it pending.
  bool store() {
    if (frames_.empty()) return true;
    Frame& frame = frames_.back();
    if (frame.flushed) {
      if (frame.is_array) {
        lua_rawseti(L_, -2, ++frame.length);
      } else {
        lua_rawset(L_, -3);
      }
    } else if (lua_gettop(L_) - frame.start + 1 >= kMaxPendingSlots) {
      flush(frame);
    }
    return reserve();
  }

  // Every event leaves room for what the next ones push without checking: a key, a value,
  // then flush's table, two copies and the metatable.
  bool reserve() {
    if (lua_checkstack(L_, kReservedSlots)) return true;
    error_ = "Lua stack exhausted";
    return false;
  }

  // Creates the frame's table sized for its pending members, moves them in, and leaves the
  // table where the first member was.
  void flush(Frame& frame) {
    const int count = lua_gettop(L_) - frame.start + 1;
    if (frame.is_array) {
      lua_createtable(L_, count, 0);
      for (int i = 0; i < count; ++i) {
        lua_pushvalue(L_, frame.start + i);
        lua_rawseti(L_, -2, i + 1);
      }
      frame.length = count;
    } else {
      lua_createtable(L_, 0, count / 2);
      for (int i = 0; i < count; i += 2) {
        lua_pushvalue(L_, frame.start + i);
        lua_pushvalue(L_, frame.start + i + 1);
        lua_rawset(L_, -3);
      }
    }
    lua_pushvalue(L_, base_ + (frame.is_array ? 2 : 1));
    lua_setmetatable(L_, -2);
    if (count > 0) {
      lua_replace(L_, frame.start);
      lua_settop(L_, frame.start);
    }
    frame.flushed = true;
  }

  // RapidJSON 1.1 refuses a lone high surrogate escape ("\ud800") but writes a lone low one
  // ("\udc00") out as the UTF-8 of the surrogate itself, which is not UTF-8 and which json.encode
  // then refuses; refused here the same way. Checked only when the text may hold such an escape
  // (may_escape_low_surrogate) and was validated as UTF-8, so that a string that is not UTF-8 can
  // only come from one.
  bool valid_escapes(std::string_view text) {
    if (!check_escapes_ || is_valid_utf8(text)) return true;
    error_ = "the surrogate pair in string is invalid";
    return false;
  }

  lua_State* L_;
  int base_;
  bool check_escapes_;
  CachedKeys key_entries_{};  // what keys_'s stack slots hold
  KeyCache keys_;
  std::vector<Frame> frames_;
  const char* error_ = nullptr;  // set when the handler, not the syntax, stopped parsing
};

// Pushes a parsed value, with the mapping of LuaBuilder. Its sizes are known, so each table is
// created at its final size and filled as the value is walked, where the SAX builder must hold
// members on the stack until their container ends. Recursive: the depth is bounded (kMaxDepth),
// as the document's own walks (Accept) are.
class ValuePusher {
 public:
  // Above the stack's top on entry: the two marker metatables, then the lasting key cache's
  // table.
  explicit ValuePusher(lua_State* L)
      : L_(L),
        markers_(prepare(L)),
        keys_(KeyCache::in_table(L, push_lasting_key_cache(L), markers_ + 2)) {}

  // Pushes `value` and leaves it in place of the markers and the cache.
  void push_result(const rapidjson::Value& value) {
    push(value, 0);
    lua_replace(L_, markers_);
    lua_settop(L_, markers_);
  }

 private:
  void push(const rapidjson::Value& value, int depth) {
    switch (value.GetType()) {
      case rapidjson::kNullType:
        lua_pushnil(L_);  // only at the top: containers handle their own nulls
        return;
      case rapidjson::kFalseType:
      case rapidjson::kTrueType:
        lua_pushboolean(L_, value.GetBool());
        return;
      case rapidjson::kNumberType:
        // Lua integers are signed 64-bit; larger values keep their magnitude as floats.
        if (value.IsInt64()) {
          lua_pushinteger(L_, static_cast<lua_Integer>(value.GetInt64()));
        } else if (value.IsUint64()) {
          lua_pushnumber(L_, static_cast<lua_Number>(value.GetUint64()));
        } else {
          lua_pushnumber(L_, value.GetDouble());
        }
        return;
      case rapidjson::kStringType:
        lua_pushlstring(L_, value.GetString(), value.GetStringLength());
        return;
      case rapidjson::kArrayType:
        push_array(value, depth);
        return;
      case rapidjson::kObjectType:
        push_object(value, depth);
        return;
    }
  }

  void open(int depth) {
    if (depth >= kMaxDepth) luaL_error(L_, "json: nesting too deep");
    luaL_checkstack(L_, kReservedSlots, "json");
  }

  // An element that is null becomes json.null, which keeps the array's length right.
  void push_array(const rapidjson::Value& array, int depth) {
    open(depth);
    lua_createtable(L_, static_cast<int>(array.Size()), 0);
    lua_Integer length = 0;
    for (const rapidjson::Value& element : array.GetArray()) {
      if (element.IsNull()) {
        push_json_null(L_);
      } else {
        push(element, depth + 1);
      }
      lua_rawseti(L_, -2, ++length);
    }
    lua_pushvalue(L_, markers_ + 1);
    lua_setmetatable(L_, -2);
  }

  // A member that is null is left out: a Lua table cannot hold nil.
  void push_object(const rapidjson::Value& object, int depth) {
    open(depth);
    lua_createtable(L_, 0, static_cast<int>(object.MemberCount()));
    for (const auto& member : object.GetObject()) {
      if (member.value.IsNull()) continue;
      keys_.push({member.name.GetString(), member.name.GetStringLength()});
      push(member.value, depth + 1);
      lua_rawset(L_, -3);
    }
    lua_pushvalue(L_, markers_);
    lua_setmetatable(L_, -2);
  }

  static int prepare(lua_State* L) {
    luaL_checkstack(L, 3 + kReservedSlots, "json");
    json_detail::push_marker_metatables(L);
    return lua_gettop(L) - 1;
  }

  lua_State* L_;
  int markers_;  // the object marker's slot; the array marker's follows
  KeyCache keys_;
};

// Whether `text` may hold an escaped low surrogate (\uDC00-\uDFFF). One pass, mostly memchr for
// the backslash; an escaped backslash followed by "udc" is a harmless false positive.
bool may_escape_low_surrogate(std::string_view text) {
  for (size_t at = text.find("\\u"); at != std::string_view::npos; at = text.find("\\u", at + 2)) {
    if (at + 3 < text.size() && (text[at + 2] | 0x20) == 'd' && (text[at + 3] | 0x20) >= 'c' &&
        (text[at + 3] | 0x20) <= 'f') {
      return true;
    }
  }
  return false;
}

// "Invalid value." -> "invalid value", to read well inside "json.decode: ... at byte N".
std::string describe(rapidjson::ParseErrorCode code) {
  std::string reason = rapidjson::GetParseError_En(code);
  if (!reason.empty() && reason.back() == '.') reason.pop_back();
  if (!reason.empty() && reason[0] >= 'A' && reason[0] <= 'Z') reason[0] += 'a' - 'A';
  return reason;
}

// Decodes text[0, size), which must be followed by a NUL at text[size] and, if a UTF-8 lead
// byte is among its last two bytes, by two more readable bytes (see push_decoded_text).
bool decode_terminated(lua_State* L, const char* text, size_t size, std::string& error) {
  // RapidJSON's fastest stream stops at '\0'; an embedded NUL is caught below by comparing where
  // parsing stopped with the text length.
  rapidjson::StringStream stream(text);
  rapidjson::Reader reader;
  LuaBuilder builder(L, may_escape_low_surrogate({text, size}));
  const rapidjson::ParseResult result = reader.Parse<json_detail::kDecodeFlags>(stream, builder);
  size_t offset = result.Offset();
  std::string reason;
  if (result.IsError()) {
    reason = builder.error() ? builder.error() : describe(result.Code());
  } else if (stream.Tell() != size) {
    offset = stream.Tell();
    reason = describe(rapidjson::kParseErrorDocumentRootNotSingular);
  }
  const bool ok = builder.finish(reason.empty());
  if (!ok) {
    if (reason.empty()) reason = "incomplete document";
    error = "json.decode: " + reason + " at byte " + std::to_string(offset);
  }
  return ok;
}

// Whether a text followed by one NUL can be parsed where it lies: RapidJSON 1.1's UTF-8
// validation takes the continuation bytes a lead byte announces (up to three) before checking
// any of them, so only a lead byte among the last two bytes would read past the NUL.
bool ends_in_ascii(const char* text, size_t size) {
  for (size_t i = size > 2 ? size - 2 : 0; i < size; ++i) {
    if (static_cast<unsigned char>(text[i]) >= 0x80) return false;
  }
  return true;
}

}  // namespace

bool push_decoded_text(lua_State* L, std::string_view text, std::string& error) {
  // A NUL-padded copy: the text need not be terminated, and a cut sequence at its end ("\xF0")
  // is read into the padding, which is never a continuation byte, so it is still reported as
  // invalid.
  constexpr size_t kValidationPadding = 3;
  std::string copy;
  copy.reserve(text.size() + kValidationPadding);
  copy.append(text).append(kValidationPadding, '\0');
  return decode_terminated(L, copy.data(), text.size(), error);
}

bool push_decoded_string(lua_State* L, int index, std::string& error) {
  size_t size;
  const char* text = lua_tolstring(L, index, &size);
  // A Lua string always has a NUL after its bytes, so a 20 MB text is parsed without a copy
  // (its own time and its size in peak memory); strings are unescaped into the reader's buffer
  // instead of in place.
  if (!ends_in_ascii(text, size)) return push_decoded_text(L, {text, size}, error);
  return decode_terminated(L, text, size, error);
}

void push_json_value(lua_State* L, const rapidjson::Value& value) {
  ValuePusher(L).push_result(value);
}

}  // namespace kosmo::lua
