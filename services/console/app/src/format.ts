/** Locale-aware formatting: every date, number and amount of money on a page goes through here. */
export type Lang = 'zh-CN' | 'en-US';

/** Integer fen as yuan with two decimals and the ¥ sign, e.g. 123456 → ¥1,234.56. */
export function formatFen(fen: number | string, lang: Lang): string {
  const n = typeof fen === 'string' ? Number(fen) : fen;
  return new Intl.NumberFormat(lang, {
    style: 'currency',
    currency: 'CNY',
    currencyDisplay: 'narrowSymbol',
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
  }).format(n / 100);
}

export function formatNumber(n: number | string, lang: Lang): string {
  return new Intl.NumberFormat(lang).format(typeof n === 'string' ? Number(n) : n);
}

export function formatPercent(share: number, lang: Lang): string {
  return new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 0 }).format(share);
}

/** Date and time in the district's zone (Asia/Shanghai), whatever the browser's zone is. */
export function formatDateTime(iso: string | undefined | null, lang: Lang): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '—';
  return new Intl.DateTimeFormat(lang, {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: 'Asia/Shanghai',
  }).format(d);
}

export function formatDate(iso: string | undefined | null, lang: Lang): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '—';
  return new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeZone: 'Asia/Shanghai' }).format(d);
}

/** How long ago `iso` was, in the largest whole unit (e.g. "3 天前" / "3 days ago"). */
export function formatAge(iso: string | undefined | null, lang: Lang, now = Date.now()): string {
  if (!iso) return '—';
  const ms = now - new Date(iso).getTime();
  if (Number.isNaN(ms)) return '—';
  const rtf = new Intl.RelativeTimeFormat(lang, { numeric: 'auto' });
  const minutes = Math.round(ms / 60_000);
  if (Math.abs(minutes) < 60) return rtf.format(-minutes, 'minute');
  const hours = Math.round(minutes / 60);
  if (Math.abs(hours) < 48) return rtf.format(-hours, 'hour');
  return rtf.format(-Math.round(hours / 24), 'day');
}

/** A duration in seconds as hours or days with one decimal ("1.5 小时" / "1.5 hours"). */
export function formatDuration(seconds: number | string, lang: Lang): string {
  const s = typeof seconds === 'string' ? Number(seconds) : seconds;
  if (s < 3600)
    return new Intl.NumberFormat(lang, { style: 'unit', unit: 'minute', maximumFractionDigits: 0 }).format(
      s / 60,
    );
  if (s < 172_800)
    return new Intl.NumberFormat(lang, { style: 'unit', unit: 'hour', maximumFractionDigits: 1 }).format(
      s / 3600,
    );
  return new Intl.NumberFormat(lang, { style: 'unit', unit: 'day', maximumFractionDigits: 1 }).format(
    s / 86_400,
  );
}

/**
 * A wait that ops watch grow by the second (the oldest unpublished event): seconds under a minute, then
 * minutes and seconds, then as `formatDuration`.
 */
export function formatWait(seconds: number, lang: Lang): string {
  const s = Math.max(0, Math.floor(seconds));
  const unit = (n: number, u: 'minute' | 'second') =>
    new Intl.NumberFormat(lang, { style: 'unit', unit: u, maximumFractionDigits: 0 }).format(n);
  if (s < 60) return unit(s, 'second');
  if (s < 3600)
    return [unit(Math.floor(s / 60), 'minute'), unit(s % 60, 'second')].join(lang === 'zh-CN' ? '' : ' ');
  return formatDuration(s, lang);
}

/** A person's name or phone as shown after entry: first character kept, the rest hidden. */
export function maskName(name: string): string {
  const chars = [...name];
  if (chars.length <= 1) return '*';
  return chars[0] + '*'.repeat(Math.min(chars.length - 1, 3));
}

export function maskPhone(phone: string): string {
  const d = phone.replace(/\s/g, '');
  if (d.length < 7) return '*'.repeat(d.length);
  return `${d.slice(0, 3)}****${d.slice(-4)}`;
}
