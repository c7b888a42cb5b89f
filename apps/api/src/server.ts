import { buildApp } from './app.ts';
import { loadConfig } from './config.ts';

// The only file that listens.
const config = loadConfig();
const app = await buildApp(config, { web: true });

let closing = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, async () => {
    if (closing) return;
    closing = true;
    app.log.info(`${signal}: closing`);
    const timer = setTimeout(() => process.exit(1), 10_000);
    timer.unref();
    await app.close();
    process.exit(0);
  });
}

await app.listen({ host: config.host, port: config.port });
const shown = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
const db = config.database.kind === 'postgres' ? 'PostgreSQL' : `PGlite (${config.database.dataDir})`;
console.log(`\n  Học vụ số đang chạy: http://${shown}:${config.port}/   (cơ sở dữ liệu: ${db})\n`);
