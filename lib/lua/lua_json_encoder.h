#pragma once
// The Lua -> JSON walk shared by text output (TextWriter) and DOM output (a RapidJSON
// Document used as a SAX handler). It is a template on the handler so the hot
// path has no virtual calls. Tables are read with raw access only (lua_rawgeti/lua_rawget/
// lua_next), so no script code (metamethods) runs while encoding.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <deque>
#include <lua.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lib/common/utf8.h"
#include "lib/lua/lua_json.h"
#include "lib/lua/lua_json_internal.h"
#include "lib/lua/readonly_view.h"

namespace kosmo::lua::json_detail {

// One step from the encoded root to the current value, kept only to name the place of an
// error, in Lua's own indexing: $.items[1].name (Lua arrays start at 1).
struct PathStep {
  enum class Kind { kIndex, kName, kFloatKey, kOther };
  Kind kind = Kind::kOther;
  lua_Integer index = 0;
  lua_Number number = 0;
  std::string_view name;  // a Lua string, alive as long as the table holding it

  static PathStep at_index(lua_Integer index) {
    PathStep step;
    step.kind = Kind::kIndex;
    step.index = index;
    return step;
  }
  static PathStep at_name(std::string_view name) {
    PathStep step;
    step.kind = Kind::kName;
    step.name = name;
    return step;
  }
  static PathStep at_float_key(lua_Number number) {
    PathStep step;
    step.kind = Kind::kFloatKey;
    step.number = number;
    return step;
  }
};

std::string format_path(const std::vector<PathStep>& path);

// An object key collected for sorting. Its text is the Lua string for a string key (kept alive
// by the table, which nothing modifies during encoding), and for other keys a string the
// encoder keeps until the object is written; so an entry is a few plain words, cheap to move.
struct KeyEntry {
  int type = LUA_TNIL;
  int slot = 0;  // stack slot holding the value; 0: looked up again by the key
  bool is_integer = false;
  std::string_view text;
  lua_Integer integer = 0;
  lua_Number number = 0;
};

bool key_less(const KeyEntry& a, const KeyEntry& b);
// Text of a non-string key: integers as Lua prints them, floats with %.14g, and in lenient
// mode booleans as true/false and anything else as "<type>".
std::string key_text(lua_State* L, int index);

// Values of one object kept on the Lua stack while its keys are sorted (see collect_keys).
inline constexpr size_t kMaxKeptValues = 1024;

template <typename Handler>
class Encoder {
 public:
  Encoder(lua_State* L, Handler& out, const EncodeOptions& options)
      : L_(L), out_(out), options_(options) {}

  bool encode(int index) {
    index = lua_absindex(L_, index);
    const int top = lua_gettop(L_);
    if (!lua_checkstack(L_, 4)) return fail_plain(in_context("Lua stack exhausted"));
    push_marker_metatables(L_);
    markers_ = top + 1;
    const bool ok = value(index);
    if (!ok && error_.empty()) error_ = in_context("output rejected a value");
    if (!ok && with_path_) {
      std::reverse(path_.begin(), path_.end());
      error_ += " at " + format_path(path_);  // before settop: path names point into tables
    }
    lua_settop(L_, top);
    return ok;
  }

  const std::string& error() const { return error_; }

 private:
  // A set of string keys seen before, by the keys' addresses in lua_next order, with the order
  // in which they are written and, for text output, their JSON text. An object using it is
  // being written while `pins` > 0, so the shape is not reused for another set meanwhile.
  struct KeyShape {
    std::vector<const char*> keys;
    std::vector<uint32_t> order;  // order[position] = index of that key in lua_next order
    // The keys in written order as quoted JSON text, back to back; `rendered_end[position]`
    // ends each. Empty when the handler takes keys as strings, or when some key is not valid
    // UTF-8 (so the usual path fails or repairs it).
    std::string rendered;
    std::vector<uint32_t> rendered_end;
    int pins = 0;
  };
  static constexpr size_t kMaxShapeKeys = 64;

  bool value(int index) {
    const int type = lua_type(L_, index);
    switch (type) {
      case LUA_TNIL:
        return out_.Null();
      case LUA_TBOOLEAN:
        return out_.Bool(lua_toboolean(L_, index) != 0);
      case LUA_TNUMBER:
        return number(index);
      case LUA_TSTRING: {
        size_t length;
        const char* text = lua_tolstring(L_, index, &length);
        return string({text, length}, false);
      }
      case LUA_TTABLE:
        return table(index);
      case LUA_TLIGHTUSERDATA:
        if (lua_touserdata(L_, index) == nullptr) return out_.Null();
        break;
    }
    const std::string name = lua_typename(L_, type);
    if (options_.lenient) return literal("<" + name + ">");
    return fail("cannot encode a " + name);
  }

