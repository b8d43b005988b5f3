"""A baseline of `scripts/bench calls`: the rawest possible HTTP/1.1 client on one connection.

Opens one TCP connection and sends N times the same pre-built GET (the headers kosmo sends:
User-Agent, Accept, Authorization: Bearer <KOSMO_SINCH_API_TOKEN>), reading each answer's headers
and Content-Length body without parsing the JSON. What it measures per call is the server's and
the loopback's share with almost no client work: the baseline the §10 bar ("per-call overhead,
ours, beyond the server's time, under 100 µs") subtracts.
    python3 scripts/bench_http_raw.py URL N [USER_AGENT]
"""
import os
import socket
import sys
import urllib.parse

url, count = urllib.parse.urlsplit(sys.argv[1]), int(sys.argv[2])
agent = sys.argv[3] if len(sys.argv) > 3 else "kosmo-bench"
request = (f"GET {url.path} HTTP/1.1\r\nHost: {url.netloc}\r\nUser-Agent: {agent}\r\n"
           f"Accept: application/json\r\n"
           f"Authorization: Bearer {os.environ['KOSMO_SINCH_API_TOKEN']}\r\n\r\n").encode()
connection = socket.create_connection((url.hostname, url.port))
connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
buffer = b""
for _ in range(count):
    connection.sendall(request)
    while b"\r\n\r\n" not in buffer:
        chunk = connection.recv(65536)
        if not chunk:
            sys.exit("bench_http_raw: the server closed the connection")
        buffer += chunk
    head, _, buffer = buffer.partition(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    if not lines[0].startswith(b"HTTP/1.1 200"):
        sys.exit(f"bench_http_raw: unexpected status {lines[0]!r}")
    length = next(int(line.split(b":", 1)[1]) for line in lines[1:]
                  if line.lower().startswith(b"content-length:"))
    while len(buffer) < length:
        buffer += connection.recv(65536)
    body, buffer = buffer[:length], buffer[length:]
connection.close()
