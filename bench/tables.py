"""Turns bench/run's measurements into one Markdown table per job, Shoal first, with the ratios
and the goals of BENCH.md. Usage: python3 tables.py RUNS.tsv LABELS.tsv
RUNS.tsv columns: job, peer, n, c, param, wall, cpu, rss_kb, check ('ok', 'FAILED: ...', 'not available: ...'),
overflows (connections dropped by a full accept queue of the server during the run)
LABELS.tsv columns: peer, label (the name and version shown in the tables)."""
import csv, math, statistics, sys

ORDER = ["shoal", "wrk", "curl", "aiohttp", "httpx", "requests", "jdk", "ahc"]


class Run:
    def __init__(self, r):
        self.job, self.peer, self.check = r["job"], r["peer"], r["check"]
        self.n, self.c, self.param = int(r["n"]), int(r["c"]), r["param"]
        self.available = not self.check.startswith("not available")
        self.ok = self.check == "ok"
        measured = self.available and r["wall"] not in ("", "-")
        self.wall = float(r["wall"]) if measured else None
        self.cpu = float(r["cpu"]) if measured else None
        self.rss_mb = int(r["rss_kb"]) / 1024 if measured else None
        self.overflows = int(r.get("overflows") or 0)

    @property
    def rate(self):
        return self.n / self.wall if self.wall else None

    @property
    def cpu_us(self):
        return self.cpu / self.n * 1e6 if self.cpu is not None and self.n else None


def num(x, fmt):
    return "–" if x is None else format(x, fmt)


def ratio(a, b):
    return a / b if a and b else None


def times(x):
    return "–" if x is None else f"{x:.2f}×"


def verdict(value, good):
    return "–" if value is None else ("met" if good(value) else "NOT met")


def check_cell(run):
    return run.check if run.ok or not run.available else f"**{run.check}**"


def table(header, rows):
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(" --- " for _ in header) + "|"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def by_peer(runs):
    return sorted(runs, key=lambda r: (ORDER.index(r.peer) if r.peer in ORDER else len(ORDER), r.n))


def first(runs, peer):
    return next((r for r in runs if r.peer == peer), None)


def good_rate(run):
    return run.rate if run is not None and run.ok else None


def throughput(runs, label):
    shoal = good_rate(first(runs, "shoal"))
    main = first(runs, "shoal") or runs[0]
    rows = []
    for r in by_peer(runs):
        rows.append([label(r.peer), f"{r.n:,}", r.c, num(r.wall, ".2f"), num(r.rate, ",.0f"), num(r.cpu, ".2f"),
                     num(r.cpu_us, ",.0f"), num(r.rss_mb, ".0f"),
                     "–" if r.peer == "shoal" else times(ratio(shoal, good_rate(r))), check_cell(r)])
    title = f"throughput: {main.n:,} GETs of a 6-byte file from nginx (one worker), {main.c} in flight"
    grid = table(["peer", "requests", "in flight", "wall s", "req/s", "CPU s", "CPU µs/req", "peak RSS MB",
                  "Shoal req/s ÷ peer", "check"], rows)
    goals = []
    targets = [("Shoal ≥ 5× aiohttp's req/s", "aiohttp", lambda x: x >= 5),
             ("Shoal ≥ 0.5× wrk's req/s", "wrk", lambda x: x >= 0.5),
             ("Shoal ahead of JDK HttpClient", "jdk", lambda x: x > 1),
             ("Shoal ahead of AsyncHttpClient", "ahc", lambda x: x > 1)]
    for text, peer, good in targets:
        other = first(runs, peer)
        if other is not None:
            x = ratio(shoal, good_rate(other))
            goals.append(f"{text}: {times(x)} → {verdict(x, good)}")
    return title, grid, goals


def latency(runs, label):
    main = first(runs, "shoal") or runs[0]
    delay_ms = float(main.param)

    def ideal(r):
        return math.ceil(r.n / r.c) * delay_ms / 1000

    shoal = good_rate(first(runs, "shoal"))
    rows = []
    for r in by_peer(runs):
        rows.append([label(r.peer), f"{r.n:,}", r.c, num(r.wall, ".2f"), times(ratio(r.wall, ideal(r))),
                     num(r.rate, ",.0f"), num(r.cpu, ".2f"), num(r.cpu_us, ",.0f"), num(r.rss_mb, ".0f"),
                     "–" if r.peer == "shoal" else times(ratio(shoal, good_rate(r))), check_cell(r)])
    title = (f"latency-bound: {main.n:,} GETs that wait {delay_ms:.0f} ms at the server, {main.c:,} in flight "
             f"(ideal {ideal(main):.1f} s)")
    grid = table(["peer", "requests", "in flight", "wall s", "wall ÷ ideal", "req/s", "CPU s", "CPU µs/req",
                  "peak RSS MB", "Shoal req/s ÷ peer", "check"], rows)
    goals = []
    s = first(runs, "shoal")
    if s is not None:
        x = ratio(s.wall, ideal(s)) if s.ok else None
        goals.append(f"Shoal's wall ≤ 1.5× ideal ({1.5 * ideal(s):.1f} s): {times(x)} → {verdict(x, lambda v: v <= 1.5)}")
    aio = first(runs, "aiohttp")
    if aio is not None:
        x = ratio(shoal, good_rate(aio))
        goals.append(f"Shoal ≥ 2.5× faster than aiohttp: {times(x)} → {verdict(x, lambda v: v >= 2.5)}")
    return title, grid, goals


