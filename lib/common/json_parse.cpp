#include "lib/common/json_parse.h"

#include <rapidjson/error/en.h>
#include <rapidjson/memorystream.h>
#include <rapidjson/reader.h>

#include <cstring>

#include "lib/common/json_number.h"

namespace kosmo {
namespace {

using rapidjson::SizeType;

// Passes SAX events on to the document being built, converting numbers itself and refusing to
// open a container past the depth limit.
class BoundedExactHandler {
 public:
  explicit BoundedExactHandler(rapidjson::Document& document) : document_(document) {}

  bool Null() { return document_.Null(); }
  bool Bool(bool b) { return document_.Bool(b); }
  bool RawNumber(const char* text, SizeType length, bool) {
    const auto number = read_json_number({text, length});
    if (!number) return false;
    if (const auto* integer = std::get_if<int64_t>(&*number)) return document_.Int64(*integer);
    if (const auto* big = std::get_if<uint64_t>(&*number)) return document_.Uint64(*big);
    return document_.Double(std::get<double>(*number));
  }
  // Numbers all arrive as text (kParseNumbersAsStringsFlag); these complete the interface.
  bool Int(int i) { return document_.Int(i); }
  bool Uint(unsigned u) { return document_.Uint(u); }
  bool Int64(int64_t i) { return document_.Int64(i); }
  bool Uint64(uint64_t u) { return document_.Uint64(u); }
  bool Double(double d) { return document_.Double(d); }
  bool String(const char* text, SizeType length, bool copy) {
    return document_.String(text, length, copy);
  }
  bool Key(const char* text, SizeType length, bool copy) {
    return document_.Key(text, length, copy);
  }
  bool StartObject() { return ++depth_ <= kMaxJsonDepth && document_.StartObject(); }
  bool EndObject(SizeType count) {
    --depth_;
    return document_.EndObject(count);
  }
  bool StartArray() { return ++depth_ <= kMaxJsonDepth && document_.StartArray(); }
  bool EndArray(SizeType count) {
    --depth_;
    return document_.EndArray(count);
  }

  bool too_deep() const { return depth_ > kMaxJsonDepth; }

 private:
  rapidjson::Document& document_;
  int depth_ = 0;
};

// One Reader::Parse per dialect and stream: RapidJSON takes its flags as a template argument.
template <unsigned kDialectFlags, typename Stream>
rapidjson::ParseResult parse_bounded(Stream& stream, rapidjson::Document& document) {
  constexpr unsigned kFlags =
      rapidjson::kParseIterativeFlag | rapidjson::kParseNumbersAsStringsFlag | kDialectFlags;
  rapidjson::ParseResult result;
  bool too_deep = false;
  auto generate = [&](rapidjson::Document& target) {
    BoundedExactHandler handler(target);
    rapidjson::Reader reader;
    result = reader.Parse<kFlags>(stream, handler);
    too_deep = handler.too_deep();
    return !result.IsError();
  };
  document.SetNull();
  document.Populate(generate);
  // A number out of double range stops the handler too; RapidJSON's own code for it says so.
  if (result.Code() == rapidjson::kParseErrorTermination && !too_deep) {
    result.Set(rapidjson::kParseErrorNumberTooBig, result.Offset());
  }
  return result;
}

template <typename Stream>
rapidjson::ParseResult parse_dialect(Stream& stream, rapidjson::Document& document,
                                     JsonDialect dialect) {
  if (dialect == JsonDialect::kJsonc) {
    return parse_bounded<rapidjson::kParseCommentsFlag | rapidjson::kParseTrailingCommasFlag>(
        stream, document);
  }
  return parse_bounded<0>(stream, document);
}

}  // namespace

rapidjson::ParseResult parse_json(std::string_view text, rapidjson::Document& document,
                                  JsonDialect dialect) {
  rapidjson::MemoryStream bytes(text.data(), text.size());
  rapidjson::EncodedInputStream<rapidjson::UTF8<>, rapidjson::MemoryStream> stream(bytes);
  return parse_dialect(stream, document, dialect);
}

rapidjson::ParseResult parse_json_terminated(const std::string& text, rapidjson::Document& document,
                                             JsonDialect dialect) {
  // The terminated stream takes a NUL byte for the end of the text; a text holding one is read
  // the counted way, so that both read every text alike.
  if (std::memchr(text.data(), '\0', text.size()) != nullptr) {
    return parse_json(std::string_view(text), document, dialect);
  }
  rapidjson::StringStream stream(text.c_str());
  return parse_dialect(stream, document, dialect);
}

std::string describe_json_error(const rapidjson::ParseResult& result) {
  if (result.Code() == rapidjson::kParseErrorTermination) {
    return "Nested deeper than " + std::to_string(kMaxJsonDepth) + " levels.";
  }
  return rapidjson::GetParseError_En(result.Code());
}

}  // namespace kosmo
