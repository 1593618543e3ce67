// The table run.mjs prints and the report it writes: one row per figure
// (`id measure value baseline ratio target met?`), raw samples in the
// report only.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import os from 'node:os';

function table(rows) {
  const head = ['id', 'measure', 'value', 'baseline', 'ratio', 'target', 'met?'];
  const cells = rows.map((r) => [r.id, r.measure, r.value, r.baseline ?? '', r.ratio ?? '', r.target ?? '', r.met ?? '']);
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => String(c[i]).length)));
  const line = (c) => c.map((x, i) => String(x).padEnd(widths[i])).join('  ').trimEnd();
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}

export function writeReport({ rows: r, errors, started, out, quick }, environment) {
  const printable = r.map(({ raw, ...rest }) => rest);
  process.stdout.write('\n' + table(printable) + '\n\n');
  if (errors.length) {
    process.stdout.write(`Problems seen (${errors.length}):\n` + [...new Set(errors)].slice(0, 20).map((e) => `  - ${e}`).join('\n') + '\n\n');
  }
  const report = {
    date: new Date().toISOString(),
    seconds: Math.round((Date.now() - started) / 1000),
    environment: {
      node: process.version,
      cpus: os.cpus().length,
      cpu_model: os.cpus()[0]?.model,
      quick,
      ...environment,
      load_average_after: os.loadavg(),
    },
    units: 'KB = 1000 bytes, MB = 10^6 bytes; times in ms',
    results: r.map((row) => ({ ...row })),
    problems: [...new Set(errors)],
  };
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify(report, null, 2) + '\n');
  process.stdout.write(`report: ${out}\n`);
}
