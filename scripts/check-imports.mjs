#!/usr/bin/env node
// Import check over src/: fails (exit 1) on any import cycle and on any import that goes against the layering.
// Reads every .ts file under src/, resolves its relative imports (static `import`/`export ... from`,
// `import type`, side-effect `import '...'` and dynamic `import('...')`) and checks them against LAYERS below.
// No dependency: a regular expression over the source is enough for the imports we write.
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

const ROOT = resolve(process.argv[2] ?? 'src');

/**
 * The layers, low to high. A file may import from its own layer or a lower one, never a higher one.
 * Each area is a path under src/ (a file, or a folder ending in '/'); a file belongs to the longest area that
 * matches it. `allows` lists other layers (by name) a layer may import besides lower layers in its chain,
 * for the separate awscli chain which joins the main chain only at the top.
 */
const LAYERS = [
  // base: things everything may use; they import nothing of ours above base.
  { name: 'base', areas: ['errors.ts', 'clock.ts', 'random.ts', 'defaults.ts', 'model/', 'aws/'], chain: 'main' },
  // store: the Store interface and its SQLite and PostgreSQL implementations, migrations, row mapping.
  { name: 'store', areas: ['store/'], chain: 'main' },
  // tokens: per-pool keys, issuing and verifying tokens, JWKS and openid-configuration documents.
  { name: 'tokens', areas: ['tokens/'], chain: 'main' },
  // lambda: running a trigger's function (worker threads over a directory, or the Lambda Invoke API).
  { name: 'lambda', areas: ['lambda/'], chain: 'main' },
  // federation: cognate as the relying party of external OpenID providers (discovery, token, JWKS, userinfo).
  { name: 'federation', areas: ['federation/'], chain: 'main' },
  // services: the Services type (what an operation and the domain may use) and the interfaces it names.
  { name: 'services', areas: ['services.ts'], chain: 'main' },
  // domain: pure rules (users, sign-in, MFA, codes, passwords, pools, clients).
  { name: 'domain', areas: ['domain/'], chain: 'main' },
  // operations: one file per wire operation, the registry. No HTTP, no SQL.
  { name: 'operations', areas: ['operations/'], chain: 'main' },
  // http: the node:http server (limits, deadlines, body reading, graceful close).
  { name: 'http', areas: ['http/'], chain: 'main' },
  // protocol: AWS JSON 1.1 (routing by X-Amz-Target, documents, SigV4 verification, error -> wire).
  { name: 'protocol', areas: ['protocol/'], chain: 'main' },
  // app: wires store, tokens, services, operations, http and protocol into a running server.
  { name: 'app', areas: ['app.ts'], chain: 'main' },
  // awscli/python: byte-exact ports of Python behaviour; they import nothing from src/.
  { name: 'awscli/python', areas: ['awscli/python/'], chain: 'awscli', imports: [] },
  // awscli: the AWS-CLI-compatible client; it may import base and awscli/python only.
  { name: 'awscli', areas: ['awscli/'], chain: 'awscli', imports: ['base', 'awscli/python'] },
  // commands: the `cognate` commands (serve, messages); may import everything.
  { name: 'commands', areas: ['commands/'], chain: 'top' },
];

/** Only these areas may import node:http: the HTTP server and the protocol on top of it. */
const NODE_HTTP_AREAS = ['http/', 'protocol/'];

const MAIN = LAYERS.filter((l) => l.chain === 'main').map((l) => l.name);

/** Whether a file in layer `from` may import a file in layer `to`. */
function allowed(from, to) {
  if (from.name === to.name) return true;
  if (from.chain === 'top') return true;
  if (from.imports) return from.imports.includes(to.name);
  if (from.chain === 'main' && to.chain === 'main') return MAIN.indexOf(to.name) < MAIN.indexOf(from.name);
  return false;
}

function layerOf(rel) {
  let best = null;
  let bestLen = -1;
  for (const layer of LAYERS) {
    for (const area of layer.areas) {
      const hit = area.endsWith('/') ? rel.startsWith(area) : rel === area;
      if (hit && area.length > bestLen) {
        best = layer;
        bestLen = area.length;
      }
    }
  }
  return best;
}

function walk(dir) {
  let out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out = out.concat(walk(p));
    else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

const IMPORT_RE = /(?:^|[\s;])(?:import|export)\s+(?:type\s+)?(?:[\w*{}\s,$]+?\s+from\s+)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

function stripComments(src) {
  return src.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"\\])\/\/.*$/gm, '$1');
}

function resolveImport(fromFile, spec) {
  const base = resolve(dirname(fromFile), spec);
  const candidates = [base.replace(/\.js$/, '.ts'), base + '.ts', join(base, 'index.ts'), base];
  for (const c of candidates) if (c.endsWith('.ts') && existsSync(c)) return c;
  return null;
}

const files = walk(ROOT);
const graph = new Map();
const problems = [];
const rel = (f) => relative(ROOT, f).split(sep).join('/');

for (const file of files) {
  const src = stripComments(readFileSync(file, 'utf8'));
  const deps = new Set();
  for (const m of src.matchAll(IMPORT_RE)) {
    const spec = m[1] ?? m[2];
    if ((spec === 'node:http' || spec === 'http') && !NODE_HTTP_AREAS.some((a) => rel(file).startsWith(a))) {
      problems.push(`node:http: src/${rel(file)} imports ${spec}; only ${NODE_HTTP_AREAS.map((a) => 'src/' + a).join(' and ')} may`);
    }
    if (!spec.startsWith('.')) continue;
    const target = resolveImport(file, spec);
    if (!target) {
      problems.push(`unresolved: src/${rel(file)} imports '${spec}'`);
      continue;
    }
    deps.add(target);
  }
  graph.set(file, deps);
  const from = layerOf(rel(file));
  if (!from) {
    problems.push(`no layer: src/${rel(file)} is in no area of the layer table (scripts/check-imports.mjs)`);
    continue;
  }
  for (const dep of deps) {
    const to = layerOf(rel(dep));
    if (to && !allowed(from, to)) {
      problems.push(`layering: src/${rel(file)} (${from.name}) may not import src/${rel(dep)} (${to.name})`);
    }
  }
}

// Cycles: Tarjan's strongly connected components; any component of more than one file (or a self-import) is a cycle.
let index = 0;
const idx = new Map();
const low = new Map();
const onStack = new Set();
const stack = [];
function strong(v) {
  idx.set(v, index);
  low.set(v, index);
  index++;
  stack.push(v);
  onStack.add(v);
  for (const w of graph.get(v) ?? []) {
    if (!idx.has(w)) {
      strong(w);
      low.set(v, Math.min(low.get(v), low.get(w)));
    } else if (onStack.has(w)) {
      low.set(v, Math.min(low.get(v), idx.get(w)));
    }
  }
  if (low.get(v) === idx.get(v)) {
    const comp = [];
    let w;
    do {
      w = stack.pop();
      onStack.delete(w);
      comp.push(w);
    } while (w !== v);
    if (comp.length > 1 || (graph.get(v) ?? new Set()).has(v)) {
      const cycle = comp
        .map((f) => 'src/' + rel(f))
        .sort()
        .join(' <-> ');
      problems.push(`cycle: ${cycle}`);
    }
  }
}
for (const f of graph.keys()) if (!idx.has(f)) strong(f);

if (problems.length > 0) {
  console.error(`check-imports: ${problems.length} problem(s)`);
  for (const p of problems) console.error('  ' + p);
  process.exit(1);
}
console.log(`check-imports: ${files.length} files, no import cycles, no import against the layering`);
