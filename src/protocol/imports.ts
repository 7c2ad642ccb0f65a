import type { IncomingMessage, ServerResponse } from 'node:http';
import { acceptUpload, IMPORT_UPLOAD_PATH, MAX_IMPORT_CSV_BYTES } from '../domain/imports.js';
import type { Services } from '../services.js';

/*
 * The upload URL of a user import job (CreateUserImportJob's PreSignedUrl): `PUT /_cognate/import/{JobId}
 * ?token=…` with the CSV as the body, as one would PUT it to S3's presigned URL (`curl --upload-file users.csv
 * -H 'x-amz-server-side-encryption:aws:kms' URL`; that header is accepted and ignored). Answers as S3 does
 * where it can: 200 with an empty body, 403 AccessDenied for a wrong token, unknown job or a job already
 * started (nothing is stored), 400 for a body that is not UTF-8, and 413 past MAX_IMPORT_CSV_BYTES.
 */

/** Whether the request is for an upload URL. */
export function isImportUpload(method: string | undefined, url: string): boolean {
  return method === 'PUT' && url.startsWith(IMPORT_UPLOAD_PATH);
}

const S3_ERROR = (code: string, message: string) => `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`;

type Send = (res: ServerResponse, status: number, headers: string[], body: string, close?: boolean) => void;

/** Reads the body under the size limit and hands it to domain/imports.ts acceptUpload. Never throws. */
export function serveImportUpload(req: IncomingMessage, res: ServerResponse, services: Services, send: Send, log: (line: string) => void): void {
  const url = new URL(req.url!, 'http://localhost');
  const jobId = decodeURIComponent(url.pathname.slice(IMPORT_UPLOAD_PATH.length));
  const token = url.searchParams.get('token') ?? '';
  const xml = ['Content-Type', 'application/xml'];
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > MAX_IMPORT_CSV_BYTES) {
    send(res, 413, xml, S3_ERROR('EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size'), true);
    req.resume();
    return;
  }
  const parts: Buffer[] = [];
  let size = 0;
  let refused = false;
  req.on('data', (chunk: Buffer) => {
    if (refused) return;
    size += chunk.length;
    if (size > MAX_IMPORT_CSV_BYTES) {
      refused = true;
      parts.length = 0;
      send(res, 413, xml, S3_ERROR('EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size'), true);
      return;
    }
    parts.push(chunk);
  });
  req.on('error', () => {
    refused = true;
  });
  req.on('end', () => {
    if (refused) return;
    let csv: string;
    try {
      csv = new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(parts));
    } catch {
      send(res, 400, xml, S3_ERROR('InvalidArgument', 'The CSV file is not UTF-8 text'));
      return;
    }
    acceptUpload(services, jobId, token, csv).then(
      (ok) => (ok ? send(res, 200, ['ETag', '""'], '') : send(res, 403, xml, S3_ERROR('AccessDenied', 'Access Denied'))),
      (e) => {
        log(`import upload failed: ${(e as Error)?.stack ?? e}`);
        send(res, 503, xml, S3_ERROR('ServiceUnavailable', 'Please reduce your request rate.'));
      },
    );
  });
}
