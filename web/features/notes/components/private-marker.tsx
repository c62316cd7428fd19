import { Badge } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';

/** The mark every private note carries: the reader must never wonder who else can see it. */
export function PrivateMarker() {
  return (
    <Badge
      size="sm"
      color="grape"
      // Light badges tint their text with shade 6, which fails contrast: the darkest shade reads on the tint.
      c="grape.9"
      variant="light"
      radius="sm"
      tt="none"
      leftSection={<IconLock size={12} aria-hidden="true" />}
    >
      Only you can read this
    </Badge>
  );
}
