import { Injectable } from '@nestjs/common';

// OWASP's argon2id baseline (19 MiB, t=2, p=1).
// algorithm 2 = Argon2id (the package's enum is a const enum, unusable under isolatedModules).
const PARAMS = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

// The native module is loaded by the first password hashed or checked.
let argon2: Promise<typeof import('@node-rs/argon2')> | undefined;
const loadArgon2 = () => (argon2 ??= import('@node-rs/argon2'));

@Injectable()
export class PasswordHasher {
  private dummy?: Promise<string>;

  async hash(password: string): Promise<string> {
    return (await loadArgon2()).hash(password, PARAMS);
  }

  async verify(storedHash: string, password: string): Promise<boolean> {
    const { verify } = await loadArgon2();
    return verify(storedHash, password).catch(() => false);
  }

  // Spends the same time as a real check, so unknown emails are not revealed by timing.
  async burn(password: string): Promise<void> {
    this.dummy ??= this.hash('cosmolocal-timing-equaliser');
    await this.verify(await this.dummy, password);
  }
}
