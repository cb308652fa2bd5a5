import type { DiscoveryService } from '@nestjs/core';

// Nest has no multi-providers. A contribution point is a token that any number of modules provide
// (each module its own provider under it); this gathers every one of them, module by module. Value
// providers are ready as soon as the modules are scanned; any other kind once they are instantiated.
export function collectProvided<T>(discovery: DiscoveryService, token: symbol): T[] {
  return discovery
    .getProviders()
    .filter((wrapper) => wrapper.token === token)
    .map((wrapper) => wrapper.instance as T);
}
