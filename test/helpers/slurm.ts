/**
 * A throw-away single-node Slurm cluster for tests (Debian's slurm-wlm and munge, running as root
 * as on this machine): a temporary folder holds a munge key, slurm.conf (this host as controller
 * and as the one node with CPUs=2, one partition, state/spool/log folders inside, linuxproc
 * process tracking, no task plugin, cons_tres scheduling of single CPUs, munge auth on a private
 * socket, random ports), and the logs; munged, slurmctld and slurmd run in the foreground as
 * children of the test and are stopped (SIGTERM, then SIGKILL) by `stop()`.
 *
 *   if (!slurmInstalled() && !process.env.CI) skip;          // in CI, Slurm must start
 *   const cluster = await startSlurm();
 *   execFileSync('sbatch', [...], { env: cluster.env });
 *   await cluster.stop();
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';

const DAEMONS = ['munged', 'slurmctld', 'slurmd'];
const CLIENTS = ['sbatch', 'sinfo', 'squeue', 'scancel', 'scontrol'];
const SBIN = ['/usr/sbin', '/usr/bin', '/sbin', '/bin', '/usr/local/sbin', '/usr/local/bin'];

function which(name: string): string | null {
  for (const d of [...(process.env.PATH ?? '').split(':'), ...SBIN]) if (d && existsSync(join(d, name))) return join(d, name);
  return null;
}

/** True when every daemon and client command is installed. */
export function slurmInstalled(): boolean {
  return [...DAEMONS, ...CLIENTS].every((n) => which(n) !== null);
}

export interface SlurmCluster {
  dir: string;
  /** the environment for client commands (SLURM_CONF set) */
  env: NodeJS.ProcessEnv;
  /** run a client command, returning stdout */
  run(cmd: string, args: string[]): string;
  /** states of the jobs (array tasks listed one by one), from scontrol */
  jobStates(id: string): string[];
  /** wait until every task of job `id` has ended; returns their states */
  waitJob(id: string, timeoutMs?: number): Promise<string[]>;
  logs(): string;
  stop(): Promise<void>;
}

