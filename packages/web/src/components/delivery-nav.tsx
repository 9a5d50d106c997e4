import { AlertOutlined, AuditOutlined, DesktopOutlined } from '@ant-design/icons';
import type { MenuProps } from 'antd';
import type { Role } from '../api/client.js';
import type { Translate } from '../i18n/index.js';

type Items = NonNullable<MenuProps['items']>;

/**
 * The delivery screens' navigation entries by role (issue 9): a unit's workspace for whoever belongs to a unit and
 * works on its tasks, the review queue for the secretariat, the supervision board for those who follow it.
 */
export function deliveryNavItems(role: Role | undefined, hasUnit: boolean, t: Translate): Items {
  const items: Items = [];
  if (role === 'unit_officer' && hasUnit)
    items.push({ key: '/workspace', icon: <DesktopOutlined />, label: t('nav.workspace') });
  if (role === 'admin' || role === 'secretariat')
    items.push({ key: '/queue', icon: <AuditOutlined />, label: t('nav.queue') });
  if (role === 'admin' || role === 'secretariat' || role === 'leader' || role === 'unit_officer')
    items.push({ key: '/supervision', icon: <AlertOutlined />, label: t('nav.supervision') });
  return items;
}
