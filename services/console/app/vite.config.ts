import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The console server serves dist/ (CONSOLE_STATIC_DIR) and proxies nothing: in `vite dev` the API lives on
// the console server, so /api and /auth are proxied there (CONSOLE_URL, default the run command's 4100).
const target = process.env.CONSOLE_URL ?? 'http://127.0.0.1:4100';

export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    sourcemap: false,
    chunkSizeWarningLimit: 2000,
    rollupOptions: {
      output: {
        // React, Ant Design and the rest of the libraries change less often than the app: their own file.
        // ECharts is reached only through the dashboard's lazy chunk.
        manualChunks: (id) =>
          id.includes('node_modules') && !/node_modules\/(\.pnpm\/)?(echarts|zrender)/.test(id)
            ? 'vendor'
            : undefined,
      },
    },
  },
  server: { proxy: { '/api': target, '/auth': target } },
});
