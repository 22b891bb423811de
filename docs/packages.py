#!/usr/bin/env python3
"""Draws shoal-core's package dependency graph from the compiled classes, with jdeps, as Markdown (a mermaid graph
and its cycles). docs/packages.md holds its output; PackageCyclesTest checks the same graph on every build.

    python3 docs/packages.py            # the working tree (compiles shoal-core first, offline)
    python3 docs/packages.py 2d6f900    # a past commit, exported with git archive into a temporary directory

An edge A --> B says that code in A uses a type of B. Edges into dev.shoal are not drawn: every package uses the
public value types (Request, Response, Headers, ErrorKind...). Edges inside a cycle are drawn red.
"""
import os
import re
import subprocess
import sys
import tempfile

INTERNAL = "dev.shoal.internal"


def run(cmd, cwd):
    return subprocess.run(cmd, cwd=cwd, check=True, capture_output=True, text=True).stdout


def package_graph(root):
    """{package: set of dev.shoal packages it uses} for shoal-core under the Maven project at root."""
    run(["mvn", "-q", "-B", "-o", "-pl", "shoal-core", "-am", "compile"], root)
    cp_file = os.path.join(root, "shoal-core", "target", "packages-classpath.txt")
    run(["mvn", "-q", "-B", "-o", "-pl", "shoal-core", "dependency:build-classpath",
         "-Dmdep.includeScope=compile", "-Dmdep.outputFile=" + cp_file], root)
    with open(cp_file) as f:
        module_path = f.read().strip()
    classes = os.path.join(root, "shoal-core", "target", "classes")
    out = run(["jdeps", "--multi-release", "17", "--module-path", module_path,
               "-verbose:package", "-e", r"dev\.shoal(\..*)?", classes], root)
    graph = {}
    for line in out.splitlines():
        w = line.split()
        if len(w) >= 3 and w[1] == "->" and w[0].startswith("dev.shoal") and w[2].startswith("dev.shoal"):
            graph.setdefault(w[0], set())
            graph.setdefault(w[2], set())  # a package that uses no other (url) is a node all the same
            if w[0] != w[2]:
                graph[w[0]].add(w[2])
    return graph


def cycles(graph):
    """Strongly connected components of more than one package (Tarjan)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def connect(p):
        index[p] = low[p] = len(index)
        stack.append(p)
        on_stack.add(p)
        for q in sorted(graph.get(p, ())):
            if q not in index:
                connect(q)
                low[p] = min(low[p], low[q])
            elif q in on_stack:
                low[p] = min(low[p], index[q])
        if low[p] == index[p]:
            component = set()
            while True:
                q = stack.pop()
                on_stack.discard(q)
                component.add(q)
                if q == p:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    sys.setrecursionlimit(10000)
    for p in sorted(graph):
        if p not in index:
            connect(p)
    return sorted(found)


def label(pkg):
    if pkg == "dev.shoal":
        return "dev.shoal (API)"
    if pkg == INTERNAL:
        return "internal (Engine)"
    return pkg[len(INTERNAL) + 1:] if pkg.startswith(INTERNAL + ".") else pkg


def node(pkg):
    return re.sub(r"\W", "_", pkg)


def markdown(graph, title):
    # the public package's own edges count for the drawing, not for the cycles (see PackageCyclesTest)
    checked = {p: (set() if p == "dev.shoal" else uses) for p, uses in graph.items()}
    found = cycles(checked)
    in_cycle = {p: i for i, c in enumerate(found) for p in c}
    lines = ["```mermaid", "flowchart TD"]
    for p in sorted(graph):
        lines.append(f'    {node(p)}["{label(p)}"]')
    red = []
    edges = 0
    for p in sorted(graph):
        for q in sorted(graph[p]):
            if q == "dev.shoal":
                continue
            lines.append(f"    {node(p)} --> {node(q)}")
            if p in in_cycle and in_cycle.get(q) == in_cycle[p]:
                red.append(str(edges))
            edges += 1
    if red:
        lines.append(f"    linkStyle {','.join(red)} stroke:#d00,stroke-width:2px")
    lines.append("```")
    lines.append("")
    if found:
        lines.append(f"{title}: {len(found)} cycle(s), each a set of packages that reach each other:")
        lines.append("")
        for c in found:
            lines.append("- " + ", ".join(label(p) for p in c))
    else:
        lines.append(f"{title}: no cycle.")
    lines.append("")
    lines.append("| package | uses (dev.shoal packages) |")
    lines.append("|---|---|")
    for p in sorted(graph):
        lines.append(f"| {label(p)} | {', '.join(label(q) for q in sorted(graph[p])) or '-'} |")
    return "\n".join(lines)


def main():
    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    if len(sys.argv) > 1:
        rev = sys.argv[1]
        with tempfile.TemporaryDirectory(prefix="shoal-packages-") as tmp:
            archive = subprocess.run(["git", "archive", rev], cwd=here, check=True, capture_output=True).stdout
            subprocess.run(["tar", "-x", "-C", tmp], input=archive, check=True)
            print(markdown(package_graph(tmp), "At " + rev))
    else:
        print(markdown(package_graph(here), "Now"))


if __name__ == "__main__":
    main()
