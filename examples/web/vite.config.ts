// `npm run example:web`: the browser app on http://<slug>.localhost:5173 beside a running gateway.
// The dev server proxies /graphql to the gateway keeping the Host header (changeOrigin: false), so
// the gateway picks the tenant from the page's own host. Browsers resolve *.localhost to this machine.
import { defineConfig } from 'vite';

export default defineConfig({
  root: import.meta.dirname,
  server: {
    host: process.env.WEB_HOST ?? '127.0.0.1',
    port: Number(process.env.WEB_PORT ?? 5173),
    strictPort: true,
    // Vite already accepts localhost and *.localhost; a BASE_DOMAIN of your own goes here.
    allowedHosts: ['.localhost'],
    proxy: { '/graphql': { target: process.env.GATEWAY_URL ?? 'http://127.0.0.1:4000', changeOrigin: false } },
  },
});
