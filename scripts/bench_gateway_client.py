#!/usr/bin/env python3
"""An MCP client of `kosmo mcp:serve` for scripts/bench (gateway): starts the gateway with
`--integration sinch`, runs the handshake, then N warm tools/call one after another (TOOL:
get_group, sinch.get_group against the fake vendor; lua, lua_execute of `return 1`), and exits
after closing the gateway's stdin. Requests are written with one write each,
answers read line by line through a buffered reader and checked only for an isError false, so
the client's own share stays small (it is part of the per-call figure).

    bench_gateway_client.py KOSMO N [get_group|lua]
"""
import subprocess
import sys


CALLS = {
    "get_group": b'{"jsonrpc":"2.0","id":%d,"method":"tools/call","params":{"name":'
                 b'"integration__sinch__get_group","arguments":{"group_id":'
                 b'"01FC66621VHDBN119Z8PMV1QPQ"}}}\n',
    "lua": b'{"jsonrpc":"2.0","id":%d,"method":"tools/call","params":{"name":"lua_execute",'
           b'"arguments":{"code":"return 1"}}}\n',
}


def main():
    kosmo, calls = sys.argv[1], int(sys.argv[2])
    request = CALLS[sys.argv[3] if len(sys.argv) > 3 else "get_group"]
    gateway = subprocess.Popen([kosmo, "mcp:serve", "--integration", "sinch"],
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, bufsize=0)
    out = gateway.stdout
    reader = open(out.fileno(), "rb", buffering=1 << 16, closefd=False)
    send = gateway.stdin.write
    send(b'{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":'
         b'"2025-11-25","capabilities":{},"clientInfo":{"name":"bench","version":"1"}}}\n'
         b'{"jsonrpc":"2.0","method":"notifications/initialized"}\n')
    reader.readline()
    for i in range(1, calls + 1):
        send(request % i)
        line = reader.readline()
        if b'"isError":false' not in line:
            sys.exit(f"call {i} failed: {line[:300]!r}")
    gateway.stdin.close()
    if gateway.wait() != 0:
        sys.exit(f"mcp:serve exited with {gateway.returncode}")


if __name__ == "__main__":
    main()
