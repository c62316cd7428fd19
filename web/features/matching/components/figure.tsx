import { Text } from '@mantine/core';
import type { ReactNode } from 'react';

/** A number over its caption, as the run summaries and the criteria preview show them. */
export function Figure({ value, caption, size }: { value: ReactNode; caption: ReactNode; size: number }) {
  return (
    <div>
      <Text fz={size} fw={750} className="stat-value">
        {value}
      </Text>
      <Text size="xs" c="dimmed">
        {caption}
      </Text>
    </div>
  );
}
