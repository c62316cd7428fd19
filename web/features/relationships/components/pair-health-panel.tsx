import { Badge, Button, Group, Paper, Select, Stack, Table, Text } from '@mantine/core';
import { IconDownload, IconHeartHandshake } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
import type {
  PairHealthRowView,
  PairHealthStateName,
  ProgramPairHealthQuery,
} from '../../../../src/contracts/relationships.contracts.ts';
import { TablePageFooter } from '../../../components/labelled-pagination.tsx';
import { plural } from '../../../lib/format.ts';
import { EmptyState, ListState } from '../../shell/components/states.tsx';
import { useProgramPairHealth } from '../api/relationships.api.ts';

export const pairHealthLabel: Record<PairHealthStateName, string> = {
  inactive: 'Inactive',
  at_risk: 'At risk',
  needs_check_in: 'Needs a check-in',
  on_track: 'On track',
};
const healthColour: Record<PairHealthStateName, string> = {
  inactive: 'gray',
  at_risk: 'red',
  needs_check_in: 'yellow',
  on_track: 'green',
};
const sortLabel: Record<ProgramPairHealthQuery['sort'], string> = {
  risk: 'Most at risk first',
  last_meeting: 'Longest without a meeting',
  started: 'Newest first',
  mentee: 'Mentee name',
  mentor: 'Mentor name',
};
const agreementLabel = { none: 'None', waiting: 'Waiting for signatures', signed: 'Signed' } as const;

const orDash = (value: number | null, suffix = '') => (value === null ? '—' : `${value}${suffix}`);

function HealthCell({ row }: { row: PairHealthRowView }) {
  return (
    <Stack gap={2}>
      <Badge color={healthColour[row.state]} variant="light" c="dark.8" radius="sm">
        {pairHealthLabel[row.state]}
      </Badge>
      {row.reasons.map((reason) => (
        <Text key={reason.code} size="xs" c="dimmed">
          {reason.message}
        </Text>
      ))}
    </Stack>
  );
}

/** Staff: every active pair's health (metadata only), most at risk first, with a CSV download. */
export function PairHealthPanel({ programId }: { programId: string }) {
  const [state, setState] = useState<PairHealthStateName | null>(null);
  const [sort, setSort] = useState<ProgramPairHealthQuery['sort']>('risk');
  const [page, setPage] = useState(1);
  const health = useProgramPairHealth(programId, { state: state ?? undefined, sort, page, pageSize: 25 });
  const data = health.data;
  const csvQuery = new URLSearchParams({ sort, ...(state ? { state } : {}) }).toString();

  return (
    <Paper withBorder mb="md" style={{ overflow: 'hidden' }} component="section" aria-label="Pair health">
      <Group
        justify="space-between"
        p="md"
        align="flex-end"
        style={{ borderBottom: '1px solid var(--mantine-color-gray-3)' }}
      >
        <Group align="flex-end">
          <Select
            label="Health"
            placeholder="Any health"
            data={Object.entries(pairHealthLabel).map(([value, label]) => ({
              value,
              label: data ? `${label} (${data.counts[value as PairHealthStateName]})` : label,
            }))}
            value={state}
            onChange={(value) => {
              setState(value as PairHealthStateName | null);
              setPage(1);
            }}
            clearable
            w={220}
          />
          <Select
            label="Sort by"
            data={Object.entries(sortLabel).map(([value, label]) => ({ value, label }))}
            value={sort}
            onChange={(value) => {
              if (value) setSort(value as ProgramPairHealthQuery['sort']);
              setPage(1);
            }}
            allowDeselect={false}
            w={240}
          />
        </Group>
        <Group align="center">
          <Text size="sm" c="dimmed" role="status" aria-live="polite">
            {data ? plural(data.total, 'active pair') : 'Loading…'}
          </Text>
          <Button
            component="a"
            variant="default"
            href={`/api/programs/${programId}/relationships.csv?${csvQuery}`}
            download
            leftSection={<IconDownload size={18} aria-hidden="true" />}
          >
            Download CSV
          </Button>
        </Group>
      </Group>
      <ListState
        query={health}
        inset
        empty={
          <EmptyState
            icon={<IconHeartHandshake size={30} />}
            title={state ? 'No pair in this state' : 'No active pairs yet'}
            description="Active pairs appear here with how their mentoring is going."
          />
        }
      >
        <Table.ScrollContainer minWidth={1100}>
          <Table aria-label="Pair health" aria-busy={health.isFetching} verticalSpacing="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Pair</Table.Th>
                <Table.Th>Health</Table.Th>
                <Table.Th>Last meeting</Table.Th>
                <Table.Th>Meetings held / planned</Table.Th>
                <Table.Th>Agreement</Table.Th>
                <Table.Th>Goal progress</Table.Th>
                <Table.Th>Last rating</Table.Th>
                <Table.Th>Check-in fit</Table.Th>
                <Table.Th>Open action items</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data?.items.map((row) => (
                <Table.Tr key={row.relationshipId}>
                  <Table.Td>
                    <Link to={`/people/${row.menteePersonId}`} className="row-link">
                      {row.menteeName}
                    </Link>
                    <Text size="xs" c="dimmed">
                      with {row.mentorName}
                    </Text>
                  </Table.Td>
                  <Table.Td maw={320}>
                    <HealthCell row={row} />
                  </Table.Td>
                  <Table.Td>
                    {row.daysSinceLastMeeting === null
                      ? 'None yet'
                      : row.daysSinceLastMeeting === 0
                        ? 'Today'
                        : `${plural(row.daysSinceLastMeeting, 'day')} ago`}
                  </Table.Td>
                  <Table.Td>
                    {row.meetingsHeld} / {row.meetingsPlanned}
                  </Table.Td>
                  <Table.Td>{agreementLabel[row.agreement]}</Table.Td>
                  <Table.Td>{orDash(row.goalProgress, '%')}</Table.Td>
                  <Table.Td>{orDash(row.lastRating, ' / 5')}</Table.Td>
                  <Table.Td>{orDash(row.checkInFit, ' / 5')}</Table.Td>
                  <Table.Td>{row.openActionItems}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        <TablePageFooter result={data} page={page} onChange={setPage} />
      </ListState>
    </Paper>
  );
}
