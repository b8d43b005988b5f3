"""Summaries for scripts/bench: reads the raw results a section left in its scratch directory,
prints medians, min-max, ratios against the baseline and the product.md §10 bar, and appends the
same figures to summary.jsonl there, which `markdown` turns into the tables of BENCHMARKS.md.
    python3 scripts/bench_report.py SECTION SCRATCH_DIR        (startup json calls mcp mcp-peer rss)
    python3 scripts/bench_report.py markdown SCRATCH_DIR FILE
Environment (set by scripts/bench): BENCH_ROOT, BENCH_KOSMO, BENCH_BUILD_DIR, BENCH_PYTHON,
BENCH_ELAPSED (seconds, markdown only).
"""
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import time

NOT_MEASURED = "NOT MEASURED"
KOSMO_RECORDS = "65,000"  # scripts/bench_json.lua's `records`
root = os.environ.get("BENCH_ROOT", os.getcwd())


# --- formatting ---------------------------------------------------------------------------------

def time_unit(seconds):
    if seconds < 1e-3:
        return 1e6, "µs", 0
    if seconds < 1:
        return 1e3, "ms", 3 if seconds < 0.01 else (2 if seconds < 0.1 else 1)
    return 1, "s", 2


def fmt_time(seconds, like=None):
    scale, unit, digits = time_unit(like if like is not None else seconds)
    return f"{seconds * scale:.{digits}f} {unit}"


def fmt_range(low, high, fmt):
    return f"{fmt(low)} – {fmt(high)}"


def ratio(numerator, denominator):
    return f"{numerator / denominator:.2f}×" if denominator else "—"


def verdict(met):
    return "MET" if met else "NOT MET"


class Section:
    """One benchmark's table, bars and notes: printed now, kept for the markdown report."""

    def __init__(self, key, title, ratio_header):
        self.record = {"key": key, "title": title, "ratio_header": ratio_header, "rows": [],
                       "bars": [], "notes": [], "commands": []}

    def row(self, what, median="", spread="", runs="", versus=""):
        self.record["rows"].append([what, median, spread, str(runs), versus])

    def missing(self, what, why):
        self.row(what, NOT_MEASURED, why)

    def bar(self, text, measured, met, source="§10"):
        """A bar of product.md §10, or of another `source` (an issue's target)."""
        self.record["bars"].append({"bar": text, "measured": measured,
                                    "met": None if met is None else bool(met), "source": source})

    def note(self, text):
        self.record["notes"].append(text)

    def commands(self, lines):
        self.record["commands"].extend(lines)

    def finish(self, scratch):
        r = self.record
        r["load_average"] = os.getloadavg()
        print(f"== {r['title']}")
        widths = [max(len(row[i]) for row in r["rows"]) for i in range(5)] if r["rows"] else []
        for row in r["rows"]:
            what, median, spread, runs, versus = row
            if median == NOT_MEASURED:
                print(f"  {what.ljust(widths[0])}  {NOT_MEASURED} ({spread})")
                continue
            line = f"  {what.ljust(widths[0])}  {median.rjust(widths[1])}"
            if spread:
                line += f"  ({spread}{', ' + runs + ' runs' if runs else ''})"
            if versus:
                line += f"  {r['ratio_header']}: {versus}"
            print(line.rstrip())
        for bar in r["bars"]:
            state = NOT_MEASURED if bar["met"] is None else verdict(bar["met"])
            print(f"  bar ({bar.get('source', '§10')}): {bar['bar']} -> {state} ({bar['measured']})")
        for text in r["notes"]:
            print(f"  note: {text}")
        with open(os.path.join(scratch, "summary.jsonl"), "a") as out:
            out.write(json.dumps(r) + "\n")


# --- inputs -------------------------------------------------------------------------------------

def display(command, scratch):
    """A command as a reader can reproduce it: paths relative to the repository root, the
    scratch directory and the fake server's port as variables, the python3 baseline (whose path
    the machine table gives) as python3."""
    python = os.environ.get("BENCH_PYTHON")
    if python:
        command = command.replace(python + " ", "python3 ")
    command = re.sub(r"127\.0\.0\.1:\d+", "127.0.0.1:$PORT", command)
    if scratch:
        command = command.replace(scratch, "$BENCH_TMP")
    return command.replace(root + "/", "")


def hyperfine(scratch, name):
    """{command name: result} of one hyperfine --export-json run (or bench_alternate.py's, the
    same format)."""
    path = os.path.join(scratch, f"{name}.json")
    return {r["command"]: r for r in json.load(open(path))["results"]}


def hyperfine_command_line(scratch, name):
    with open(os.path.join(scratch, f"{name}.hyperfine")) as f:
        return display(f.read().strip(), scratch)


