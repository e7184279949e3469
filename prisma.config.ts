// Used by the prisma CLI (generate). Migrations are applied by src/db/migrate.ts, offline.
import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
});
