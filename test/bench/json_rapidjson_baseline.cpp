// The RapidJSON baseline of `scripts/bench json`: the same document json.decode and json.encode
// are timed on, through RapidJSON alone. Decoding is Document::Parse with the flags
// json.decode itself gives RapidJSON's reader (kDecodeFlags), so the gap measured is what
// building Lua values costs over building RapidJSON's own DOM; encoding is Writer (compact) and
// PrettyWriter (4-space indent, as json.encode's default) over a DOM parsed with numbers as
// numbers, since a DOM of number strings would write them quoted.
//   kosmo_bench_json_baseline FILE          prints the figures as one JSON line
//   kosmo_bench_json_baseline FILE decode   only reads and parses (peak RSS)
//   kosmo_bench_json_baseline FILE kept     as the first, but each encoding's output stays alive
//                                           until all three runs are done (see write())
// Times are process CPU time, as os.clock() in scripts/bench_json.lua.
#include <rapidjson/document.h>
#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <iterator>
#include <list>
#include <string>

#include "lib/lua/lua_json_internal.h"

namespace {

double cpu_seconds() {
  timespec now{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) / 1e9;
}

// Parses as json.decode does: in situ on a private copy (the copy is part of the time) when
// its flags say so, else straight from the text.
bool parse(const std::string& text, rapidjson::Document& document) {
  constexpr unsigned kFlags = kosmo::lua::json_detail::kDecodeFlags;
  if constexpr ((kFlags & rapidjson::kParseInsituFlag) != 0) {
    static std::string copy;
    copy = text;
    document.ParseInsitu<kFlags>(copy.data());
  } else {
    document.Parse<kFlags>(text.data(), text.size());
  }
  return !document.HasParseError();
}

// Seconds of the fastest of three runs (as scripts/bench_json.lua times json.encode); the size
// of the text written.
// By default each run's buffer is freed before the next, so runs two and three write into
// memory the first one touched. With `keep_outputs` every output stays alive, as json.encode's
// results do in the Lua script until the collector's next cycle, which a 20 MB result does not
// reach: each run then writes into memory the process never touched, which on a VM costs page
// faults the host must serve as well.
template <typename Writer>
double write(const rapidjson::Document& document, bool keep_outputs, size_t& size) {
  std::list<rapidjson::StringBuffer> outputs;
  double best = 1e300;
  for (int run = 0; run < 3; ++run) {
    if (!keep_outputs) outputs.clear();
    const double started = cpu_seconds();
    rapidjson::StringBuffer& buffer = outputs.emplace_back();
    Writer writer(buffer);
    if constexpr (requires { writer.SetIndent(' ', 4); }) writer.SetIndent(' ', 4);
    document.Accept(writer);
    size = buffer.GetSize();
    best = std::min(best, cpu_seconds() - started);
  }
  return best;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s FILE [decode|kept]\n", argv[0]);
    return 2;
  }
  std::ifstream file(argv[1], std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  while (!text.empty() && text.back() == '\n') text.pop_back();  // print() in the Lua dump
  if (!file.good() && !file.eof()) {
    std::perror(argv[1]);
    return 1;
  }
  const std::string mode = argc > 2 ? argv[2] : "";
  const bool decode_only = mode == "decode";
  const bool keep_outputs = mode == "kept";

  rapidjson::Document decoded;
  const double started = cpu_seconds();
  const bool ok = parse(text, decoded);
  const double parsed = cpu_seconds();
  if (!ok) {
    std::fprintf(stderr, "parse error at byte %zu\n", decoded.GetErrorOffset());
    return 1;
  }
  if (decode_only) {
    std::printf("%u\n", decoded.Size());
    return 0;
  }

  rapidjson::Document numbers;
  numbers.Parse<rapidjson::kParseFullPrecisionFlag>(text.data(), text.size());
  size_t compact = 0, pretty = 0;
  const double write_time =
      write<rapidjson::Writer<rapidjson::StringBuffer>>(numbers, keep_outputs, compact);
  const double pretty_time =
      write<rapidjson::PrettyWriter<rapidjson::StringBuffer>>(numbers, keep_outputs, pretty);
  if (compact == 0 || pretty <= compact) return 1;

  const double megabytes = static_cast<double>(text.size()) / 1e6;
  const double parse_time = parsed - started;
  std::printf(
      "{\"megabytes\": %.6f, \"decode_mb_per_s\": %.3f, \"encode_mb_per_s\": %.3f, "
      "\"pretty_encode_mb_per_s\": %.3f, \"round_trip_mb_per_s\": %.3f}\n",
      megabytes, megabytes / parse_time, megabytes / write_time, megabytes / pretty_time,
      megabytes / (parse_time + write_time));
  return 0;
}
