import { createHash } from 'node:crypto';

// A prepared statement's name for its text, as the platform prepares what it runs: one name per
// statement text, so a bare path runs the same statement the same way.
export const statementName = (text) => `bench_${createHash('sha1').update(text).digest('hex').slice(0, 16)}`;
