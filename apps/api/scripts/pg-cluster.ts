/**
 * A PostgreSQL primary and a streaming replica of it on this machine, made with the server's own tools
 * (initdb, pg_ctl, pg_basebackup from Debian's postgresql package): for `pnpm db:replica` and
 * `pnpm chaos`. Each node listens on 127.0.0.1 on its own port and keeps its socket in its own folder,
 * so the machine's cluster on 5432 is never touched.
 *
 * With `synchronous: true` the primary waits for the replica to have each commit before it answers
 * (synchronous_standby_names): what the API acknowledged survives a failover to the replica.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, rmSync, appendFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';

const isRoot = process.getuid?.() === 0;

/** The newest installed PostgreSQL's binaries (Debian puts them in /usr/lib/postgresql/<major>/bin). */
export function pgBin(tool: string): string {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) throw new Error('PostgreSQL server binaries not found (apt-get install -y postgresql)');
  const major = readdirSync(root)
    .filter((v) => /^\d+$/.test(v))
    .sort((a, b) => Number(b) - Number(a))[0];
  return join(root, major!, 'bin', tool);
}

/** initdb and the server refuse root (STACK.md pitfall 8): run them as the postgres user. */
function run(tool: string, args: string[], quiet = true): string {
  const cmd = isRoot ? 'runuser' : pgBin(tool);
  const argv = isRoot ? ['-u', 'postgres', '--', pgBin(tool), ...args] : args;
  return execFileSync(cmd, argv, { encoding: 'utf8', stdio: quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit' });
}

function ownedFolder(path: string) {
  mkdirSync(path, { recursive: true });
  if (isRoot) execFileSync('chown', ['-R', 'postgres:postgres', path]);
  chmodSync(path, 0o700);
}

export type PgNode = {
  name: string;
  port: number;
  dir: string;
  /** a URL to database `db` on this node */
  url(db?: string): string;
  start(): void;
  /** fast: sessions ended cleanly (a restart); immediate: as if the machine died */
  stop(mode?: 'fast' | 'immediate'): void;
  restart(): void;
  /** makes a replica the new primary */
  promote(): void;
  running(): boolean;
};

function node(name: string, dir: string, port: number): PgNode {
  const data = join(dir, 'data');
  const log = join(dir, 'server.log');
  const self: PgNode = {
    name,
    port,
    dir,
    url: (db = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${db}`,
    start: () => void run('pg_ctl', ['-D', data, '-l', log, '-w', '-t', '60', 'start']),
    stop: (mode = 'fast') => {
      if (self.running()) run('pg_ctl', ['-D', data, '-m', mode, '-w', '-t', '60', 'stop']);
    },
    restart: () => void run('pg_ctl', ['-D', data, '-l', log, '-m', 'fast', '-w', '-t', '60', 'restart']),
    promote: () => void run('pg_ctl', ['-D', data, '-w', '-t', '60', 'promote']),
    running: () => {
      try {
        run('pg_ctl', ['-D', data, 'status']);
        return true;
      } catch {
        return false;
      }
    },
  };
  return self;
}

export type PgCluster = { primary: PgNode; replica: PgNode; stop(): void; remove(): void };

/** Creates (afresh) and starts a primary on `port` and its streaming replica on `port + 1` under `dir`. */
export function startCluster(dir: string, port: number, { synchronous = false } = {}): PgCluster {
  rmSync(dir, { recursive: true, force: true });
  ownedFolder(dir);
  const pDir = join(dir, 'primary');
  const rDir = join(dir, 'replica');
  ownedFolder(pDir);
  ownedFolder(rDir);
  run('initdb', ['-D', join(pDir, 'data'), '-U', 'postgres', '-A', 'trust', '--no-sync', '-E', 'UTF8', '--locale=C']);
  const settings = [
    `port = ${port}`,
    `listen_addresses = '127.0.0.1'`,
    `unix_socket_directories = '${pDir}'`,
    `wal_level = replica`,
    `max_wal_senders = 5`,
    `wal_keep_size = '256MB'`,
    `hot_standby = on`,
    `max_connections = 200`,
    ...(synchronous ? [`synchronous_standby_names = 'replica'`, `synchronous_commit = on`] : []),
  ];
  appendFileSync(join(pDir, 'data', 'postgresql.auto.conf'), settings.join('\n') + '\n');
  const primary = node('primary', pDir, port);
  primary.start();
  // The replica: a base backup of the primary that follows its WAL (-R writes standby.signal).
  const rData = join(rDir, 'data');
  run('pg_basebackup', ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-D', rData, '-R', '-X', 'stream']);
  appendFileSync(
    join(rData, 'postgresql.auto.conf'),
    [
      `port = ${port + 1}`,
      `unix_socket_directories = '${rDir}'`,
      `primary_conninfo = 'host=127.0.0.1 port=${port} user=postgres application_name=replica'`,
      // as a primary after promotion, it must not wait for a standby it does not have
      `synchronous_standby_names = ''`,
    ].join('\n') + '\n',
  );
  const replica = node('replica', rDir, port + 1);
  replica.start();
  return {
    primary,
    replica,
    stop: () => {
      replica.stop('immediate');
      primary.stop('immediate');
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Seconds the replica is behind its primary (0 when it has replayed all it received). */
export async function replicaLag(url: string): Promise<number> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const r = await c.query<{ lag: number | null }>(
      `select case when pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() then 0
              else extract(epoch from now() - pg_last_xact_replay_timestamp()) end::float8 as lag`,
    );
    return r.rows[0]?.lag ?? 0;
  } finally {
    await c.end();
  }
}

/** Waits until a node accepts connections. */
export async function waitReady(url: string, seconds = 60): Promise<void> {
  const until = Date.now() + seconds * 1000;
  for (;;) {
    const c = new pg.Client({ connectionString: url });
    try {
      await c.connect();
      await c.query('select 1');
      await c.end();
      return;
    } catch (err) {
      await c.end().catch(() => {});
      if (Date.now() > until) throw err;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}
