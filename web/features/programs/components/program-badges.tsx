import { Badge } from '@mantine/core';
import type { ProgramStatus } from '../../../../src/contracts/programs.contracts.ts';
import { statusColor, statusLabel } from './program-labels.ts';

export function ProgramStatusBadge({ status }: { status: ProgramStatus }) {
  return (
    <Badge
      variant={status === 'running' ? 'filled' : 'light'}
      color={statusColor[status] ?? 'gray'}
      radius="sm"
      style={{ flex: 'none', overflow: 'visible' }}
      styles={{ label: { overflow: 'visible' } }}
    >
      {statusLabel[status] ?? status}
    </Badge>
  );
}
