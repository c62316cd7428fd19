import '@mantine/charts/styles.css';
import { LineChart } from '@mantine/charts';
import { Card, Grid, ScrollArea, Stack, Table, Text, Title } from '@mantine/core';
import type { OutcomesReport } from '../../../../src/contracts/outcomes.contracts.ts';
import { percent } from './outcome-card.tsx';

type Curves = NonNullable<OutcomesReport['curves']>;

/** Kaplan–Meier retention of participants and their comparable people, days since each participant started. */
export function RetentionChart({ curves, who }: { curves: Curves; who: string }) {
  const byDay = new Map<number, { day: number; participants?: number; comparison?: number }>();
  for (const p of curves.participants)
    byDay.set(p.day, { day: p.day, participants: Math.round(p.survival * 1000) / 10 });
  for (const p of curves.comparison) {
    byDay.set(p.day, {
      ...(byDay.get(p.day) ?? { day: p.day }),
      comparison: Math.round(p.survival * 1000) / 10,
    });
  }
  const data = [...byDay.values()].sort((a, b) => a.day - b.day);
  const low = Math.min(...data.flatMap((d) => [d.participants ?? 100, d.comparison ?? 100]));
  // About one row a month in the table.
  const monthly = data.filter(
    (d, i) =>
      i === 0 || i === data.length - 1 || Math.floor(d.day / 30) !== Math.floor(data[i - 1]!.day / 30),
  );
  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="retention-curve-heading">
      <Stack gap="sm">
        <Title order={2} size="h4" id="retention-curve-heading">
          Still employed, day by day
        </Title>
        <Text size="sm" c="dimmed">
          The share still employed after each day since they started (Kaplan–Meier):{' '}
          {curves.participantPeople} participating {who} against {curves.comparisonPeople} comparable people.
          People who started recently are followed for as long as we know.
        </Text>
        <Grid>
          <Grid.Col span={{ base: 12, md: 8 }}>
            <div aria-hidden="true">
              <LineChart
                h={260}
                data={data}
                dataKey="day"
                curveType="stepAfter"
                withDots={false}
                connectNulls
                unit="%"
                yAxisProps={{ domain: [Math.max(0, Math.floor(low / 10) * 10), 100] }}
                xAxisLabel="Days since the start"
                series={[
                  { name: 'participants', label: `Participating ${who}`, color: 'teal.6' },
                  { name: 'comparison', label: 'Comparable people', color: 'gray.6' },
                ]}
                withLegend
              />
            </div>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 4 }}>
            <ScrollArea
              h={260}
              type="auto"
              viewportProps={{ tabIndex: 0, 'aria-label': 'Share still employed, table' }}
            >
              <Table striped withTableBorder stickyHeader>
                <Table.Caption>Share still employed, by days since the start</Table.Caption>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">Day</Table.Th>
                    <Table.Th scope="col">Participants</Table.Th>
                    <Table.Th scope="col">Comparable</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {monthly.map((d) => (
                    <Table.Tr key={d.day}>
                      <Table.Th scope="row" fw={400}>
                        {d.day}
                      </Table.Th>
                      <Table.Td>
                        {d.participants === undefined ? '—' : percent(d.participants / 100)}
                      </Table.Td>
                      <Table.Td>{d.comparison === undefined ? '—' : percent(d.comparison / 100)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </ScrollArea>
          </Grid.Col>
        </Grid>
      </Stack>
    </Card>
  );
}
