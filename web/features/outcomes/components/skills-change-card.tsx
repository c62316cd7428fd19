import '@mantine/charts/styles.css';
import { BarChart } from '@mantine/charts';
import { Badge, Button, Card, Group, Stack, Table, Text, Title } from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';
import type { MeanChangeView, SkillsChangeReport } from '../../../../src/contracts/outcomes.contracts.ts';
import { ErrorState, LoadingState } from '../../shell/components/states.tsx';
import { skillsChangeCsvUrl, useSkillsChange } from '../api/outcomes.api.ts';

const one = (x: number | null) => (x === null ? '—' : x.toFixed(1));
const signed = (x: number | null) =>
  x === null ? '—' : `${x > 0 ? '+' : x < 0 ? '−' : ''}${Math.abs(x).toFixed(2)}`;

/** "+0.60 (0.21 to 0.99)" or why it is not shown. */
export function changeText(change: MeanChangeView, minGroupSize: number): string {
  if (change.suppressed) return `Fewer than ${minGroupSize} people answered both times`;
  if (change.lower === null || change.upper === null) return signed(change.mean);
  return `${signed(change.mean)} (${signed(change.lower)} to ${signed(change.upper)})`;
}

function SkillsChangeBody({ data }: { data: SkillsChangeReport }) {
  if (data.skills.length === 0 && data.bySkill.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        This program does not ask participants to rate their skills yet. Choose up to eight skills in the
        program’s settings: participants rate themselves from 1 to 5 at the check-in and again in the closing
        survey.
      </Text>
    );
  }
  const shown = data.bySkill.filter((s) => !s.suppressed && s.mean !== null);
  return (
    <Stack gap="md">
      <Group gap="xs">
        <Text size="sm">Overall change:</Text>
        <Badge variant="light" color={data.overall.suppressed ? 'gray' : 'teal'} size="lg" c="dark.8">
          {changeText(data.overall, data.minGroupSize)}
        </Badge>
        {!data.overall.suppressed && (
          <Text size="sm" c="dimmed">
            {data.overall.n} people rated themselves at the start and at the end
          </Text>
        )}
      </Group>
      {shown.length > 0 && (
        <div aria-hidden="true">
          <BarChart
            h={Math.max(120, shown.length * 44)}
            data={shown.map((s) => ({ skill: s.skill, change: Number((s.mean ?? 0).toFixed(2)) }))}
            dataKey="skill"
            orientation="vertical"
            yAxisProps={{ width: 140 }}
            xAxisProps={{ domain: [-4, 4] }}
            series={[{ name: 'change', label: 'Mean change (points on 1–5)', color: 'teal.6' }]}
            referenceLines={[{ x: 0, color: 'gray.5' }]}
          />
        </div>
      )}
      <Table striped withTableBorder>
        <Table.Caption>
          Mean change of each skill’s self-rating from the check-in to the closing survey, on a 1–5 scale,
          with its 95% interval. Figures about fewer than {data.minGroupSize} people are not shown.
        </Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Skill</Table.Th>
            <Table.Th scope="col">People</Table.Th>
            <Table.Th scope="col">At the start</Table.Th>
            <Table.Th scope="col">At the end</Table.Th>
            <Table.Th scope="col">Change (95% interval)</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {data.bySkill.map((s) => (
            <Table.Tr key={s.skill}>
              <Table.Th scope="row" fw={500}>
                {s.skill}
              </Table.Th>
              <Table.Td>{s.suppressed ? `Under ${data.minGroupSize}` : s.n}</Table.Td>
              <Table.Td>{one(s.meanStart)}</Table.Td>
              <Table.Td>{one(s.meanEnd)}</Table.Td>
              <Table.Td>{changeText(s, data.minGroupSize)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {data.unpaired > 0 && (
        <Text size="xs" c="dimmed">
          {data.unpaired} ratings were given only at the start or only at the end and are not counted.
        </Text>
      )}
    </Stack>
  );
}

/** Staff: how participants' self-rated skills changed from the start to the end of the program (§8). */
export function SkillsChangeCard({ programId }: { programId: string }) {
  const query = useSkillsChange(programId);
  return (
    <Card
      withBorder
      radius="md"
      padding="lg"
      component="section"
      aria-labelledby={`skills-change-${programId}`}
    >
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          {/* An h2: on the Dashboard tab it sits right under the program's h1. */}
          <Title order={2} size="h4" id={`skills-change-${programId}`}>
            Skills before and after
          </Title>
          <Button
            component="a"
            size="compact-xs"
            variant="subtle"
            className="no-print"
            href={skillsChangeCsvUrl(programId)}
            download
            disabled={!query.data}
            leftSection={<IconDownload size={14} aria-hidden="true" />}
            aria-label="Download CSV: skills before and after"
          >
            Download CSV
          </Button>
        </Group>
        {query.isError ? (
          <ErrorState error={query.error} onRetry={() => query.refetch()} />
        ) : !query.data ? (
          <LoadingState label="Loading skills…" />
        ) : (
          <SkillsChangeBody data={query.data} />
        )}
      </Stack>
    </Card>
  );
}
