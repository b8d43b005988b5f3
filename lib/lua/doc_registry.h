#pragma once
// The documentation registry behind docs.list/search/read and lua_read_doc (product spec §3.3).
// Pages come from DocSources: the embedded guide pages (lua_docs/*.md) now, the integration
// catalog and MCP servers later. lib/lua knows no vendor; sources are plugged in by lib/cli.
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kosmo::lua {

// One searchable/listable item: a guide page, an integration, a function, an MCP tool.
struct DocEntry {
  std::string name;         // the page name docs.read accepts, e.g. "json", "sinch.get_group"
  std::string description;  // one line
  std::string section;      // index heading it is listed under, e.g. "Guides", "Integrations"
  // Ranked after every entry that is not (a function calling an endpoint its vendor does not
  // document): a search should lead to what the vendor supports.
  bool ranked_last = false;
};

class DocSource {
 public:
  virtual ~DocSource() = default;
  // The page text when this source owns `page`; page names arrive trimmed, as the user wrote
  // them (sources accept their own aliases, e.g. "integrations.sinch" and "sinch").
  virtual std::optional<std::string> read(std::string_view page) const = 0;
  // Everything this source can list and search.
  virtual std::vector<DocEntry> entries() const = 0;
};

class DocRegistry {
 public:
  void add(std::shared_ptr<const DocSource> source);

  // "" and "index" give the index page (entries grouped by section). Unknown pages give
  // "No docs found for '<page>'. Did you mean: a, b, c?" (never an error).
  std::string read(std::string_view page) const;
  // Markdown list of every entry, grouped by section.
  std::string list() const;
  // Lines "<name> - <description>" ranked by how well the query's words match names and
  // descriptions; "No docs match '<query>'." when nothing does.
  std::string search(std::string_view query) const;

  // The page when there is one (the index for "" and "index"); none for an unknown page, whose
  // read() text is the "No docs found ... Did you mean" message.
  std::optional<std::string> find(std::string_view page) const;
  // The entries search() lists, best first, at most `limit` of them (0: search()'s own cap).
  std::vector<DocEntry> search_entries(std::string_view query, size_t limit = 0) const;

 private:
  std::vector<std::shared_ptr<const DocSource>> sources_;
};

// The guide pages embedded from lua_docs/*.md (overview, errors, examples, json, regex, ...).
// Integration pages (lua_docs/integrations/) are embedded apart; the catalog source serves them.
std::shared_ptr<const DocSource> make_guide_doc_source();

}  // namespace kosmo::lua
