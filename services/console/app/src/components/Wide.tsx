import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * A table's own horizontal scroll on a narrow screen (390 px), reachable by keyboard (tab to it, then the
 * arrow keys), so the page itself never scrolls sideways.
 */
export function Wide({ children }: { children: ReactNode }): ReactNode {
  const { t } = useTranslation();
  return (
    <div
      role="region"
      aria-label={t('common.scrollTable')}
      tabIndex={0}
      style={{ overflowX: 'auto', maxWidth: '100%' }}
    >
      {children}
    </div>
  );
}
