// json.encode's string writer (append_json_string, lib/lua/lua_json_utf8.cpp) against a plain
// byte-at-a-time reference, for every length up to past two 16-byte blocks and every position
// of each kind of byte the fast paths must stop at: the 16-byte and 8-byte scans (whole and
// overlapping last blocks) and the byte table.
#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "lib/lua/lua_json_internal.h"
#include "lib/lua/lua_json_output_buffer.h"

namespace kosmo::lua::json_detail {
namespace {

// RapidJSON's Writer spelling: short escapes where JSON has them, else \u00XX in upper case.
std::string Reference(std::string_view text) {
  std::string out = "\"";
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          static constexpr char kHex[] = "0123456789ABCDEF";
          out += "\\u00";
          out += kHex[c >> 4];
          out += kHex[c & 0xF];
        } else {
          out += ch;
        }
    }
  }
  return out + "\"";
}

std::string Written(std::string_view text, bool* ok) {
  OutputBuffer out;
  out += "prefix";
  *ok = append_json_string(text, out);
  return std::string(out.view());
}

TEST(JsonStringEscapeTest, EverySpecialByteAtEveryPositionOfShortAndLongStrings) {
  const std::string specials[] = {"\"", "\\", "\n", "\t", "\x01", "\x1f", "\xC3\xA9",
                                  "\xF0\x9F\x98\x80"};
  for (size_t length = 0; length <= 40; ++length) {
    for (const std::string& special : specials) {
      for (size_t at = 0; at <= length; ++at) {
        std::string text(length, 'a');
        text.insert(at, special);
        bool ok = false;
        const std::string written = Written(text, &ok);
        ASSERT_TRUE(ok) << "length " << length << " at " << at;
        EXPECT_EQ(written, "prefix" + Reference(text)) << "length " << length << " at " << at;
      }
    }
  }
}

// The bytes next to the flagged ranges (space, '!', '#', '[', ']', DEL) are written raw.
TEST(JsonStringEscapeTest, BytesAtTheEdgesOfTheFlaggedRangesStayRaw) {
  const std::string edges = " !#[]\x7f";
  for (size_t length = 0; length <= 40; ++length) {
    for (const char edge : edges) {
      const std::string text(length, edge);
      bool ok = false;
      EXPECT_EQ(Written(text, &ok), "prefix\"" + text + "\"") << length << " x " << int(edge);
      EXPECT_TRUE(ok);
    }
  }
}

TEST(JsonStringEscapeTest, InvalidUtf8AnywhereFailsAndTakesBackWhatWasWritten) {
  const std::string invalid[] = {"\xFF", "\x80", "\xC3", "\xE2\x82", "\xED\xA0\x80"};
  for (size_t length = 0; length <= 40; ++length) {
    for (const std::string& bad : invalid) {
      for (size_t at = 0; at <= length; ++at) {
        std::string text(length, 'a');
        text.insert(at, bad);
        bool ok = true;
        EXPECT_EQ(Written(text, &ok), "prefix") << "length " << length << " at " << at;
        EXPECT_FALSE(ok) << "length " << length << " at " << at;
      }
    }
  }
}

}  // namespace
}  // namespace kosmo::lua::json_detail
