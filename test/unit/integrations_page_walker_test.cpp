// The manifest page walker: how each paging style reads a page and names the next one, and the
// Pager around it (caps, the repeated-position guard). Vendor answers are the documented shapes.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "lib/integrations/manifest.h"
#include "lib/integrations/manifest_page_walker.h"
#include "lib/lua/pager.h"
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>
#include "test/unit/shipped_catalog_test.h"

namespace kosmo::integrations {
namespace {

rapidjson::Document json(const std::string& text) {
  rapidjson::Document doc;
  doc.Parse(text.c_str());
  EXPECT_FALSE(doc.HasParseError()) << text;
  return doc;
}

std::string compact(const rapidjson::Value& value) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  value.Accept(writer);
  return buffer.GetString();
}

// A function paging as `paging`, with an integer parameter "page" besides.
Function list_function(const Paging& paging) {
  Function function;
  function.name = "list";
  Parameter page;
  page.name = "page";
  page.type = ParamType::kInteger;
  function.parameters.push_back(page);
  function.paging = paging;
  return function;
}

// The next arguments as JSON text, "" on the last page; the items' count in `items`.
std::string next_of(const Paging& paging, const std::string& arguments, const std::string& page,
                    size_t* items = nullptr, std::string_view next_link = {}) {
  const Function function = list_function(paging);
  auto walker = make_page_walker(function);
  const rapidjson::Document sent = json(arguments);
  const rapidjson::Document answer = json(page);
  Outcome<lua::PageStep> step = walker->read(sent, answer, next_link);
  if (!step) return "failure: " + step.error().message;
  if (items != nullptr) *items = step->items.Size();
  return step->next_arguments ? compact(*step->next_arguments) : "";
}

Paging cursor() {
  Paging paging;
  paging.style = PagingStyle::kCursor;
  paging.items = {"data"};
  paging.position = "query.after_id";
  paging.size = "query.limit";
  paging.next = "last_id";
  paging.more = "has_more";
  return paging;
}

TEST(PageWalker, CursorFollowsLastIdIntoANestedArgument) {
  size_t items = 0;
  EXPECT_EQ(next_of(cursor(), R"({"query": {"limit": 2}})",
                    R"({"data": [{"id": "a"}, {"id": "b"}], "has_more": true, "last_id": "b"})",
                    &items),
            R"({"query":{"limit":2,"after_id":"b"}})");
  EXPECT_EQ(items, 2u);
  EXPECT_EQ(next_of(cursor(), "{}", R"({"data": [{"id": "a"}], "has_more": false, "last_id": "a"})"),
            "");
}

TEST(PageWalker, AnEmptyTokenIsTheLastPage) {
  Paging paging;
  paging.style = PagingStyle::kCursor;
  paging.items = {"activeNumbers"};
  paging.position = "page_token";
  paging.next = "nextPageToken";
  EXPECT_EQ(next_of(paging, "{}", R"({"activeNumbers": [{}], "nextPageToken": "t2"})"),
            R"({"page_token":"t2"})");
  EXPECT_EQ(next_of(paging, "{}", R"({"activeNumbers": [{}], "nextPageToken": ""})"), "");
}

TEST(PageWalker, PageNumbersStopAtTheTotalOrAShortPage) {
  Paging paging;
  paging.style = PagingStyle::kPageNumber;
  paging.items = {"groups"};
  paging.position = "page";
  paging.size = "page_size";
  paging.total = "count";
  paging.first_page = 0;
  paging.default_size = 30;
  EXPECT_EQ(next_of(paging, R"({"page_size": 2})", R"({"count": 5, "groups": [1, 2]})"),
            R"({"page_size":2,"page":1})");
  EXPECT_EQ(next_of(paging, R"({"page_size": 2, "page": 2})", R"({"count": 6, "groups": [1, 2]})"),
            "");
  EXPECT_EQ(next_of(paging, "{}", R"({"groups": [1, 2]})"), "");  // 2 < the default 30
}

TEST(PageWalker, OffsetsGrowByTheItemsReadAndTextCountsAreNumbers) {
  Paging paging;
  paging.style = PagingStyle::kOffset;
  paging.items = {"result.records"};
  paging.position = "start";
  paging.size = "count";
  paging.total = "result.total";
  paging.default_size = 1;
  EXPECT_EQ(next_of(paging, R"({"count": 2, "start": 4})",
                    R"({"result": {"total": "9", "records": [{}, {}]}})"),
            R"({"count":2,"start":6})");
  EXPECT_EQ(next_of(paging, R"({"count": 2, "start": 6})",
                    R"({"result": {"total": "8", "records": [{}, {}]}})"),
            "");
}

TEST(PageWalker, UntilTakesTheOldestTimestampAndSkipsTheRepeatedItem) {
  Paging paging;
  paging.style = PagingStyle::kUntil;
  paging.items = {"tasks"};
  paging.position = "until";
  paging.size = "limit";
  paging.next = "last_activity_at";
  paging.default_size = 25;
  const Function function = list_function(paging);
  auto walker = make_page_walker(function);
  const rapidjson::Document first = json(R"({"limit": 2})");
  Outcome<lua::PageStep> one = walker->read(
      first, json(R"({"tasks": [{"id": "a", "last_activity_at": 30},
                                {"id": "b", "last_activity_at": 20}]})"), {});
  ASSERT_TRUE(one.ok());
  ASSERT_TRUE(one->next_arguments);
  EXPECT_EQ(compact(*one->next_arguments), R"({"limit":2,"until":20})");
  Outcome<lua::PageStep> two = walker->read(
      *one->next_arguments, json(R"({"tasks": [{"id": "b", "last_activity_at": 20},
                                              {"id": "c", "last_activity_at": 10}]})"), {});
  ASSERT_TRUE(two.ok());
  ASSERT_EQ(two->items.Size(), 1u);  // b was on the previous page
  EXPECT_STREQ(two->items[0]["id"].GetString(), "c");
}

