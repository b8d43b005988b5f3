"""The baseline of `scripts/bench json`: scripts/bench_json.lua in python3.

Builds the same ~20 MB document, byte for byte, then times json.loads and json.dumps of it
(compact separators, like kosmo's json.encode) with time.process_time (CPU seconds, as os.clock
in the Lua script), and prints the same fields as one JSON line.
    python3 scripts/bench_json.py
"""
import json
import time

parts = []
for i in range(1, 1001):
    parts.append(
        '{"id":%d,"name":"customer %d","email":"user%d@example.com","active":%s,"score":%.3f,'
        '"tags":["alpha","beta","gamma"],"address":{"street":"%d Main Street","city":"Springfield","zip":"%05d"}}'
        % (i, i, i, "true" if i % 2 == 0 else "false", i / 7, i, i % 100000))
block = ",".join(parts)
text = "[" + ",".join([block] * 100) + "]"
del parts, block
megabytes = len(text) / 1e6

started = time.process_time()
value = json.loads(text)
decoded = time.process_time()
again = json.dumps(value, separators=(",", ":"))
encoded = time.process_time()

assert len(value) == 100000 and len(again) > 0
print(json.dumps({
    "megabytes": megabytes,
    "decode_mb_per_s": megabytes / (decoded - started),
    "encode_mb_per_s": megabytes / (encoded - decoded),
    "round_trip_mb_per_s": megabytes / (encoded - started),
}))
