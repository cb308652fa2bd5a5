// Architecture rules the type checker cannot see. Each finding names file and rule.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const files = [];
const walk = (dir) => {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (path.endsWith('.ts') && !path.endsWith('.spec.ts')) files.push(path);
  }
};
for (const dir of ['api/src', 'worker/src', 'cli']) walk(join(ROOT, dir));

const findings = [];
const rel = (f) => relative(ROOT, f);
const resolvers = readFileSync(join(ROOT, 'api/src/graphql/resolvers.ts'), 'utf8');

for (const file of files) {
  const path = rel(file);
  const src = readFileSync(file, 'utf8');
  const imports = [...src.matchAll(/^import[^;]*?from\s+'([^']+)'/gms)].map((m) => m[1]);

  // Config is read once, in one place.
  if (/process\.env\b/.test(src) && path !== 'api/src/config/config.ts') {
    findings.push(`${path}: reads process.env (only api/src/config/config.ts may)`);
  }
  // SQL and TypeORM live in repositories, entities, migrations and the database module.
  const mayUseOrm = /\.(repository|entity)\.ts$/.test(path) || path.startsWith('api/src/database/');
  if (!mayUseOrm && imports.some((i) => i === 'typeorm' || i.startsWith('typeorm/'))) {
    findings.push(`${path}: imports typeorm (only repositories, entities and api/src/database may)`);
  }
  // Resolvers are thin: they call services, never repositories.
  if (path.endsWith('.resolver.ts') && imports.some((i) => i.endsWith('.repository.js'))) {
    findings.push(`${path}: a resolver imports a repository; go through the service`);
  }
  // Every resolver class is listed for schema generation and the access check.
  if (path.endsWith('.resolver.ts')) {
    for (const [, name] of src.matchAll(/export class (\w+Resolver)\b/g)) {
      if (!resolvers.includes(name)) findings.push(`${path}: ${name} is missing from api/src/graphql/resolvers.ts`);
    }
  }
  // Authorization goes through the access service: no role compared by hand elsewhere.
  const roleCheck = /\brole\)?\s*[!=]==?\s*'(ADMIN|MEMBER|TREASURER)'|'(ADMIN|MEMBER|TREASURER)'\s*[!=]==?\s*[\w.?]*role\b/;
  if (!path.startsWith('api/src/access/') && !path.startsWith('api/src/identity/') && roleCheck.test(src)) {
    findings.push(`${path}: compares a membership role; ask AccessService (api/src/access) with a permission`);
  }
  // Entities never reach the GraphQL schema.
  if (/\.(entity)\.ts$/.test(path) && imports.includes('@nestjs/graphql')) {
    findings.push(`${path}: an entity uses GraphQL decorators; map it to a model in models/`);
  }
}

if (findings.length) {
  console.error(findings.map((f) => `✖ ${f}`).join('\n'));
  process.exit(1);
}
console.log(`architecture rules: ${files.length} files checked, no findings`);
