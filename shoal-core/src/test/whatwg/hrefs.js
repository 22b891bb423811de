// Reads one JSON array [input, base-or-null] per line; writes one line per input: the href whatwg-url makes
// of it, "\u0000FAIL" when it throws, or "\u0000SCHEME" when it parses to a scheme other than http or https.
"use strict";
const { URL } = require("whatwg-url");
const readline = require("readline");

const out = [];
const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
rl.on("line", (line) => {
  const [input, base] = JSON.parse(line);
  let result;
  try {
    const url = base === null ? new URL(input) : new URL(input, base);
    result = url.protocol === "http:" || url.protocol === "https:" ? url.href : "\u0000SCHEME";
  } catch (e) {
    result = "\u0000FAIL";
  }
  out.push(result);
  if (out.length >= 1000) {
    process.stdout.write(out.join("\n") + "\n");
    out.length = 0;
  }
});
rl.on("close", () => {
  if (out.length > 0) process.stdout.write(out.join("\n") + "\n");
});
