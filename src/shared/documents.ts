import { z } from 'zod';
import { Version } from './contracts.ts';

/**
 * Documents on a concern or a case (docs/security.md, "Documents"). Shared by the server and the web app: the types
 * accepted (detected from the content, never from the name), and the shapes on the wire. A document's file name is
 * sent only in a request header and in the JSON of the list, never in a URL.
 */

/** The media types accepted, as `file-type` detects them from the content: PDF, Office documents and images. */
export const ACCEPTED_MEDIA_TYPES: Record<string, string> = {
  'application/pdf': 'PDF',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'Word',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'Excel',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'PowerPoint',
  'application/vnd.oasis.opendocument.text': 'OpenDocument text',
  'application/vnd.oasis.opendocument.spreadsheet': 'OpenDocument spreadsheet',
  // Word 97-2003 and Excel 97-2003 files are OLE compound files; file-type names the container.
  'application/x-cfb': 'Office 97-2003',
  'image/jpeg': 'JPEG', 'image/png': 'PNG', 'image/gif': 'GIF', 'image/webp': 'WebP', 'image/tiff': 'TIFF', 'image/heic': 'HEIC',
};

/** The file input's accept list (a hint for the browser; the server decides from the content). */
export const ACCEPT_ATTRIBUTE = '.pdf,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.odt,.ods,image/*';

/** Request headers of an upload (the body is the file, application/octet-stream). Values are percent-encoded UTF-8. */
export const FILE_NAME_HEADER = 'x-vink-file-name';
export const TITLE_HEADER = 'x-vink-title';
/** On a new version: the document's version the upload is based on (409 when stale). */
export const VERSION_HEADER = 'x-vink-version';

export const DocumentVersionView = z.object({
  version: z.number().int(),
  fileName: z.string(),
  mediaType: z.string(),
  sizeBytes: z.number().int(),
  scanned: z.boolean(),
  uploadedBy: z.uuid(),
  uploadedByName: z.string().nullable(),
  uploadedAt: z.string(),
});
export type DocumentVersionView = z.infer<typeof DocumentVersionView>;

export const DocumentView = z.object({
  id: z.uuid(),
  concernId: z.uuid().nullable(),
  caseId: z.uuid().nullable(),
  meetingId: z.uuid().nullable(),
  title: z.string(),
  sharedWithPartners: z.boolean(),
  retentionClass: z.string(),
  currentVersion: z.number().int(),
  version: Version,
  createdAt: z.string(),
  versions: z.array(DocumentVersionView),
});
export type DocumentView = z.infer<typeof DocumentView>;

export const DocumentShareInput = z.object({ shared: z.boolean(), version: Version }).strict();
export type DocumentShareInput = z.infer<typeof DocumentShareInput>;

/** GET …/content: which version (the current one when left out). */
export const DocumentContentQuery = z.object({ version: z.coerce.number().int().min(1).max(100_000).optional() }).strict();
