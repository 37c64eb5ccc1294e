// Prisma CLI config: only `prisma generate` is used (DDL is raw SQL, see src/db/migrator.ts),
// so no datasource URL is needed here.
import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: 'prisma/schema.prisma',
});