def json_values(path):
    """Every JSON value in a file of concatenated (possibly pretty-printed) documents."""
    text, decoder, values, at = open(path).read(), json.JSONDecoder(), [], 0
    while True:
        while at < len(text) and text[at].isspace():
            at += 1
        if at >= len(text):
            return values
        value, at = decoder.raw_decode(text, at)
        values.append(value)


def timed_row(section, what, result, versus=None):
    section.row(what, fmt_time(result["median"]),
                fmt_range(result["min"], result["max"], lambda v: fmt_time(v, result["median"])),
                len(result["times"]), versus or "")


def per_call(many, one, calls):
    """Per-call seconds from an N-call and a 1-call result: (median N - median 1) / (N - 1), and
    a range from the N-call runs' min and max with the 1-call median subtracted."""
    return ((many["median"] - one["median"]) / (calls - 1),
            (many["min"] - one["median"]) / (calls - 1),
            (many["max"] - one["median"]) / (calls - 1))


def per_call_row(section, what, figures, runs, versus=""):
    median, low, high = figures
    section.row(what, f"{median * 1e6:.1f} µs", f"{low * 1e6:.1f} – {high * 1e6:.1f} µs", runs,
                versus)


# --- sections -----------------------------------------------------------------------------------

def versus_lua(scratch, key, title, bars):
    """A section of kosmo against lua5.4 in one timed run, with its bars on the median
    ratio: (text, limit, source) each. Returns the section, not yet finished."""
    s = Section(key, title, "kosmo ÷ this (time)")
    results = hyperfine(scratch, key)
    kosmo, lua = results["kosmo"], results.get("lua5.4")
    timed_row(s, "kosmo", kosmo)
    if lua:
        timed_row(s, "lua5.4", lua, versus=ratio(kosmo["median"], lua["median"]))
        factor = kosmo["median"] / lua["median"]
        for text, limit, source in bars:
            s.bar(text, f"{factor:.2f}×", factor <= limit, source=source)
    else:
        s.missing("lua5.4", "lua5.4 is not installed (or BENCH_SKIP)")
        for text, _, source in bars:
            s.bar(text, "no lua5.4", None, source=source)
    s.commands([hyperfine_command_line(scratch, key)])
    return s


def startup(scratch):
    s = versus_lua(scratch, "startup", "start-up: kosmo integrations:lua --eval 'return 1' --json "
                   "vs lua5.4 -e 'return 1'",
                   [("start-up ≤ 2× lua5.4 (medians)", 2, "§10"),
                    ("start-up ≤ 1.2× lua5.4 (medians)", 1.2, "#17")])
    faults = {}
    path = os.path.join(scratch, "startup-faults.tsv")
    if os.path.exists(path):
        for line in open(path):
            name, _, count = line.rstrip("\n").partition("\t")
            if count.isdigit():
                faults.setdefault(name, []).append(int(count))
    if faults:
        s.note("page faults per start (GNU time, median of 20): " + ", ".join(
            f"{name} {statistics.median(counts):.0f}" for name, counts in faults.items()))
    order = os.path.join(scratch, "startup-order.tsv")
    if os.path.exists(order):
        present, listed = (int(v) for v in open(order).read().split())
        if present < listed:
            s.note(f"cmake/startup_symbols.txt: {listed - present} of {listed} symbols (functions "
                   "and data) are not in this binary (renamed or removed); scripts/startup-order "
                   "rewrites the list")
        else:
            s.note(f"cmake/startup_symbols.txt: all {listed} symbols (functions and data) are in "
                   "this binary")
    s.finish(scratch)


def alloc(scratch):
    versus_lua(scratch, "alloc", "allocation-heavy Lua: 1,000,000 small tables "
               "(`t[i % 1000 + 1] = {i, i}`), kosmo integrations:lua --eval … --json vs "
               "lua5.4 -e …",
               [("allocation-heavy Lua ≤ 1.05× lua5.4 (medians)", 1.05, "#17")]).finish(scratch)


