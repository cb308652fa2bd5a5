import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The web app, built into web/dist and served by the API at /. `npm run web:dev` serves it with
// hot reload, sending API calls to a platform on :4000.
const api = 'http://localhost:4000';
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true, target: 'es2022', chunkSizeWarningLimit: 400 },
  server: { proxy: { '/graphql': api, '/api': api, '/ipfs': api, '^/contributions/.+': api, '/health': api, '/ready': api } },
});
