"""A baseline of `scripts/bench mcp`: the rawest possible JSON-RPC client of an MCP stdio server.

Starts the server, sends initialize and notifications/initialized, then N sequential tools/call
echo requests, reading each answer as one line without parsing it. What it measures per call is
the server's and the pipes' share with almost no client work: the baseline the §10 bar ("warm MCP
stdio tool call: under 1 ms median overhead beyond the server") subtracts.
    python3 scripts/bench_mcp_raw.py SERVER_COMMAND N
"""
import json
import subprocess
import sys

server = subprocess.Popen([sys.argv[1]], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                          stderr=subprocess.DEVNULL)


def ask(request_id, method, params):
    server.stdin.write((json.dumps({"jsonrpc": "2.0", "id": request_id, "method": method,
                                    "params": params}) + "\n").encode())
    server.stdin.flush()
    line = server.stdout.readline()
    if not line:
        sys.exit("bench_mcp_raw: the server closed its stdout")
    return line


ask(0, "initialize", {"protocolVersion": "2025-11-25", "capabilities": {},
                      "clientInfo": {"name": "raw", "version": "1"}})
server.stdin.write(b'{"jsonrpc":"2.0","method":"notifications/initialized"}\n')
for i in range(int(sys.argv[2])):
    answer = ask(i + 1, "tools/call", {"name": "echo", "arguments": {"message": "x"}})
if b'"text":"x"' not in answer:
    sys.exit(f"bench_mcp_raw: unexpected answer {answer!r}")
server.stdin.close()
server.wait()
