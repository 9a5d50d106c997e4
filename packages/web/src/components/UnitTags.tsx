import { Tag } from 'antd';
import { Link } from 'react-router';

/** Units as tags, each a link to the unit's page unless `linked` is false (the public view has no unit pages). */
export function UnitTags({
  units,
  color,
  linked = true,
}: {
  units: { id: number; name: string }[];
  color?: string;
  linked?: boolean;
}) {
  if (units.length === 0) return <span style={{ color: '#bfbfbf' }}>—</span>;
  return (
    <>
      {units.map((unit) => (
        <Tag key={unit.id} color={color} style={{ marginBottom: 4 }}>
          {linked ? <Link to={`/units/${unit.id}`}>{unit.name}</Link> : unit.name}
        </Tag>
      ))}
    </>
  );
}