def json_section(scratch):
    s = Section("json", "JSON: a 20 MB document of distinct records decoded to native values and "
                "encoded back (CPU time inside the process; throughput, higher is better)",
                "kosmo's time ÷ this one's")

    def runs_of(name):
        path = os.path.join(scratch, f"json-{name}.jsonl")
        values = json_values(path) if os.path.exists(path) else []
        return [v["result"][0] for v in values] if name == "kosmo" else values

    kosmo, rapidjson, python = runs_of("kosmo"), runs_of("rapidjson"), runs_of("python")
    rapidjson_huge, rapidjson_kept = runs_of("rapidjson-huge"), runs_of("rapidjson-kept")

    def mbps(runs, key):
        values = [r[key] for r in runs]
        return statistics.median(values), min(values), max(values), len(values)

    def row(label, runs, key, versus=True):
        median, low, high, count = mbps(runs, key)
        # Same bytes on both sides, so the ratio of times is the inverse ratio of throughputs.
        s.row(label, f"{median:.0f} MB/s", f"{low:.0f} – {high:.0f} MB/s", count,
              ratio(median, mbps(kosmo, key)[0]) if versus else "")

    operations = [
        ("decode_mb_per_s", "kosmo json.decode",
         "RapidJSON Document::Parse (json.decode's reader flags)", "python3 json.loads"),
        ("encode_mb_per_s", "kosmo json.encode(v, {pretty = false})", "RapidJSON Writer",
         "python3 json.dumps, compact"),
        ("pretty_encode_mb_per_s", "kosmo json.encode(v) (pretty, the default)",
         "RapidJSON PrettyWriter, indent 4", "python3 json.dumps, indent=4"),
        ("round_trip_mb_per_s", "kosmo round trip (decode + compact encode)",
         "RapidJSON round trip (Parse + Writer)", "python3 round trip (loads + dumps)"),
    ]
    for key, kosmo_label, rapidjson_label, python_label in operations:
        row(kosmo_label, kosmo, key, versus=False)
        if rapidjson:
            row(rapidjson_label, rapidjson, key)
            if rapidjson_huge:
                row(f"{rapidjson_label}, malloc on huge pages", rapidjson_huge, key)
            if rapidjson_kept and key in ("encode_mb_per_s", "pretty_encode_mb_per_s"):
                row(f"{rapidjson_label}, each output kept alive", rapidjson_kept, key)
        else:
            s.missing(rapidjson_label, "kosmo_bench_json_baseline is not built")
        if python:
            row(python_label, python, key)
        else:
            s.missing(python_label, "no python3 run")

    rss_path = os.path.join(scratch, "json-rss.tsv")
    rss, rss_commands = {}, {}
    if os.path.exists(rss_path):
        for line in open(rss_path):
            name, kib, command = line.rstrip("\n").split("\t", 2)
            rss.setdefault(name, []).append(int(kib) * 1024 / 1e6)
            rss_commands[name] = display(command, scratch)
    for name, values in rss.items():
        s.row(f"peak RSS, {name}", f"{statistics.median(values):.1f} MB",
              f"{min(values):.1f} – {max(values):.1f} MB", len(values))

    decode, encode, both = (mbps(kosmo, k)[0] for k in
                            ("decode_mb_per_s", "encode_mb_per_s", "round_trip_mb_per_s"))
    s.bar("≥ 100 MB/s each way (decode to Lua, encode back)",
          f"decode {decode:.0f}, encode {encode:.0f} MB/s", decode >= 100 and encode >= 100)
    s.bar("stricter reading: ≥ 100 MB/s for the whole round trip (size ÷ decode+encode time)",
          f"{both:.0f} MB/s", both >= 100)
    if rapidjson:
        for key, what, target in (("decode_mb_per_s", "json.decode ≤ 2.5× RapidJSON Parse's time",
                                   2.5),
                                  ("encode_mb_per_s", "json.encode ≤ 2× RapidJSON Writer's time", 2)):
            factor = mbps(rapidjson, key)[0] / mbps(kosmo, key)[0]
            s.bar(f"{what} (medians)", f"{factor:.2f}×", factor <= target, source="issue #17")
    s.note(f"{kosmo[0]['megabytes']:.1f} MB, the same bytes on every side: {KOSMO_RECORDS} "
           "records whose string values are all distinct (only keys repeat), built by "
           "scripts/bench_json.lua and dumped once for the baselines. kosmo's time is os.clock() "
           "around each call, RapidJSON's the process CPU time around Parse/Accept, python's "
           "time.process_time() around json.loads/json.dumps (C accelerated); building or reading "
           "the text is not timed. Every encoding is the fastest of three calls in the process, "
           "and decoding runs once, since a second decode would find its strings "
           "interned. RapidJSON's encoders write a DOM parsed with numbers as numbers.")
    if rapidjson_huge:
        s.note("\"malloc on huge pages\" rows: the same RapidJSON program run with "
               "GLIBC_TUNABLES=glibc.malloc.hugetlb=1, so that its fresh memory is backed by 2 MiB "
               "pages as kosmo's Lua heap is past its first 4 MiB. On a VM most of Parse's time "
               "is page faults and TLB misses, so this row shows the gap that is left once both "
               "sides have the same memory; the #17 bar is checked against the plain row, as the "
               "issue defines it.")
    if rapidjson_kept:
        s.note("\"each output kept alive\" rows: the same RapidJSON program, but each of its three "
               "encodings' output stays alive until all three are done. In the Lua script each "
               "json.encode result stays alive too: it is garbage once the next one replaces it, "
               "but Lua's collector frees it only at the end of its cycle, which a few 20 MB "
               "strings do not reach. So every kosmo encoding writes into memory the process has "
               "never touched, while RapidJSON's plain rows reuse the first run's memory. On this "
               "VM a first touch costs a page fault that the host must often serve too (0.25 to 2 ms "
               "per MB, measured), which is the gap between the plain and the kept rows; the "
               "#17 bar is checked against the plain row, as the issue defines it.")
    if rss:
        floor = statistics.median(rss.get("kosmo: build the text", [0]))
        peak = statistics.median(rss.get("kosmo: build the text + json.decode", [0]))
        s.note(f"Peak RSS is GNU time's %M. json.decode's own share is the difference of the two "
               f"kosmo rows: {peak - floor:.1f} MB for the decoded value, the collector's garbage "
               f"and any copy of the text.")
    with open(os.path.join(scratch, "json.cmds")) as f:
        s.commands([display(line.rstrip("\n"), scratch) for line in f])
    s.commands([f"/usr/bin/time -f %M {command}" for command in rss_commands.values()])
    s.finish(scratch)


