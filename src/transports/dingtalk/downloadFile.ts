import { AttachmentTooLargeError, readCapped } from '../../core/readCapped.js';
import type { Attachment } from '../../core/types.js';
import type { DingtalkApi } from './DingtalkApi.js';
import type { Carrying } from './toIncoming.js';

const TIMEOUT_MS = 60_000;

/**
 * Downloads at most `maxBytes` from `url`: a declared `Content-Length` past the cap is refused before
 * the body is read, and a body that runs past it is cut off there, so memory never holds more.
 */
export async function downloadCapped(url: string, maxBytes: number): Promise<Buffer> {
  const controller = new AbortController();
  const timer = setTimeout(
    () => controller.abort(new Error(`下载超时（${TIMEOUT_MS / 1000} 秒）`)),
    TIMEOUT_MS,
  );
  try {
    const res = await fetch(url, { signal: controller.signal });
    if (!res.ok || !res.body) throw new Error(`下载失败：HTTP ${res.status}`);
    const declared = Number(res.headers.get('content-length'));
    if (Number.isFinite(declared) && declared > maxBytes)
      throw new AttachmentTooLargeError(maxBytes, declared);
    return await readCapped(res.body as unknown as AsyncIterable<Uint8Array>, maxBytes);
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
}

/**
 * A picture or file a message carried, as the bot sees it: nothing is asked of 钉钉 until a command
 * keeps it (a photo after #整改); then its link (messageFiles/download) and at most what that
 * command allows.
 */
export function lazyAttachment(c: Carrying, api: DingtalkApi): Attachment {
  return {
    name: c.name,
    async read(maxBytes) {
      return downloadCapped(await api.downloadUrl(c.downloadCode), maxBytes);
    },
  };
}
