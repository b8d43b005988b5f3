/* kosmo_mcp_echo: the smallest MCP stdio server that answers what `scripts/bench mcp` asks, so
 * that the server is not what the benchmark measures.
 *
 *   kosmo_mcp_echo      newline-delimited JSON-RPC on stdin/stdout, one tool: echo {message}
 *
 * It does no JSON parsing: it finds "id", "method" and "message" by scanning the line and copies
 * them as raw JSON text. That holds for the benchmark's clients (kosmo, scripts/bench_mcp_raw.py,
 * scripts/mcp_warm_calls.mjs), which write compact JSON with "id" and "method" before "params";
 * it is no general server, and the tests use kosmo_fake_mcp. Input is read in large blocks and
 * every answer is one write(), so per message it costs one read and one write. It exits at EOF. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { kInputBlock = 64 * 1024 };

static char* input;
static size_t input_size, input_used;
static char* output;
static size_t output_size;

static void* grow(void* buffer, size_t* size, size_t wanted) {
  if (wanted <= *size) return buffer;
  size_t next = *size ? *size : 4096;
  while (next < wanted) next *= 2;
  void* bigger = realloc(buffer, next);
  if (!bigger) {
    fputs("kosmo_mcp_echo: out of memory\n", stderr);
    exit(1);
  }
  *size = next;
  return bigger;
}

static void write_all(const char* text, size_t length) {
  while (length > 0) {
    ssize_t n = write(STDOUT_FILENO, text, length);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) exit(0); /* the client has gone */
    text += n;
    length -= (size_t)n;
  }
}

/* The end of the JSON value starting at `at` (a string or a scalar), within [at, end). */
static const char* value_end(const char* at, const char* end) {
  if (at < end && *at == '"') {
    for (const char* p = at + 1; p < end; ++p) {
      if (*p == '\\') {
        ++p;
      } else if (*p == '"') {
        return p + 1;
      }
    }
    return end;
  }
  const char* p = at;
  while (p < end && *p != ',' && *p != '}' && *p != ']' && *p != ' ') ++p;
  return p;
}

/* The raw value of the first "key": in the line, or NULL; its length in *length. */
static const char* find_value(const char* line, const char* end, const char* key,
                              size_t* length) {
  size_t key_length = strlen(key);
  for (const char* p = line; p + key_length + 3 <= end; ++p) {
    p = memchr(p, '"', (size_t)(end - p));
    if (!p || p + key_length + 3 > end) return NULL;
    if (memcmp(p + 1, key, key_length) != 0 || p[key_length + 1] != '"') continue;
    const char* value = p + key_length + 2;
    while (value < end && (*value == ' ' || *value == ':')) ++value;
    *length = (size_t)(value_end(value, end) - value);
    return value;
  }
  return NULL;
}

static int is_method(const char* method, size_t length, const char* wanted) {
  size_t wanted_length = strlen(wanted);
  return length == wanted_length + 2 && memcmp(method + 1, wanted, wanted_length) == 0;
}

/* Appends to the output buffer at *used. */
static void put(size_t* used, const char* text, size_t length) {
  output = grow(output, &output_size, *used + length + 1);
  memcpy(output + *used, text, length);
  *used += length;
}

static void put_text(size_t* used, const char* text) { put(used, text, strlen(text)); }

static void answer(const char* line, const char* end) {
  size_t method_length = 0, id_length = 0;
  const char* method = find_value(line, end, "method", &method_length);
  if (!method || method_length < 2 || *method != '"') return; /* a response: nothing to say */
  const char* id = find_value(line, end, "id", &id_length);
  if (!id) return; /* a notification */
  size_t used = 0;
  put_text(&used, "{\"jsonrpc\":\"2.0\",\"id\":");
  put(&used, id, id_length);
  if (is_method(method, method_length, "tools/call")) {
    size_t message_length = 0;
    const char* message = find_value(line, end, "message", &message_length);
    put_text(&used, ",\"result\":{\"content\":[{\"type\":\"text\",\"text\":");
    if (message && message_length >= 2 && *message == '"') {
      put(&used, message, message_length);
    } else {
      put_text(&used, "\"\"");
    }
    put_text(&used, "}]}}\n");
  } else if (is_method(method, method_length, "initialize")) {
    size_t version_length = 0;
    const char* version = find_value(line, end, "protocolVersion", &version_length);
    put_text(&used, ",\"result\":{\"protocolVersion\":");
    if (version && version_length >= 2 && *version == '"') {
      put(&used, version, version_length); /* whatever the client offers */
    } else {
      put_text(&used, "\"2025-11-25\"");
    }
    put_text(&used,
             ",\"capabilities\":{\"tools\":{}},"
             "\"serverInfo\":{\"name\":\"kosmo_mcp_echo\",\"version\":\"1\"}}}\n");
  } else if (is_method(method, method_length, "tools/list")) {
    put_text(&used,
             ",\"result\":{\"tools\":[{\"name\":\"echo\",\"description\":\"Returns the message\","
             "\"annotations\":{\"readOnlyHint\":true},\"inputSchema\":{\"type\":\"object\","
             "\"properties\":{\"message\":{\"type\":\"string\"}},\"required\":[\"message\"]}}]}}\n");
  } else if (is_method(method, method_length, "ping")) {
    put_text(&used, ",\"result\":{}}\n");
  } else {
    put_text(&used, ",\"error\":{\"code\":-32601,\"message\":\"Method not found\"}}\n");
  }
  write_all(output, used);
}

int main(void) {
  for (;;) {
    input = grow(input, &input_size, input_used + kInputBlock);
    ssize_t n = read(STDIN_FILENO, input + input_used, input_size - input_used);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return 0;
    input_used += (size_t)n;
    char* start = input;
    char* newline;
    while ((newline = memchr(start, '\n', input_used - (size_t)(start - input))) != NULL) {
      answer(start, newline);
      start = newline + 1;
    }
    input_used -= (size_t)(start - input);
    memmove(input, start, input_used);
  }
}