def calls(scratch):
    s = Section("calls", "1,000 sequential GETs (sinch.get_group) against the loopback fake "
                "vendor server", "kosmo ÷ this (time)")
    results = hyperfine(scratch, "calls")
    kosmo_n, kosmo_1 = results["kosmo-1000"], results["kosmo-1"]
    timed_row(s, "kosmo: 1,000 calls in one workflow (one connection)", kosmo_n)
    timed_row(s, "kosmo: 1 call", kosmo_1)
    baselines = [
        ("python-1000", "python3 urllib: 1,000 calls in one process (new connection each)"),
        ("python-1", "python3 urllib: 1 call"),
        ("curl-proc-1000", "curl once per call: 1,000 processes"),
        ("curl-conn-1000", "curl: 1,000 URLs in one process (one connection)"),
        ("curl-conn-1", "curl: 1 URL"),
        ("raw-1000", "raw keep-alive client: 1,000 requests (one connection)"),
        ("raw-1", "raw keep-alive client: 1 request"),
    ]
    for key, what in baselines:
        if key in results:
            many = key.endswith("1000")
            timed_row(s, what, results[key],
                      versus=ratio(kosmo_n["median"], results[key]["median"]) if many else "")
        else:
            s.missing(what, "curl is not installed (or BENCH_SKIP)")
    kosmo_call = per_call(kosmo_n, kosmo_1, 1000)
    per_call_row(s, "per call: kosmo, (1,000 − 1) ÷ 999", kosmo_call, len(kosmo_n["times"]))
    if "python-1000" in results:
        python_call = per_call(results["python-1000"], results["python-1"], 1000)
        per_call_row(s, "per call: python3 urllib, (1,000 − 1) ÷ 999", python_call,
                     len(results["python-1000"]["times"]), ratio(kosmo_call[0], python_call[0]))
    if "curl-proc-1000" in results:
        r = results["curl-proc-1000"]
        per_call_row(s, "per call: curl process per call, 1,000 ÷ 1,000",
                     (r["median"] / 1000, r["min"] / 1000, r["max"] / 1000), len(r["times"]),
                     ratio(kosmo_call[0], r["median"] / 1000))
    curl_call = None
    if "curl-conn-1000" in results:
        curl_call = per_call(results["curl-conn-1000"], results["curl-conn-1"], 1000)
        per_call_row(s, "per call: curl one connection, (1,000 − 1) ÷ 999", curl_call,
                     len(results["curl-conn-1000"]["times"]), ratio(kosmo_call[0], curl_call[0]))
    raw_call = per_call(results["raw-1000"], results["raw-1"], 1000)
    per_call_row(s, "per call: raw keep-alive client (scripts/bench_http_raw.py)", raw_call,
                 len(results["raw-1000"]["times"]), ratio(kosmo_call[0], raw_call[0]))
    overhead = (kosmo_call[0] - raw_call[0]) * 1e6
    s.bar("per-call overhead beyond the server < 100 µs (kosmo per call − raw keep-alive client "
          "per call, medians)", f"{overhead:.1f} µs; kosmo's whole per-call time, server "
          f"included, {kosmo_call[0] * 1e6:.1f} µs", overhead < 100)
    if curl_call:
        s.note(f"kosmo per call − curl one-connection per call: "
               f"{(kosmo_call[0] - curl_call[0]) * 1e6:.1f} µs (curl does more per transfer than "
               "the raw client, so this understates kosmo's own cost).")
    else:
        s.note("curl is not installed (or BENCH_SKIP): the curl comparisons were NOT MEASURED.")
    s.note("per-call figures subtract the 1-call run from the 1,000-call run (start-up, imports, "
           "libcurl loading and the first connection cancel out); their range is the 1,000-call "
           "runs' min and max minus the 1-call median. The raw client sends pre-built requests "
           "on one connection and reads each answer by its Content-Length without parsing it: "
           "the server's and the loopback's share, which the bar subtracts. python3 urllib "
           "opens a new connection per request (Connection: close) and json.loads each answer; "
           "curl once per call pays a process start (with its shared libraries) and a new "
           "connection each time.")
    s.commands([hyperfine_command_line(scratch, "calls")])
    s.finish(scratch)


