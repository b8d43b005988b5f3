#include "lib/lua/regex_matcher.h"

#include <new>
#include <string>
#include <utility>

namespace kosmo::lua {
namespace {

[[noreturn]] void throw_match_error(int rc, pcre2_match_data* data) {
  switch (rc) {
    case PCRE2_ERROR_MATCHLIMIT:
    case PCRE2_ERROR_DEPTHLIMIT:
    case PCRE2_ERROR_HEAPLIMIT:
    case PCRE2_ERROR_JIT_STACKLIMIT:
      throw RegexError("backtracking limit exceeded");
    case PCRE2_ERROR_BADUTFOFFSET:
      throw RegexError("offset is not at the start of a UTF-8 character");
    case PCRE2_ERROR_NOMEMORY:
      throw std::bad_alloc();
    default:
      break;
  }
  if (rc <= PCRE2_ERROR_UTF8_ERR1 && rc >= PCRE2_ERROR_UTF8_ERR21) {
    // For UTF errors PCRE2 reports where the bad sequence starts through the start-char slot.
    throw RegexError("malformed UTF-8 in subject at offset " +
                     std::to_string(pcre2_get_startchar(data)));
  }
  PCRE2_UCHAR buffer[256];
  if (pcre2_get_error_message(rc, buffer, sizeof buffer) < 0) {
    throw RegexError("match error " + std::to_string(rc));
  }
  throw RegexError(reinterpret_cast<const char*>(buffer));
}

}  // namespace

pcre2_match_context* MatchContext::get() const {
  if (context_) return context_.get();
  std::unique_ptr<pcre2_match_context, Free> context(pcre2_match_context_create(nullptr));
  if (!context) throw std::bad_alloc();
  pcre2_set_match_limit(context.get(), kRegexMatchLimit);
  pcre2_set_depth_limit(context.get(), kRegexDepthLimit);
  pcre2_set_heap_limit(context.get(), kRegexHeapLimitKiB);
  // Without JIT support there is no stack to create; patterns then never run under JIT.
  jit_stack_.reset(
      pcre2_jit_stack_create(kRegexJitStackStartBytes, kRegexJitStackMaxBytes, nullptr));
  if (jit_stack_) pcre2_jit_stack_assign(context.get(), nullptr, jit_stack_.get());
  context_ = std::move(context);
  return context_.get();
}

Matcher::Matcher(const CompiledPattern& pattern, std::string_view subject, size_t start,
                 const MatchContext& context)
    : pattern_(pattern),
      subject_(subject),
      context_(context),
      data_(pcre2_match_data_create_from_pattern(pattern.code(), nullptr)),
      offset_(start) {
  if (!data_) throw std::bad_alloc();
}

bool Matcher::next() {
  if (done_) return false;
  int rc = PCRE2_ERROR_NOMATCH;
  if (retry_empty_) {
    retry_empty_ = false;
    rc = run(offset_, PCRE2_NOTEMPTY_ATSTART | PCRE2_ANCHORED);
    if (rc == PCRE2_ERROR_NOMATCH) {
      if (offset_ >= subject_.size()) {
        done_ = true;
        return false;
      }
      offset_ = next_character(offset_);
    }
  }
  if (rc == PCRE2_ERROR_NOMATCH) rc = run(offset_, 0);
  if (rc == PCRE2_ERROR_NOMATCH) {
    done_ = true;
    return false;
  }
  // rc == 0 would mean the ovector is too small, impossible with match data sized from the
  // pattern; treat it as "all groups" rather than trusting it blindly.
  count_ = rc > 0 ? static_cast<uint32_t>(rc) : pattern_.group_count();
  offset_ = match_end();
  retry_empty_ = match_start() == match_end();
  return true;
}

// Returns a match count (>= 0) or PCRE2_ERROR_NOMATCH; every other outcome throws.
int Matcher::run(size_t offset, uint32_t options) {
  // PCRE2 validates the whole remaining subject on the first call; later calls skip it.
  if (checked_utf_) options |= PCRE2_NO_UTF_CHECK;
  auto* subject = reinterpret_cast<PCRE2_SPTR>(subject_.data());
  int rc = pcre2_match(pattern_.code(), subject, subject_.size(), offset, options, data_.get(),
                       context_.get());
  if (rc == PCRE2_ERROR_JIT_STACKLIMIT) {
    rc = pcre2_match(pattern_.code(), subject, subject_.size(), offset, options | PCRE2_NO_JIT,
                     data_.get(), context_.get());
  }
  if (rc < 0 && rc != PCRE2_ERROR_NOMATCH) throw_match_error(rc, data_.get());
  checked_utf_ = true;
  return rc;
}

size_t Matcher::next_character(size_t offset) const {
  ++offset;
  if (pattern_.utf()) {
    while (offset < subject_.size() &&
           (static_cast<unsigned char>(subject_[offset]) & 0xC0) == 0x80) {
      ++offset;
    }
  }
  return offset;
}

std::string_view Matcher::group(uint32_t group) const {
  if (group >= count_) return {};
  const PCRE2_SIZE* ovector = pcre2_get_ovector_pointer(data_.get());
  PCRE2_SIZE begin = ovector[2 * group];
  PCRE2_SIZE end = ovector[2 * group + 1];
  if (begin == PCRE2_UNSET || end < begin) return {};
  return subject_.substr(begin, end - begin);
}

bool Matcher::group_set(uint32_t group) const {
  if (group >= count_) return false;
  return pcre2_get_ovector_pointer(data_.get())[2 * group] != PCRE2_UNSET;
}

long long Matcher::group_offset(uint32_t group) const {
  if (!group_set(group)) return -1;
  return static_cast<long long>(pcre2_get_ovector_pointer(data_.get())[2 * group]);
}

size_t Matcher::match_start() const { return pcre2_get_ovector_pointer(data_.get())[0]; }

size_t Matcher::match_end() const { return pcre2_get_ovector_pointer(data_.get())[1]; }

}  // namespace kosmo::lua
