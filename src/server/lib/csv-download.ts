import type { FastifyReply } from 'fastify';

/** A CSV file a service made: its name and its text (already formula-safe, through `toCsv`). */
export interface CsvFile {
  filename: string;
  body: string;
}

/** Sends `file` as a download: CSV in UTF-8, named, never kept by a cache (exports hold personal data). */
export function sendCsv(reply: FastifyReply, file: CsvFile) {
  return reply
    .header('content-type', 'text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${file.filename}"`)
    .header('cache-control', 'no-store')
    .send(file.body);
}
