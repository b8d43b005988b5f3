"""The python3 baseline of `scripts/bench json`: json.loads, then json.dumps (compact, like
json.encode(v, {pretty = false})) of the document scripts/bench_json.lua dumps, timed with
time.process_time (CPU seconds, as os.clock in the Lua script); prints one JSON line with the
same fields.
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

started = time.process_time()
value = json.loads(text)
decoded = time.process_time()
again = json.dumps(value, separators=(",", ":"))
encoded = time.process_time()
pretty = json.dumps(value, indent=4)
pretty_encoded = time.process_time()

assert len(value) > 0 and len(again) > 0
print(json.dumps({
    "megabytes": megabytes,
    "decode_mb_per_s": megabytes / (decoded - started),
    "encode_mb_per_s": megabytes / (encoded - decoded),
    "pretty_encode_mb_per_s": megabytes / (pretty_encoded - encoded),
    "round_trip_mb_per_s": megabytes / (encoded - started),
}))
