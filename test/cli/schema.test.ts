import { describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';

// ajv is CommonJS; a typed require keeps NodeNext's interop out of the way
const Ajv2020 = createRequire(import.meta.url)('ajv/dist/2020') as new (o: { strict: boolean }) => {
  compile(schema: object): (data: unknown) => boolean;
};
import { configJsonSchema } from '../../src/core/configSchema.ts';
import { defaultConfig } from '../../src/core/config.ts';
import { runCli } from './runCli.ts';

describe('pepita-ode schema', () => {
  const ajv = new Ajv2020({ strict: false });
  const validate = ajv.compile(configJsonSchema());

  it('validates the default config, the empty config and the documented example', () => {
    const { $schema: _, ...resolved } = defaultConfig();
    expect(validate(JSON.parse(JSON.stringify(resolved)))).toBe(true);
    expect(validate({})).toBe(true);
    expect(validate({ K: 2, M: 2, D: 500, rule: 'afa', eta: 0.05, eta2: 0.05, noise: 0, activation: 'erf', teacherActivation: 'erf', tmax: 5000, points: 200,
      init: { kind: 'weights', seed: 2, teacher: { W1: 'gaussian', W2: [1, 1] }, student: { W1std: 1, W2: 'zeros' }, feedback: { std: 1 } },
      feedbackWeights: null, theory: { averages: 'analytic', mcSamples: 100000, rtol: 1e-8, atol: 1e-10 }, sim: { seed: 1, seeds: 4, threads: 2 } })).toBe(true);
  });

  it('rejects bad configs: unknown key, wrong enum, out-of-range number, wrong init kind', () => {
    for (const bad of [{ etta: 1 }, { rule: 'sgd' }, { eta: -1 }, { K: 0 }, { init: { kind: 'random' } }, { theory: { rtol: 2 } }]) {
      expect(validate(bad), JSON.stringify(bad)).toBe(false);
    }
  });

  it('is what the CLI prints', async () => {
    const r = await runCli(['schema']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(JSON.parse(JSON.stringify(configJsonSchema())));
  });
});
