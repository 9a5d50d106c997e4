import fs from 'node:fs';
import path from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { audited, withTransaction, type Actor } from '../audit/audit.js';
import { DomainError } from '../errors/index.js';
import { deliveryRepository as repo } from './delivery.repository.js';
import { isoOf, type DeliveryUser } from './access.js';
import { readableReport } from './reports.service.js';
import type { Evidence } from './schemas.js';
import './errors.js';

/** The largest evidence file: the server's request body limit (10 MiB). */
export const EVIDENCE_MAX_BYTES = 10 * 1024 * 1024;

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

/**
 * The kinds of evidence accepted, by extension, each with the media type it is served as and the bytes it must
 * start with — so a file named .pdf that is really an HTML page is refused, and nothing is ever served as a type
 * a browser would render as a page or run.
 */
const KINDS: Record<string, { mediaType: string; magic: readonly number[] | 'text' }> = {
  pdf: { mediaType: 'application/pdf', magic: [0x25, 0x50, 0x44, 0x46, 0x2d] },
  docx: { mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', magic: ZIP },
  xlsx: { mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', magic: ZIP },
  pptx: {
    mediaType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    magic: ZIP,
  },
  doc: { mediaType: 'application/msword', magic: OLE },
  xls: { mediaType: 'application/vnd.ms-excel', magic: OLE },
  ofd: { mediaType: 'application/ofd', magic: ZIP },
  zip: { mediaType: 'application/zip', magic: ZIP },
  jpg: { mediaType: 'image/jpeg', magic: [0xff, 0xd8, 0xff] },
  jpeg: { mediaType: 'image/jpeg', magic: [0xff, 0xd8, 0xff] },
  png: { mediaType: 'image/png', magic: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  txt: { mediaType: 'text/plain; charset=utf-8', magic: 'text' },
  csv: { mediaType: 'text/csv; charset=utf-8', magic: 'text' },
};

/** The media type of an accepted evidence file, or EVIDENCE_TYPE. */
export function evidenceMediaType(fileName: string, bytes: Buffer): string {
  const ext = path.extname(fileName).slice(1).toLowerCase();
  const kind = KINDS[ext];
  const fits =
    kind !== undefined &&
    (kind.magic === 'text'
      ? !bytes.includes(0) && isUtf8(bytes)
      : kind.magic.every((b, i) => bytes[i] === b));
  if (!fits)
    throw new DomainError('EVIDENCE_TYPE', {
      detail:
        kind === undefined
          ? `.${ext || '(none)'} files are not accepted`
          : `the content is not a .${ext} file`,
    });
  return kind.mediaType;
}

function isUtf8(bytes: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** Where a file of this hash is kept: `<data>/evidence/ab/abcdef…`. */
export function evidencePath(dataDir: string, sha256: string): string {
  return path.join(dataDir, 'evidence', sha256.slice(0, 2), sha256);
}

/** Writes the bytes under their hash, once: a temporary file renamed into place, so no reader sees half a file. */
function store(dataDir: string, sha256: string, bytes: Buffer): void {
  const file = evidencePath(dataDir, sha256);
  if (fs.existsSync(file)) return;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  fs.writeFileSync(tmp, bytes, { flag: 'wx' });
  fs.renameSync(tmp, file);
}

/**
 * Attaches an evidence file to a report: the lead unit while its report is open (draft or returned), a supporting
 * unit until the report is accepted. Stored once per content (SHA-256); the same file twice on one report is one
 * attachment.
 */
export async function addEvidence(
  db: Kysely<Database>,
  actor: Actor,
  user: DeliveryUser,
  now: number,
  dataDir: string,
  reportId: number,
  file: { bytes: Buffer; fileName: string },
): Promise<Evidence> {
  const { report, node } = await readableReport(db, user, reportId);
  // An admin acts as the lead unit (to put a unit's records right).
  const lead = user.role === 'admin' || (user.role === 'unit_officer' && user.unitId === report.unitId);
  const supporting = user.role === 'unit_officer' && node.supportUnits.some((u) => u.id === user.unitId);
  if (!lead && !supporting) throw new DomainError('NOT_YOUR_UNIT', { detail: `report ${reportId}` });
  const open = lead
    ? report.status === 'draft' || report.status === 'returned'
    : report.status !== 'accepted';
  if (!open) throw new DomainError('REPORT_STATE', { detail: `report is ${report.status}` });
  if (file.bytes.length === 0) throw new DomainError('EVIDENCE_EMPTY');
  if (file.bytes.length > EVIDENCE_MAX_BYTES) throw new DomainError('EVIDENCE_TOO_LARGE');
  const fileName = path.basename(file.fileName.replace(/\\/g, '/')).trim() || 'evidence';
  const mediaType = evidenceMediaType(fileName, file.bytes);
  const sha256 = createHash('sha256').update(file.bytes).digest('hex');
  store(dataDir, sha256, file.bytes);
  const at = isoOf(now);
  const linkId = await withTransaction(db, async (trx) => {
    await trx
      .insertInto('evidence_files')
      .values({ sha256, size: file.bytes.length, media_type: mediaType, created_at: at })
      .onConflict((oc) => oc.column('sha256').doNothing())
      .execute();
    const evidenceId = (await repo.evidenceFileId(trx, sha256))!;
    const existing = await trx
      .selectFrom('report_evidence')
      .select('id')
      .where('report_id', '=', reportId)
      .where('evidence_id', '=', evidenceId)
      .executeTakeFirst();
    if (existing) return existing.id;
    const { id } = await trx
      .insertInto('report_evidence')
      .values({
        report_id: reportId,
        evidence_id: evidenceId,
        unit_id: lead ? report.unitId : user.unitId!,
        file_name: fileName,
        uploaded_by: actor.userId,
        uploaded_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audited(trx, actor, {
      action: 'report_evidence.add',
      entityType: 'progress_report',
      entityId: reportId,
      after: { evidenceId: id, fileName, sha256, size: file.bytes.length, mediaType },
    });
    return id;
  });
  return (await repo.evidence(db, [reportId])).find((e) => e.id === linkId)!;
}

/** An evidence file the user may read, with where its bytes are. */
export async function evidenceFile(
  db: Kysely<Database>,
  user: DeliveryUser,
  dataDir: string,
  reportId: number,
  evidenceId: number,
): Promise<{ evidence: Evidence; file: string }> {
  await readableReport(db, user, reportId);
  const evidence = (await repo.evidence(db, [reportId])).find((e) => e.id === evidenceId);
  if (!evidence) throw new DomainError('EVIDENCE_NOT_FOUND', { detail: `evidence ${evidenceId}` });
  const file = evidencePath(dataDir, evidence.sha256);
  if (!fs.existsSync(file))
    throw new DomainError('EVIDENCE_NOT_FOUND', { detail: 'file missing from the data directory' });
  return { evidence, file };
}

/** `attachment` with the name in ASCII (others as _) and in full as RFC 5987 `filename*`. */
export function attachmentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
