import { type IncomingMessage as HttpResponse, get as httpGet } from 'node:http';
import { get as httpsGet } from 'node:https';
import { rootCertificates } from 'node:tls';
import { decryptFile } from '@wecom/aibot-node-sdk';
import { AttachmentTooLargeError, readCapped } from '../../core/readCapped.js';
import type { Attachment as Carried } from '../../core/types.js';
import { type Attachment, attachmentName } from './toIncoming.js';

/** AES-256-CBC with PKCS#7 padding to 32 bytes: the encrypted file is at most this much longer. */
const PADDING = 32;
const TIMEOUT_MS = 60_000;

/** The file name a `Content-Disposition` header gives (RFC 5987 `filename*` first), as the SDK reads it. */
export function filenameOf(disposition: string | undefined): string | undefined {
  if (!disposition) return undefined;
  const m =
    disposition.match(/filename\*=UTF-8''([^;\s]+)/i) ?? disposition.match(/filename="?([^";\s]+)"?/i);
  if (!m?.[1]) return undefined;
  try {
    return decodeURIComponent(m[1]);
  } catch {
    return m[1];
  }
}

function request(url: string, ca: Buffer | undefined): Promise<HttpResponse> {
  const https = url.startsWith('https:');
  // a private deployment's CA is trusted beside the public roots: its media may be on either
  const options = https && ca ? { ca: [...rootCertificates, ca.toString()] } : {};
  return new Promise((resolve, reject) => {
    const req = (https ? httpsGet : httpGet)(url, { ...options, timeout: TIMEOUT_MS }, resolve);
    req.on('timeout', () => req.destroy(new Error(`下载超时（${TIMEOUT_MS / 1000} 秒）`)));
    req.on('error', reject);
  });
}

/**
 * Downloads one encrypted image or file a message carried, at most `maxBytes` of it: a declared
 * `Content-Length` past the cap is refused before the body is read, and a body that runs past it is
 * cut off there, so memory never holds more than the cap. Then decrypted with the SDK's own
 * `decryptFile` (AES-256-CBC under the message's per-file key).
 */
export async function downloadMedia(
  url: string,
  aeskey: string | undefined,
  maxBytes: number,
  ca?: Buffer,
): Promise<{ buffer: Buffer; filename?: string }> {
  const res = await request(url, ca);
  try {
    if ((res.statusCode ?? 0) >= 300) throw new Error(`下载失败：HTTP ${res.statusCode}`);
    const cap = aeskey ? maxBytes + PADDING : maxBytes;
    const declared = Number(res.headers['content-length']);
    if (Number.isFinite(declared) && declared > cap)
      throw new AttachmentTooLargeError(maxBytes, declared - (aeskey ? PADDING : 0));
    const body = await readCapped(res, cap);
    const buffer = aeskey ? decryptFile(body, aeskey) : body;
    if (buffer.length > maxBytes) throw new AttachmentTooLargeError(maxBytes);
    const filename = filenameOf(res.headers['content-disposition']);
    return { buffer, ...(filename ? { filename } : {}) };
  } finally {
    res.destroy();
  }
}

/**
 * An image or file a message carried, as the bot sees it: nothing is downloaded until a command
 * keeps it (a photo after #整改), and then at most what that command allows. Its exact name comes
 * with the download.
 */
export function lazyAttachment(a: Attachment, ca?: Buffer): Carried {
  let name = attachmentName(a, undefined);
  return {
    get name() {
      return name;
    },
    async read(maxBytes) {
      const { buffer, filename } = await downloadMedia(a.url, a.aeskey, maxBytes, ca);
      name = attachmentName(a, filename);
      return buffer;
    },
  };
}
