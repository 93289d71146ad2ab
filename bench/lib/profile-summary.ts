// Where a V8 CPU profile spends its time: self time by function and by package.
//   npx tsx bench/lib/profile-summary.ts <file.cpuprofile> [top]
import { readFileSync } from 'node:fs';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount: number;
  children?: number[];
}
const [file, topArg] = process.argv.slice(2);
const profile = JSON.parse(readFileSync(file, 'utf8')) as { nodes: Node[]; samples: number[] };
const total = profile.nodes.reduce((n, x) => n + x.hitCount, 0);
const byFunction = new Map<string, number>();
const byPackage = new Map<string, number>();
for (const n of profile.nodes) {
  const url = n.callFrame.url.replace(/^file:\/\//, '');
  const pkg =
    /node_modules\/((@[^/]+\/)?[^/]+)/.exec(url)?.[1] ??
    (url.startsWith('node:') || url === '' ? n.callFrame.functionName || '(native)' : url.replace(/.*\/work\/main\//, ''));
  const fn = `${n.callFrame.functionName || '(anonymous)'} ${url.replace(/.*node_modules\//, '').replace(/.*\/work\/main\//, '')}:${n.callFrame.lineNumber}`;
  byFunction.set(fn, (byFunction.get(fn) ?? 0) + n.hitCount);
  byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + n.hitCount);
}
const show = (m: Map<string, number>, top: number) =>
  [...m]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .forEach(([k, v]) => {
      console.log(`${((v / total) * 100).toFixed(1).padStart(5)}%  ${k}`);
    });
console.log('by package:');
show(byPackage, 25);
console.log('\nby function:');
show(byFunction, Number(topArg ?? 30));
