import { Group, Progress, Stack, Text } from '@mantine/core';
import { formatNumber } from '../../../lib/format.ts';

interface Bar {
  label: string;
  count: number;
}

/**
 * A small horizontal bar chart that reads as a list: every bar has its label and count in text, and the bar itself
 * is named for screen readers, so nothing is conveyed by length alone.
 */
export function RatingBars({
  bars,
  unit = 'answer',
  color = 'trellis',
}: {
  bars: Bar[];
  unit?: string;
  color?: string;
}) {
  const total = bars.reduce((sum, bar) => sum + bar.count, 0);
  const max = Math.max(1, ...bars.map((bar) => bar.count));
  return (
    <Stack gap={6} component="ul" className="plain-list" m={0} p={0} style={{ listStyle: 'none' }}>
      {bars.map((bar) => {
        const share = total > 0 ? Math.round((bar.count / total) * 100) : 0;
        return (
          <Group key={bar.label} component="li" gap="sm" wrap="nowrap">
            {/* Wide enough for "Introductions to people"; a longer label wraps rather than being cut. */}
            <Text size="sm" w={190} style={{ flexShrink: 0 }}>
              {bar.label}
            </Text>
            <Progress
              value={(bar.count / max) * 100}
              color={color}
              size="lg"
              radius="sm"
              style={{ flex: 1 }}
              aria-label={`${bar.label}: ${formatNumber(bar.count)} ${bar.count === 1 ? unit : `${unit}s`} (${share}%)`}
            />
            <Text size="sm" w={72} ta="right" className="stat-value" style={{ flexShrink: 0 }}>
              {formatNumber(bar.count)}
              <Text span size="xs" c="dimmed">
                {' '}
                ({share}%)
              </Text>
            </Text>
          </Group>
        );
      })}
    </Stack>
  );
}
