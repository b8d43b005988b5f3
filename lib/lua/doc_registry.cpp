#include "lib/lua/doc_registry.h"

#include <algorithm>
#include <cctype>
#include <set>
#include <utility>

#include "lib/common/suggest.h"
#include "lib/common/text.h"

namespace kosmo::lua {
namespace {

// docs.search answers with at most this many lines; a longer list is noise for a reader.
constexpr size_t kMaxSearchResults = 20;

// Search weights: a hit in the name says more than one in the description, and a whole word
// more than a fragment of one.
constexpr int kNameWordScore = 10;
constexpr int kNameSubstringScore = 6;
constexpr int kDescriptionWordScore = 3;
constexpr int kDescriptionSubstringScore = 1;
constexpr int kExactNameBonus = 20;

// Splits lowercased text into runs of characters for which `keep` holds.
template <typename Keep>
std::vector<std::string> split_words(std::string_view text, Keep keep) {
  std::vector<std::string> words;
  std::string word;
  for (char c : text) {
    if (keep(static_cast<unsigned char>(c))) {
      word.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    } else if (!word.empty()) {
      words.push_back(std::move(word));
      word.clear();
    }
  }
  if (!word.empty()) words.push_back(std::move(word));
  return words;
}

bool is_word_char(unsigned char c) { return std::isalnum(c) || c == '_'; }
bool is_alnum(unsigned char c) { return std::isalnum(c) != 0; }

// The words of a name: its dotted segments ("sinch", "get_group") and their parts ("get",
// "group"), so both "get_group" and "group" count as whole-word hits.
std::set<std::string> name_words(std::string_view name) {
  std::set<std::string> words;
  for (auto& w : split_words(name, is_word_char)) words.insert(std::move(w));
  for (auto& w : split_words(name, is_alnum)) words.insert(std::move(w));
  return words;
}

int score_entry(const DocEntry& entry, const std::vector<std::string>& query_words,
                std::string_view whole_query) {
  const std::string name = ascii_lower(entry.name);
  const std::string description = ascii_lower(entry.description);
  const std::set<std::string> in_name = name_words(name);
  const std::vector<std::string> desc_list = split_words(description, is_word_char);
  const std::set<std::string> in_description(desc_list.begin(), desc_list.end());

  int score = name == whole_query ? kExactNameBonus : 0;
  for (const std::string& word : query_words) {
    if (in_name.count(word)) {
      score += kNameWordScore;
    } else if (name.find(word) != std::string::npos) {
      score += kNameSubstringScore;
    }
    if (in_description.count(word)) {
      score += kDescriptionWordScore;
    } else if (description.find(word) != std::string::npos) {
      score += kDescriptionSubstringScore;
    }
  }
  return score;
}

std::string entry_line(const DocEntry& entry, std::string_view separator) {
  std::string line = entry.name;
  if (!entry.description.empty()) line.append(separator).append(entry.description);
  return line;
}

std::string join(const std::vector<std::string>& items, std::string_view separator) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out.append(separator);
    out.append(items[i]);
  }
  return out;
}

using Sources = std::vector<std::shared_ptr<const DocSource>>;

// Entries of all sources in source order; a name listed twice (case-insensitively) keeps its
// first entry, the same one read() would serve.
std::vector<DocEntry> all_entries(const Sources& sources) {
  std::vector<DocEntry> all;
  std::set<std::string> seen;
  for (const auto& source : sources) {
    for (DocEntry& entry : source->entries()) {
      if (seen.insert(ascii_lower(entry.name)).second) all.push_back(std::move(entry));
    }
  }
  return all;
}

std::string list_entries(const std::vector<DocEntry>& entries) {
  // Sections appear in the order their first entry does, so sources control the layout.
  std::vector<std::pair<std::string, std::vector<std::string>>> sections;
  for (const DocEntry& entry : entries) {
    auto it = std::find_if(sections.begin(), sections.end(),
                           [&](const auto& s) { return s.first == entry.section; });
    if (it == sections.end()) it = sections.insert(sections.end(), {entry.section, {}});
    it->second.push_back("- " + entry_line(entry, " — "));
  }
  if (sections.empty()) return "No docs available.\n";

  std::string out;
  for (const auto& [section, lines] : sections) {
    if (!out.empty()) out += "\n";
    out += "## " + (section.empty() ? std::string("Other") : section) + "\n\n";
    for (const std::string& line : lines) out += line + "\n";
  }
  return out;
}

std::string index_page(const Sources& sources) {
  return "# kosmo Lua docs\n\n"
         "Read a page with docs.read(\"<name>\"); find pages and functions with "
         "docs.search(\"<words>\").\n\n" +
         list_entries(all_entries(sources));
}

}  // namespace

void DocRegistry::add(std::shared_ptr<const DocSource> source) {
  if (source) sources_.push_back(std::move(source));
}

std::optional<std::string> DocRegistry::find(std::string_view page) const {
  const std::string_view wanted = trim_space(page);
  const std::string folded = ascii_lower(wanted);
  if (folded.empty() || folded == "index") return index_page(sources_);
  // As written first (MCP server names keep their case), then folded for case-insensitivity.
  for (std::string_view candidate : {wanted, std::string_view(folded)}) {
    for (const auto& source : sources_) {
      if (auto text = source->read(candidate)) return text;
    }
    if (folded == wanted) break;
  }
  return std::nullopt;
}

std::string DocRegistry::read(std::string_view page) const {
  if (std::optional<std::string> text = find(page)) return std::move(*text);
  const std::string_view wanted = trim_space(page);
  std::vector<std::string> names;
  for (const DocEntry& entry : all_entries(sources_)) names.push_back(entry.name);
  std::string message = "No docs found for '" + std::string(wanted) + "'.";
  const std::vector<std::string> suggestions = nearest_names(wanted, names);
  if (!suggestions.empty()) message += " Did you mean: " + join(suggestions, ", ") + "?";
  return message;
}

std::string DocRegistry::list() const { return list_entries(all_entries(sources_)); }

std::vector<DocEntry> DocRegistry::search_entries(std::string_view query, size_t limit) const {
  const std::string whole = ascii_lower(trim_space(query));
  const std::vector<std::string> words =
      split_words(whole, [](unsigned char c) { return !std::isspace(c); });
  std::vector<std::pair<int, DocEntry>> hits;
  if (!words.empty()) {
    for (DocEntry& entry : all_entries(sources_)) {
      const int score = score_entry(entry, words, whole);
      if (score > 0) hits.emplace_back(score, std::move(entry));
    }
  }
  std::stable_sort(hits.begin(), hits.end(), [](const auto& a, const auto& b) {
    if (a.second.ranked_last != b.second.ranked_last) return b.second.ranked_last;
    return a.first != b.first ? a.first > b.first : a.second.name < b.second.name;
  });
  if (limit == 0) limit = kMaxSearchResults;
  std::vector<DocEntry> found;
  for (size_t i = 0; i < hits.size() && i < limit; ++i) found.push_back(std::move(hits[i].second));
  return found;
}

std::string DocRegistry::search(std::string_view query) const {
  const std::vector<DocEntry> found = search_entries(query);
  if (found.empty()) return "No docs match '" + std::string(trim_space(query)) + "'.";
  std::vector<std::string> lines;
  for (const DocEntry& entry : found) lines.push_back(entry_line(entry, " - "));
  return join(lines, "\n");
}

}  // namespace kosmo::lua
