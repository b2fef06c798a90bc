// Jest transformer: our TypeScript through SWC with the build's own options; in node_modules only files that
// are ES modules (NestJS 12 and some of its dependencies ship ESM only, and Jest on Node 20 cannot require(esm)),
// CommonJS files are passed through untouched.
const { createTransformer } = require('@swc/jest');
const { swcOptions } = require('../swc.config.cjs');

const swcJest = createTransformer({ ...swcOptions({ sourceMaps: 'inline' }), swcrc: false });
const ESM_SYNTAX = /^\s*(import\s*[\w{*'"]|export\s+[\w{*]|export\s*\{)/m;

module.exports = {
  process(src, filename, options) {
    if (filename.includes('/node_modules/') && !ESM_SYNTAX.test(src)) return { code: src };
    return swcJest.process(src, filename, options);
  },
  getCacheKey(src, filename, options) {
    return swcJest.getCacheKey(src, filename, options) + ':esm-only-v1';
  },
};
