import { defineConfig } from 'vitest/config';

export default defineConfig({
  // `import … from 'pepita-ode'` in tests: the TypeScript sources (package.json "exports" condition
  // "pepita-ode-source"), not the built dist/ that users get
  ssr: { resolve: { conditions: ['pepita-ode-source'] } },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // two cores: run files in parallel but not more than the machine has
    maxWorkers: 2,
  },
});
