// Loading a --replay cassette from arbitrary text: load_cassette either returns interactions or
// throws CassetteError (config_error, exit 5); any other exception or crash is a finding.
//
// A loaded cassette must also survive --record's writer: rendering it and loading the rendering
// must keep every request's matching key (scope, method, path, query, canonical body), or a
// recorded run would miss on replay, and rendering must then be a fixed point.
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include "lib/http/cassette.h"
#include "lib/http/redactor.h"

namespace {

using namespace kosmo::http;

void check(bool condition) {
  if (!condition) std::abort();
}

// load_cassette reads a file, as --replay does: the input goes through one scratch file per
// process (libFuzzer -jobs runs several), removed at exit.
class ScratchFile {
 public:
  ScratchFile()
      : path_(std::filesystem::temp_directory_path() /
              ("kosmo-fuzz-cassette-" + std::to_string(getpid()) + ".json")) {}
  ~ScratchFile() {
    std::error_code ignored;
    std::filesystem::remove(path_, ignored);
  }

  std::vector<Interaction> load(std::string_view text) const {
    {
      std::ofstream out(path_, std::ios::binary | std::ios::trunc);
      out.write(text.data(), static_cast<std::streamsize>(text.size()));
    }
    return load_cassette(path_);
  }

 private:
  std::filesystem::path path_;
};

bool same_matching_keys(const CassetteRequest& a, const CassetteRequest& b) {
  return a.scope == b.scope && a.method == b.method && a.path == b.path && a.query == b.query &&
         a.body == b.body;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const ScratchFile scratch;
  std::vector<Interaction> loaded;
  try {
    loaded = scratch.load({reinterpret_cast<const char*>(data), size});
  } catch (const CassetteError&) {
    return 0;  // the documented way to refuse a cassette
  }
  const Redactor no_secrets;
  const std::string rendered = render_cassette(loaded, no_secrets);
  const std::vector<Interaction> reloaded = scratch.load(rendered);  // must not throw
  check(reloaded.size() == loaded.size());
  for (size_t i = 0; i < loaded.size(); ++i) {
    if (same_matching_keys(loaded[i].request, reloaded[i].request)) continue;
    std::fprintf(stderr, "interaction %zu: request body %s became %s after recording\n", i,
                 loaded[i].request.body.c_str(), reloaded[i].request.body.c_str());
    std::abort();
  }
  check(render_cassette(reloaded, no_secrets) == rendered);
  return 0;
}
