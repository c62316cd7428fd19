import { Paper, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';

/** One number with its label, as on every dashboard in the product. */
export function StatCard({ label, value, hint }: { label: string; value: ReactNode; hint?: ReactNode }) {
  return (
    <Paper withBorder p="md">
      <Stack gap={2}>
        <Text size="xs" c="dimmed" fw={600} tt="uppercase" style={{ letterSpacing: '0.04em' }}>
          {label}
        </Text>
        <Text fz={28} fw={750} lh={1.15} className="stat-value">
          {value}
        </Text>
        {hint && (
          <Text size="xs" c="dimmed">
            {hint}
          </Text>
        )}
      </Stack>
    </Paper>
  );
}
