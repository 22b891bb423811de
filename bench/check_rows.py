"""Checks one run's output: exactly one row per input index 0..N-1, every one with status 200.
Prints 'ok' or what went wrong in a few words; exits 0 when ok, 1 otherwise.
Usage: python3 check_rows.py ROWS N"""
import collections, json, sys


def check(path, expected):
    seen, not_ok, bad_lines = set(), collections.Counter(), 0
    rows = 0
    try:
        f = open(path, encoding="utf-8")
    except OSError:
        return "no output file"
    with f:
        for line in f:
            if not line.strip():
                continue
            rows += 1
            try:
                row = json.loads(line)
            except ValueError:
                bad_lines += 1
                continue
            seen.add(row.get("index"))
            if row.get("status") != 200:
                error = row.get("error") or {}
                not_ok[str(row.get("status") if row.get("status") is not None
                           else error.get("kind") or error.get("type") or "error")] += 1
    problems = []
    if rows != expected:
        problems.append(f"{rows} rows for {expected} URLs")
    missing = expected - len(seen & set(range(expected)))
    if missing:
        problems.append(f"{missing} indexes missing")
    if bad_lines:
        problems.append(f"{bad_lines} rows not JSON")
    if not_ok:
        problems.append("not 200: " + ", ".join(f"{k} ×{v}" for k, v in not_ok.most_common(3)))
    return "; ".join(problems) or "ok"


if __name__ == "__main__":
    verdict = check(sys.argv[1], int(sys.argv[2]))
    print(verdict)
    sys.exit(0 if verdict == "ok" else 1)
