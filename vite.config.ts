import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const dkfdsDist = fileURLToPath(new URL('./node_modules/dkfds/dist', import.meta.url));

/**
 * The web client. Built to dist/web, which the server serves at / under a strict CSP
 * (script-src 'self', style-src 'self', font-src 'self', img-src 'self' data:).
 */
export default defineConfig({
  root: fileURLToPath(new URL('./src/web', import.meta.url)),
  plugins: [react()],
  resolve: {
    // DKFDS's package exports only expose its JS. Aliasing the dist folder lets us import the CSS
    // and keeps its relative url(../fonts/…) and url(../img/…) resolvable, so Vite bundles them.
    alias: { '@dkfds': dkfdsDist },
  },
  build: {
    outDir: fileURLToPath(new URL('./dist/web', import.meta.url)),
    emptyOutDir: true,
    // Never inline assets as data: URLs: the CSP allows fonts only from 'self'.
    assetsInlineLimit: 0,
  },
  server: {
    // During `vite` development, the API runs on the real server.
    proxy: { '/api': 'http://localhost:3000' },
  },
});
