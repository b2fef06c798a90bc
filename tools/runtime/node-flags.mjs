// The V8 flags each app runs with in production (node-flags.json: "*" for every app, or the app's own entry; the
// Dockerfile's per-app stages set the same NODE_OPTIONS). ADR 0016.
import { readFileSync } from 'node:fs';

const FLAGS = JSON.parse(readFileSync(new URL('./node-flags.json', import.meta.url), 'utf8'));

/** The flags of `app` (an apps/ folder name); the defaults for anything else (a bench baseline). */
export function nodeFlagsFor(app) {
  return FLAGS[app] ?? FLAGS['*'];
}
