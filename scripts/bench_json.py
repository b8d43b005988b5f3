"""The python3 baseline of `scripts/bench json`: json.loads, then json.dumps (compact, like
json.encode(v, {pretty = false})) of the document scripts/bench_json.lua dumps, timed with
time.process_time (CPU seconds, as os.clock in the Lua script), each encoding the fastest of
three runs as there; prints one JSON line with the same fields.
    python3 scripts/bench_json.py FILE            (figures)
    python3 scripts/bench_json.py FILE decode     (only reads and decodes: peak RSS)
"""
import json
import sys
import time

with open(sys.argv[1], encoding="utf-8") as f:
    text = f.read().rstrip("\n")  # print() in the Lua dump added the newline
if sys.argv[2:] == ["decode"]:
    print(len(json.loads(text)))
    sys.exit(0)
megabytes = len(text.encode("utf-8")) / 1e6



def fastest(encode):
    """The fastest of three timed runs, as the Lua script times json.encode."""
    best, result = float("inf"), None
    for _ in range(3):
        started = time.process_time()
        result = encode()
        best = min(best, time.process_time() - started)
    return best, result


started = time.process_time()
value = json.loads(text)
decode_time = time.process_time() - started
encode_time, again = fastest(lambda: json.dumps(value, separators=(",", ":")))
pretty_time, pretty = fastest(lambda: json.dumps(value, indent=4))

assert len(value) > 0 and len(again) > 0
print(json.dumps({
    "megabytes": megabytes,
    "decode_mb_per_s": megabytes / decode_time,
    "encode_mb_per_s": megabytes / encode_time,
    "pretty_encode_mb_per_s": megabytes / pretty_time,
    "round_trip_mb_per_s": megabytes / (decode_time + encode_time),
}))
