import { defineConfig } from 'vitest/config';

// Unit tests run under plain Node: the engine has no DOM, and main/ is tested
// without Electron. The web host tests open real sockets on loopback, hence
// the generous timeout.
export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
  },
});
