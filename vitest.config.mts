import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vitest/config';

// Unit tests run under plain Node: the engine has no DOM, and main/ is tested
// without Electron. The web host tests open real sockets on loopback, hence
// the generous timeout. The Vue plugin lets a test render a component to a
// string with Vue's server renderer, which needs no DOM either.
export default defineConfig({
  plugins: [vue()],
  test: {
    include: ['tests/unit/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
  },
});
