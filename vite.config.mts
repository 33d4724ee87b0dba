import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';

// The renderer is one bundle served two ways: from disk by the desktop app and
// over HTTP by the web host to browser guests. Relative asset paths serve both.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [vue()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
  },
});
