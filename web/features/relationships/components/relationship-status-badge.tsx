import { Badge } from '@mantine/core';
import { relationshipStatusColor, relationshipStatusLabel } from '../api/relationships.api.ts';

export function RelationshipStatusBadge({ status }: { status: string }) {
  return (
    <Badge
      variant={status === 'active' ? 'filled' : 'light'}
      color={relationshipStatusColor[status] ?? 'gray'}
      radius="sm"
      style={{ flex: 'none', overflow: 'visible' }}
      styles={{ label: { overflow: 'visible' } }}
    >
      {relationshipStatusLabel[status] ?? status}
    </Badge>
  );
}
