/* A loopback HTTP/1.1 keep-alive server for `scripts/bench callcost`: it answers every request
 * with the same pre-built response in one write(), so that measuring a client's instructions and
 * syscalls per call is not dominated by the server (the fake vendor server is C++ with
 * cpp-httplib and a thread per connection; this one is a single epoll loop).
 *
 *   kosmo_bench_epoll_server BODY_FILE
 *
 * Listens on 127.0.0.1 on an ephemeral port and prints the port on stdout. Every complete
 * request (headers up to the blank line, then Content-Length bytes of body if any) gets
 * "200 OK", Content-Type: application/json and the bytes of BODY_FILE. Exits when its stdin
 * reaches end of file, so a benchmark that started it as a coprocess never leaves it behind.
 * Not a general server: no chunked request bodies, no pipelining limits, requests up to 64 KiB. */
#define _GNU_SOURCE
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

enum { kMaxConnections = 64, kRequestBytes = 64 * 1024 };

struct connection {
  int fd;
  size_t used;
  char buffer[kRequestBytes];
};

static char *response;
static size_t response_size;

static void die(const char *what) {
  perror(what);
  exit(1);
}

static void load_response(const char *path) {
  FILE *file = fopen(path, "rb");
  if (file == NULL) die(path);
  static char body[1 << 20];
  size_t size = fread(body, 1, sizeof body, file);
  fclose(file);
  char head[256];
  int head_size = snprintf(head, sizeof head,
                           "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                           "Content-Length: %zu\r\n\r\n",
                           size);
  response_size = (size_t)head_size + size;
  response = malloc(response_size);
  if (response == NULL) die("malloc");
  memcpy(response, head, (size_t)head_size);
  memcpy(response + head_size, body, size);
}

/* The length of the first complete request in the buffer, or 0 when more bytes are needed. */
static size_t complete_request(const char *data, size_t size) {
  const char *end = memmem(data, size, "\r\n\r\n", 4);
  if (end == NULL) return 0;
  size_t head = (size_t)(end - data) + 4;
  size_t body = 0;
  for (const char *line = data; line < end;) {
    const char *next = memmem(line, (size_t)(end - line), "\r\n", 2);
    if (next == NULL) next = end;
    if ((size_t)(next - line) > 15 && strncasecmp(line, "content-length:", 15) == 0) {
      body = strtoul(line + 15, NULL, 10);
    }
    line = next + 2;
  }
  return size >= head + body ? head + body : 0;
}

static void close_connection(int epoll, struct connection *c) {
  epoll_ctl(epoll, EPOLL_CTL_DEL, c->fd, NULL);
  close(c->fd);
  free(c);
}

/* Reads what arrived and answers every complete request; false when the connection is done. */
static int serve(struct connection *c) {
  for (;;) {
    ssize_t got = read(c->fd, c->buffer + c->used, sizeof c->buffer - c->used);
    if (got == 0) return 0;
    if (got < 0) return errno == EAGAIN || errno == EWOULDBLOCK;
    c->used += (size_t)got;
    size_t length;
    while ((length = complete_request(c->buffer, c->used)) != 0) {
      /* Loopback answers of this size fit the socket buffer: one write, never partial here. */
      if (write(c->fd, response, response_size) != (ssize_t)response_size) return 0;
      memmove(c->buffer, c->buffer + length, c->used - length);
      c->used -= length;
    }
    if (c->used == sizeof c->buffer) return 0;
    /* A short read means the socket is drained: skip the read that would only say EAGAIN. */
    if ((size_t)got < sizeof c->buffer) return 1;
  }
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: %s BODY_FILE\n", argv[0]);
    return 2;
  }
  load_response(argv[1]);
  int listener = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (listener < 0) die("socket");
  struct sockaddr_in address = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
  socklen_t address_size = sizeof address;
  if (bind(listener, (struct sockaddr *)&address, sizeof address) != 0) die("bind");
  if (listen(listener, 16) != 0) die("listen");
  if (getsockname(listener, (struct sockaddr *)&address, &address_size) != 0) die("getsockname");
  printf("%d\n", ntohs(address.sin_port));
  fflush(stdout);

  int epoll = epoll_create1(EPOLL_CLOEXEC);
  if (epoll < 0) die("epoll_create1");
  struct epoll_event event = {.events = EPOLLIN, .data.ptr = NULL};
  if (epoll_ctl(epoll, EPOLL_CTL_ADD, listener, &event) != 0) die("epoll_ctl");
  static int stdin_marker;
  event.data.ptr = &stdin_marker;
  if (epoll_ctl(epoll, EPOLL_CTL_ADD, STDIN_FILENO, &event) != 0) die("epoll_ctl stdin");

  struct epoll_event ready[kMaxConnections];
  for (;;) {
    int count = epoll_wait(epoll, ready, kMaxConnections, -1);
    if (count < 0 && errno == EINTR) continue;
    if (count < 0) die("epoll_wait");
    for (int i = 0; i < count; ++i) {
      if (ready[i].data.ptr == &stdin_marker) {
        char ignored[256];
        if (read(STDIN_FILENO, ignored, sizeof ignored) <= 0) return 0;
      } else if (ready[i].data.ptr == NULL) {
        int fd = accept4(listener, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) continue;
        int one = 1;
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        struct connection *c = malloc(sizeof *c);
        if (c == NULL) die("malloc");
        c->fd = fd;
        c->used = 0;
        struct epoll_event readable = {.events = EPOLLIN | EPOLLRDHUP, .data.ptr = c};
        if (epoll_ctl(epoll, EPOLL_CTL_ADD, fd, &readable) != 0) die("epoll_ctl accept");
      } else {
        struct connection *c = ready[i].data.ptr;
        if (!serve(c)) close_connection(epoll, c);
      }
    }
  }
}
