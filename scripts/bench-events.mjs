// Domain events benchmark (called by scripts/bench, section `events`), against a running store:
//   node scripts/bench-events.mjs BASE_URL DATABASE_URL SERVER_PID SKU
// 1. relay throughput: 20,000 events committed at once, timed until the relay has published
//    them all to the Redis stream (events/s);
// 2. latency from a change to a Server-Sent Events client: 200 stock changes, one every 20 ms,
//    each its own transaction; latency = arrival at the client minus the event's own time
//    (written in the changing transaction, before its commit), p50 and p99 in ms;
// 3. memory: the server's RSS before and after opening 1,000 idle SSE connections (each from
//    its own forwarded client address: the server must trust X-Forwarded-For), per connection.
// Prints one JSON object.
import { execFileSync, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import http from "node:http";

const [base, database, pid, sku] = process.argv.slice(2);
if (!sku) {
  console.error("usage: bench-events.mjs BASE_URL DATABASE_URL SERVER_PID SKU");
  process.exit(2);
}
const sql = (statement) => execFileSync("psql", [database, "-Atqc", statement], { encoding: "utf8" }).trim();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const rssKb = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))[1]);
const agent = new http.Agent({ keepAlive: false, maxSockets: Infinity });

/** Opens an SSE connection; calls onEvent(data) for each event; resolves once connected. */
function subscribe(path, headers, onEvent) {
  return new Promise((resolve, reject) => {
    const req = http.get(`${base}${path}`, { agent, headers: { accept: "text/event-stream", ...headers } }, (res) => {
      if (res.statusCode !== 200) {
        reject(new Error(`${path}: HTTP ${res.statusCode}`));
        res.resume();
        return;
      }
      let buffer = "";
      res.setEncoding("utf8");
      res.on("data", (chunk) => {
        buffer += chunk;
        let end;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = block
            .split("\n")
            .filter((l) => l.startsWith("data:"))
            .map((l) => l.slice(5).trim())
            .join("\n");
          if (data && onEvent) onEvent(JSON.parse(data));
        }
      });
      resolve(req);
    });
    req.on("error", reject);
  });
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

// 1. Relay throughput.
const N = 20000;
await sleep(500);
sql("DELETE FROM domain_events WHERE type = 'bench.ping'");
const started = performance.now();
sql(`INSERT INTO domain_events (type, subject, data)
     SELECT 'bench.ping', 'variant:${sku}', jsonb_build_object('n', g) FROM generate_series(1, ${N}) g`);
let waiting = N;
while (waiting > 0) {
  await sleep(10);
  waiting = Number(sql("SELECT count(*) FROM domain_events WHERE type = 'bench.ping' AND published_at IS NULL"));
  if (performance.now() - started > 120_000) throw new Error("the relay did not publish within 2 minutes");
}
const relaySecs = (performance.now() - started) / 1000;

// 2. Change -> SSE client latency.
const latencies = [];
const live = await subscribe(`/events?subjects=variant:${encodeURIComponent(sku)}`, {}, (event) => {
  if (event.subject === `variant:${sku}` && typeof event.at === "number") latencies.push(Date.now() - event.at);
});
await sleep(500);
const CHANGES = 200;
const script = Array.from(
  { length: CHANGES },
  // Above what unpaid orders hold (the checkout section may have left thousands reserved).
  (_, i) => `UPDATE variants SET stock_on_hand = stock_reserved + ${1000 + (i % 2)} WHERE sku = '${sku}'; SELECT pg_sleep(0.02);`,
).join("\n");
await new Promise((resolve, reject) => {
  const psql = spawn("psql", [database, "-q", "-v", "ON_ERROR_STOP=1", "-o", "/dev/null"], { stdio: ["pipe", "ignore", "inherit"] });
  psql.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`psql exited ${code}`))));
  psql.stdin.end(script);
});
const deadline = performance.now() + 10_000;
while (latencies.length < CHANGES && performance.now() < deadline) await sleep(50);
live.destroy();
if (latencies.length === 0) throw new Error(`no stock change of ${sku} reached the live client`);
latencies.sort((a, b) => a - b);

// 3. Memory of idle connections.
await sleep(1000);
const before = rssKb();
const IDLE = 1000;
const idle = [];
for (let i = 0; i < IDLE; i++) {
  const address = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
  idle.push(await subscribe(`/events?subjects=variant:${encodeURIComponent(sku)}`, { "x-forwarded-for": address }));
}
await sleep(2000);
const after = rssKb();
for (const req of idle) req.destroy();

console.log(
  JSON.stringify({
    relay_events: N,
    relay_events_per_sec: Math.round(N / relaySecs),
    latency_samples: latencies.length,
    latency_p50_ms: percentile(latencies, 50),
    latency_p99_ms: percentile(latencies, 99),
    idle_connections: IDLE,
    rss_before_kb: before,
    rss_after_kb: after,
    kb_per_connection: Math.round(((after - before) / IDLE) * 10) / 10,
  }),
);
process.exit(0);
