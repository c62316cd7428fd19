import { Paper, Skeleton, Table, Text, Title } from '@mantine/core';
import type { CareerEventList } from '../../../../src/contracts/people-imports.contracts.ts';
import { formatDate } from '../../../lib/format.ts';
import { ErrorState } from '../../shell/components/states.tsx';
import { usePersonCareerEvents } from '../api/people-imports.api.ts';

type CareerEvent = CareerEventList['items'][number];

const kindLabel: Record<CareerEvent['kind'], string> = {
  hire: 'Rehired',
  promotion: 'Promotion',
  level_change: 'Level change',
  pay_change: 'Pay change',
  job_change: 'Job change',
  department_change: 'Department change',
  exit: 'Left',
};
const sourceLabel: Record<CareerEvent['source'], string> = {
  csv: 'Career history file',
  people_import: 'People import',
  demo: 'Demo data',
};

function change(event: CareerEvent): string {
  if (event.kind === 'exit')
    return event.exitType === 'voluntary'
      ? 'Voluntary'
      : event.exitType === 'involuntary'
        ? 'Involuntary'
        : 'Not recorded';
  const isLevel = event.kind === 'promotion' || event.kind === 'level_change';
  const show = (value: string | null) => (value === null ? '—' : isLevel ? `Level ${value}` : value);
  if (event.fromValue === null && event.toValue === null) return '—';
  return `${show(event.fromValue)} → ${show(event.toValue)}`;
}

/** A person's career history from the HR system, oldest first (admins only; the server refuses anyone else). */
export function PersonCareerCard({ personId, name }: { personId: string; name: string }) {
  const events = usePersonCareerEvents(personId, true);
  return (
    <Paper withBorder p="lg" component="section" aria-labelledby="career-card-heading">
      <Title order={2} size="h4" mb="sm" id="career-card-heading">
        Career history
      </Title>
      {events.isPending ? (
        <Skeleton height={60} />
      ) : events.isError ? (
        <ErrorState error={events.error} onRetry={() => events.refetch()} />
      ) : events.data.items.length === 0 ? (
        <Text size="sm" c="dimmed">
          No promotions, moves or departures are recorded for {name}. Import them on the Import people page,
          under Career history.
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={480}>
          <Table aria-labelledby="career-card-heading">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Date</Table.Th>
                <Table.Th>Event</Table.Th>
                <Table.Th>Change</Table.Th>
                <Table.Th>From</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {events.data.items.map((event) => (
                <Table.Tr key={event.id}>
                  <Table.Td>{formatDate(event.effectiveOn)}</Table.Td>
                  <Table.Td>{kindLabel[event.kind]}</Table.Td>
                  <Table.Td>{change(event)}</Table.Td>
                  <Table.Td>
                    <Text size="sm" c="dimmed">
                      {sourceLabel[event.source]}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Paper>
  );
}
