// Draws the report from the JSON in #report-data with uPlot (inlined above). Text from the data is only
// ever set with textContent. When every chart has drawn, the body gets data-rendered="true" and a
// #rendered element, so a headless browser can tell the page is complete.
(function () {
  "use strict";

  const data = JSON.parse(document.getElementById("report-data").textContent);
  const COLOR = {
    ok: "#2f9e44", clientError: "#f59f00", serverError: "#e8590c", failed: "#c92a2a",
    all: "#343a40", responses: "#1c7ed6",
    p50: "#1c7ed6", p90: "#7048e8", p99: "#d6336c", max: "#adb5bd",
  };
  const OUTCOMES = [
    { key: "ok", label: "2xx/3xx" },
    { key: "clientError", label: "4xx" },
    { key: "serverError", label: "5xx" },
    { key: "failed", label: "failed" },
  ];
  const REASONS = {
    100: "Continue", 101: "Switching Protocols", 200: "OK", 201: "Created", 202: "Accepted", 204: "No Content",
    206: "Partial Content", 301: "Moved Permanently", 302: "Found", 303: "See Other", 304: "Not Modified",
    307: "Temporary Redirect", 308: "Permanent Redirect", 400: "Bad Request", 401: "Unauthorized",
    403: "Forbidden", 404: "Not Found", 405: "Method Not Allowed", 408: "Request Timeout", 409: "Conflict",
    410: "Gone", 413: "Content Too Large", 415: "Unsupported Media Type", 418: "I'm a teapot",
    422: "Unprocessable Content", 429: "Too Many Requests", 500: "Internal Server Error", 501: "Not Implemented",
    502: "Bad Gateway", 503: "Service Unavailable", 504: "Gateway Timeout",
  };

  // ---- formatting ----
  const count = (n) => Math.round(n).toLocaleString("en-US");
  const percent = (part, whole) => (whole ? (100 * part / whole).toFixed(1) + "%" : "–");
  function ms(v) {
    if (v == null) return "–";
    if (v >= 10000) return (v / 1000).toFixed(1) + " s";
    if (v >= 1000) return (v / 1000).toFixed(2) + " s";
    if (v >= 100) return v.toFixed(0) + " ms";
    if (v >= 10) return v.toFixed(1) + " ms";
    return v.toFixed(2) + " ms";
  }
  function bytes(n) {
    const units = ["B", "kB", "MB", "GB", "TB"];
    let i = 0;
    while (n >= 1000 && i < units.length - 1) { n /= 1000; i++; }
    return (i === 0 ? n : n.toFixed(1)) + " " + units[i];
  }
  function duration(msValue) {
    const s = msValue / 1000;
    if (s < 120) return s.toFixed(s < 10 ? 2 : 1) + " s";
    const m = Math.floor(s / 60);
    return m + " min " + Math.round(s - 60 * m) + " s";
  }
  // Axis ticks: as few characters as will do (1 s, 200 ms, 0.5 ms).
  function msTick(v) {
    if (v == null) return "";
    const trim = (x) => String(+x.toPrecision(3));
    return v >= 1000 ? trim(v / 1000) + " s" : trim(v) + " ms";
  }
  const plainTick = (v) => (v >= 1000 ? count(v) : String(+v.toPrecision(3)));
  const rate = (v) => (v >= 100 ? count(v) : v.toFixed(1));

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text != null) node.textContent = text;
    return node;
  }

  // ---- header, cards, notes ----
  document.getElementById("source").textContent = "· " + data.source;
  document.title = "Shoal report · " + data.source;
  const out = data.outcomes;
  const responses = out.ok + out.clientError + out.serverError;
  document.getElementById("subtitle").textContent = data.rows
    ? count(data.rows) + " requests, first started " + new Date(data.firstStartMs).toISOString().replace("T", " ").replace(/\.\d+Z$/, " UTC")
    : "No rows.";

  function card(label, value, unit, detail, className) {
    const c = el("div", "card" + (className ? " " + className : ""));
    c.appendChild(el("div", "label", label));
    const v = el("div", "value", value);
    if (unit) v.appendChild(el("small", null, unit));
    c.appendChild(v);
    c.appendChild(el("div", "detail", detail || "\u00a0"));
    return c;
  }
  const cards = document.getElementById("cards");
  cards.appendChild(card("Requests", count(data.rows), null, data.malformed.count ? count(data.malformed.count) + " malformed lines skipped" : "rows read"));
  cards.appendChild(card("2xx/3xx", percent(out.ok, data.rows), null, count(out.ok) + " rows", "ok"));
  cards.appendChild(card("4xx/5xx", percent(out.clientError + out.serverError, data.rows), null,
    count(out.clientError + out.serverError) + " rows", "client-error"));
  cards.appendChild(card("Failed", percent(out.failed, data.rows), null, count(out.failed) + " rows", "failed"));
  cards.appendChild(card("Rate", rate(data.ratePerSecond), "req/s", "over " + duration(data.spanMs)));
  cards.appendChild(card("Received", bytes(data.bytes), null,
    responses ? bytes(Math.round(data.bytes / responses)) + " avg" : "\u00a0"));
  const lat = data.latency.all;
  const latencyCard = el("div", "card latency-card");
  latencyCard.appendChild(el("div", "label", "Latency p50 · p90 · p99 · max"));
  const latencyValue = el("div", "value");
  [lat.p50, lat.p90, lat.p99, lat.max].forEach((v) => latencyValue.appendChild(el("span", null, data.rows ? ms(v) : "–")));
  latencyCard.appendChild(latencyValue);
  latencyCard.appendChild(el("div", "detail", data.rows ? "mean " + ms(lat.mean) + " · min " + ms(lat.min) + " · p99.9 " + ms(lat.p999) : "\u00a0"));
  cards.appendChild(latencyCard);

  const notes = document.getElementById("notes");
  const note = (text) => notes.appendChild(el("p", null, text));
  if (data.malformed.count) {
    note(count(data.malformed.count) + " lines were not rows and were skipped: " +
      data.malformed.examples.map((e) => "line " + e.line + " (" + e.reason + ")").join(", ") +
      (data.malformed.count > data.malformed.examples.length ? ", …" : "") + ".");
  }
  if (data.rows) {
    note("Time axes: seconds since the first request started, in intervals of " + ms(data.timeline.bucketMs) + ".");
  }
  if (data.hosts.overflowed) {
    note("More hosts than the " + data.hosts.capacity + " tracked: rows of the less frequent ones are grouped " +
      "with the remaining hosts; * marks a host some of whose first rows may be counted there.");
  }
  if (data.rows) {
    note("Retries: " + count(data.retries) + " (" + count(data.retriedRows) + " requests retried). Redirects followed: " +
      count(data.redirects) + ".");
  }
  if (data.protocols.length) {
    note("Protocols: " + data.protocols.map((p) => p.name + " " + count(p.count)).join(", ") + ".");
  }
  note("Made by shoal report. Charts: uPlot (MIT).");

  // ---- charts ----
  const charts = [];
  let drawn = 0;

  function finish() {
    document.body.dataset.charts = String(drawn);
    document.body.dataset.rendered = "true";
    const marker = el("div");
    marker.id = "rendered";
    marker.hidden = true;
    document.body.appendChild(marker);
  }

  function widthOf(container) {
    return Math.max(240, container.clientWidth);
  }

  function plot(id, opts, columns) {
    const container = document.getElementById(id);
    let counted = false;
    opts.width = widthOf(container);
    opts.height = opts.height || 210;
    opts.hooks = {
      draw: [() => {
        if (!counted) {
          counted = true;
          drawn++;
          if (drawn === charts.length) finish();
        }
      }],
    };
    charts.push({ container, opts, columns });
  }

  function empty(id, text) {
    document.getElementById(id).appendChild(el("div", "empty", text));
  }

  // Log axes: ticks at 1, 2, 5 × 10^k, or only at 10^k when the range is wide; every tick labelled.
  function logSplits(u, axisIdx, min, max) {
    const out = [];
    const wide = Math.log10(max / min) > 2;
    for (let d = Math.floor(Math.log10(min)); d <= Math.ceil(Math.log10(max)); d++) {
      for (const m of wide ? [1] : [1, 2, 5]) {
        const v = m * Math.pow(10, d);
        if (v >= min * 0.999 && v <= max * 1.001) out.push(v);
      }
    }
    return out;
  }
  const logRange = (u, min, max) => [
    Math.pow(10, Math.floor(Math.log10(Math.max(min, 1e-3)))),
    Math.pow(10, Math.ceil(Math.log10(Math.max(max, 1e-3) * 1.0001))),
  ];
  const axis = (extra) => Object.assign({ stroke: "#656d76", grid: { stroke: "#eef1f4" }, ticks: { stroke: "#d8dee4" } }, extra);
  const secondsAxis = axis({ values: (u, vals) => vals.map((v) => v + " s") });
  const allLabels = (u, splits) => splits;
  const msAxis = axis({ size: 66, splits: logSplits, filter: allLabels, values: (u, vals) => vals.map(msTick) });
  const line = (label, color, extra) => Object.assign({ label, stroke: color, width: 1.5, points: { show: false } }, extra);
  const bars = uPlot.paths.bars({ size: [0.9, 64], gap: 1 });
  const barsTight = uPlot.paths.bars({ size: [0.94, 64] });

  // Legends show the hovered point's values, and figures for the whole run when nothing is hovered.
  const t = data.timeline;
  const spanSeconds = Math.max(data.spanMs, 1) / 1000;
  const timeLegend = { label: "time", value: (u, v) => (v == null ? "whole run" : v.toFixed(1) + " s") };
  if (!data.rows) {
    ["throughput", "latency-over-time", "latency-histogram", "latency-percentiles"].forEach((id) => empty(id, "No rows."));
  } else {
    // Throughput: stacked bars, drawn tallest first (the total, whose visible top is "failed").
    const stacked = [];
    let sum = t.t.map(() => 0);
    OUTCOMES.forEach((o) => {
      sum = sum.map((s, i) => s + t[o.key][i]);
      stacked.push(sum);
    });
    const series = [timeLegend];
    const columns = [t.t];
    for (let k = OUTCOMES.length - 1; k >= 0; k--) {
      const o = OUTCOMES[k];
      series.push({
        label: o.label, fill: COLOR[o.key], stroke: COLOR[o.key], width: 0, paths: bars, points: { show: false },
        value: (u, v, si, idx) => (idx == null ? rate(out[o.key] / spanSeconds) + "/s avg" : rate(t[o.key][idx]) + "/s"),
      });
      columns.push(stacked[k]);
    }
    plot("throughput", {
      scales: { x: { time: false } },
      axes: [secondsAxis, axis({ size: 56, label: "req/s", labelSize: 18, values: (u, vals) => vals.map(plainTick) })],
      series,
    }, columns);

    plot("latency-over-time", {
      scales: { x: { time: false }, y: { distr: 3, log: 10, range: logRange } },
      axes: [secondsAxis, msAxis],
      series: [
        timeLegend,
        line("max", COLOR.max, { width: 1, dash: [4, 3], value: overall("max") }),
        line("p99", COLOR.p99, { value: overall("p99") }),
        line("p90", COLOR.p90, { value: overall("p90") }),
        line("p50", COLOR.p50, { width: 2, value: overall("p50") }),
      ],
    }, [t.t, t.max.map(positive), t.p99.map(positive), t.p90.map(positive), t.p50.map(positive)]);

    // Distribution: log-spaced bins; the total is drawn first, so its visible top is the failures.
    const h = data.histogram;
    const step = h.ms.length > 1 ? h.ms[1] / h.ms[0] : 2;
    plot("latency-histogram", {
      height: 200,
      scales: {
        x: { time: false, distr: 3, log: 10, range: (u, min, max) => [min / Math.sqrt(step), max * Math.sqrt(step)] },
      },
      axes: [axis({ splits: logSplits, filter: allLabels, values: (u, vals) => vals.map(msTick) }),
        axis({ size: 56, values: (u, vals) => vals.map(count) })],
      series: [
        { label: "latency", value: (u, v) => (v == null ? "all bins" : "≈ " + ms(v)) },
        { label: "failed", fill: COLOR.failed, stroke: COLOR.failed, width: 0, paths: barsTight, points: { show: false },
          value: (u, v, si, idx) => count(idx == null ? out.failed : h.failed[idx]) },
        { label: "responses", fill: COLOR.responses, stroke: COLOR.responses, width: 0, paths: barsTight, points: { show: false },
          value: (u, v, si, idx) => count(idx == null ? responses : v) },
      ],
    }, [h.ms, h.ms.map((x, i) => h.responses[i] + h.failed[i]), h.responses]);

    // Percentiles: x = 1/(1-p) on a log axis, labelled as percentiles.
    const p = data.percentiles;
    const xMax = Math.max(10, p.x[p.x.length - 1]);
    const pctLabel = (x) => {
      const pct = 100 * (1 - 1 / x);
      return pct <= 0 ? "0%" : (pct >= 99 ? pct.toFixed(Math.max(0, Math.round(Math.log10(x)) - 2)) : pct.toFixed(0)) + "%";
    };
    const pctSplits = () => {
      const out = [2];
      for (let x = 10; x <= xMax * 1.0001; x *= 10) out.push(x);
      return out;
    };
    plot("latency-percentiles", {
      height: 200,
      scales: { x: { time: false, distr: 3, log: 10, range: () => [1, xMax] }, y: { distr: 3, log: 10, range: logRange } },
      axes: [axis({ splits: pctSplits, filter: allLabels, values: (u, vals) => vals.map(pctLabel) }), msAxis],
      series: [
        { label: "percentile", value: (u, v) => (v == null ? "p99" : "p" + pctLabel(v).replace("%", "")) },
        line("failed", COLOR.failed, { value: p99Of("failed") }),
        line("responses", COLOR.responses, { value: p99Of("responses") }),
        line("all", COLOR.all, { width: 2, value: p99Of("all") }),
      ],
    }, [p.x, p.failed.map(positive), p.responses.map(positive), p.all.map(positive)]);
  }

  function overall(key) {
    return (u, v, si, idx) => (idx == null ? ms(data.latency.all[key]) + " overall" : ms(v));
  }

  function p99Of(cls) {
    return (u, v, si, idx) => (idx != null ? ms(v) : data.latency[cls].count ? ms(data.latency[cls].p99) : "–");
  }

  // Log scales cannot show 0: a latency under 1 µs is drawn at 1 µs.
  function positive(v) {
    return v == null ? null : Math.max(v, 0.001);
  }

  // ---- outcome bars ----
  function barRow(container, name, detail, n, max, whole, color, example) {
    const row = el("div", "row");
    const label = el("div", "name");
    label.appendChild(el("b", null, name));
    if (detail) label.appendChild(el("i", null, detail));
    label.title = name + (detail ? " " + detail : "");
    const track = el("div", "track");
    const fill = el("div", "fill");
    fill.style.width = (100 * n / max).toFixed(2) + "%";
    fill.style.background = color;
    track.appendChild(fill);
    const c = el("div", "count", count(n));
    c.appendChild(el("small", null, percent(n, whole)));
    row.append(label, track, c);
    if (example) {
      const e = el("div", "example", example);
      e.title = example;
      row.appendChild(e);
    }
    container.appendChild(row);
  }
  const statusColor = (s) => (s >= 500 ? COLOR.serverError : s >= 400 ? COLOR.clientError : COLOR.ok);
  const statuses = document.getElementById("statuses");
  if (data.statuses.length) {
    const max = Math.max(...data.statuses.map((s) => s[1]));
    data.statuses.forEach(([s, n]) => barRow(statuses, String(s), REASONS[s] || "", n, max, data.rows, statusColor(s)));
  } else {
    statuses.appendChild(el("div", "empty", "No responses."));
  }
  const errors = document.getElementById("errors");
  if (data.errors.length) {
    const max = data.errors[0].count;
    data.errors.forEach((e) => barRow(errors, e.name, "", e.count, max, data.rows, COLOR.failed, e.example ? "e.g. " + e.example : null));
  } else {
    errors.appendChild(el("div", "empty", "No errors: every request got a response."));
  }

  // ---- hosts ----
  const table = document.getElementById("hosts");
  const head = el("tr");
  ["host", "rows", "outcomes", "4xx", "5xx", "failed", "p50", "p90", "p99", "max"].forEach((h) => head.appendChild(el("th", null, h)));
  table.appendChild(el("thead")).appendChild(head);
  const body = table.appendChild(el("tbody"));
  const hostRows = data.hosts.top.concat(data.hosts.rest ? [data.hosts.rest] : []);
  hostRows.forEach((h, i) => {
    const tr = el("tr", h === data.hosts.rest ? "rest" : null);
    const name = el("td", "host", h.host + (h.partial ? " *" : ""));
    name.title = h.host;
    tr.appendChild(name);
    tr.appendChild(el("td", null, count(h.rows)));
    const mix = el("td", "mix");
    const stack = el("div", "stack");
    OUTCOMES.forEach((o) => {
      if (!h[o.key]) return;
      const part = el("span");
      part.style.width = (100 * h[o.key] / h.rows) + "%";
      part.style.background = COLOR[o.key];
      part.title = o.label + ": " + count(h[o.key]) + " (" + percent(h[o.key], h.rows) + ")";
      stack.appendChild(part);
    });
    mix.appendChild(stack);
    tr.appendChild(mix);
    [h.clientError, h.serverError, h.failed].forEach((n) => tr.appendChild(el("td", null, n ? count(n) : "·")));
    [h.p50, h.p90, h.p99, h.max].forEach((v) => tr.appendChild(el("td", null, ms(v))));
    body.appendChild(tr);
  });
  if (!hostRows.length) {
    body.appendChild(el("tr")).appendChild(el("td", "empty", "No rows."));
  }
  const legend = el("div", "legend-inline");
  OUTCOMES.forEach((o) => {
    const s = el("span", null, o.label);
    s.style.setProperty("--c", COLOR[o.key]);
    legend.appendChild(s);
  });
  table.after(legend);

  // ---- where the time went ----
  if (data.phases) {
    const PHASES = [
      {key: "queued", label: "queued (our limits)", color: "#9aa5b1"},
      {key: "dns", label: "DNS", color: "#8e6bd8"},
      {key: "connect", label: "connect", color: "#e2a03f"},
      {key: "tls", label: "TLS", color: "#d8603c"},
      {key: "wait", label: "wait (server)", color: "#3f7fd8"},
      {key: "download", label: "download", color: "#3fae72"},
    ];
    document.getElementById("phases-panel").hidden = false;
    const pt = document.getElementById("phases");
    const ph = el("tr");
    ["host", "timed rows", "where"].concat(PHASES.map((p) => p.key)).forEach((h) => ph.appendChild(el("th", null, h)));
    pt.appendChild(el("thead")).appendChild(ph);
    const pb = pt.appendChild(el("tbody"));
    const phaseRows = [Object.assign({host: "all hosts"}, {phases: data.phases})]
      .concat(hostRows.filter((h) => h.phases));
    phaseRows.forEach((h) => {
      const p = h.phases;
      const sum = PHASES.reduce((a, x) => a + p[x.key], 0);
      const tr = el("tr", h.host === "all hosts" ? "rest" : null);
      tr.appendChild(el("td", "host", h.host));
      tr.appendChild(el("td", null, count(p.rows)));
      const mix = el("td", "mix");
      const stack = el("div", "stack");
      PHASES.forEach((x) => {
        if (!p[x.key] || !sum) return;
        const part = el("span");
        part.style.width = (100 * p[x.key] / sum) + "%";
        part.style.background = x.color;
        part.title = x.label + ": " + ms(p[x.key]) + " (" + Math.round(100 * p[x.key] / sum) + "%)";
        stack.appendChild(part);
      });
      mix.appendChild(stack);
      tr.appendChild(mix);
      PHASES.forEach((x) => tr.appendChild(el("td", null, p[x.key] ? ms(p[x.key]) : "·")));
      pb.appendChild(tr);
    });
    const phaseLegend = el("div", "legend-inline");
    PHASES.forEach((x) => {
      const s = el("span", null, x.label);
      s.style.setProperty("--c", x.color);
      phaseLegend.appendChild(s);
    });
    pt.after(phaseLegend);
  }

  // ---- draw ----
  if (!charts.length) {
    finish();
  }
  charts.forEach((c) => {
    c.plot = new uPlot(c.opts, c.columns, c.container);
  });
  let resizeTimer = 0;
  window.addEventListener("resize", () => {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(() => charts.forEach((c) => c.plot.setSize({ width: widthOf(c.container), height: c.opts.height })), 100);
  });
})();
