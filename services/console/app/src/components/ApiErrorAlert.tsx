import type { TFunction } from 'i18next';
import type { ReactNode } from 'react';
import { Alert } from 'antd';
import type { FormInstance } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError, fieldPath, reasonOf } from '../api/errors.ts';

/** An API error in words: its kind, then what the service said (never the raw JSON body). */
export function ApiErrorAlert({ error }: { error: unknown }): ReactNode {
  const { t } = useTranslation();
  if (!error) return null;
  const e = error instanceof ApiError ? error : undefined;
  const title = e
    ? t(`errorCode.${e.code}`, { defaultValue: t('errorCode.INTERNAL') })
    : t('errorCode.INTERNAL');
  const reason = e ? reasonOf(e) : '';
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      data-testid="api-error"
      message={title}
      description={e?.field ? `${t('common.field')}: ${e.field} — ${reason}` : reason || undefined}
    />
  );
}

/**
 * Puts an API error on the form item its `field` names (`body.people[0].phone` → people.0.phone);
 * answers whether it found one, so the caller shows the error above the form otherwise.
 */
export function showFieldError(form: FormInstance, error: unknown, t: TFunction): boolean {
  if (!(error instanceof ApiError)) return false;
  const name = fieldPath(error.field);
  if (!name) return false;
  const known = form.getFieldsValue(true) as Record<string, unknown>;
  let cursor: unknown = known;
  for (const part of name) {
    if (cursor && typeof cursor === 'object' && part in cursor)
      cursor = (cursor as Record<string | number, unknown>)[part];
    else return false;
  }
  form.setFields([{ name, errors: [`${t(`errorCode.${error.code}`)}: ${reasonOf(error)}`] }]);
  return true;
}
