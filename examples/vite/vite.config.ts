import { defineConfig } from 'vite';

export default defineConfig({
  // The dev server's dependency pre-bundling would move the package's
  // module away from its wasm (found through import.meta.url).
  optimizeDeps: { exclude: ['sdrs-console'] },
  build: { target: 'es2022' },
});
