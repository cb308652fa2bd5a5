// Validates docker-compose.yml against the Compose specification and lint rules
// (no Docker engine needed). Style-only findings are warnings; anything else fails.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const pkg = require.resolve('dclint/package.json');
const bin = new URL(require(pkg).bin.dclint ?? require(pkg).bin, `file://${pkg}`);
const result = spawnSync(process.execPath, [bin.pathname, 'docker-compose.yml', '--max-warnings', '0'], { stdio: 'inherit' });
process.exit(result.status ?? 1);
