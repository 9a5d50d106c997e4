import type { AbstractNode, IconDefinition } from '@ant-design/icons-svg/es/types';
import { createElement, type ReactNode } from 'react';

function render(node: AbstractNode, key?: number): ReactNode {
  return createElement(node.tag, { key, ...node.attrs }, node.children?.map(render));
}

/**
 * An antd icon drawn from its SVG data alone (`@ant-design/icons-svg/es/asn/…`), for the pages that load no antd:
 * the same glyph as `@ant-design/icons` without its runtime. Decorative: hidden from screen readers.
 */
export function SvgIcon({ icon }: { icon: IconDefinition }) {
  const svg = typeof icon.icon === 'function' ? icon.icon('currentColor', 'currentColor') : icon.icon;
  return (
    <span className="anticon" aria-hidden="true">
      {createElement(
        'svg',
        { ...svg.attrs, width: '1em', height: '1em', fill: 'currentColor' },
        svg.children?.map(render),
      )}
    </span>
  );
}
