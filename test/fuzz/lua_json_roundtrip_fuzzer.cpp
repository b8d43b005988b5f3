// Lua <-> JSON conversion must be a fixed point after one decode: for any input that decodes,
// encode(decode(input)) == encode(decode(encode(decode(input)))). That is what keeps markers
// (json.null in arrays, json.object()/json.array() on empty tables), integer vs float subtypes,
// 64-bit integers, large unsigned values (floats), -0.0 and escaped text stable through a script
// that reads a response and sends it back. Also checked: a value json.decode produced always
// encodes (compact and pretty, which must decode to the same value), and the display rendering
// of print/dump never fails. Any violation is a finding: abort().
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "lib/lua/limited_allocator.h"
#include "lib/lua/limits.h"
#include "lib/lua/lua_json.h"

namespace {

using namespace kosmo::lua;

void check(bool condition) {
  if (!condition) std::abort();
}

// Two encodings of what must be the same value differ: show both, then report the finding.
void check_same(const std::string& expected, const std::string& actual, const char* what) {
  if (expected == actual) return;
  std::fprintf(stderr, "%s changed the value:\n  before: %s\n  after:  %s\n", what,
               expected.c_str(), actual.c_str());
  std::abort();
}

// Encodes the value on top; a decoded value that cannot be encoded is a finding.
std::string encode_top(lua_State* L, bool pretty) {
  EncodeOptions options;
  options.pretty = pretty;
  std::string text, error;
  check(encode_to_text(L, -1, options, text, error));
  return text;
}

// decode -> encode -> decode -> encode on the state. Raises (memory) like scripts would.
int round_trip(lua_State* L) {
  size_t size;
  const char* input = lua_tolstring(L, 1, &size);
  std::string error;
  install_json_support(L);
  if (!push_decoded_text(L, {input, size}, error)) {
    check(error.starts_with("json.decode: "));
    return 0;
  }
  const std::string first = encode_top(L, false);
  const std::string pretty = encode_top(L, true);
  render_for_display(L, -1);

  check(push_decoded_text(L, first, error));
  check_same(first, encode_top(L, false), "decoding the compact encoding");
  check(push_decoded_text(L, pretty, error));
  check_same(first, encode_top(L, false), "decoding the pretty encoding");
  return 0;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  LimitedAllocator allocator(kDefaultMemoryLimitBytes);
  lua_State* L = lua_newstate(&LimitedAllocator::allocate, &allocator);
  check(L != nullptr);
  lua_pushcfunction(L, round_trip);
  lua_pushlstring(L, reinterpret_cast<const char*>(data), size);
  const int status = lua_pcall(L, 1, 0, 0);
  check(status == LUA_OK || (status == LUA_ERRMEM && allocator.limit_hit()));
  lua_close(L);
  check(allocator.used() == 0);
  return 0;
}