def strace_counts(path):
    """{syscall: calls} from an `strace -c` summary."""
    counts = {}
    for line in open(path):
        fields = line.split()
        if len(fields) >= 5 and re.match(r"^[0-9.]+$", fields[0]) and fields[-1] != "total":
            counts[fields[-1]] = int(fields[3])
    return counts


def syscalls_per_call(scratch, client, calls):
    """Per-call system calls of one client with its server, (N calls − 1 call) ÷ (N − 1), as
    (total, {syscall: per call}) for the syscalls that occur at least once per ten calls."""
    many = strace_counts(os.path.join(scratch, f"mcp-strace-{client}-n.txt"))
    one = strace_counts(os.path.join(scratch, f"mcp-strace-{client}-1.txt"))
    each = {name: (many.get(name, 0) - one.get(name, 0)) / (calls - 1) for name in many}
    each = {name: value for name, value in each.items() if value >= 0.1}
    return sum(each.values()), each


def mcp(scratch):
    calls = int(open(os.path.join(scratch, "mcp.calls")).read())  # scripts/bench chose it
    s = Section("mcp", f"MCP: {calls:,} warm stdio tools/call echo against kosmo_mcp_echo, a C "
                "echo server (each client starts the server itself)", "kosmo ÷ this (time)")
    results = hyperfine(scratch, "mcp")
    kosmo_n, kosmo_1 = results["kosmo-n"], results["kosmo-1"]
    timed_row(s, f"kosmo mcp:lua: {calls:,} calls", kosmo_n)
    timed_row(s, "kosmo mcp:lua: 1 call", kosmo_1)
    for key, what in (("node", "node minimal client (scripts/mcp_warm_calls.mjs)"),
                      ("raw", "python3 client, buffered pipe reads (scripts/bench_mcp_raw.py)")):
        if f"{key}-n" in results:
            timed_row(s, f"{what}: {calls:,} calls", results[f"{key}-n"],
                      versus=ratio(kosmo_n["median"], results[f"{key}-n"]["median"]))
            timed_row(s, f"{what}: 1 call", results[f"{key}-1"])
        else:
            s.missing(f"{what}", "node is not installed (or BENCH_SKIP)" if key == "node" else "not run")
    kosmo_call = per_call(kosmo_n, kosmo_1, calls)
    per_call_row(s, "per call: kosmo", kosmo_call, len(kosmo_n["times"]))
    figures = {}
    for key, what in (("node", "per call: node minimal client"),
                      ("raw", "per call: python3 buffered client")):
        if f"{key}-n" in results:
            figures[key] = per_call(results[f"{key}-n"], results[f"{key}-1"], calls)
            per_call_row(s, what, figures[key], len(results[f"{key}-n"]["times"]),
                         ratio(kosmo_call[0], figures[key][0]))
    if os.path.exists(os.path.join(scratch, "mcp-strace-kosmo-n.txt")):
        for client, what in (("kosmo", "kosmo"), ("raw", "python3 buffered client")):
            total, each = syscalls_per_call(scratch, client, calls)
            detail = ", ".join(f"{name} {value:.1f}" for name, value in
                               sorted(each.items(), key=lambda item: -item[1]))
            s.row(f"system calls per call: {what}, with its server (strace -c -f)",
                  f"{total:.1f}", detail)
    else:
        s.missing("system calls per call (strace -c -f)",
                  open(os.path.join(scratch, "mcp-strace.skip")).read().strip())
    if "raw" in figures:
        overhead = (kosmo_call[0] - figures["raw"][0]) * 1e6
        s.bar("warm call overhead beyond the server < 1 ms (kosmo per call − raw client per "
              "call, medians)", f"{overhead:.1f} µs; kosmo's whole per-call time "
              f"{kosmo_call[0] * 1e6:.1f} µs", overhead < 1000)
        s.bar("#17: kosmo's warm call ≤ 1.2× the python3 buffered client's (per call, medians, "
              "same C server)", ratio(kosmo_call[0], figures["raw"][0]),
              kosmo_call[0] <= 1.2 * figures["raw"][0])
    else:
        s.bar("warm call overhead beyond the server < 1 ms", "kosmo's whole per-call time, "
              f"server included: {kosmo_call[0] * 1e6:.1f} µs", kosmo_call[0] < 1e-3 or None)
    s.note(f"per call = (median {calls:,} calls − median 1 call) ÷ {calls - 1:,}, so process and "
           "server start, initialize and tools/list cancel out; with 1,000 calls a python3 "
           "start's milliseconds of jitter moved its client's per-call figure by more than "
           "itself. The server is kosmo_mcp_echo "
           "(test/fakes/mcp/mcp_echo_server.c): one read and one write per message and no JSON "
           "parsing, so it is not what is measured. The python3 client writes each request with "
           "one write and reads answer lines through a buffered reader without parsing them: its "
           "per-call time is the server's and the pipes' share, which the bars subtract or "
           "divide by. The node client parses and checks every answer like a real client; it is "
           "the peer comparison. System calls per call count both processes of a pair (the "
           f"client and its server, threads included): ({calls:,} calls − 1 call) ÷ {calls - 1:,}.")
    s.commands([hyperfine_command_line(scratch, "mcp")])
    s.finish(scratch)


