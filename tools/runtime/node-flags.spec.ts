// The Dockerfile and tools/runtime/node-flags.json must give every app the same V8 flags (ADR 0016): npm start, the
// tests and the benches read the JSON, production images read the Dockerfile.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { nodeFlags } from '@ringside/testing';

const root = path.resolve(__dirname, '../..');
const flags = JSON.parse(readFileSync(path.join(root, 'tools/runtime/node-flags.json'), 'utf8')) as Record<string, string[]>;
const dockerfile = readFileSync(path.join(root, 'Dockerfile'), 'utf8');

/** NODE_OPTIONS as the image of `app` ends up with it: its own stage's ENV, else the shared runtime stage's. */
function imageNodeOptions(app: string): string | undefined {
  const stages = dockerfile.split(/^FROM /m);
  const optionsIn = (stage: string | undefined) => /NODE_OPTIONS=(\S+(?: \S+)*?)\s*(?:\\|$)/m.exec(stage ?? '')?.[1];
  const own = stages.find((s) => s.startsWith(`runtime AS app-${app}\n`));
  if (own === undefined) return undefined;
  return optionsIn(own) ?? optionsIn(stages.find((s) => s.startsWith('base AS runtime\n')));
}

describe('node flags', () => {
  const apps = readdirSync(path.join(root, 'apps')).filter((app) => app !== 'web');

  it.each(apps)('%s: the Dockerfile sets the flags of node-flags.json', (app) => {
    expect(imageNodeOptions(app)).toBe(nodeFlags(app).join(' '));
  });

  it('names only apps that exist', () => {
    expect(Object.keys(flags).filter((key) => key !== '*' && !apps.includes(key))).toEqual([]);
  });
});
