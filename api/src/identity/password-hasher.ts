import { Injectable } from '@nestjs/common';
import { hash, verify } from '@node-rs/argon2';

// OWASP's argon2id baseline (19 MiB, t=2, p=1).
// algorithm 2 = Argon2id (the package's enum is a const enum, unusable under isolatedModules).
const PARAMS = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

@Injectable()
export class PasswordHasher {
  private dummy?: Promise<string>;

  hash(password: string): Promise<string> {
    return hash(password, PARAMS);
  }

  verify(storedHash: string, password: string): Promise<boolean> {
    return verify(storedHash, password).catch(() => false);
  }

  // Spends the same time as a real check, so unknown emails are not revealed by timing.
  async burn(password: string): Promise<void> {
    this.dummy ??= hash('cosmolocal-timing-equaliser', PARAMS);
    await this.verify(await this.dummy, password);
  }
}
