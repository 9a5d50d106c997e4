import { DashboardOutlined, FundOutlined, UploadOutlined } from '@ant-design/icons';
import type { MenuProps } from 'antd';
import type { Role } from '../api/client.js';
import type { Translate } from '../i18n/index.js';
import { canEnterFigures } from '../lib/indicators.js';

type Items = NonNullable<MenuProps['items']>;

/**
 * The indicator screens' navigation entries by role: the dashboard (a leader lands there), the indicators and,
 * for whoever may enter figures, figure entry and import.
 */
export function indicatorNavItems(role: Role | undefined, t: Translate): Items {
  const items: Items = [{ key: '/dashboard', icon: <DashboardOutlined />, label: t('nav.dashboard') }];
  if (role === 'enterprise_reporter') return [];
  items.push({ key: '/indicators', icon: <FundOutlined />, label: t('nav.indicators') });
  if (canEnterFigures(role))
    items.push({ key: '/figures', icon: <UploadOutlined />, label: t('nav.figuresImport') });
  return items;
}
