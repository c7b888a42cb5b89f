/**
 * `pnpm db:replica [--port 5442] [--dir .data/pg-cluster] [--synchronous]`: a PostgreSQL primary on
 * `port` and a streaming replica of it on `port + 1`, on this machine, for trying a failover by hand
 * (the API does not read from a replica yet: no READ_DATABASE_URL). Runs until Ctrl-C, then stops both.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { replicaLag, startCluster, waitReady } from './pg-cluster.ts';
import { arg } from '../bench/common.ts';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const port = Number(arg('port', '5442'));
const dir = resolve(root, arg('dir', '.data/pg-cluster'));
const cluster = startCluster(dir, port, { synchronous: process.argv.includes('--synchronous') });
await waitReady(cluster.replica.url());
console.log(`primary  ${cluster.primary.url()}
replica  ${cluster.replica.url()}  (lag ${(await replicaLag(cluster.replica.url())).toFixed(1)} s)

  DATABASE_URL=${cluster.primary.url('hvs')} npm start
  (create the database first: psql ${cluster.primary.url()} -c 'create database hvs')
  failover: ${cluster.replica.name} is promoted with pg_ctl promote -D ${cluster.replica.dir}/data

Ctrl-C stops both.`);
const stop = () => {
  cluster.stop();
  process.exit(0);
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
setInterval(() => {}, 1 << 30);
