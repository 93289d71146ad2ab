/** Limits on a customer's e-signature: big enough for a real one, small enough to refuse abuse. */
export const MAX_SIGNATURE_BYTES = 256 * 1024;
export const MIN_STROKE_POINTS = 10;

export type SignatureCheck =
  | { ok: true; bytes: number }
  | { ok: false; code: 'SIGNATURE_EMPTY' | 'SIGNATURE_TOO_LARGE' | 'SIGNATURE_INVALID'; message: string };

export function checkSignature(format: 'PNG' | 'STROKES', data: string): SignatureCheck {
  if (!data || data.trim() === '') return { ok: false, code: 'SIGNATURE_EMPTY', message: '签名为空 / the signature is empty' };
  if (format === 'PNG') {
    const raw = data.replace(/^data:image\/png;base64,/, '');
    if (!/^[A-Za-z0-9+/=\s]+$/.test(raw)) return { ok: false, code: 'SIGNATURE_INVALID', message: 'PNG 签名须为 base64 / a PNG signature must be base64' };
    const bytes = Buffer.from(raw, 'base64');
    if (bytes.length > MAX_SIGNATURE_BYTES)
      return { ok: false, code: 'SIGNATURE_TOO_LARGE', message: `签名图片超过 ${MAX_SIGNATURE_BYTES / 1024} KB / the signature is too large` };
    if (bytes.length < 67 || bytes.subarray(0, 8).toString('hex') !== '89504e470d0a1a0a')
      return { ok: false, code: 'SIGNATURE_INVALID', message: '不是 PNG 图片 / not a PNG image' };
    return { ok: true, bytes: bytes.length };
  }
  if (Buffer.byteLength(data) > MAX_SIGNATURE_BYTES)
    return { ok: false, code: 'SIGNATURE_TOO_LARGE', message: `笔迹数据超过 ${MAX_SIGNATURE_BYTES / 1024} KB / the strokes are too large` };
  let strokes: unknown;
  try {
    strokes = JSON.parse(data);
  } catch {
    return { ok: false, code: 'SIGNATURE_INVALID', message: '笔迹须为 JSON：[[[x,y,t],…],…] / strokes must be JSON' };
  }
  if (
    !Array.isArray(strokes) ||
    !strokes.every((s) => Array.isArray(s) && s.every((p) => Array.isArray(p) && p.length >= 2 && p.every((n) => typeof n === 'number' && Number.isFinite(n))))
  )
    return { ok: false, code: 'SIGNATURE_INVALID', message: '笔迹须为点序列数组 [[[x,y,t],…],…] / strokes must be arrays of points' };
  const points = strokes.reduce((n: number, s: unknown[]) => n + s.length, 0);
  if (points < MIN_STROKE_POINTS)
    return { ok: false, code: 'SIGNATURE_EMPTY', message: `笔迹过少（${points}点），不像签名 / too few points to be a signature` };
  return { ok: true, bytes: Buffer.byteLength(data) };
}