def gateway(scratch):
    s = Section("gateway", "gateway: 1,000 warm tools/call of sinch.get_group through kosmo "
                "mcp:serve vs the same calls in one integrations:lua run (fake vendor)",
                "this − Lua (per call)")
    results = hyperfine(scratch, "gateway")
    gw_n, gw_1 = results["gateway-1000"], results["gateway-1"]
    lua_n, lua_1 = results["lua-1000"], results["lua-1"]
    timed_row(s, "mcp:serve + python3 client: 1,000 calls", gw_n)
    timed_row(s, "mcp:serve + python3 client: 1 call", gw_1)
    timed_row(s, "integrations:lua: 1,000 calls", lua_n)
    timed_row(s, "integrations:lua: 1 call", lua_1)
    gw_call, lua_call = per_call(gw_n, gw_1, 1000), per_call(lua_n, lua_1, 1000)
    overhead = (gw_call[0] - lua_call[0]) * 1e6
    per_call_row(s, "per call: integrations:lua", lua_call, len(lua_n["times"]))
    per_call_row(s, "per call: mcp:serve (client included)", gw_call, len(gw_n["times"]),
                 f"{overhead:+.1f} µs")
    s.bar("#13: the gateway's per-call overhead < 0.2 ms (per call through mcp:serve − per call "
          "in integrations:lua, medians)", f"{overhead:.1f} µs", overhead < 200, source="#13")
    lua_exec = per_call(results["gateway-lua-1000"], results["gateway-lua-1"], 1000)
    per_call_row(s, "per call: lua_execute of `return 1` through mcp:serve (client included)",
                 lua_exec, len(results["gateway-lua-1000"]["times"]))
    s.bar("#13: lua_execute of `return 1` < 2 ms per call through mcp:serve (median, client "
          "included)", f"{lua_exec[0] * 1e3:.2f} ms", lua_exec[0] < 2e-3, source="#13")
    s.note("per call = (median 1,000 calls − median 1 call) ÷ 999, so process start, the "
           "handshake and the first connection cancel out. The gateway figure includes the "
           "python3 client's own work (one write and one buffered line read per call), which an "
           "agent pays too; the overhead is an upper bound of kosmo's share.")
    s.commands([hyperfine_command_line(scratch, "gateway")])
    s.finish(scratch)


def mcp_peer(scratch):
    s = Section("mcp-peer", "MCP: server-everything (npm), start to first tools/call result over "
                "stdio", "kosmo ÷ this (time)")
    if not os.path.exists(os.path.join(scratch, "mcp-peer.json")):
        reason = open(os.path.join(scratch, "mcp-peer.skip")).read().strip()
        s.missing("kosmo vs node SDK client", reason)
        s.finish(scratch)
        return
    results = hyperfine(scratch, "mcp-peer")
    kosmo, node = results["kosmo"], results["node-sdk"]
    timed_row(s, "kosmo mcp:lua, one app.mcp.every.echo", kosmo)
    timed_row(s, "node + @modelcontextprotocol/sdk (scripts/mcp_first_result.mjs)", node,
              versus=ratio(kosmo["median"], node["median"]))
    s.note("both start the same node server and wait for it; no §10 bar (context for the warm "
           "figures above).")
    s.commands([hyperfine_command_line(scratch, "mcp-peer")])
    s.finish(scratch)


