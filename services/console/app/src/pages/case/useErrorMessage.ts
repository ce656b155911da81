import { App } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError, reasonOf } from '../../api/errors.ts';

/** Shows a failed action's error as a message: the code in words, then the reason. */
export function useErrorMessage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  return (err: unknown) =>
    void message.error(
      err instanceof ApiError ? `${t(`errorCode.${err.code}`)}: ${reasonOf(err)}` : t('errorCode.INTERNAL'),
    );
}
