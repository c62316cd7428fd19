import { Badge } from '@mantine/core';
import type { EnrolmentStatus } from '../../../../src/contracts/enrolments.contracts.ts';
import { enrolmentStatusColor, enrolmentStatusLabel } from '../api/enrolment.api.ts';

export function EnrolmentStatusBadge({ status }: { status: EnrolmentStatus }) {
  return (
    <Badge
      variant="light"
      radius="sm"
      style={{ flex: 'none', overflow: 'visible' }}
      styles={{ label: { overflow: 'visible' } }}
      color={enrolmentStatusColor[status] ?? 'gray'}
    >
      {enrolmentStatusLabel[status] ?? status}
    </Badge>
  );
}
