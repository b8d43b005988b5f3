// The sandbox's coroutine.wrap and coroutine.resume (lib/lua/sandbox_functions.cpp): they route
// every resume through the run guard, and must otherwise behave as Lua's own. Results are
// compared through the chunk's return values, serialised as JSON.
#include <gtest/gtest.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <string>

#include "lib/lua/sandbox.h"
#include "lib/lua/script_runner.h"

namespace kosmo::lua {
namespace {

std::string ToJson(const rapidjson::Value& value) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  value.Accept(writer);
  return buffer.GetString();
}

class SandboxCoroutineTest : public ::testing::Test {
 protected:
  SandboxCoroutineTest() : sandbox_(SandboxOptions{}, SandboxServices{}, nullptr) {}

  RunOutcome run(const std::string& code) { return run_chunk(sandbox_, code, "=test"); }

  // The chunk's return values as a JSON array; fails the test if the chunk raised.
  std::string results(const std::string& code) {
    const RunOutcome outcome = run(code);
    EXPECT_TRUE(outcome.success) << outcome.error;
    return ToJson(outcome.result);
  }

  Sandbox sandbox_;
};

TEST_F(SandboxCoroutineTest, WrapPassesArgumentsInAndYieldedValuesOut) {
  EXPECT_EQ(results(R"(
    local gen = coroutine.wrap(function(a, b)
      local c = coroutine.yield(a + b, "first")
      local d, e = coroutine.yield(c * 2)
      return d .. e, "done"
    end)
    local s1, t1 = gen(1, 2)
    local s2 = gen(10)
    local s3, t3 = gen("x", "y")
    return s1, t1, s2, s3, t3
  )"),
            R"([3,"first",20,"xy","done"])");
}

TEST_F(SandboxCoroutineTest, WrapKeepsNilsAndCountsOfResults) {
  EXPECT_EQ(results(R"(
    local f = coroutine.wrap(function() coroutine.yield(nil, 2, nil) return end)
    local n1 = select("#", f())
    local n2 = select("#", f())
    return n1, n2
  )"),
            "[3,0]");
}

TEST_F(SandboxCoroutineTest, WrapRaisesTheCoroutinesErrorValueUnchanged) {
  EXPECT_EQ(results(R"(
    local marker = {code = 42}
    local ok, err = pcall(coroutine.wrap(function() error(marker) end))
    local ok2, err2 = pcall(coroutine.wrap(function() error("plain", 0) end))
    return ok, err == marker, ok2, err2
  )"),
            R"([false,true,false,"plain"])");
}

TEST_F(SandboxCoroutineTest, WrapOfAFinishedCoroutineRaisesCannotResumeDead) {
  EXPECT_EQ(results(R"(
    local f = coroutine.wrap(function() return 1 end)
    f()
    local ok, err = pcall(f)
    return ok, err
  )"),
            R"([false,"cannot resume dead coroutine"])");
}

TEST_F(SandboxCoroutineTest, WrapRefusesANonFunction) {
  const RunOutcome outcome = run("coroutine.wrap(42)");
  EXPECT_FALSE(outcome.success);
  EXPECT_NE(outcome.error.find("bad argument #1 to 'wrap' (function expected"), std::string::npos)
      << outcome.error;
}

TEST_F(SandboxCoroutineTest, WrappedGeneratorsNestAndInterleave) {
  EXPECT_EQ(results(R"(
    local function counter(n)
      return coroutine.wrap(function() for i = 1, n do coroutine.yield(i) end end)
    end
    local outer = coroutine.wrap(function()
      local a, b = counter(3), counter(3)
      for _ = 1, 3 do coroutine.yield(a() * 10 + b()) end
    end)
    return outer(), outer(), outer()
  )"),
            "[11,22,33]");
}

TEST_F(SandboxCoroutineTest, ResumeReturnsStatusAndValuesLikeLua) {
  EXPECT_EQ(results(R"(
    local co = coroutine.create(function(x) local y = coroutine.yield(x + 1) return y * 2 end)
    local a, b = coroutine.resume(co, 1)
    local c, d = coroutine.resume(co, 5)
    local e, f = coroutine.resume(co)
    return a, b, c, d, e, f, coroutine.status(co)
  )"),
            R"([true,2,true,10,false,"cannot resume dead coroutine","dead"])");
}

}  // namespace
}  // namespace kosmo::lua
