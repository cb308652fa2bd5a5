const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// An id that crosses the API is checked before it reaches SQL, where a malformed uuid is an error.
export function isUuid(value: string): boolean {
  return UUID.test(value);
}
