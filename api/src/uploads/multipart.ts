import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import busboy from 'busboy';
import type { FastifyInstance } from 'fastify';
import { DomainError, InvalidInputError, PayloadTooLargeError } from '../common/errors/domain-error.js';
import { parseUploadPath } from './upload-path.js';

// Multipart bodies are not parsed ahead of the handler: the uploads endpoint streams them itself
// (multipartFiles), so Fastify only lets them through, unread and outside its JSON body limit.
export function installMultipartPassThrough(fastify: FastifyInstance): void {
  fastify.addContentTypeParser('multipart/form-data', (_request, _payload, done) => done(null));
}

export interface UploadLimits {
  maxFileBytes: number;
  maxRequestBytes: number;
  maxFiles: number;
}

export interface UploadPart {
  path: string;
  content: AsyncIterable<Uint8Array>;
}

// Streams the `file` parts of a multipart/form-data request one after another, never
// holding a whole file in memory. Any limit or format problem throws from the iterator
// (and so aborts whatever consumes it).
export async function* multipartFiles(req: IncomingMessage, limits: UploadLimits): AsyncGenerator<UploadPart> {
  const type = req.headers['content-type'] ?? '';
  if (!/^multipart\/form-data/i.test(type)) {
    throw new InvalidInputError('content-type', 'Send the files as multipart/form-data.', 'NOT_MULTIPART');
  }
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limits.maxRequestBytes) throw tooLarge('request', limits.maxRequestBytes);

  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: req.headers,
      preservePath: true,
      // Filenames are UTF-8 (as browsers, curl and fetch send them), not busboy's latin1 default.
      defParamCharset: 'utf8',
      limits: { fileSize: limits.maxFileBytes, files: limits.maxFiles, fields: 50, parts: limits.maxFiles + 50 },
    });
  } catch (err) {
    req.resume();
    throw new InvalidInputError('content-type', `The multipart header is malformed: ${(err as Error).message}.`, 'MALFORMED_MULTIPART');
  }
  const queue: Array<{ path: string; stream: Readable } | Error | null> = [];
  let wake: (() => void) | undefined;
  const push = (item: { path: string; stream: Readable } | Error | null) => {
    queue.push(item);
    wake?.();
  };
  let received = 0;
  let current: Readable | undefined;
  req.on('data', (chunk: Buffer) => {
    received += chunk.length;
    if (received > limits.maxRequestBytes && received - chunk.length <= limits.maxRequestBytes) {
      const error = tooLarge('request', limits.maxRequestBytes);
      req.unpipe(parser);
      req.resume(); // drain, so the client gets the answer
      // The file being read stops here too, so its consumer fails instead of waiting.
      current?.destroy(error);
      push(error);
    }
  });
  parser.on('file', (field, stream, info) => {
    if (field !== 'file') {
      stream.resume();
      return;
    }
    stream.once('limit', () => stream.destroy(tooLarge(info.filename ?? 'file', limits.maxFileBytes)));
    // A body cut short errors the open file stream too; its reader (if any) sees the error
    // through iteration, and a part nobody reads yet must not raise an unhandled 'error'.
    stream.on('error', () => undefined);
    current = stream;
    push({ path: info.filename ?? '', stream });
  });
  parser.on('filesLimit', () => push(new PayloadTooLargeError(`An upload may hold at most ${limits.maxFiles} files.`, 0)));
  parser.on('error', (err: Error) =>
    push(new InvalidInputError('body', `The multipart body is malformed: ${err.message}`, 'MALFORMED_MULTIPART')),
  );
  parser.on('close', () => push(null));
  req.on('aborted', () => push(new InvalidInputError('body', 'The upload was interrupted.', 'ABORTED')));
  req.on('error', () => push(new InvalidInputError('body', 'The upload was interrupted.', 'ABORTED')));
  req.pipe(parser);

  const seen = new Set<string>();
  let finished = false;
  try {
    for (;;) {
      if (queue.length === 0) await new Promise<void>((resolve) => (wake = resolve));
      wake = undefined;
      const item = queue.shift();
      if (item === undefined) continue;
      if (item === null) break;
      if (item instanceof Error) throw item;
      const path = parseUploadPath(item.path);
      if (seen.has(path)) throw new InvalidInputError('file', `"${path}" appears twice in the upload.`, 'DUPLICATE_PATH');
      seen.add(path);
      yield { path, content: typedErrors(item.stream) };
    }
    finished = true;
  } finally {
    if (!finished) {
      // Refused early: read (and drop) the rest so the client receives the answer.
      current?.resume();
      req.unpipe(parser);
      req.resume();
    }
  }
  if (seen.size === 0) throw new InvalidInputError('file', 'The upload holds no `file` parts.', 'NO_FILES');
}

// What a file stream fails with reaches the importer as a typed error: a limit as it was raised,
// anything else (a body cut short, a malformed part) as a malformed body.
async function* typedErrors(stream: Readable): AsyncGenerator<Uint8Array> {
  try {
    for await (const chunk of stream) yield chunk as Uint8Array;
  } catch (err) {
    if (err instanceof DomainError) throw err;
    throw new InvalidInputError('body', `The multipart body is malformed: ${(err as Error).message}.`, 'MALFORMED_MULTIPART');
  }
}

function tooLarge(what: string, limit: number): PayloadTooLargeError {
  return new PayloadTooLargeError(
    what === 'request'
      ? `The upload is larger than the limit of ${limit} bytes; nothing was stored.`
      : `"${what}" is larger than the per-file limit of ${limit} bytes; nothing was stored.`,
    limit,
  );
}