  bool number(int index) {
    if (lua_isinteger(L_, index)) return out_.Int64(lua_tointeger(L_, index));
    const lua_Number d = lua_tonumber(L_, index);
    if (std::isfinite(d)) return out_.Double(d);
    const char* name = std::isnan(d) ? "NaN" : d > 0 ? "inf" : "-inf";
    if (!options_.lenient || options_.reject_non_finite) {
      return fail(std::string("cannot encode ") + name);
    }
    return literal(std::isnan(d) ? "nan" : name);
  }

  bool string(std::string_view text, bool key) {
    if constexpr (requires { out_.TryString(text); }) {
      if (out_.TryString(text)) return true;  // validated while escaping
    } else if (is_valid_utf8(text)) {
      return emit_text(text, key);
    }
    if (!options_.lenient)
      return fail(key ? "invalid UTF-8 in object key" : "invalid UTF-8 in string");
    std::string repaired;
    append_valid_utf8(text, repaired);
    return emit_text(repaired, key);
  }

  bool emit_text(std::string_view text, bool key) {
    const auto length = static_cast<rapidjson::SizeType>(text.size());
    if (length != text.size()) return fail("string too long");
    return key ? out_.Key(text.data(), length, true) : out_.String(text.data(), length, true);
  }

  bool literal(const std::string& text) { return emit_text(text, false); }

  bool table(int index) {
    const std::optional<JsonKind> kind = marked_kind(L_, index, markers_);
    // A read-only view (the `args` table) is empty itself; its data is the table it shows.
    // A table marked as array or object is never a view, which spares decoded data the look.
    if (!kind && lua_checkstack(L_, 2) && push_view_target(L_, index)) {
      const bool ok = table(lua_gettop(L_));
      lua_pop(L_, 1);
      return ok;
    }
    const void* id = lua_topointer(L_, index);
    if (std::find(ancestors_.begin(), ancestors_.end(), id) != ancestors_.end()) {
      if (options_.lenient) return literal("<circular>");
      return fail_plain(in_context("circular reference"));
    }
    if (ancestors_.size() >= static_cast<size_t>(kMaxDepth) || !lua_checkstack(L_, 4)) {
      if (options_.lenient) return literal("<too deep>");
      return fail_plain(in_context("nesting too deep"));
    }
    ancestors_.push_back(id);
    bool ok;
    lua_Integer length = 0;
    if (kind == JsonKind::kArray) {
      ok = array(index, static_cast<lua_Integer>(lua_rawlen(L_, index)));
    } else if (kind != JsonKind::kObject && is_sequence(index, length)) {
      ok = array(index, length);
    } else {
      ok = object(index);
    }
    ancestors_.pop_back();
    return ok;
  }

  // True when the keys are exactly 1..n; an empty table counts as the empty sequence.
  bool is_sequence(int index, lua_Integer& length) {
    const lua_Unsigned border = lua_rawlen(L_, index);
    lua_Unsigned count = 0;
    lua_pushnil(L_);
    while (lua_next(L_, index)) {
      lua_pop(L_, 1);
      lua_Integer key;
      if (!lua_isinteger(L_, -1) || (key = lua_tointeger(L_, -1)) < 1 ||
          static_cast<lua_Unsigned>(key) > border) {
        lua_pop(L_, 1);
        return false;
      }
      ++count;
    }
    length = static_cast<lua_Integer>(border);
    return count == border;
  }

  bool array(int index, lua_Integer length) {
    if (!out_.StartArray()) return false;
    for (lua_Integer i = 1; i <= length; ++i) {
      lua_rawgeti(L_, index, i);
      const bool ok = value(lua_gettop(L_));
      lua_pop(L_, 1);
      if (!ok) return failed_at(PathStep::at_index(i));
    }
    return out_.EndArray(static_cast<rapidjson::SizeType>(length));
  }

