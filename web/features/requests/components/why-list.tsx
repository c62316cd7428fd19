import { Group, Stack, Text } from '@mantine/core';
import type { PairExplanationView } from '../../../../src/contracts/requests.contracts.ts';
import { criterionLabel } from '../../matching/api/matching.api.ts';

/** The strongest reasons behind a suggestion, in plain words, with small bars. */
export function WhyList({ explanation, limit = 4 }: { explanation: PairExplanationView; limit?: number }) {
  const top = [...explanation.criteria]
    .filter((item) => item.points > 0)
    .sort((a, b) => b.points - a.points)
    .slice(0, limit);
  return (
    <Stack gap={6}>
      {explanation.summary && (
        <Text size="sm" c="dimmed">
          {explanation.summary}
        </Text>
      )}
      {top.map((item) => (
        <Group key={item.criterion} gap="xs" wrap="nowrap" align="center">
          <Text size="xs" fw={600} w={130} style={{ flex: 'none' }}>
            {criterionLabel[item.criterion] ?? item.criterion}
          </Text>
          <div className="criterion-bar" style={{ flex: 1 }} aria-hidden="true">
            <span style={{ width: `${Math.round(item.value * 100)}%` }} />
          </div>
          <Text size="xs" c="dimmed" style={{ flex: '2 1 0', minWidth: 0 }} truncate title={item.detail}>
            {item.detail}
          </Text>
        </Group>
      ))}
    </Stack>
  );
}
