import { Badge } from '@mantine/core';
import { enrolmentStatusColor, enrolmentStatusLabel } from '../api/enrolment.api.ts';

export function EnrolmentStatusBadge({ status }: { status: string }) {
  return (
    <Badge variant="light" radius="sm" color={enrolmentStatusColor[status] ?? 'gray'}>
      {enrolmentStatusLabel[status] ?? status}
    </Badge>
  );
}