def rss(scratch):
    s = Section("rss", "peak RSS (GNU time %M, the largest resident set of the process; "
                "lower is better)", "kosmo ÷ this (memory)")
    samples, commands, order = {}, {}, []
    with open(os.path.join(scratch, "rss.tsv")) as lines:
        for line in lines:
            group, name, kib, command = line.rstrip("\n").split("\t", 3)
            if (group, name) not in samples:
                order.append((group, name))
                samples[(group, name)] = []
                commands[(group, name)] = display(command, scratch)
            samples[(group, name)].append(int(kib))

    def mb(kib):
        return f"{kib * 1024 / 1e6:.1f} MB"

    first_of_group = {}
    for group, name in order:
        values = samples[(group, name)]
        median = statistics.median(values)
        versus = ""
        if name.startswith("kosmo"):
            first_of_group.setdefault(group, median)
        elif group in first_of_group:
            versus = ratio(first_of_group[group], median)
        s.row(f"{group}: {name}", mb(median), f"{mb(min(values))} – {mb(max(values))}",
              len(values), versus)
    workflow = [statistics.median(v) * 1024 / 1e6 for (g, n), v in samples.items()
                if g == "simple workflow" and n.startswith("kosmo")]
    if workflow:
        s.bar("peak RSS of a simple workflow < 15 MB (examples/sinch_delivery_by_day.lua "
              "replayed from its cassette)", f"{workflow[0]:.1f} MB", workflow[0] < 15)
    if len(workflow) > 1:
        s.bar("the same for a workflow that makes one live HTTP call (libcurl and its "
              "libraries loaded)", f"{workflow[1]:.1f} MB", workflow[1] < 15)
    def median_kib(group, name):
        values = samples.get((group, name))
        return statistics.median(values) if values else None

    for name in ("kosmo --json", "kosmo, plain output"):
        n, twice = (median_kib("100,000 MCP calls", name), median_kib("200,000 MCP calls", name))
        if n is None or twice is None:
            continue
        per_call = (twice - n) * 1024 / 100000
        s.row(f"bytes per call, {name}: (200,000 calls − 100,000 calls) ÷ 100,000",
              f"{per_call:.0f} B")
        if name == "kosmo --json":
            s.bar("#17: memory per call with --json ≤ 100 B (peak RSS, 200,000 calls − 100,000 "
                  "calls, ÷ 100,000)", f"{per_call:.0f} B", per_call <= 100)
            s.bar("#17: peak RSS of a 100,000-call run < 40 MB (with --json)",
                  mb(n), n * 1024 / 1e6 < 40)
    s.note("MB = 10^6 bytes. Each command ran the same number of times, round-robin. python3's "
           "'import json, urllib.request' is the floor of any Python version of the workflow. "
           "The MCP call rows call app.mcp.fake.echo against kosmo_mcp_echo (the C server of the "
           "mcp section): every call has an entry in the call log, which the envelope lists "
           "with --json.")
    s.commands([f"/usr/bin/time -f %M {commands[key]}" for key in order])
    s.finish(scratch)


# --- markdown -----------------------------------------------------------------------------------

def run(*command):
    try:
        out = subprocess.run(command, capture_output=True, text=True, timeout=10)
        return (out.stdout or out.stderr).strip().splitlines()[0]
    except (OSError, IndexError, subprocess.SubprocessError):
        return "not installed"


