import { Group, Stack, Text } from '@mantine/core';
import type { PairExplanationView } from '../../../../src/contracts/requests.contracts.ts';
import { criterionLabel } from '../../matching/api/matching.api.ts';

/** The criteria that earned the most points, in plain words with a small fit bar each. */
export function WhyList({ explanation, limit = 4 }: { explanation: PairExplanationView; limit?: number }) {
  const top = [...explanation.criteria]
    .filter((item) => item.points > 0 && item.value > 0.5)
    .sort((a, b) => b.points - a.points)
    .slice(0, limit);
  if (top.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        No strong overlap; a fair all-round fit.
      </Text>
    );
  }
  return (
    <Stack gap={8} component="ul" className="plain-list">
      {top.map((item) => (
        <li key={item.criterion}>
          <Group justify="space-between" gap="xs" wrap="nowrap">
            <Text size="sm" fw={600}>
              {criterionLabel[item.criterion] ?? item.criterion}
            </Text>
            <div className="criterion-bar" style={{ width: 64, flex: 'none' }} aria-hidden="true">
              <span style={{ width: `${Math.round(item.value * 100)}%` }} />
            </div>
          </Group>
          <Text size="xs" c="dimmed">
            {item.detail.charAt(0).toUpperCase() + item.detail.slice(1)}
          </Text>
        </li>
      ))}
    </Stack>
  );
}
