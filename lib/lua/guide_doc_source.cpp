// The guide pages (lua_docs/*.md) as a DocSource.
#include <algorithm>
#include <cctype>

#include "lib/common/error_codes.h"
#include "lib/common/text.h"
#include "lib/embedded/embedded_files.h"
#include "lib/lua/doc_registry.h"

namespace kosmo::lua {
namespace {

constexpr std::string_view kSection = "Guides";

// Sections a guide page takes from the code instead of repeating it: a line that is exactly the
// marker is replaced by the generated text, so the docs cannot drift from the table they show.
struct GeneratedSection {
  std::string_view marker;
  std::string (*text)();
};
constexpr GeneratedSection kGeneratedSections[] = {
    {"{{exit_codes}}\n", exit_code_table_markdown},
    {"{{error_codes}}\n", error_code_table_markdown},
};

std::string with_generated_sections(std::string_view text) {
  std::string page(text);
  for (const GeneratedSection& section : kGeneratedSections) {
    const size_t at = page.find(section.marker);
    if (at != std::string::npos) page.replace(at, section.marker.size(), section.text());
  }
  return page;
}
constexpr std::string_view kExtension = ".md";

struct GuidePage {
  std::string name;  // file name without ".md", lower case
  std::string_view text;  // embedded, lives as long as the program
};

// The first paragraph of prose, joined into one line: every page opens with "# Title" and a
// one-sentence summary, which is what the index and search show.
std::string summary_of(std::string_view text) {
  std::string summary;
  while (!text.empty()) {
    const size_t end = std::min(text.find('\n'), text.size());
    const std::string_view line = trim_space(text.substr(0, end));
    text.remove_prefix(std::min(end + 1, text.size()));
    if (line.empty() || line.starts_with("#")) {
      if (!summary.empty()) break;
      continue;
    }
    if (line.starts_with("```")) break;
    if (!summary.empty()) summary += ' ';
    summary.append(line);
  }
  return summary;
}

class GuideDocSource final : public DocSource {
 public:
  // Only the names are taken here: every sandbox builds this source, and reading the pages'
  // summaries would touch ~100 KB of embedded text that most runs never show.
  GuideDocSource() {
    for (const embedded::EmbeddedFile& file : embedded::lua_docs()) {
      if (!file.name.ends_with(kExtension)) continue;
      std::string name = ascii_lower(file.name.substr(0, file.name.size() - kExtension.size()));
      pages_.push_back({std::move(name), file.contents});
    }
  }

  std::optional<std::string> read(std::string_view page) const override {
    const std::string wanted = ascii_lower(page);
    for (const GuidePage& guide : pages_) {
      if (guide.name == wanted) return with_generated_sections(guide.text);
    }
    return std::nullopt;
  }

  std::vector<DocEntry> entries() const override {
    std::vector<DocEntry> entries;
    for (const GuidePage& guide : pages_) {
      entries.push_back({guide.name, summary_of(guide.text), std::string(kSection)});
    }
    return entries;
  }

 private:
  std::vector<GuidePage> pages_;  // sorted by name, as embedded
};

}  // namespace

std::shared_ptr<const DocSource> make_guide_doc_source() {
  return std::make_shared<const GuideDocSource>();
}

}  // namespace kosmo::lua