TEST(PageWalker, AnAnswerWithoutTheListIsAFailure) {
  EXPECT_EQ(next_of(cursor(), "{}", R"({"error": "x"})"),
            "failure: the answer has no 'data' list to page through");
}

TEST(PageWalker, SeveralListsMakeOnePage) {
  Paging paging;
  paging.style = PagingStyle::kPageNumber;
  paging.items = {"inbounds", "batches"};
  paging.position = "page";
  paging.size = "page_size";
  paging.first_page = 0;
  size_t items = 0;
  EXPECT_EQ(next_of(paging, R"({"page_size": 1})", R"({"inbounds": [1], "batches": []})", &items),
            R"({"page_size":1,"page":1})");
  EXPECT_EQ(items, 1u);
  EXPECT_EQ(next_of(paging, R"({"page_size": 1})", R"({"inbounds": [], "batches": []})"), "");
}

TEST(PageWalker, LinkHeadersGiveTheNextPosition) {
  Paging paging;
  paging.style = PagingStyle::kLinkHeader;
  paging.items = {"items"};
  paging.position = "page";
  paging.next = "page";
  EXPECT_EQ(next_of(paging, R"({"per_page": 2})", R"({"items": [1, 2]})", nullptr,
                    "https://api.x.test/items?per_page=2&page=3"),
            R"({"per_page":2,"page":3})");
  EXPECT_EQ(next_of(paging, "{}", R"({"items": [1]})", nullptr, ""), "");
  EXPECT_EQ(next_of(paging, "{}", R"({"items": [1]})", nullptr, "https://api.x.test/items?x=1"),
            "failure: the next link has no 'page' parameter to page by");
}

// A walker that always names the same next position, as a vendor repeating a cursor does.
class StuckWalker : public lua::PageWalker {
 public:
  Outcome<lua::PageStep> read(const rapidjson::Value&, const rapidjson::Value&,
                              std::string_view) override {
    lua::PageStep step;
    step.items.PushBack(1, step.items.GetAllocator());
    step.next_arguments.emplace();
    step.next_arguments->Parse(R"({"cursor": "same"})");
    return step;
  }
};

lua::CallRequest list_request() {
  lua::CallRequest request;
  request.path = {"integrations", "x", "list"};
  return request;
}

TEST(Pager, ARepeatedPositionEndsTheWalkWithAnError) {
  lua::Pager pager(list_request(), std::make_unique<StuckWalker>(), {});
  const rapidjson::Document page = json("{}");
  ASSERT_TRUE(pager.take(page).ok());  // first page: {} -> {"cursor": "same"}
  ASSERT_FALSE(pager.finished());
  Outcome<rapidjson::Document> second = pager.take(page);
  ASSERT_FALSE(second.ok());
  EXPECT_NE(second.error().message.find("same position twice"), std::string::npos);
  EXPECT_TRUE(pager.finished());
}

TEST(Pager, MaxPagesAndMaxItemsCapTheWalk) {
  lua::PageLimits pages;
  pages.max_pages = 1;
  lua::Pager by_pages(list_request(), std::make_unique<StuckWalker>(), pages);
  ASSERT_TRUE(by_pages.take(json("{}")).ok());
  EXPECT_TRUE(by_pages.finished());

  lua::PageLimits items;
  items.max_items = 1;
  lua::Pager by_items(list_request(), std::make_unique<StuckWalker>(), items);
  Outcome<rapidjson::Document> page = by_items.take(json("{}"));
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->Size(), 1u);
  EXPECT_TRUE(by_items.finished());
}

TEST(Pager, LimitsAreWholeNumbersOfAtLeastOne) {
  EXPECT_FALSE(lua::page_limit_problem("max_pages", 3));
  EXPECT_TRUE(lua::page_limit_problem("max_pages", 0));
  EXPECT_TRUE(lua::page_limit_problem("max_pages", 1.5));
  EXPECT_TRUE(lua::page_limit_problem("max_pages", -2));
}

using ShippedPaging = testing::ShippedCatalogTest;

// Every list function a user can call says how it pages (or that one answer holds every item),
// so app.paginate and --paginate take any of them.
TEST_F(ShippedPaging, EveryListFunctionSaysHowItPages) {
  for (const Manifest& manifest : catalog_->integrations()) {
    for (const Function& function : manifest.functions) {
      const bool listed = function.name.rfind("list_", 0) == 0 && !function.hidden &&
                          function.hook != "unsupported";
      if (listed) EXPECT_TRUE(function.paging) << manifest.name << "." << function.name;
      if (function.hidden) EXPECT_FALSE(function.paging) << manifest.name << "." << function.name;
    }
  }
}

}  // namespace
}  // namespace kosmo::integrations
