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


# ---------------------------------------------------------------- the real-web jobs
# Their param is HOSTS:PER_HOST ('none' for a client without a per-host limit), C10k's HOSTS:PER_HOST/DELAY_MS;
# wrk's is its duration.

def hosts_of(run):
    return int(run.param.split(":")[0]) if ":" in run.param else None


def per_host_of(run):
    p = run.param.split(":")[1].split("/")[0] if ":" in run.param else "–"
    return "none (has no limit)" if p == "none" else p


def real_grid(runs, label, ideal=None):
    """One row per run, Shoal first (its full-size run first); Shoal's req/s at full size over each peer's."""
    shoal = good_rate(by_size(runs))
    rows = []
    for r in sorted(runs, key=lambda r: (ORDER.index(r.peer) if r.peer in ORDER else len(ORDER), -r.n)):
        row = [label(r.peer), f"{r.n:,}", num(hosts_of(r), ","), f"{r.c:,}", per_host_of(r), num(r.wall, ".2f")]
        if ideal:
            row.append(times(ratio(r.wall, ideal(r))))
        row += [num(r.rate, ",.0f"), num(r.cpu, ".2f"), num(r.cpu_us, ",.0f"), num(r.rss_mb, ".0f"),
                "–" if r.peer == "shoal" else times(ratio(shoal, good_rate(r))), check_cell(r)]
        rows.append(row)
    header = ["peer", "requests", "hosts", "in flight", "per host", "wall s"] + (["wall ÷ ideal"] if ideal else []) + \
             ["req/s", "CPU s", "CPU µs/req", "peak RSS MB", "Shoal req/s ÷ peer", "check"]
    return table(header, rows)


def rate_goal(runs, text, peer, good):
    other = first(runs, peer)
    if other is None:
        return []
    x = ratio(good_rate(by_size(runs)), good_rate(other))
    return [f"{text}: {times(x)} → {verdict(x, good)}"]


def by_size(runs):
    """Shoal's run at the job's full size (the many-hosts job also runs it smaller)."""
    mine = [r for r in runs if r.peer == "shoal"]
    return max(mine, key=lambda r: r.n) if mine else None


def manyhosts(runs, label):
    full = by_size(runs) or runs[0]
    small = min((r for r in runs if r.peer == "shoal"), key=lambda r: r.n, default=None)
    title = (f"many hosts: {full.n:,} GETs over {num(hosts_of(full), ',')} host names (DNS: dnsmasq), {full.c} in flight, "
             f"{per_host_of(full)} per host")
    goals = rate_goal(runs, "Shoal ≥ 6× aiohttp's req/s", "aiohttp", lambda x: x >= 6)
    ok = full.ok and full.peer == "shoal"
    big = full.rss_mb if ok else None
    goals.append(f"Shoal's peak RSS ≤ 200 MB: {num(big, '.0f')} MB → {verdict(big, lambda v: v <= 200)}")
    if small is not None and small is not full:
        growth = ratio(big, small.rss_mb) if small.ok else None
        goals.append(f"Shoal's peak RSS at {full.n:,} GETs ≤ 1.25× that at {small.n:,} GETs over the same "
                     f"{num(hosts_of(full), ',')} names: {times(growth)} → {verdict(growth, lambda v: v <= 1.25)}")
    return title, real_grid(runs, label), goals


def tlshandshake(runs, label):
    main = by_size(runs) or runs[0]
    title = (f"TLS handshakes: {main.n:,} HTTPS GETs over {num(hosts_of(main), ',')} host names, nginx with an ECDSA "
             f"P-256 certificate, {main.c} in flight, {per_host_of(main)} per host")
    goals = rate_goal(runs, "Shoal ≥ 4× aiohttp's req/s", "aiohttp", lambda x: x >= 4)
    goals += rate_goal(runs, "Shoal ≥ 2× AsyncHttpClient's req/s", "ahc", lambda x: x >= 2)
    return title, real_grid(runs, label), goals


def tlskeepalive(runs, label):
    main = by_size(runs) or runs[0]
    title = f"TLS keep-alive: {main.n:,} HTTPS GETs to one host, {main.c} in flight (wrk: as long as Shoal's run)"
    goals = rate_goal(runs, "Shoal ≥ 6× aiohttp's req/s", "aiohttp", lambda x: x >= 6)
    return title, real_grid(runs, label), goals


def c10k(runs, label):
    main = by_size(runs) or runs[0]
    delay_ms = float(main.param.split("/")[-1]) if "/" in main.param else 1000.0

    def ideal(r):
        return math.ceil(r.n / r.c) * delay_ms / 1000

    title = (f"C10k: {main.n:,} GETs that wait {delay_ms:.0f} ms at the server, {main.c:,} in flight "
             f"(ideal {ideal(main):.1f} s)")
    goals = []
    if main.peer == "shoal":
        x = ratio(main.wall, ideal(main)) if main.ok else None
        goals.append(f"Shoal's wall ≤ 1.2× ideal ({1.2 * ideal(main):.1f} s): {times(x)} → {verdict(x, lambda v: v <= 1.2)}")
        rss = main.rss_mb if main.ok else None
        goals.append(f"Shoal's peak RSS ≤ 400 MB: {num(rss, '.0f')} MB → {verdict(rss, lambda v: v <= 400)}")
    return title, real_grid(runs, label, ideal), goals


def longrun(runs, label):
    main = by_size(runs) or runs[0]
    title = (f"long run: {main.n:,} GETs to one host, {main.c} in flight (wrk: as long as Shoal's run; the other "
             f"peers a part of the URLs)")
    goals = rate_goal(runs, "Shoal ≥ 0.65× wrk's req/s", "wrk", lambda x: x >= 0.65)
    return title, real_grid(runs, label), goals


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


JOBS = {"throughput": throughput, "latency": latency, "memory": memory, "startup": startup,
        "manyhosts": manyhosts, "tlshandshake": tlshandshake, "tlskeepalive": tlskeepalive, "c10k": c10k,
        "longrun": longrun}


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
