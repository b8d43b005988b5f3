"""A baseline of `scripts/bench calls`: the 1,000-call loop of scripts/bench_calls.lua in python3.

N sequential GETs of the same URL with urllib.request, sending the headers kosmo sends
(Authorization: Bearer <KOSMO_SINCH_API_TOKEN>, Accept: application/json, User-Agent), each
answer read and decoded with json.loads, as the Lua loop turns each answer into a Lua table.
urllib.request opens a new TCP connection for every request (it sends "Connection: close"); that
is what the standard library gives a script, and part of what this baseline measures.
    python3 scripts/bench_calls.py URL N [USER_AGENT]
"""
import json
import os
import sys
import urllib.request

url, count = sys.argv[1], int(sys.argv[2])
headers = {
    "Authorization": "Bearer " + os.environ["KOSMO_SINCH_API_TOKEN"],
    "Accept": "application/json",
    "User-Agent": sys.argv[3] if len(sys.argv) > 3 else "kosmo-bench",
}
group = None
for _ in range(count):
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers)) as response:
        group = json.loads(response.read())
if count and not (isinstance(group, dict) and group.get("id")):
    sys.exit(f"bench_calls.py: unexpected answer {group!r}")