def machine():
    cpu = run("sh", "-c", "lscpu | sed -n 's/^Model name: *//p'")
    hypervisor = run("sh", "-c", "lscpu | sed -n 's/^Hypervisor vendor: *//p'")
    with open("/proc/meminfo") as f:
        mem_kib = int(re.search(r"MemTotal:\s+(\d+)", f.read()).group(1))
    os_release = dict(re.findall(r'^(\w+)="?([^"\n]*)"?', open("/etc/os-release").read(), re.M))
    debian = open("/etc/debian_version").read().strip() if os.path.exists(
        "/etc/debian_version") else "?"
    build = os.environ.get("BENCH_BUILD_DIR", "")
    cache = {}
    if os.path.exists(os.path.join(build, "CMakeCache.txt")):
        for line in open(os.path.join(build, "CMakeCache.txt")):
            m = re.match(r"(CMAKE_CXX_COMPILER|CMAKE_BUILD_TYPE|KOSMO_BUILD_TESTS):\w+=(.*)", line)
            if m:
                cache[m.group(1)] = m.group(2)
    compiler = run(cache["CMAKE_CXX_COMPILER"], "--version") if "CMAKE_CXX_COMPILER" in cache \
        else "?"
    python = os.environ.get("BENCH_PYTHON", "python3")
    kosmo = os.environ.get("BENCH_KOSMO", "kosmo")
    source = run("git", "-C", root, "rev-parse", "--short", "HEAD")
    try:
        dirty = subprocess.run(["git", "-C", root, "status", "--porcelain", "--untracked-files=no"],
                               capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        dirty = ""
    if dirty:
        source += " with uncommitted changes"
    return [
        ("CPU", f"{cpu}, {os.cpu_count()} cores" + (f" (VM, {hypervisor})" if hypervisor
                                                     not in ("", "not installed") else "")),
        ("RAM", f"{mem_kib / 1024 / 1024:.1f} GiB"),
        ("OS", f"{os_release.get('PRETTY_NAME', '?')} (debian_version {debian}), "
               f"kernel {platform.release()}"),
        ("compiler", f"{compiler}; CMAKE_BUILD_TYPE={cache.get('CMAKE_BUILD_TYPE', '?')}, "
                     f"KOSMO_BUILD_TESTS={cache.get('KOSMO_BUILD_TESTS', 'ON')}"),
        ("kosmo", f"{run(kosmo, '--version')}, {display(kosmo, '')} built "
                  f"{time.strftime('%Y-%m-%d %H:%M', time.localtime(os.path.getmtime(kosmo)))}"
                  f"; the source tree was at {source} when the bench ran"),
        ("lua5.4", run("lua5.4", "-v")),
        ("python3", f"{run(python, '--version')} ({python})"),
        ("curl", run("curl", "--version")),
        ("node", run("node", "--version")),
        ("hyperfine", run("hyperfine", "--version")),
    ]


def cell(text):
    return text.replace("|", "\\|")


def markdown(scratch, target):
    sections = [json.loads(line) for line in open(os.path.join(scratch, "summary.jsonl"))]
    load_start = open(os.path.join(scratch, "load.start")).read().split()[:3]
    lines = [f"Generated by `{os.environ.get('BENCH_INVOCATION', 'scripts/bench')}` on "
             f"{time.strftime('%Y-%m-%d %H:%M %Z')}; total run time "
             f"{os.environ.get('BENCH_ELAPSED', '?')} s; load average (1, 5, 15 min) "
             f"{' '.join(load_start)} at the start, "
             f"{' '.join(f'{x:.2f}' for x in os.getloadavg())} at the end.", "",
             "| machine | |", "|---|---|"]
    lines += [f"| {k} | {cell(v)} |" for k, v in machine()]
    short = {"startup": "start-up", "alloc": "allocation", "json": "JSON", "calls": "calls", "mcp": "MCP",
             "rss": "peak RSS"}
    bars = [(section["key"], bar) for section in sections for bar in section["bars"]]
    if bars:
        lines += ["", "### §10 bars", "", "| | bar | measured | |", "|---|---|---|---|"]
        for key, bar in bars:
            state = NOT_MEASURED if bar["met"] is None else verdict(bar["met"])
            source = bar.get("source", "§10")
            text = bar["bar"] if source == "§10" else f"{source}: {bar['bar']}"
            lines.append(f"| {short.get(key, key)} | {cell(text)} | "
                         f"{cell(bar['measured'])} | **{state}** |")
    for section in sections:
        lines += ["", f"### {section['title']}", ""]
        if section["rows"]:
            lines += [f"| | median | min – max | runs | {section['ratio_header']} |",
                      "|---|---:|---:|---:|---:|"]
            lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in section["rows"]]
        for bar in section["bars"]:
            state = NOT_MEASURED if bar["met"] is None else verdict(bar["met"])
            lines += ["", f"{bar.get('source', '§10')} bar: {bar['bar']}: **{state}** "
                          f"({bar['measured']})."]
        for text in section["notes"]:
            lines += ["", f"Note: {text}"]
        load = section.get("load_average")
        if load:
            lines += ["", f"Load average after this section: {load[0]:.2f} {load[1]:.2f} "
                          f"{load[2]:.2f}."]
        if section["commands"]:
            lines += ["", "```sh"] + section["commands"] + ["```"]
    block = "\n".join(lines) + "\n"
    begin, end = "<!-- bench:begin -->", "<!-- bench:end -->"
    old = open(target).read() if os.path.exists(target) else ""
    if begin in old and end in old:
        head, rest = old.split(begin, 1)
        text = head + begin + "\n" + block + end + rest.split(end, 1)[1]
    else:
        text = block
    with open(target, "w") as out:
        out.write(text)
    print(f"bench: wrote the results to {target}" + (" (between its bench:begin/end markers)"
                                                    if begin in old and end in old else ""))


def main():
    section, scratch = sys.argv[1], sys.argv[2]
    if section == "markdown":
        markdown(scratch, sys.argv[3])
        return
    {"startup": startup, "alloc": alloc, "json": json_section, "calls": calls, "mcp": mcp,
     "mcp-peer": mcp_peer, "rss": rss, "gateway": gateway}[section](scratch)


if __name__ == "__main__":
    main()
