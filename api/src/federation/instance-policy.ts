import type { AppConfig } from '../config/config.js';

// Whether this instance federates with the instance at a URL: not on the operator's blocklist,
// and on the allowlist when there is one. Defederating an instance stops every exchange with it
// and takes its content out of search and matching (it stays stored: it may be lineage).
export function federatesWith(config: Pick<AppConfig, 'federation'>, url: string | URL): boolean {
  let host: string;
  try {
    host = (typeof url === 'string' ? new URL(url) : url).host.toLowerCase();
  } catch {
    return false;
  }
  const { blockedHosts, allowedHosts } = config.federation;
  if (blockedHosts.includes(host)) return false;
  return allowedHosts.length === 0 || allowedHosts.includes(host);
}
