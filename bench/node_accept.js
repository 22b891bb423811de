// Shows how fast node accepts queued connections when each turn of its event loop is long, as it is for the
// C10k job's delay server on a loaded machine: node 20's libuv accepts one connection per turn.
// Usage: node bench/node_accept.js [TURN_MS]  (default 100: each turn is made that long by a busy timer; 0: idle)
// 40 connections are opened at once from another process; their connects complete in the kernel, and the
// server logs when it accepts each. Prints how many turns ran from the first accept to the last.
const net = require('net');
const {spawn} = require('child_process');
const {performance} = require('perf_hooks');

const turnMs = parseInt(process.argv[2] || '100', 10);
const clients = 40;
const accepted = [];  // [ms since start, loop turns so far]
const t0 = Date.now();
const turns = () => performance.nodeTiming.uvMetricsInfo.loopCount;
const server = net.createServer((s) => {
  accepted.push([Date.now() - t0, turns()]);
  s.destroy();
});
server.listen(0, '127.0.0.1', 1024, () => {
  const port = server.address().port;
  const child = spawn(process.execPath, ['-e', `
    const net = require('net');
    for (let i = 0; i < ${clients}; i++) net.connect(${port}, '127.0.0.1').on('error', () => {});
    setTimeout(() => process.exit(0), 15000);`], {stdio: 'inherit'});
  const busy = setInterval(() => { const end = Date.now() + turnMs; while (Date.now() < end) { } }, 0);
  const done = () => {
    clearInterval(busy);
    child.kill();
    server.close();
    const [first, firstTurn] = accepted[0];
    const [last, lastTurn] = accepted[accepted.length - 1];
    console.log(`turns of ~${turnMs} ms: accepted ${accepted.length} of ${clients} connections from ${first} to ${last} ms,`
      + ` over ${lastTurn - firstTurn + 1} loop turns (node ${process.version}, libuv ${process.versions.uv})`);
  };
  const check = setInterval(() => {
    if (accepted.length === clients || Date.now() - t0 > 12000) {
      clearInterval(check);
      done();
    }
  }, 10);
});
