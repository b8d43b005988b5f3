#pragma once
// Behaviour switches of the fake MCP server, from its command line and from the environment
// variable FAKE_MCP_OPTIONS (same syntax, whitespace-separated; useful when the command line is
// fixed by a config file). Every switch exists to provoke one client behaviour a test checks.
// The --oauth switches (HTTP only) make the server its own OAuth 2.1 authorization server and
// /mcp a protected resource demanding its bearer tokens (fake_oauth.h).
#include <cstdlib>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace kosmo::fake_mcp {

struct Options {
  bool http = false;           // --http: Streamable HTTP on 127.0.0.1 ("PORT <n>" on stdout)
  int slow_start_ms = 0;       // --slow-start MS: sleep before reading anything
  bool banner = false;         // --banner: a non-JSON line on stdout before any message
  bool no_initialize = false;  // --no-initialize: never answer initialize
  bool split_writes = false;   // --split-writes: each line in 3 writes, 30 ms apart
  int page_size = 0;           // --page-size N: tools/list pages of N tools (0: one page)
  bool repeat_cursor = false;  // --repeat-cursor: every page points at the same cursor
  bool ping_first = false;     // --ping-first: ping the client before each tools/call answer
  // --ask-first WHAT (repeatable): before each tools/call answer, ask the client `roots`
  // (roots/list), `elicit` (elicitation/create whose required field has a default),
  // `elicit-required` (one required field without a default) or `sample`
  // (sampling/createMessage); inspect shows the answers.
  std::vector<std::string> ask_first;
  int progress = 0;             // --progress N: notifications/progress before tools/call answers
  int progress_gap_ms = 100;    // --progress-gap MS: the time before each of them
  bool ignore_sigterm = false;  // --ignore-sigterm: ignore SIGTERM and survive stdin EOF
  bool chatty = false;          // --chatty: a notification and a stray response before answers
  bool sse = false;             // --sse: HTTP answers as SSE (priming event, notification, answer)
  int expire_after = 0;         // --expire-after N: HTTP 404 once a session served N requests
  // --expire-status 400: answer a forgotten session as the official SDKs' servers do, 400 "Bad
  // Request: No valid session ID provided", instead of 404.
  int expire_status = 404;
  // --drop-stream (HTTP, --sse): a tools/call stream ends after its priming event (id and
  // `retry: 300`); its answer comes on the GET that resumes it with that Last-Event-ID, a stream
  // the server then keeps open. A GET that resumes nothing is answered 405.
  bool drop_stream = false;
  // --ask-via-get (HTTP, --sse): --ping-first and --ask-first questions go out on the session's
  // GET stream, as the official SDKs send a server's requests that name no related request,
  // while the tools/call stream waits for their answers.
  bool ask_via_get = false;
  std::string protocol_version;  // --protocol-version V: answer V to initialize
  bool bare = false;             // --bare: declare the tools capability only
  bool grandchild = false;       // --grandchild: fork a sleeper into the process group
  int stderr_bytes = 0;          // --stderr-bytes N: write N bytes to stderr before serving
  std::string stderr_env;        // --stderr-env NAME: write "NAME=<its value>" to stderr first
  // --oauth (needs --http): /mcp requires "Authorization: Bearer <token>" issued by the server's
  // own authorization server (metadata, /register, /authorize, /token; fake_oauth.h).
  bool oauth = false;
  std::string oauth_scope = "mcp:tools";  // --oauth-scope S: the scope /mcp names and grants
  int token_ttl = 3600;                   // --token-ttl S: access-token lifetime in seconds
  bool revoke_refresh = false;            // --revoke-refresh: every refresh token is refused
  // --oauth-client ID:SECRET: a pre-registered client (public when SECRET is empty), the only
  // one allowed the client_credentials grant (and then only with its secret).
  std::string oauth_client_id;
  std::string oauth_client_secret;
  // --oauth-resource URL: the resource the protected resource metadata claims, instead of
  // <base>/mcp (a lying server the client must refuse; /authorize still wants <base>/mcp).
  std::string oauth_resource;
};