  bool object(int index) {
    const int top = lua_gettop(L_);
    // Keys of all open objects share one vector (this object's are [first, end)), so nested
    // objects cost no allocation; children may reallocate it, hence indices, not references.
    const size_t first = keys_.size();
    const size_t first_text = key_texts_ ? key_texts_->size() : 0;
    if (!collect_keys(index)) return false;
    KeyShape* shape = order_keys(first);
    if (shape != nullptr) ++shape->pins;
    const size_t count = keys_.size() - first;
    bool ok = out_.StartObject();
    for (size_t position = 0; ok && position < count; ++position) {
      const size_t at = first + (shape != nullptr ? shape->order[position] : position);
      ok = shape != nullptr && !shape->rendered.empty() ? rendered_key(*shape, position)
                                                        : string(keys_[at].text, true);
      if (!ok) break;
      ok = member(index, keys_[at]);
      if (!ok) failed_at(step_for(keys_[at]));
    }
    if (shape != nullptr) --shape->pins;
    keys_.resize(first);
    if (key_texts_) key_texts_->resize(first_text);
    lua_settop(L_, top);
    return ok && out_.EndObject(static_cast<rapidjson::SizeType>(count));
  }

  bool member(int index, const KeyEntry& key) {
    if (key.slot != 0) return value(key.slot);
    push_member(index, key);
    const bool ok = value(lua_gettop(L_));
    lua_pop(L_, 1);
    return ok;
  }

  bool rendered_key(const KeyShape& shape, size_t position) {
    if constexpr (requires { out_.RenderedKey(std::string_view()); }) {
      const uint32_t begin = position == 0 ? 0 : shape.rendered_end[position - 1];
      const uint32_t end = shape.rendered_end[position];
      out_.RenderedKey(std::string_view(shape.rendered).substr(begin, end - begin));
      return true;
    } else {
      return false;  // never rendered for such a handler
    }
  }

  // Puts keys_[first, end) in written order: byte order of the key text (KosmoKrator's output
  // order). Arrays of records repeat one set of keys thousands of times, and Lua hands out the
  // keys of equally built tables in the same order, so the order of a set of string keys is
  // remembered by the identity of the key strings (short strings are interned; every key
  // string stays alive while its table is being encoded) and returned as a shape, whose order
  // the caller follows, without comparing texts. Any other set is sorted in place (nullptr).
  KeyShape* order_keys(size_t first) {
    const size_t count = keys_.size() - first;
    if (count < 2 || count > kMaxShapeKeys || !all_string_keys(first)) {
      if (count >= 2) std::sort(keys_.begin() + first, keys_.end(), key_less);
      return nullptr;
    }
    if (KeyShape* shape = find_shape(first, count)) return shape;
    if (KeyShape* shape = remember_shape(first, count)) return shape;
    std::sort(keys_.begin() + first, keys_.end(), key_less);
    return nullptr;
  }

  bool all_string_keys(size_t first) const {
    return std::all_of(keys_.begin() + first, keys_.end(),
                       [](const KeyEntry& key) { return key.type == LUA_TSTRING; });
  }

  KeyShape* find_shape(size_t first, size_t count) {
    for (KeyShape& shape : shapes_) {
      if (shape.keys.size() != count) continue;
      bool same = true;
      for (size_t i = 0; same && i < count; ++i) {
        same = shape.keys[i] == keys_[first + i].text.data();
      }
      if (same) return &shape;
    }
    return nullptr;
  }

  // Takes the next shape no open object is using, round-robin; nullptr when all are in use.
  KeyShape* remember_shape(size_t first, size_t count) {
    KeyShape* shape = nullptr;
    for (size_t tried = 0; shape == nullptr && tried < shapes_.size(); ++tried) {
      KeyShape& candidate = shapes_[next_shape_];
      next_shape_ = (next_shape_ + 1) % shapes_.size();
      if (candidate.pins == 0) shape = &candidate;
    }
    if (shape == nullptr) return nullptr;
    shape->keys.resize(count);
    shape->order.resize(count);
    for (size_t i = 0; i < count; ++i) {
      shape->keys[i] = keys_[first + i].text.data();
      shape->order[i] = static_cast<uint32_t>(i);
    }
    std::sort(shape->order.begin(), shape->order.end(), [this, first](uint32_t a, uint32_t b) {
      return key_less(keys_[first + a], keys_[first + b]);
    });
    render_keys(*shape, first);
    return shape;
  }

  void render_keys(KeyShape& shape, size_t first) {
    shape.rendered.clear();
    shape.rendered_end.clear();
    if constexpr (requires { Handler::render_key(std::string_view(), shape.rendered); }) {
      for (const uint32_t at : shape.order) {
        if (!Handler::render_key(keys_[first + at].text, shape.rendered)) {
          shape.rendered.clear();
          shape.rendered_end.clear();
          return;
        }
        shape.rendered_end.push_back(static_cast<uint32_t>(shape.rendered.size()));
      }
    }
  }

