import { Group, Text } from '@mantine/core';
import { formatScore } from '../api/matching.api.ts';

/** A pair's score as a short bar and the number, coloured from weak (orange) to strong (green). */
export function ScorePill({ score }: { score: number | null }) {
  if (score === null)
    return (
      <Text size="sm" c="dimmed">
        —
      </Text>
    );
  const color = score >= 70 ? 'trellis' : score >= 45 ? 'yellow' : 'orange';
  return (
    <Group gap={8} justify="flex-end" wrap="nowrap">
      <div className="criterion-bar" style={{ width: 56 }} aria-hidden="true">
        <span style={{ width: `${Math.min(100, score)}%`, background: `var(--mantine-color-${color}-6)` }} />
      </div>
      <Text size="sm" fw={700} className="stat-value" w={40} ta="right">
        {formatScore(score)}
      </Text>
    </Group>
  );
}
