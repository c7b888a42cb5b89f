import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { afterAll, describe, expect, it } from 'vitest';

// The import boundaries are rules in the root eslint.config.js (`pnpm lint`); these cases show that
// each one refuses what it should, and lets through what it should not refuse.
const root = fileURLToPath(new URL('../../../', import.meta.url));
const eslint = new ESLint({ cwd: root });
const SLOW = 120_000; // ESLint loads its parsers and plugins once, on a busy machine

async function errors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(root, file) });
  return result!.messages.map((m) => `${m.ruleId}: ${m.message}`);
}

describe('import boundaries', () => {
  it(
    'refuses database and HTTP code in domain/',
    async () => {
      const found = await errors(
        'apps/api/src/domain/fixture.ts',
        "import { sql } from 'drizzle-orm';\nexport const q = sql;\n",
      );
      expect(found).toEqual([expect.stringMatching(/^no-restricted-imports: .*no framework, database or HTTP code/)]);
      const layer = await errors(
        'apps/api/src/domain/fixture.ts',
        "import type { Db } from '../db/client.ts';\nexport type D = Db;\n",
      );
      expect(layer).toEqual([expect.stringMatching(/^no-restricted-imports: .*domain\/ is pure/)]);
    },
    SLOW,
  );

  it(
    'refuses a framework in the quiz engine',
    async () => {
      const found = await errors(
        'packages/quiz-engine/src/fixture.ts',
        "import Fastify from 'fastify';\nexport const f = Fastify;\n",
      );
      expect(found).toEqual([expect.stringMatching(/^no-restricted-imports: /)]);
    },
    SLOW,
  );

  it(
    'refuses the database in routes, plugins in services, use cases in database loaders',
    async () => {
      expect(
        await errors(
          'apps/api/src/routes/fixture/index.ts',
          "import { appUser } from '../../db/schema/index.ts';\nexport const t = appUser;\n",
        ),
      ).toEqual([expect.stringMatching(/Routes do not touch the database/)]);
      expect(
        await errors(
          'apps/api/src/services/fixture.ts',
          "import { ensureActor } from '../plugins/learner.ts';\nexport const e = ensureActor;\n",
        ),
      ).toEqual([expect.stringMatching(/Services do not import plugins/)]);
      expect(
        await errors(
          'apps/api/src/db/seed-fixture.ts',
          "import { AuthService } from '../services/auth.service.ts';\nexport const a = AuthService;\n",
        ),
      ).toEqual([expect.stringMatching(/does not reach into plugins, routes or services/)]);
    },
    SLOW,
  );

  it(
    'lets the allowed directions through',
    async () => {
      expect(
        await errors(
          'apps/api/src/domain/fixture.ts',
          "import type { Role } from '@hvs/contracts';\nimport { canonicalJson } from '@hvs/quiz-engine';\nexport const r: Role = 'admin';\nexport const c = canonicalJson;\n",
        ),
      ).toEqual([]);
      expect(
        await errors(
          'apps/api/src/services/fixture.ts',
          "import type { Actor } from '../domain/actor.ts';\nexport type A = Actor;\n",
        ),
      ).toEqual([]);
    },
    SLOW,
  );

  const dir = mkdtempSync(join(root, 'apps/api/src/cycle-fixture-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it(
    'finds an import cycle',
    async () => {
      writeFileSync(join(dir, 'a.ts'), "import { b } from './b.ts';\nexport const a = () => b;\n");
      writeFileSync(join(dir, 'b.ts'), "import { a } from './a.ts';\nexport const b = () => a;\n");
      const [result] = await eslint.lintFiles([relative(root, join(dir, 'a.ts'))]);
      expect(result!.messages.map((m) => m.ruleId)).toContain('import-x/no-cycle');
    },
    SLOW,
  );
});
