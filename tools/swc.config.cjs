// One SWC configuration for the build (tools/scripts/build.mjs) and for Jest (@swc/jest), so tests run the
// code exactly as it ships: CommonJS, ES2022, legacy decorators with metadata (NestJS DI needs it).
const path = require('node:path');
const tsconfig = require('../tsconfig.base.json');

const root = path.resolve(__dirname, '..');

/** @param {{ paths?: boolean, sourceMaps?: boolean }} opts */
function swcOptions(opts = {}) {
  return {
    jsc: {
      parser: { syntax: 'typescript', decorators: true, tsx: false },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      target: 'es2022',
      keepClassNames: true,
      ...(opts.paths ? { baseUrl: root, paths: tsconfig.compilerOptions.paths } : {}),
    },
    module: { type: 'commonjs', strictMode: true, ignoreDynamic: true },
    sourceMaps: opts.sourceMaps ?? true,
  };
}

module.exports = { swcOptions, root };
