// The partner web app. `node tools/scripts/build.mjs` bundles it into dist/apps/web, which the gateway serves;
// `npx vite` in apps/web serves it with hot reload and forwards the backend paths to a gateway on :8080.
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const gateway = 'http://127.0.0.1:8080';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react()],
  build: {
    outDir: '../../dist/apps/web',
    emptyOutDir: true,
  },
  server: {
    proxy: {
      '/api': gateway,
      '/oauth': gateway,
      '/webhooks': gateway,
      '/health': gateway,
    },
  },
});
