import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { defineConfig, type Plugin } from 'vite';

const require = createRequire(import.meta.url);

// The panel fetches its error-code catalogs from `codes/` beside its module
// when a drawer or an error first needs one; a bundler cannot see that
// fetch, so the package's catalogs are emitted beside the bundled module.
function sdrsCodeCatalogs(): Plugin {
  return {
    name: 'sdrs-code-catalogs',
    apply: 'build',
    generateBundle() {
      for (const file of ['en.json', 'zh.json']) {
        this.emitFile({
          type: 'asset',
          fileName: `assets/codes/${file}`,
          source: readFileSync(require.resolve(`sdrs-console/codes/${file}`)),
        });
      }
    },
  };
}

export default defineConfig({
  // The dev server's dependency pre-bundling would move the package's
  // module away from its wasm (found through import.meta.url).
  optimizeDeps: { exclude: ['sdrs-console'] },
  build: { target: 'es2022' },
  plugins: [sdrsCodeCatalogs()],
});
