#include "lib/common/suggest.h"

#include <algorithm>
#include <cctype>
#include <set>
#include <tuple>

#include "lib/common/text.h"

namespace kosmo {
namespace {

// Lower tiers rank first; within a tier the smaller edit distance wins.
enum Tier { kExact = 0, kPrefix = 1, kSubstring = 2, kEdit = 3 };

// Levenshtein distance with two rolling rows: names are short, so O(n*m) is fine.
size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<size_t> previous(b.size() + 1);
  std::vector<size_t> current(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) previous[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    current[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      current[j] = std::min({previous[j] + 1, current[j - 1] + 1, substitution});
    }
    std::swap(previous, current);
  }
  return previous[b.size()];
}

// Distance to the whole candidate or, for dotted names such as "sinch.get_group", to its last
// segment, so "get_grup" still finds the function without typing the namespace.
size_t name_distance(std::string_view wanted, std::string_view candidate) {
  size_t best = edit_distance(wanted, candidate);
  const size_t dot = candidate.rfind('.');
  if (dot != std::string_view::npos && wanted.find('.') == std::string_view::npos) {
    best = std::min(best, edit_distance(wanted, candidate.substr(dot + 1)));
  }
  return best;
}

// How many edits still count as a typo. A prefix shared with the candidate (a namespace such as
// "sinch.") is no evidence of similarity, so only the rest of `wanted` sets the budget.
size_t allowed_distance(std::string_view wanted, std::string_view candidate) {
  const auto [wanted_end, candidate_end] =
      std::mismatch(wanted.begin(), wanted.end(), candidate.begin(), candidate.end());
  const size_t rest = static_cast<size_t>(wanted.end() - wanted_end);
  return std::max<size_t>(2, rest / 2);
}

struct Ranked {
  Tier tier;
  size_t distance;
  std::string name;
  bool operator<(const Ranked& other) const {
    return std::tie(tier, distance, name) < std::tie(other.tier, other.distance, other.name);
  }
};

}  // namespace

std::vector<std::string> nearest_names(std::string_view wanted,
                                       const std::vector<std::string>& candidates, size_t max) {
  const std::string needle = ascii_lower(wanted);
  if (needle.empty() || max == 0) return {};

  std::vector<Ranked> ranked;
  std::set<std::string> seen;
  for (const std::string& candidate : candidates) {
    if (candidate.empty() || !seen.insert(candidate).second) continue;
    const std::string hay = ascii_lower(candidate);
    const size_t distance = name_distance(needle, hay);
    Tier tier = kEdit;
    if (hay == needle) {
      tier = kExact;
    } else if (hay.starts_with(needle)) {
      tier = kPrefix;
    } else if (hay.find(needle) != std::string::npos) {
      tier = kSubstring;
    } else if (distance > allowed_distance(needle, hay)) {
      continue;
    }
    ranked.push_back({tier, distance, candidate});
  }
  std::sort(ranked.begin(), ranked.end());

  std::vector<std::string> names;
  for (size_t i = 0; i < ranked.size() && i < max; ++i) names.push_back(ranked[i].name);
  return names;
}

}  // namespace kosmo