const TERMINAL = new Set(['COMPLETED', 'FAILED', 'CANCELLED', 'TIMEOUT', 'NODE_FAIL', 'OUT_OF_MEMORY', 'BOOT_FAIL', 'DEADLINE', 'PREEMPTED']);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function startSlurm(opts: { timeoutMs?: number } = {}): Promise<SlurmCluster> {
  const missing = [...DAEMONS, ...CLIENTS].filter((n) => which(n) === null);
  if (missing.length) throw new Error(`Slurm is not installed (missing ${missing.join(', ')}): apt-get install slurm-wlm munge`);
  const dir = mkdtempSync('/tmp/pepita-slurm-');
  chmodSync(dir, 0o755);
  for (const d of ['state', 'spool', 'log']) mkdirSync(join(dir, d));
  const key = join(dir, 'munge.key');
  writeFileSync(key, randomBytes(1024));
  chmodSync(key, 0o400);
  const host = hostname().split('.')[0];
  const port = 20000 + Math.floor(Math.random() * 20000);
  const sock = join(dir, 'munge.sock');
  const conf = join(dir, 'slurm.conf');
  writeFileSync(conf, [
    'ClusterName=pepitatest',
    `SlurmctldHost=${host}`,
    'SlurmUser=root',
    'SlurmdUser=root',
    `SlurmctldPort=${port}`,
    `SlurmdPort=${port + 1}`,
    'AuthType=auth/munge',
    'CredType=cred/munge',
    `AuthInfo=socket=${sock}`,
    `StateSaveLocation=${join(dir, 'state')}`,
    `SlurmdSpoolDir=${join(dir, 'spool')}`,
    `SlurmctldPidFile=${join(dir, 'slurmctld.pid')}`,
    `SlurmdPidFile=${join(dir, 'slurmd.pid')}`,
    `SlurmctldLogFile=${join(dir, 'log', 'slurmctld.log')}`,
    `SlurmdLogFile=${join(dir, 'log', 'slurmd.log')}`,
    'ProctrackType=proctrack/linuxproc',
    'TaskPlugin=task/none',
    'SelectType=select/cons_tres',
    'SelectTypeParameters=CR_CPU',
    'MpiDefault=none',
    'SwitchType=switch/none',
    'JobCompType=jobcomp/none',
    'AccountingStorageType=accounting_storage/none',
    'JobAcctGatherType=jobacct_gather/none',
    'ReturnToService=2',
    // keep finished jobs visible to scontrol for the test's lifetime
    'MinJobAge=3600',
    `NodeName=${host} CPUs=2 RealMemory=500 State=UNKNOWN`,
    `PartitionName=test Nodes=${host} Default=YES MaxTime=INFINITE State=UP`,
    '',
  ].join('\n'));
  const env = { ...process.env, SLURM_CONF: conf };
  const children: ChildProcess[] = [];
  const start = (name: string, args: string[]) => {
    const c = spawn(which(name)!, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    c.stdout!.on('data', (d) => (out += d));
    c.stderr!.on('data', (d) => (out += d));
    c.on('close', () => writeFileSync(join(dir, 'log', `${name}.out`), out));
    children.push(c);
    return c;
  };
  const cluster: SlurmCluster = {
    dir,
    env,
    run: (cmd, args) => execFileSync(which(cmd)!, args, { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }),
    jobStates(id) {
      let text = '';
      try {
        text = cluster.run('scontrol', ['-o', 'show', 'job', id]);
      } catch {
        return [];
      }
      return [...text.matchAll(/JobState=(\S+)/g)].map((m) => m[1]);
    },
    async waitJob(id, timeoutMs = 180_000) {
      const t0 = Date.now();
      for (;;) {
        const states = cluster.jobStates(id);
        if (states.length && states.every((s) => TERMINAL.has(s))) return states;
        if (Date.now() - t0 > timeoutMs) throw new Error(`job ${id} still not done after ${timeoutMs} ms: ${states.join(', ')}\n${cluster.logs()}`);
        await sleep(250);
      }
    },
    logs() {
      const tail = (f: string) => (existsSync(f) ? readFileSync(f, 'utf8').split('\n').slice(-15).join('\n') : '');
      return ['slurmctld.log', 'slurmd.log'].map((f) => `--- ${f}\n${tail(join(dir, 'log', f))}`).join('\n');
    },
    async stop() {
      for (const c of children.reverse()) if (c.exitCode === null) c.kill('SIGTERM');
      const t0 = Date.now();
      while (children.some((c) => c.exitCode === null && c.signalCode === null) && Date.now() - t0 < 10_000) await sleep(100);
      for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    },
  };
  try {
    start('munged', ['-F', '-f', `--socket=${sock}`, `--key-file=${key}`, `--log-file=${join(dir, 'log', 'munged.log')}`, `--pid-file=${join(dir, 'munged.pid')}`, `--seed-file=${join(dir, 'munged.seed')}`]);
    const t0 = Date.now();
    while (!existsSync(sock) && Date.now() - t0 < 10_000) await sleep(100);
    if (!existsSync(sock)) throw new Error('munged did not create its socket');
    start('slurmctld', ['-D', '-f', conf]);
    start('slurmd', ['-D', '-f', conf]);
    const timeout = opts.timeoutMs ?? 60_000;
    for (;;) {
      let state = '';
      try {
        state = cluster.run('sinfo', ['-h', '-N', '-o', '%T']).trim();
      } catch {
        // the controller is not answering yet
      }
      if (state === 'idle') break;
      if (Date.now() - t0 > timeout) throw new Error(`the Slurm node did not become idle within ${timeout} ms (state "${state}")\n${cluster.logs()}`);
      await sleep(250);
    }
    return cluster;
  } catch (e) {
    await cluster.stop();
    throw e;
  }
}
