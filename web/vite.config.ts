import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));

/**
 * The hall's screens and GraphiQL, built into web/dist and served by the gateway under /ui/ from
 * its own origin (an intranet has no CDN). Each screen is a page of its own.
 */
export default defineConfig({
  root: here,
  base: '/ui/',
  plugins: [react()],
  build: {
    outDir: resolve(here, 'dist'),
    emptyOutDir: true,
    // Monaco (GraphiQL's editor) is big by nature; the screens' own budget is measured apart.
    chunkSizeWarningLimit: 5000,
    rollupOptions: {
      input: {
        graphiql: resolve(here, 'graphiql/index.html'),
        workbench: resolve(here, 'workbench/index.html'),
        console: resolve(here, 'console/index.html'),
        hall: resolve(here, 'hall/index.html'),
      },
      // GraphiQL's React-compiler directives ("use no memo") mean nothing to a bundle.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
});
