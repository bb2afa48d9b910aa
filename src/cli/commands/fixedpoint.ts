/**
 * `pepita-ode fixedpoint --config FILE [--from end|initial] [--json] [--escape FILE.html]`:
 * Newton's method on RHS = 0 from the end of the run (default; integrated with theory.solver) or
 * from the initial state; prints the fixed point's order parameters and εg, the Jacobian's
 * eigenvalues and how many directions are unstable, neutral and stable, and the slowest time
 * constant. Says plainly when Newton did not converge (exit 1, after printing what it reached).
 * For a saddle, --escape measures escape times against the initial distance δ along the unstable
 * eigenvector and writes the figure (measured vs (1/λ_u)·ln(1/δ) + c).
 */
import type { Command } from 'commander';
import { ConfigError, NumericalError } from '../../core/errors.ts';
import { configOption, loadConfig, printJson, progressBar, setOption, wantsProgress } from '../common.ts';

interface FixedPointFlags {
  config?: string;
  set?: string[];
  from?: string;
  json?: boolean;
  escape?: string;
}

const fmt = (v: number) => (Number.isFinite(v) ? (Math.abs(v) >= 1e-3 && Math.abs(v) < 1e5 ? v.toPrecision(6) : v.toExponential(3)) : String(v));
const complex = (z: { re: number; im: number }) => (z.im === 0 ? fmt(z.re) : `${fmt(z.re)}${z.im > 0 ? '+' : '−'}${fmt(Math.abs(z.im))}i`);

export function register(program: Command): void {
  program
    .command('fixedpoint')
    .description("Newton's method on the ODEs' RHS = 0 from the end of the run (or the initial state): the fixed point, its εg, the Jacobian's eigenvalues and stability")
    .addOption(configOption()).addOption(setOption())
    .option('--from <where>', '"end": the state at the last output time (integrated with theory.solver); "initial": the initial state', 'end')
    .option('--json', 'print the result as JSON')
    .option('--escape <file.html>', 'for a saddle (a plateau): measure escape times vs the distance δ along the unstable eigenvector, write this figure')
    .addHelpText('after', '\nExamples:\n  $ echo \'{"rule":"bp","K":3,"M":2,"eta":0.2,"tmax":1e6}\' > bp.json\n  $ pepita-ode fixedpoint --config bp.json\n  $ pepita-ode fixedpoint --config plateau.json --from end --escape results/escape.html --json')
    .action(async (flags: FixedPointFlags) => {
      const config = await loadConfig(flags);
      const from = flags.from ?? 'end';
      if (from !== 'end' && from !== 'initial') throw new ConfigError('--from', `must be "end" or "initial" (got "${from}")`);
      if (flags.escape !== undefined && !/\.html?$/i.test(flags.escape)) throw new ConfigError('--escape', `must name an .html file (got "${flags.escape}")`);
      // the engines load only when the command runs
      const { fixedPointOf, escapeStudyOf } = await import('../../app/fixedPoint.ts');
      const bar = progressBar(wantsProgress(flags.json) && from === 'end', 1000, `fixedpoint ${config.rule}: run`);
      let last = -1;
      const fp = fixedPointOf(config, {
        from,
        onProgress: (t, tmax) => {
          const v = tmax > 0 ? Math.min(1000, Math.round((1000 * t) / tmax)) : 1000;
          if (v !== last) bar.update((last = v), `t = ${t.toPrecision(4)}`);
        },
      });
      bar.stop();
      let escape = null;
      let files: string[] = [];
      if (flags.escape !== undefined && fp.converged && fp.unstable > 0) {
        escape = escapeStudyOf(fp);
        if (escape) {
          const [{ writeFileAtomic }, { figureHtml }, { escapeFigure }] = await Promise.all([
            import('../../io/atomic.ts'), import('../../figures/html.ts'), import('../../figures/escape.ts'),
          ]);
          writeFileAtomic(flags.escape, figureHtml(escapeFigure(escape, `Escape from the ${config.rule} plateau`)));
          files = [flags.escape];
        }
      }
      const { detail: _detail, ...report } = fp;
      if (flags.json) {
        printJson({ rule: config.rule, K: config.K, M: config.M, ...report, escape, files });
      } else {
        const startText = fp.from === 'end'
          ? `the end of the run (t = ${fmt(fp.start.t)}, εg = ${fmt(fp.start.eg)}${fp.start.failure ? `; the run stopped early: ${fp.start.failure.message}` : ''})`
          : `the initial state (εg = ${fmt(fp.start.eg)})`;
        const o = fp.overlaps;
        const lines = [
          `${config.rule}, K = ${config.K}, M = ${config.M}: Newton from ${startText}: ${fp.message}`,
          `${fp.converged ? 'fixed point' : 'last iterate'}: εg = ${fmt(fp.eg)}; ${fp.classification}`,
          `Jacobian eigenvalues (${fp.eigenvalues.length}): ${fp.unstable} unstable, ${fp.neutral} neutral (|Re λ| ≤ ${fmt(fp.neutralTol)}), ${fp.stable} stable; ` +
            `slowest time constant ${fmt(fp.slowestTimeConstant)}${fp.leadingUnstable ? `; leading unstable λ_u = ${complex(fp.leadingUnstable)}` : ''}`,
          `  λ = ${fp.eigenvalues.map(complex).join(', ')}`,
          `  Q = ${JSON.stringify(o.Q.map((r) => r.map(fmt)))}`.replace(/"/g, ''),
          `  R = ${JSON.stringify(o.R.map((r) => r.map(fmt)))}`.replace(/"/g, ''),
          `  W2 = ${JSON.stringify((o.W2 ?? []).map(fmt))}, f = ${JSON.stringify((o.f ?? []).map(fmt))}`.replace(/"/g, ''),
        ];
        if (fp.singularDirections > 0) lines.push(`  the Jacobian is singular in ${fp.singularDirections} direction(s): a continuum of fixed points (or a conserved quantity); Newton took minimum-norm steps`);
        if (escape) {
          lines.push(`escape from the saddle: slope of t_esc vs ln(1/δ) = ${fmt(escape.measuredSlope)} measured, 1/λ_u = ${fmt(escape.predictedSlope)} predicted (ratio ${fmt(escape.measuredSlope / escape.predictedSlope)})`);
          for (let i = 0; i < escape.deltas.length; i++) lines.push(`  δ = ${escape.deltas[i].toExponential(0)}: t_esc = ${fmt(escape.measured[i])} (predicted ${fmt(escape.predicted[i])})`);
          lines.push(`wrote ${files.join(', ')}`);
        } else if (flags.escape !== undefined) {
          lines.push(`no escape figure: the state is not a saddle with a real unstable eigenvalue (${fp.classification})`);
        }
        process.stdout.write(lines.join('\n') + '\n');
      }
      if (!fp.converged) {
        throw new NumericalError({ code: 'not-converged', t: fp.start.t, quantity: 'fixed point', message: `Newton did not converge: ${fp.message}` });
      }
    });
}
