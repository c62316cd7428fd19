import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import { AppError, invalidField } from '../../core/errors.ts';
import { CsvDecoder, CsvFormatError, CsvReader, type CsvTable } from '../../core/people/import-csv.ts';
import { cooperativePause } from './cooperative.ts';

/** The largest CSV file an import takes. */
export const maxCsvBytes = 100 * 1024 * 1024;
const megabytes = `${maxCsvBytes / 1024 / 1024} MB`;

/**
 * A CSV as an import service receives it: the text (the command line, the demo), an upload not read yet (the bytes
 * of a `text/csv` body, read only once the service has authorised the caller), or a table already read (a file part
 * of a multipart form, which has to be read before the form's next fields).
 */
export type CsvInput = string | CsvTable | AsyncIterable<Uint8Array | string>;

function tooLarge(): AppError {
  return new AppError(
    'payload_too_large',
    `The file is larger than ${megabytes}: split it into smaller files`,
  );
}

/**
 * In this (encapsulated) scope, CSV bodies reach the route unread: `text/csv` and `text/plain` bodies arrive as a
 * stream in `request.body`, multipart forms through `request.parts()`, both up to 100 MB. Everywhere else a body is
 * JSON of at most 1 MB, and the access table has refused the caller before any of it is read.
 */
export async function acceptCsvUploads(scope: FastifyInstance): Promise<void> {
  await scope.register(fastifyMultipart, {
    limits: { fileSize: maxCsvBytes, files: 1, fields: 10, fieldSize: 64 * 1024, parts: 12 },
  });
  scope.removeContentTypeParser('text/plain');
  scope.addContentTypeParser(['text/csv', 'text/plain'], (request, payload, done) => {
    // Refused from its announced length, before a byte is read.
    if (Number(request.headers['content-length']) > maxCsvBytes) done(tooLarge(), undefined);
    else done(null, payload);
  });
}

function isAsyncIterable(input: unknown): input is AsyncIterable<Uint8Array | string> {
  return typeof input === 'object' && input !== null && Symbol.asyncIterator in input;
}

/** Whether a request body is a CSV upload left unread by `acceptCsvUploads` (rather than JSON, or nothing). */
export function isCsvUpload(body: unknown): body is AsyncIterable<Uint8Array | string> {
  return isAsyncIterable(body);
}

/**
 * Read a CSV input into a table as it arrives: decoded (UTF-8 or Windows-1252) and parsed piece by piece, never more
 * than 100 MB, and refused as soon as it passes `maxRows` rows (`body: has more than … rows`), without holding the
 * event loop for more than a few milliseconds at a time. Format errors are `CsvFormatError`s naming their line.
 */
export async function readCsvInput(input: CsvInput, maxRows: number): Promise<CsvTable> {
  const tooManyRows = () =>
    invalidField(
      'body',
      `the file has more than ${maxRows.toLocaleString('en')} rows: import at most ${maxRows.toLocaleString('en')} rows per file`,
    );
  if (typeof input !== 'string' && !isAsyncIterable(input)) {
    if (input.rows.length > maxRows) throw tooManyRows();
    return input;
  }
  const reader = new CsvReader();
  const pause = cooperativePause();
  const push = (text: string) => {
    reader.push(text);
    if (reader.rowCount > maxRows) throw tooManyRows();
  };
  try {
    if (typeof input === 'string') {
      const piece = 1024 * 1024;
      for (let at = 0; at < input.length; at += piece) {
        push(input.slice(at, at + piece));
        await pause();
      }
    } else {
      const decoder = new CsvDecoder();
      let bytes = 0;
      for await (const chunk of input) {
        const piece = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
        bytes += piece.length;
        if (bytes > maxCsvBytes) throw tooLarge();
        push(decoder.decode(piece));
        await pause();
      }
      push(decoder.decode(new Uint8Array(0), true));
    }
    const table = reader.finish();
    if (table.rows.length > maxRows) throw tooManyRows();
    return table;
  } catch (error) {
    // The decoder does not know lines; the reader knows how far it got.
    if (error instanceof CsvFormatError && error.line === null)
      throw new CsvFormatError(`line ${reader.currentLine}: ${error.message}`, reader.currentLine);
    // The client went away mid-upload: nobody is waiting for the answer, and it is not a fault of ours to log.
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ECONNRESET' || code === 'ERR_STREAM_PREMATURE_CLOSE')
      throw new AppError('bad_request', 'The upload was interrupted before the end of the file');
    throw error;
  }
}
