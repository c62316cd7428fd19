import { Badge, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { DifferenceView, OutcomeResult } from '../../../../src/contracts/outcomes.contracts.ts';

export const percent = (x: number | null | undefined) =>
  x === null || x === undefined ? '—' : `${Math.round(x * 100)}%`;
export const points = (x: number | null | undefined) => {
  if (x === null || x === undefined) return '—';
  const v = Math.round(x * 100);
  return `${v > 0 ? '+' : v < 0 ? '−' : ''}${Math.abs(v)} points`;
};

/** "+6 points (95% interval −1 to +13 points)". */
export function differenceText(d: DifferenceView): string {
  if (!d) return 'Not available';
  return `${points(d.estimate)} (95% interval ${points(d.lower)} to ${points(d.upper)})`;
}

/**
 * The differences (matched and unadjusted) on one axis in percentage points, each a dot with its 95% interval; zero
 * marked. Decorative: the same numbers are written out beside it.
 */
export function IntervalChart({
  rows,
}: {
  rows: { label: string; difference: DifferenceView; color: string }[];
}) {
  const present = rows.filter((r) => r.difference);
  const extent = Math.max(
    0.1,
    ...present.flatMap((r) => [Math.abs(r.difference!.lower), Math.abs(r.difference!.upper)]),
  );
  const limit = Math.min(1, Math.ceil(extent * 10) / 10);
  const width = 360;
  const left = 96;
  const right = 12;
  const x = (v: number) => left + ((v + limit) / (2 * limit)) * (width - left - right);
  const rowHeight = 28;
  const height = rows.length * rowHeight + 24;
  return (
    <svg
      viewBox={`0 0 ${width} ${height}`}
      width="100%"
      role="presentation"
      aria-hidden="true"
      style={{ maxWidth: 480 }}
    >
      <line
        x1={x(0)}
        x2={x(0)}
        y1={4}
        y2={height - 20}
        stroke="var(--mantine-color-gray-5)"
        strokeDasharray="3 3"
      />
      {rows.map((r, i) => {
        const y = 16 + i * rowHeight;
        return (
          <g key={r.label}>
            <text x={0} y={y + 4} fontSize={11} fill="var(--mantine-color-text)">
              {r.label}
            </text>
            {r.difference && (
              <>
                <line
                  x1={x(r.difference.lower)}
                  x2={x(r.difference.upper)}
                  y1={y}
                  y2={y}
                  stroke={r.color}
                  strokeWidth={3}
                  strokeLinecap="round"
                />
                <circle cx={x(r.difference.estimate)} cy={y} r={5} fill={r.color} />
              </>
            )}
          </g>
        );
      })}
      {[-limit, 0, limit].map((v) => (
        <text
          key={v}
          x={x(v)}
          y={height - 4}
          fontSize={10}
          textAnchor="middle"
          fill="var(--mantine-color-dimmed)"
        >
          {v === 0 ? '0' : points(v).replace(' points', '')}
        </text>
      ))}
    </svg>
  );
}

/** One outcome: the participants' and the comparison's rates, the difference with its interval, and the counts. */
export function OutcomeCard({
  title,
  result,
  who,
  eventWords,
  minGroupSize,
}: {
  title: string;
  result: OutcomeResult | null;
  who: string;
  eventWords: string;
  minGroupSize: number;
}) {
  const id = `outcome-${title.replace(/\W+/g, '-').toLowerCase()}`;
  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby={id}>
      <Stack gap="sm">
        <Title order={2} size="h4" id={id}>
          {title}
        </Title>
        {!result ? (
          <Text size="sm" c="dimmed">
            Not shown: fewer than {minGroupSize} people would be described.
          </Text>
        ) : (
          <>
            <SimpleGrid cols={2}>
              <Stack gap={2}>
                <Text size="sm" c="dimmed">
                  Participating {who}
                </Text>
                <Text size="xl" fw={700}>
                  {percent(result.participants.rate)}
                </Text>
                <Text size="xs" c="dimmed">
                  {result.participants.events} of {result.participants.people} {eventWords}; 95% interval{' '}
                  {percent(result.participants.lower)}–{percent(result.participants.upper)}
                </Text>
              </Stack>
              <Stack gap={2}>
                <Text size="sm" c="dimmed">
                  Comparable people not in mentoring
                </Text>
                <Text size="xl" fw={700}>
                  {percent(result.comparison.rate)}
                </Text>
                <Text size="xs" c="dimmed">
                  {result.comparison.people} people, counting as about{' '}
                  {Math.round(result.comparison.effectiveSize)}; 95% interval{' '}
                  {percent(result.comparison.lower)}–{percent(result.comparison.upper)}
                </Text>
              </Stack>
            </SimpleGrid>
            <Group gap="xs">
              <Text size="sm" fw={500}>
                Difference:
              </Text>
              <Badge variant="light" size="lg" color="teal" c="dark.8">
                {differenceText(result.difference)}
              </Badge>
            </Group>
            <IntervalChart
              rows={[
                {
                  label: 'Comparable people',
                  difference: result.difference,
                  color: 'var(--mantine-color-teal-6)',
                },
                {
                  label: 'Everyone (unadjusted)',
                  difference: result.naive.difference,
                  color: 'var(--mantine-color-gray-6)',
                },
              ]}
            />
            <Text size="sm" c="dimmed">
              For contrast, against everyone not in mentoring ({percent(result.naive.comparison.rate)}),
              without taking department, function, level or years of service into account, the difference
              would be {differenceText(result.naive.difference)}.
            </Text>
            {(result.participants.withoutFollowUp > 0 || result.comparison.censoredAtJoin > 0) && (
              <Text size="xs" c="dimmed">
                {result.participants.withoutFollowUp > 0 &&
                  `${result.participants.withoutFollowUp} participants left out because everyone comparable joined mentoring before the end. `}
                {result.comparison.censoredAtJoin > 0 &&
                  `${result.comparison.censoredAtJoin} comparison places were followed only until that person joined mentoring.`}
              </Text>
            )}
          </>
        )}
      </Stack>
    </Card>
  );
}
