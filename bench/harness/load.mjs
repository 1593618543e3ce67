// P6 of scripts/bench: a fixed-rate open-loop load generator (wrk2-style).
// Requests are due at fixed times whatever the answers do; the latency of
// each is counted from the time it was due (so queueing in the generator or
// the server is never hidden) and also from when it was written.
//
//   node load.mjs URL PATH_TEMPLATE RATE SECONDS WARMUP_SECONDS [SERVER_PID]
//
// PATH_TEMPLATE may hold {offset}, replaced by 0, 1000, ... OFFSETS-1.
// Prints one JSON object on stdout.
import http from 'node:http';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

const [base, template, rateArg, secondsArg, warmArg, serverPid] = process.argv.slice(2);
const rate = Number(rateArg);
const seconds = Number(secondsArg);
const warmup = Number(warmArg);
const target = new URL(base);
const offsets = [0, 1000, 2000, 3000, 4000, 5000];
const interval = 1000 / rate;
const warmCount = Math.round(warmup * rate);
const total = warmCount + Math.round(seconds * rate);
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

function cpuTicks(pid) {
  if (!pid) return null;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return Number(fields[11]) + Number(fields[12]); // utime + stime, in clock ticks
  } catch {
    return null;
  }
}

const samples = []; // [dueMs, sentMs, doneMs]
let errors = 0;
let badStatus = 0;
let bytes = 0;
let done = 0;
let next = 0;
let start = 0;
let measureCpu = null;
let measureServer = null;
let measureWall = 0;

function fire(i) {
  const due = start + i * interval;
  const path = template.replace('{offset}', String(offsets[i % offsets.length]));
  const sent = performance.now();
  const req = http.get(
    { agent, host: target.hostname, port: target.port, path, headers: { accept: 'application/json' } },
    (res) => {
      let n = 0;
      res.on('data', (c) => {
        n += c.length;
        sendDue();
      });
      res.on('end', () => {
        const end = performance.now();
        if (res.statusCode !== 200) badStatus++;
        if (i >= warmCount) {
          samples.push([due, sent, end]);
          bytes += n;
        }
        finishOne();
      });
    },
  );
  req.on('error', () => {
    errors++;
    finishOne();
  });
}

function finishOne() {
  done++;
  if (done === total) report();
}

// Sends every request that is due. Called by the timer and from the
// response handlers, so a busy event loop does not delay sending.
function sendDue() {
  const now = performance.now();
  while (next < total && start + next * interval <= now) {
    if (next === warmCount) {
      measureCpu = process.cpuUsage();
      measureServer = cpuTicks(serverPid);
      measureWall = now;
    }
    fire(next++);
  }
}

function pump() {
  sendDue();
  if (next < total) {
    setTimeout(pump, Math.max(0, start + next * interval - performance.now() - 0.2));
  } else {
    endSend = performance.now();
    endCpu = process.cpuUsage(measureCpu);
    endServer = cpuTicks(serverPid);
  }
}
let endSend = 0;
let endCpu = null;
let endServer = null;

function quantile(sorted, q) {
  if (sorted.length === 0) return null;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i];
}

function report() {
  clearTimeout(giveUp);
  if (!endCpu) {
    endSend = performance.now();
    endCpu = process.cpuUsage(measureCpu);
    endServer = cpuTicks(serverPid);
  }
  const fromDue = samples.map(([due, , end]) => end - due).sort((a, b) => a - b);
  const fromSent = samples.map(([, sent, end]) => end - sent).sort((a, b) => a - b);
  const lag = samples.map(([due, sent]) => sent - due).sort((a, b) => a - b);
  const firstDue = Math.min(...samples.map((s) => s[0]));
  const lastEnd = Math.max(...samples.map((s) => s[2]));
  const wall = endSend - measureWall;
  const ticks = 100; // USER_HZ on Linux
  const out = {
    rate,
    seconds,
    requests: samples.length,
    errors,
    bad_status: badStatus,
    mean_body_bytes: samples.length ? Math.round(bytes / samples.length) : 0,
    achieved_rps: samples.length / ((lastEnd - firstDue) / 1000),
    sent_rps: (total - warmCount) / (wall / 1000),
    latency_ms: {
      p50: quantile(fromDue, 0.5),
      p90: quantile(fromDue, 0.9),
      p99: quantile(fromDue, 0.99),
      max: fromDue[fromDue.length - 1],
    },
    service_ms: { p50: quantile(fromSent, 0.5), p99: quantile(fromSent, 0.99) },
    send_lag_ms: { p50: quantile(lag, 0.5), p99: quantile(lag, 0.99), max: lag[lag.length - 1] },
    generator_cpu_cores: (endCpu.user + endCpu.system) / 1000 / wall,
    server_cpu_cores:
      measureServer != null && endServer != null ? ((endServer - measureServer) / ticks) / (wall / 1000) : null,
  };
  process.stdout.write(JSON.stringify(out) + '\n');
  agent.destroy();
  process.exit(0);
}

const giveUp = setTimeout(() => {
  process.stderr.write(`load.mjs: ${total - done} requests still open 30 s after the end; reporting anyway\n`);
  report();
}, (warmup + seconds) * 1000 + 30000);

start = performance.now() + 20;
setTimeout(pump, 20);
