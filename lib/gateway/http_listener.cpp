#include "lib/gateway/http_listener.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <list>
#include <memory>
#include <system_error>
#include <thread>

namespace kosmo::gateway {
namespace {

struct ConnectionThread {
  std::thread thread;
  std::shared_ptr<std::atomic<bool>> done = std::make_shared<std::atomic<bool>>(false);
};

int bound_port(int socket) {
  sockaddr_storage address{};
  socklen_t length = sizeof address;
  if (::getsockname(socket, reinterpret_cast<sockaddr*>(&address), &length) != 0) return 0;
  if (address.ss_family == AF_INET6) {
    return ntohs(reinterpret_cast<sockaddr_in6*>(&address)->sin6_port);
  }
  return ntohs(reinterpret_cast<sockaddr_in*>(&address)->sin_port);
}

// A listening socket on `address`, or -1 with `error` set.
int listen_on(const addrinfo& address, std::string& error) {
  const int socket = ::socket(address.ai_family, address.ai_socktype | SOCK_CLOEXEC,
                              address.ai_protocol);
  if (socket < 0) {
    error = std::strerror(errno);
    return -1;
  }
  const int on = 1;
  ::setsockopt(socket, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
  if (address.ai_family == AF_INET6) {
    ::setsockopt(socket, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof on);
  }
  if (::bind(socket, address.ai_addr, address.ai_addrlen) != 0 || ::listen(socket, 128) != 0) {
    error = std::strerror(errno);
    ::close(socket);
    return -1;
  }
  return socket;
}

// Tells a client over the connection cap to come back later, without blocking the accept loop.
void turn_away(int client) {
  HttpResponse busy;
  busy.status = 503;
  busy.headers = {{"Content-Type", "text/plain; charset=utf-8"}, {"Retry-After", "1"}};
  busy.body = "too many connections, retry\n";
  busy.close = true;
  const std::string bytes = serialize_response(busy);
  [[maybe_unused]] const ssize_t sent =
      ::send(client, bytes.data(), bytes.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
  ::close(client);
}

void serve_connection(int client, const HttpListener::Handler& handler, size_t max_body_bytes,
                      const HttpServerLimits& limits, const std::atomic<bool>& stop) {
  HttpConnection connection(client, limits, stop);
  HttpRequestParser parser(max_body_bytes);
  while (connection.read_request(parser)) {
    HttpRequest& request = parser.request();
    const bool keep_alive = request.keep_alive();
    if (!handler(request, connection) || !keep_alive || connection.stopping()) break;
    parser.next();
  }
}

}  // namespace

std::string_view unbracket_host(std::string_view host) {
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    return host.substr(1, host.size() - 2);
  }
  return host;
}

Outcome<HttpListener> HttpListener::open(std::string_view host, int port) {
  const std::string name(unbracket_host(host));
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
  addrinfo* found = nullptr;
  const std::string where = std::string(host) + ":" + std::to_string(port);
  if (const int status = ::getaddrinfo(name.c_str(), std::to_string(port).c_str(), &hints, &found);
      status != 0) {
    return Failure{ErrorCode::kConfig,
                   "cannot listen on " + where + ": " + ::gai_strerror(status)};
  }
  std::vector<int> sockets;
  int bound = port;
  std::string error = "no address";
  for (addrinfo* address = found; address != nullptr; address = address->ai_next) {
    // With port 0, the first socket picks the port and the others take the same one.
    if (bound != 0) {
      if (address->ai_family == AF_INET6) {
        reinterpret_cast<sockaddr_in6*>(address->ai_addr)->sin6_port = htons(bound);
      } else if (address->ai_family == AF_INET) {
        reinterpret_cast<sockaddr_in*>(address->ai_addr)->sin_port = htons(bound);
      }
    }
    const int socket = listen_on(*address, error);
    if (socket < 0) continue;
    sockets.push_back(socket);
    if (bound == 0) bound = bound_port(socket);
  }
  ::freeaddrinfo(found);
  if (sockets.empty()) return Failure{ErrorCode::kConfig, "cannot listen on " + where + ": " + error};
  return HttpListener(std::move(sockets), bound);
}

HttpListener::HttpListener(HttpListener&& other) noexcept
    : sockets_(std::move(other.sockets_)), port_(other.port_) {
  other.sockets_.clear();
}

HttpListener::~HttpListener() {
  for (int socket : sockets_) ::close(socket);
}

void HttpListener::serve(const Handler& handler, size_t max_body_bytes,
                         const HttpServerLimits& limits, const std::atomic<bool>& stop) {
  std::vector<pollfd> waiting;
  for (int socket : sockets_) waiting.push_back({socket, POLLIN, 0});
  std::list<ConnectionThread> threads;
  const auto reap = [&threads](bool all) {
    for (auto it = threads.begin(); it != threads.end();) {
      if (all || it->done->load()) {
        it->thread.join();
        it = threads.erase(it);
      } else {
        ++it;
      }
    }
  };
  while (!stop.load()) {
    reap(false);
    const int ready = ::poll(waiting.data(), waiting.size(), limits.poll_interval_ms);
    if (ready <= 0) continue;
    for (pollfd& listening : waiting) {
      if (!(listening.revents & POLLIN)) continue;
      const int client = ::accept4(listening.fd, nullptr, nullptr, SOCK_CLOEXEC);
      if (client < 0) continue;
      if (threads.size() >= limits.max_connections) {
        reap(false);
        if (threads.size() >= limits.max_connections) {
          turn_away(client);
          continue;
        }
      }
      const int on = 1;
      ::setsockopt(client, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
      ConnectionThread& entry = threads.emplace_back();
      const std::shared_ptr<std::atomic<bool>> done = entry.done;
      try {
        entry.thread = std::thread([client, done, &handler, max_body_bytes, &limits, &stop] {
          serve_connection(client, handler, max_body_bytes, limits, stop);
          done->store(true);
        });
      } catch (const std::system_error&) {  // out of threads: as if over the cap
        threads.pop_back();
        turn_away(client);
      }
    }
  }
  reap(true);
}

}  // namespace kosmo::gateway
