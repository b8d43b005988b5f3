/* The rawest keep-alive HTTP/1.1 client, the floor of `scripts/bench callcost`: one TCP
 * connection, the same pre-built GET written N times, each answer read by its Content-Length
 * without parsing the body. Per call it costs one write and (for answers that arrive whole) one
 * read, and almost no instructions: what is left of a client once everything optional is gone.
 *
 *   kosmo_bench_raw_client URL N [HEADER...]
 *
 * URL is http://127.0.0.1:PORT/path (IPv4 literal host, no TLS); each HEADER is "Name: value".
 * Exits 1 on any answer other than 200 or a closed connection. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

static void fail(const char *what) {
  fprintf(stderr, "kosmo_bench_raw_client: %s\n", what);
  exit(1);
}

int main(int argc, char **argv) {
  if (argc < 3 || strncmp(argv[1], "http://", 7) != 0) {
    fprintf(stderr, "usage: %s http://HOST:PORT/PATH N [HEADER...]\n", argv[0]);
    return 2;
  }
  char host[256];
  const char *authority = argv[1] + 7;
  const char *path = strchr(authority, '/');
  if (path == NULL || (size_t)(path - authority) >= sizeof host) fail("bad URL");
  memcpy(host, authority, (size_t)(path - authority));
  host[path - authority] = '\0';
  char *colon = strchr(host, ':');
  if (colon == NULL) fail("the URL needs a port");
  long count = strtol(argv[2], NULL, 10);

  static char request[8192];
  int size = snprintf(request, sizeof request, "GET %s HTTP/1.1\r\nHost: %s\r\n", path, host);
  for (int i = 3; i < argc; ++i) {
    size += snprintf(request + size, sizeof request - (size_t)size, "%s\r\n", argv[i]);
  }
  size += snprintf(request + size, sizeof request - (size_t)size, "\r\n");
  if ((size_t)size >= sizeof request) fail("request too large");

  *colon = '\0';
  struct sockaddr_in address = {.sin_family = AF_INET, .sin_port = htons((uint16_t)atoi(colon + 1))};
  if (inet_pton(AF_INET, host, &address.sin_addr) != 1) fail("the host must be an IPv4 address");
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0 || connect(fd, (struct sockaddr *)&address, sizeof address) != 0) fail("connect");
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);

  static char buffer[1 << 20];
  size_t used = 0;
  for (long call = 0; call < count; ++call) {
    if (write(fd, request, (size_t)size) != size) fail("write");
    size_t head = 0, length = 0;
    for (;;) {
      if (head == 0) {
        char *end = memmem(buffer, used, "\r\n\r\n", 4);
        if (end != NULL) {
          head = (size_t)(end - buffer) + 4;
          if (used < 12 || memcmp(buffer, "HTTP/1.1 200", 12) != 0) fail("status is not 200");
          for (char *line = buffer; line < end; line = strstr(line, "\r\n") + 2) {
            if (strncasecmp(line, "content-length:", 15) == 0) length = strtoul(line + 15, NULL, 10);
          }
        }
      }
      if (head != 0 && used >= head + length) break;
      if (used == sizeof buffer) fail("answer too large");
      ssize_t got = read(fd, buffer + used, sizeof buffer - used);
      if (got <= 0) fail("the server closed the connection");
      used += (size_t)got;
    }
    memmove(buffer, buffer + head + length, used - head - length);
    used -= head + length;
  }
  close(fd);
  return 0;
}
