import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { precompress } from './build/precompress.js';
import { prerender } from './build/prerender.js';

export default defineConfig({
  plugins: [react(), prerender(), precompress()],
  server: { proxy: { '/api': 'http://localhost:3000' } },
  build: {
    outDir: 'dist',
    // dist/.vite/manifest.json: which chunks each page needs (the browser tests check the login page's).
    manifest: true,
    // exceljs (~930 kB) is the largest chunk and loads only when a table is exported.
    chunkSizeWarningLimit: 1000,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            // What every page needs, in a chunk of its own so that a deploy that changes only the app's code
            // leaves it cached. antd has no such group: one antd chunk would put every component any page uses
            // into every page's download (the login page loads no antd at all); Rolldown splits it by page.
            {
              name: 'react',
              test: /node_modules[\\/](react|react-dom|react-router|scheduler|cookie|set-cookie-parser)[\\/]/,
              priority: 30,
            },
          ],
        },
      },
    },
  },
});
