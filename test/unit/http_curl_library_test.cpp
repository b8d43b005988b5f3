#include <dlfcn.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

#include "lib/http/curl_http_client.h"
#include "lib/http/curl_library.h"
#include "test/fakes/http_test_server.h"

namespace kosmo::http {
namespace {

std::string load_error(const std::string& soname) {
  try {
    CurlLibrary::load(soname);
  } catch (const CurlLoadError& e) {
    return e.what();
  }
  return "loaded";
}

bool libcurl_mapped() {
  void* handle = dlopen(kCurlSoname, RTLD_NOW | RTLD_NOLOAD);
  if (handle != nullptr) dlclose(handle);
  return handle != nullptr;
}

// Checks in a fresh process (other tests in this binary load libcurl) that neither the
// constructor nor anything before the first send maps libcurl. Exit code 10+n: check n failed.
[[noreturn]] void check_lazy_loading() {
  if (curl_library_loaded() || libcurl_mapped()) std::_Exit(11);
  {
    CurlHttpClient client;
    if (curl_library_loaded() || libcurl_mapped()) std::_Exit(12);
    HttpRequest request;
    request.method = "GET";
    request.url = "http://127.0.0.1:" + std::to_string(test::unused_loopback_port()) + "/";
    client.send(request);
    if (!curl_library_loaded() || !libcurl_mapped()) std::_Exit(13);
  }
  std::_Exit(0);
}

TEST(CurlLibraryTest, NotLoadedUntilTheFirstSend) {
  // "threadsafe" re-executes the test binary, so the child starts with nothing loaded.
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_EXIT(check_lazy_loading(), ::testing::ExitedWithCode(0), "");
}

TEST(CurlLibraryTest, MissingLibraryNamesThePackageToInstall) {
  EXPECT_EQ(load_error("libkosmo-no-such-curl.so.4"),
            "libkosmo-no-such-curl.so.4 not found: install libcurl4");
}

TEST(CurlLibraryTest, LibraryWithoutCurlSymbolsIsRejected) {
  EXPECT_EQ(load_error("libm.so.6"), "libm.so.6 lacks curl_global_init: install libcurl4");
}

TEST(CurlLibraryTest, ProcessWideLibraryResolvesEveryFunction) {
  const CurlApi& api = curl_library();
  EXPECT_TRUE(curl_library_loaded());
  EXPECT_NE(std::string(api.version()).find("libcurl/"), std::string::npos);
  EXPECT_STREQ(api.easy_strerror(CURLE_OK), "No error");
}

}  // namespace
}  // namespace kosmo::http
