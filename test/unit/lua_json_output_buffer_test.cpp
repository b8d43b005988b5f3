#include "lib/lua/lua_json_output_buffer.h"

#include <gtest/gtest.h>

#include <cstring>
#include <string>

#include "lib/common/large_block.h"

namespace kosmo::lua::json_detail {
namespace {

TEST(OutputBufferTest, AppendsLikeAString) {
  OutputBuffer buffer;
  EXPECT_EQ(buffer.size(), 0u);
  EXPECT_EQ(buffer.view(), "");
  std::string expected;
  // Past the first capacity and through several doublings, mixing every kind of append.
  for (int i = 0; i < 20000; ++i) {
    buffer += '[';
    buffer += "ab";
    buffer.append("xyz", 2);
    buffer.append(static_cast<size_t>(i % 5), ' ');
    expected += "[abxy" + std::string(static_cast<size_t>(i % 5), ' ');
  }
  EXPECT_EQ(buffer.size(), expected.size());
  EXPECT_EQ(buffer.view(), expected);
}

TEST(OutputBufferTest, ResizeOnlyShrinksAndClearEmpties) {
  OutputBuffer buffer;
  buffer += "hello world";
  buffer.resize(5);
  EXPECT_EQ(buffer.view(), "hello");
  buffer.resize(50);  // never grows: the bytes past the size are not defined
  EXPECT_EQ(buffer.view(), "hello");
  buffer.append(0, 'x');
  buffer.append("", 0);
  EXPECT_EQ(buffer.view(), "hello");
  buffer.clear();
  EXPECT_EQ(buffer.view(), "");
  buffer.reserve(1 << 20);
  buffer += '!';
  EXPECT_EQ(buffer.view(), "!");
}

// One append larger than twice the capacity gets all the room it needs at once.
TEST(OutputBufferTest, GrowsForALargeAppend) {
  OutputBuffer buffer;
  buffer += 'a';
  const std::string large(1 << 20, 'b');
  buffer += large;
  EXPECT_EQ(buffer.size(), large.size() + 1);
  EXPECT_EQ(buffer.view().substr(1), large);
}

// Appends of every short length take the fixed-size copies (two overlapping moves, or bytes);
// each must land exactly, without touching what is before it.
TEST(OutputBufferTest, ShortAppendsOfEveryLengthLandExactly) {
  const std::string source = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJ";
  for (size_t length = 0; length <= 40; ++length) {
    OutputBuffer buffer;
    buffer += "<";
    buffer.append(source.data(), length);
    buffer += '>';
    EXPECT_EQ(buffer.view(), "<" + source.substr(0, length) + ">") << length;
  }
}

TEST(OutputBufferTest, ExtendHandsOutRoomAtTheEnd) {
  OutputBuffer buffer;
  buffer += "ab";
  char* room = buffer.extend(3);
  std::memcpy(room, "cde", 3);
  EXPECT_EQ(buffer.view(), "abcde");
  room = buffer.extend(1 << 20);  // grows
  std::memset(room, 'z', 1 << 20);
  EXPECT_EQ(buffer.size(), 5u + (1 << 20));
  EXPECT_EQ(buffer.view().substr(0, 6), "abcdez");
}

// Past kLargeBlockBytes the buffer becomes a mapping of its own and grows by mremap; the text
// written before, in malloc and in the mapping, stays.
TEST(OutputBufferTest, GrowsIntoAMappingAndKeepsTheText) {
  OutputBuffer buffer;
  std::string expected;
  const std::string line = "{\"key\":\"value\",\"n\":12345},\n";
  while (expected.size() < 3 * kLargeBlockBytes) {
    buffer += line;
    expected += line;
  }
  ASSERT_EQ(buffer.size(), expected.size());
  EXPECT_TRUE(buffer.view() == expected);
  buffer.resize(10);
  buffer += "!";
  EXPECT_EQ(buffer.view(), expected.substr(0, 10) + "!");
}

}  // namespace
}  // namespace kosmo::lua::json_detail
