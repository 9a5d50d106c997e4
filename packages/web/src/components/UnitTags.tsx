import { Tag } from 'antd';
import { Link } from 'react-router';

/** Units as tags, each a link to the unit's page. */
export function UnitTags({ units, color }: { units: { id: number; name: string }[]; color?: string }) {
  if (units.length === 0) return <span style={{ color: '#bfbfbf' }}>—</span>;
  return (
    <>
      {units.map((unit) => (
        <Tag key={unit.id} color={color} style={{ marginBottom: 4 }}>
          <Link to={`/units/${unit.id}`}>{unit.name}</Link>
        </Tag>
      ))}
    </>
  );
}
