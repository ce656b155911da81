/** An error answer from the console's gateway or a society API: `{ error: { code, message, field? } }`. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly field: string | undefined;
  readonly details: Record<string, unknown> | undefined;

  constructor(
    status: number,
    code: string,
    message: string,
    field?: string,
    details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.field = field;
    this.details = details;
  }
}

/** Reads an error body the way the APIs answer it; anything else becomes a plain error with the status. */
export function apiErrorOf(status: number, body: unknown): ApiError {
  const e = (body as { error?: Record<string, unknown> } | null)?.error;
  if (e && typeof e === 'object') {
    const code = typeof e.code === 'string' ? e.code : 'INTERNAL';
    const message = typeof e.message === 'string' ? e.message : '';
    const field = typeof e.field === 'string' && e.field !== '' ? e.field : undefined;
    const details =
      e.details && typeof e.details === 'object' ? (e.details as Record<string, unknown>) : undefined;
    return new ApiError(status, code, message, field, details);
  }
  return new ApiError(status, status >= 500 ? 'UNAVAILABLE' : 'INTERNAL', '');
}

const camel = (s: string) => s.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/**
 * The form item an error's `field` names, as an Ant Design name path: the HTTP APIs say `body.person.name`
 * or `body.people[0].phone`, linkage (through the gateway) `items.0.quantity` or `risk_level`; the prefix
 * `body.` / `query.` / `params.` is dropped, snake_case turned into the form's lowerCamelCase, indexes into
 * numbers.
 */
export function fieldPath(field: string | undefined): (string | number)[] | undefined {
  if (!field) return undefined;
  const parts = field
    .replace(/\[(\d+)\]/g, '.$1')
    .split('.')
    .filter((p) => p !== '');
  if (parts[0] === 'body' || parts[0] === 'query' || parts[0] === 'params' || parts[0] === 'request')
    parts.shift();
  if (parts.length === 0) return undefined;
  return parts.map((p) => (/^\d+$/.test(p) ? Number(p) : camel(p)));
}

/** The words of an API error's `message` after its leading `field: ` (the field is shown by the form). */
export function reasonOf(err: ApiError): string {
  const m = err.message;
  if (err.field && m.startsWith(`${err.field}:`)) return m.slice(err.field.length + 1).trim();
  const i = m.indexOf(': ');
  return i > 0 && !m.slice(0, i).includes(' ') ? m.slice(i + 2) : m;
}
