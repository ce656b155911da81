// What the case's action forms share: a short required text, and instants as a local date-time input.

export const shortText = (t: (k: string) => string) => [
  { required: true, whitespace: true, message: t('validation.required') },
  { max: 200, message: t('validation.max200') },
];

export const toLocalInput = (iso?: string) => {
  if (!iso) return undefined;
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
};
export const fromLocalInput = (v?: string) => (v ? new Date(v).toISOString() : undefined);