inline const std::string& text_after(const std::vector<std::string>& words, size_t& i) {
  if (i + 1 >= words.size()) throw std::invalid_argument(words[i] + " needs a value");
  return words[++i];
}

inline int number_after(const std::vector<std::string>& words, size_t& i) {
  if (i + 1 >= words.size()) throw std::invalid_argument(words[i] + " needs a value");
  return std::stoi(words[++i]);
}

inline void apply_words(Options& options, const std::vector<std::string>& words) {
  for (size_t i = 0; i < words.size(); ++i) {
    const std::string& word = words[i];
    if (word == "--http")
      options.http = true;
    else if (word == "--slow-start")
      options.slow_start_ms = number_after(words, i);
    else if (word == "--banner")
      options.banner = true;
    else if (word == "--no-initialize")
      options.no_initialize = true;
    else if (word == "--split-writes")
      options.split_writes = true;
    else if (word == "--page-size")
      options.page_size = number_after(words, i);
    else if (word == "--repeat-cursor")
      options.repeat_cursor = true;
    else if (word == "--ping-first")
      options.ping_first = true;
    else if (word == "--ask-first" && i + 1 < words.size())
      options.ask_first.push_back(words[++i]);
    else if (word == "--progress")
      options.progress = number_after(words, i);
    else if (word == "--progress-gap")
      options.progress_gap_ms = number_after(words, i);
    else if (word == "--ignore-sigterm")
      options.ignore_sigterm = true;
    else if (word == "--chatty")
      options.chatty = true;
    else if (word == "--sse")
      options.sse = true;
    else if (word == "--expire-after")
      options.expire_after = number_after(words, i);
    else if (word == "--expire-status")
      options.expire_status = number_after(words, i);
    else if (word == "--drop-stream")
      options.drop_stream = true;
    else if (word == "--ask-via-get")
      options.ask_via_get = true;
    else if (word == "--bare")
      options.bare = true;
    else if (word == "--grandchild")
      options.grandchild = true;
    else if (word == "--stderr-bytes")
      options.stderr_bytes = number_after(words, i);
    else if (word == "--stderr-env" && i + 1 < words.size())
      options.stderr_env = words[++i];
    else if (word == "--oauth")
      options.oauth = true;
    else if (word == "--oauth-scope")
      options.oauth_scope = text_after(words, i);
    else if (word == "--token-ttl")
      options.token_ttl = number_after(words, i);
    else if (word == "--revoke-refresh")
      options.revoke_refresh = true;
    else if (word == "--oauth-client") {
      const std::string& client = text_after(words, i);
      const size_t colon = client.find(':');
      if (colon == std::string::npos || colon == 0) {
        throw std::invalid_argument("--oauth-client needs ID:SECRET");
      }
      options.oauth_client_id = client.substr(0, colon);
      options.oauth_client_secret = client.substr(colon + 1);
    } else if (word == "--oauth-resource")
      options.oauth_resource = text_after(words, i);
    else if (word == "--protocol-version" && i + 1 < words.size()) {
      options.protocol_version = words[++i];
    } else {
      throw std::invalid_argument("unknown option " + word);
    }
  }
}

inline Options parse_options(int argc, char** argv) {
  Options options;
  if (const char* extra = std::getenv("FAKE_MCP_OPTIONS")) {
    std::istringstream stream(extra);
    std::vector<std::string> words;
    for (std::string word; stream >> word;) words.push_back(word);
    apply_words(options, words);
  }
  apply_words(options, std::vector<std::string>(argv + 1, argv + argc));
  if (options.oauth && !options.http) throw std::invalid_argument("--oauth needs --http");
  if (options.token_ttl <= 0) throw std::invalid_argument("--token-ttl needs a positive number");
  return options;
}

}  // namespace kosmo::fake_mcp
