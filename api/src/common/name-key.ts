// A name as compared across sources: without case, accents, punctuation or extra spacing
// ("Fab Lab  São Paulo!" and "fab lab sao paulo" are one key). Stored keys (facility_sources.name_key,
// filled by a migration for earlier rows) come from this one function.
export function nameKey(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}
