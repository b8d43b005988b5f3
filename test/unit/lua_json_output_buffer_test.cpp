#include "lib/lua/lua_json_output_buffer.h"

#include <gtest/gtest.h>

#include <string>

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

}  // namespace
}  // namespace kosmo::lua::json_detail