  // Collects the keys, keeping each value on the stack where lua_next left it (a copy of its
  // key above it carries the iteration on) so that encoding needs no second lookup. Past
  // kMaxKeptValues, or if the stack cannot grow, string and number keys are looked up again
  // instead, which bounds the stack an object can take.
  bool collect_keys(int index) {
    size_t kept = 0;
    int room = 0;  // free stack slots known to be there, asked for in batches
    lua_pushnil(L_);
    while (lua_next(L_, index)) {
      KeyEntry entry;
      entry.type = lua_type(L_, -2);
      if (entry.type == LUA_TSTRING) {
        size_t length;
        const char* text = lua_tolstring(L_, -2, &length);
        entry.text = {text, length};
      } else if (entry.type == LUA_TNUMBER) {
        entry.is_integer = lua_isinteger(L_, -2);
        entry.integer = lua_tointeger(L_, -2);
        entry.number = lua_tonumber(L_, -2);
        entry.text = keep_key_text(key_text(L_, -2));
      } else if (!options_.lenient) {
        return fail(std::string("cannot encode a ") + lua_typename(L_, entry.type) + " key");
      } else {
        // Such a key cannot be looked up from its text.
        entry.text = keep_key_text(key_text(L_, -2));
      }
      const bool can_look_up = entry.type == LUA_TSTRING || entry.type == LUA_TNUMBER;
      // A kept value takes two slots: the key's copy now, and lua_next's net push next round.
      if ((!can_look_up || kept < kMaxKeptValues) && make_room(room, 2)) {
        lua_pushvalue(L_, -2);
        entry.slot = lua_gettop(L_) - 1;
        room -= 2;
        ++kept;
      } else {
        lua_pop(L_, 1);
        if (!can_look_up) continue;  // lenient only: dropped rather than fail
      }
      keys_.push_back(entry);
    }
    return true;
  }

  // Whether `needed` more stack slots are there; grows the stack 64 slots at a time, then as
  // little as will do, so that most entries cost no lua_checkstack call.
  bool make_room(int& room, int needed) {
    if (room >= needed) return true;
    constexpr int kBatch = 64;
    if (lua_checkstack(L_, kBatch)) {
      room = kBatch;
    } else if (lua_checkstack(L_, needed)) {
      room = needed;
    } else {
      return false;
    }
    return true;
  }

  std::string_view keep_key_text(std::string text) {
    if (!key_texts_) key_texts_.emplace();
    key_texts_->push_back(std::move(text));
    return key_texts_->back();
  }

  // A value collect_keys did not keep on the stack: looked up again by its key.
  void push_member(int index, const KeyEntry& key) {
    if (key.type == LUA_TSTRING) {
      lua_pushlstring(L_, key.text.data(), key.text.size());
    } else if (key.is_integer) {
      lua_pushinteger(L_, key.integer);
    } else {
      lua_pushnumber(L_, key.number);
    }
    lua_rawget(L_, index);
  }

  static PathStep step_for(const KeyEntry& key) {
    if (key.type == LUA_TSTRING) return PathStep::at_name(key.text);
    if (key.type != LUA_TNUMBER) return PathStep();
    return key.is_integer ? PathStep::at_index(key.integer) : PathStep::at_float_key(key.number);
  }

  // Failures are rare, so the path is only built while one unwinds: each level adds its step.
  bool failed_at(const PathStep& step) {
    path_.push_back(step);
    return false;
  }

  bool fail(const std::string& message) {
    with_path_ = true;
    return fail_plain(in_context(message));
  }

  std::string in_context(const std::string& message) const {
    return options_.context.empty() ? message : std::string(options_.context) + ": " + message;
  }

  bool fail_plain(std::string message) {
    error_ = std::move(message);
    return false;
  }

  lua_State* L_;
  Handler& out_;
  const EncodeOptions& options_;
  int markers_ = 0;
  std::string error_;
  std::vector<const void*> ancestors_;  // tables being encoded, for cycle detection
  bool with_path_ = false;
  std::vector<PathStep> path_;  // innermost step first, filled on failure only
  std::vector<KeyEntry> keys_;
  // Texts of the non-string keys in keys_; a deque, so that adding one moves none of the others
  // that entries point into. Made with the first such key: a deque allocates when constructed,
  // and most encodings (an app.* call's arguments, each time) have none.
  std::optional<std::deque<std::string>> key_texts_;
  std::array<KeyShape, 8> shapes_;  // the last sets of string keys seen, reused round-robin
  size_t next_shape_ = 0;
};

}  // namespace kosmo::lua::json_detail
