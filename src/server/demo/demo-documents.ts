// The documents the demo's applications were handed in with: what the programme's list asks of
// the elder (the rule the home survey checks, core/applications/document-type.ts), each a small
// placeholder — a PNG for a scan or photo, a PDF for a form or a certificate — stored where and
// as the document routes store an upload, so that the application's page lists them and they
// download with their checksum verified. The files say they are examples; their bytes carry the
// application's number, so each elder's are their own.
import zlib from 'node:zlib';
import { asc, eq } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { applicationDocuments, applicationSteps, applications, elders, users } from '../db/schema.js';
import { EXTENSIONS, documentStore } from '../modules/applications/document-files.js';
import {
  documentListOf,
  requiredDocuments,
  type DocumentKind,
  type DocumentMime,
} from '../../core/applications/document-type.js';
import { DOCUMENT_KIND_LABELS } from '../../shared/elder-labels.js';

/**
 * The document routes' store (modules/applications/document-routes.ts): `<dataDir>/documents`,
 * one extension per type. The routes keep their extension map to themselves (not exported), so it
 * is repeated here; a download of a demo document through the routes finds the file only while
 * the two agree (test/api/demo-content.test.ts).
 */

/** Scans and photos are images; forms and issued certificates PDFs. */
const AS_IMAGE: ReadonlySet<DocumentKind> = new Set<DocumentKind>([
  'id_copy',
  'dibao_certificate',
  'household_register',
  'photo',
  'disability_certificate',
]);

/** 示例-身份证复印件.png: the kind's label without its explanation in brackets. */
function filenameOf(kind: DocumentKind, nth: number, of: number, ext: string) {
  const label = DOCUMENT_KIND_LABELS[kind].replace(/（.*）$/, '');
  return `示例-${label}${of > 1 ? `-${nth}` : ''}.${ext}`;
}

export async function loadDemoDocuments(database: Database, dataDir: string) {
  const db = database.db;
  const apps = await db
    .select({
      id: applications.id,
      programme: applications.programme,
      submittedOn: applications.submittedOn,
      categoryTypes: elders.categoryTypes,
    })
    .from(applications)
    .innerJoin(elders, eq(elders.id, applications.elderId))
    .orderBy(asc(applications.id));
  if (!apps.length) return 0;
  const handedIn = new Set(
    (await db.selectDistinct({ id: applicationDocuments.applicationId }).from(applicationDocuments)).map((d) => d.id),
  );
  // Handed in at the desk that received the application; the older approvals the demo keeps
  // without their steps, archived by the district.
  const receivedBy = new Map(
    (
      await db
        .select({ applicationId: applicationSteps.applicationId, actorId: applicationSteps.actorId })
        .from(applicationSteps)
        .where(eq(applicationSteps.action, 'submit'))
    ).map((s) => [s.applicationId, s.actorId]),
  );
  const [admin] = await db.select({ id: users.id }).from(users).where(eq(users.username, 'admin'));
  if (!admin) return 0;
  const store = documentStore(dataDir);
  const rows: (typeof applicationDocuments.$inferInsert)[] = [];
  for (const a of apps) {
    if (handedIn.has(a.id)) continue;
    // The same rule the home survey checks (application-routes.ts), on the elder's file as it is.
    const kinds = requiredDocuments(documentListOf(a.programme), a.categoryTypes);
    for (const [k, kind] of kinds.entries()) {
      const of = kinds.filter((x) => x === kind).length;
      const nth = kinds.slice(0, k + 1).filter((x) => x === kind).length;
      const mime: DocumentMime = AS_IMAGE.has(kind) ? 'image/png' : 'application/pdf';
      const filename = filenameOf(kind, nth, of, EXTENSIONS[mime]);
      const bytes = mime === 'image/png' ? placeholderPng(a.id, kind, nth) : placeholderPdf(a.id, kind, filename);
      rows.push({
        applicationId: a.id,
        kind,
        filename,
        mime,
        size: bytes.length,
        sha256: store.put(bytes, mime),
        uploadedBy: receivedBy.get(a.id) ?? admin.id,
        // On the day it was filed, before the desk received it (its step is at 10:00).
        uploadedAt: new Date(`${a.submittedOn}T01:30:00Z`),
      });
    }
  }
  for (let i = 0; i < rows.length; i += 1000) await db.insert(applicationDocuments).values(rows.slice(i, i + 1000));
  return rows.length;
}

// --- The placeholders -------------------------------------------------------------------------

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf: Buffer) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function pngChunk(type: string, data: Buffer) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/**
 * A 48×30 grey card with a frame and a row of marks spelling the application's number in
 * binary, and text chunks saying what it stands for.
 */
export function placeholderPng(applicationId: number, kind: DocumentKind, nth = 1): Buffer {
  const w = 48,
    h = 30;
  const raw = Buffer.alloc((w + 1) * h);
  for (let y = 0; y < h; y++) {
    raw[y * (w + 1)] = 0; // no filter
    for (let x = 0; x < w; x++) {
      const frame = x < 2 || y < 2 || x >= w - 2 || y >= h - 2;
      const bit = x >= 4 && x < 4 + 20 * 2 && y >= 12 && y < 18 && (applicationId >> Math.floor((x - 4) / 2)) & 1;
      raw[y * (w + 1) + 1 + x] = frame ? 0x60 : bit ? 0x30 : 0xe8;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // greyscale
  const text = (key: string, value: string) => pngChunk('tEXt', Buffer.from(`${key}\0${value}`, 'latin1'));
  const itext = (key: string, value: string) =>
    pngChunk('iTXt', Buffer.concat([Buffer.from(`${key}\0\0\0\0\0`, 'latin1'), Buffer.from(value, 'utf8')]));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    text('Software', 'Yiyang demo'),
    text('Comment', `Placeholder, not a real document: application ${applicationId}, ${kind} ${nth}`),
    itext('Title', `示例材料（非真实证件）：${DOCUMENT_KIND_LABELS[kind]}，申请编号 ${applicationId}`),
    pngChunk('IDAT', zlib.deflateSync(raw)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** One A4 page saying what the document stands for; its title in Chinese in the document info. */
export function placeholderPdf(applicationId: number, kind: DocumentKind, filename: string): Buffer {
  const title = `示例材料（非真实文件）：${filename}，申请编号 ${applicationId}`;
  const utf16 = Buffer.from(`\ufeff${title}`, 'utf16le').swap16().toString('hex').toUpperCase();
  const lines = [
    'Yiyang demo document - a placeholder, not a real document',
    `Application ${applicationId}, document kind: ${kind}`,
  ];
  const stream = `BT /F1 14 Tf 56 780 Td 18 TL ${lines.map((l) => `(${l}) '`).join(' ')} ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    `<< /Length ${Buffer.byteLength(stream, 'latin1')} >>\nstream\n${stream}\nendstream`,
    `<< /Title <${utf16}> /Producer (Yiyang demo) >>`,
  ];
  let out = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  for (const [i, body] of objects.entries()) {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  }
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) out += `${String(o).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info 6 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}
