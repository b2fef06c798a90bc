// Proves the lint rule that keeps services apart, with the same command a developer runs (`eslint <files>`)
// and the workspace's own config, on probe files placed inside real projects. The positive control shows the rule
// really runs (@nx/enforce-module-boundaries is skipped silently when Nx has no project graph, which is why
// `npm run lint` computes the graph first, as beforeAll does here).
import { execFileSync, spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');
const RULE = '@nx/enforce-module-boundaries';

/**
 * Writes each probe next to the project file it stands for, lints them all in one ESLint run (one type program:
 * typed linting of the workspace dominates the cost), and removes them whatever happens.
 */
function lintProbes(probes: Record<string, readonly [string, string]>): Record<string, string[]> {
  const files: Record<string, string> = {};
  try {
    for (const [name, [beside, code]] of Object.entries(probes)) {
      const file = path.join(root, path.dirname(beside), `boundary-probe-${process.pid}-${name}.ts`);
      writeFileSync(file, code);
      files[name] = file;
    }
    const r = spawnSync(path.join(root, 'node_modules/.bin/eslint'), ['--format', 'json', ...Object.values(files)], {
      cwd: root,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    const results = JSON.parse(r.stdout) as { filePath: string; messages: { ruleId: string | null; message: string }[] }[];
    return Object.fromEntries(
      Object.entries(files).map(([name, file]) => [
        name,
        (results.find((x) => x.filePath === file)?.messages ?? []).filter((m) => m.ruleId === RULE).map((m) => m.message),
      ]),
    );
  } finally {
    for (const f of Object.values(files)) rmSync(f, { force: true });
  }
}

const cases = {
  own: ['apps/tokens/src/main.ts', "import { tokensDatabase } from '@ringside/tokens-data-access';\nimport { loadConfig } from '@ringside/config';\nexport const x = [tokensDatabase, loadConfig];\n"],
  appToApp: ['apps/tokens/src/main.ts', "import { LinkingModule } from '../../linking/src/app/linking.module';\nexport const x = LinkingModule;\n"],
  appToOtherServiceLib: ['apps/tokens/src/main.ts', "import { linkingDatabase } from '@ringside/linking-data-access';\nexport const x = linkingDatabase;\n"],
  libToOtherServiceLib: ['libs/tokens/data-access/src/index.ts', "import { linkingDatabase } from '@ringside/linking-data-access';\nexport const x = linkingDatabase;\n"],
  sharedToService: ['libs/platform/config/src/index.ts', "import { tokensDatabase } from '@ringside/tokens-data-access';\nexport const x = tokensDatabase;\n"],
  contractsToUtil: ['libs/contracts/src/index.ts', "import { loadConfig } from '@ringside/config';\nexport const x = loadConfig;\n"],
} as const;

describe('module boundaries', () => {
  let errors: Record<keyof typeof cases, string[]>;

  beforeAll(() => {
    execFileSync(path.join(root, 'node_modules/.bin/nx'), ['show', 'projects'], { cwd: root, stdio: 'pipe' });
    errors = lintProbes(cases);
  }, 120_000);

  it('lets a service use its own libs and shared libs', () => {
    expect(errors.own).toEqual([]);
  });

  it('fails when an app imports another app', () => {
    expect(errors.appToApp).toEqual(['Projects cannot be imported by a relative or absolute path, and must begin with a npm scope']);
  });

  it("fails when a service imports another service's lib", () => {
    expect(errors.appToOtherServiceLib).toEqual([
      'A project tagged with "scope:tokens" can only depend on libs tagged with "scope:tokens", "scope:shared"',
    ]);
  });

  it("fails when a service's lib imports another service's lib", () => {
    expect(errors.libToOtherServiceLib).toEqual([expect.stringMatching(/"scope:tokens" can only depend on/)]);
  });

  it('fails when shared code depends on a service', () => {
    expect(errors.sharedToService).toEqual([expect.stringMatching(/"scope:shared" can only depend on/)]);
  });

  it('fails when contracts depend on a utility (type axis)', () => {
    expect(errors.contractsToUtil).toEqual([expect.stringMatching(/"type:contracts" can only depend on/)]);
  });
});