def memory(runs, label):
    small, large = min(r.n for r in runs), max(r.n for r in runs)
    c = runs[0].c
    rows, shoal_pair = [], None
    for peer in dict.fromkeys(r.peer for r in by_peer(runs)):
        s = next((r for r in runs if r.peer == peer and r.n == small), None)
        l = next((r for r in runs if r.peer == peer and r.n == large), None)
        both_ok = s is not None and l is not None and s.ok and l.ok
        growth = ratio(l.rss_mb, s.rss_mb) if both_ok else None
        if peer == "shoal":
            shoal_pair = (growth, l.rss_mb if both_ok else None)
        checks = [x for x in (s, l) if x is not None and x.check != "ok"]
        rows.append([label(peer), num(s and s.rss_mb, ".0f"), num(l and l.rss_mb, ".0f"), times(growth),
                     num(s and s.wall, ".2f"), num(l and l.wall, ".2f"), num(l and l.rate, ",.0f"),
                     check_cell(checks[0]) if checks else "ok"])
    title = f"memory: the throughput job at {small:,} and {large:,} URLs, {c} in flight"
    grid = table(["peer", f"peak RSS MB at {small:,}", f"peak RSS MB at {large:,}", "growth",
                  f"wall s at {small:,}", f"wall s at {large:,}", f"req/s at {large:,}", "check"], rows)
    goals = []
    if shoal_pair is not None:
        growth, big = shoal_pair
        goals.append(f"Shoal's peak RSS at {large:,} ≤ 1.25× that at {small:,}: {times(growth)} → "
                     f"{verdict(growth, lambda v: v <= 1.25)}")
        goals.append(f"Shoal's peak RSS at {large:,} ≤ 200 MB: {num(big, '.0f')} MB → "
                     f"{verdict(big, lambda v: v <= 200)}")
    return title, grid, goals


def startup(runs, label):
    rows, medians = [], {}
    count = max(sum(1 for r in runs if r.peer == p) for p in {r.peer for r in runs})
    for peer in dict.fromkeys(r.peer for r in by_peer(runs)):
        mine = [r for r in runs if r.peer == peer]
        measured = [r for r in mine if r.wall is not None]
        bad = [r for r in mine if r.check != "ok"]
        walls = [r.wall for r in measured]
        median = statistics.median(walls) if walls and not bad else None
        medians[peer] = median
        rows.append([label(peer), len(mine), num(median, ".3f"),
                     f"{min(walls):.3f}–{max(walls):.3f}" if walls else "–",
                     num(statistics.median([r.cpu for r in measured]) if measured else None, ".2f"),
                     num(max(r.rss_mb for r in measured) if measured else None, ".0f"),
                     "–" if peer == "shoal" else times(ratio(medians.get("shoal"), median)),
                     check_cell(bad[0]) if bad else "ok"])
    title = f"start-up: one URL as a whole process, median of {count} runs"
    grid = table(["peer", "runs", "median wall s", "min–max s", "CPU s (median)", "peak RSS MB",
                  "Shoal wall ÷ peer", "check"], rows)
    goals = []
    if "shoal" in medians and "aiohttp" in medians:
        x = ratio(medians["shoal"], medians["aiohttp"])
        goals.append(f"Shoal's median wall ≤ 1.5× aiohttp's: {times(x)} → {verdict(x, lambda v: v <= 1.5)}")
    return title, grid, goals


def section(runs, render, label):
    title, grid, goals = render(runs, label)
    shoal = [r for r in runs if r.peer == "shoal"]
    if shoal and not shoal[0].available:
        goals = [f"not checked, Shoal is {shoal[0].check}"]
    elif any(not r.ok for r in shoal):
        goals = ["NOT met: Shoal's run FAILED (see its check)"]
    notes = [f"{label(r.peer)} ({r.n:,}): {r.overflows:,}" for r in by_peer(runs) if r.overflows]
    if notes:
        notes = ["note: the kernel's ListenOverflows counter rose (machine-wide: a full accept queue of this run's "
                 "server, or of other work; each dropped connect waits ~1 s for its SYN to be sent again) during "
                 + "; ".join(notes)]
    return "\n".join([f"## {title}", "", grid, ""] + [f"- goal: {g}" for g in goals] + [f"- {n}" for n in notes])


JOBS = {"throughput": throughput, "latency": latency, "memory": memory, "startup": startup}


def main(runs_path, labels_path):
    with open(labels_path, encoding="utf-8") as f:
        labels = dict(line.rstrip("\n").split("\t", 1) for line in f if "\t" in line)
    with open(runs_path, encoding="utf-8") as f:
        runs = [Run(r) for r in csv.DictReader(f, delimiter="\t")]
    label = lambda peer: labels.get(peer, peer)
    sections = []
    for job, render in JOBS.items():
        mine = [r for r in runs if r.job == job]
        if mine:
            sections.append(section(mine, render, label))
    print("\n\n".join(sections))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
