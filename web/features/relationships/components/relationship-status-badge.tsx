import { Badge } from '@mantine/core';
import type { RelationshipStatus } from '../../../../src/contracts/relationships.contracts.ts';
import { relationshipStatusColor, relationshipStatusLabel } from '../api/relationships.api.ts';

export function RelationshipStatusBadge({ status }: { status: RelationshipStatus }) {
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
