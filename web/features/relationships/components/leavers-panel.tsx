import { Anchor, Badge, Button, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconDoorExit } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
import type { LeaverRelationship } from '../../../../src/contracts/relationships.contracts.ts';
import { PersonName } from '../../../components/person-name.tsx';
import { plural } from '../../../lib/format.ts';
import { ConfirmModal } from '../../shell/components/confirm-modal.tsx';
import { FormError } from '../../shell/components/states.tsx';
import {
  useEndLeaverRelationships,
  usePersonLeaverRelationships,
  useProgramLeavers,
} from '../api/relationships.api.ts';
import { RelationshipStatusBadge } from './relationship-status-badge.tsx';

/*
 * People who left the organisation (deactivated, marked inactive by an HR import, or erased) keep their open
 * relationships until staff end them here: active ones end early and requests close, with the reason "left the
 * organisation", and the other side is told in the app (decision 016).
 */

const explanation =
  'Active relationships end early and open requests close, with the reason “left the organisation”. The other side of each is told in the app.';

/** One person who left and their open relationships in the list. */
interface Leaver {
  personId: string;
  name: string;
  title: string | null;
  department: string | null;
  relationships: LeaverRelationship[];
}

function leaversOf(items: readonly LeaverRelationship[]): Leaver[] {
  const byPerson = new Map<string, Leaver>();
  for (const item of items)
    for (const side of item.leftSides) {
      const party = side === 'mentor' ? item.mentor : item.mentee;
      const leaver = byPerson.get(party.personId) ?? {
        personId: party.personId,
        name: party.name,
        title: party.title,
        department: party.department,
        relationships: [],
      };
      leaver.relationships.push(item);
      byPerson.set(party.personId, leaver);
    }
  return [...byPerson.values()];
}

function partnersOf(leaver: Leaver): string {
  return leaver.relationships
    .map((item) => (item.mentor.personId === leaver.personId ? item.mentee.name : item.mentor.name))
    .join(', ');
}

function endedMessage(ended: number): string {
  return ended === 0
    ? 'Nothing was left to end.'
    : `${plural(ended, 'relationship')} ended. The other side of each was told.`;
}

/** On a program's relationships tab: who left, with their open relationships, one action per person or for all. */
export function ProgramLeaversPanel({ programId }: { programId: string }) {
  const leavers = useProgramLeavers(programId);
  const end = useEndLeaverRelationships();
  const [confirming, setConfirming] = useState<Leaver | 'all' | null>(null);
  const data = leavers.data;
  if (!data || data.total === 0) return null;
  const people = leaversOf(data.items);
  const close = () => {
    end.reset();
    setConfirming(null);
  };
  const confirm = () =>
    end.mutate(
      { programId, body: confirming === 'all' || !confirming ? {} : { personId: confirming.personId } },
      {
        onSuccess: (result) => {
          notifications.show({ color: 'trellis', message: endedMessage(result.ended) });
          setConfirming(null);
        },
      },
    );

  return (
    <Paper withBorder p="md" mb="lg" component="section" aria-labelledby="leavers-heading" bg="orange.0">
      <Group justify="space-between" align="flex-start" mb="xs">
        <Group gap="xs">
          <IconDoorExit size={20} aria-hidden="true" />
          <Title order={2} size="h4" id="leavers-heading">
            Left the organisation
          </Title>
          <Badge color="orange" variant="filled" aria-label={`${plural(data.total, 'open relationship')}`}>
            {data.total}
          </Badge>
        </Group>
        <Button variant="default" onClick={() => setConfirming('all')}>
          End all {data.total}…
        </Button>
      </Group>
      <Text size="sm" mb="sm">
        These people were deactivated, marked as gone by an HR import, or erased. Their open relationships
        stay until you end them.
      </Text>
      <Table aria-labelledby="leavers-heading">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Person who left</Table.Th>
            <Table.Th>Open relationships with</Table.Th>
            <Table.Th w={200}>
              <span className="visually-hidden">Actions</span>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {people.map((leaver) => (
            <Table.Tr key={leaver.personId}>
              <Table.Td>
                <PersonName person={leaver}>
                  <Anchor component={Link} to={`/people/${leaver.personId}`} size="sm" fw={600}>
                    {leaver.name}
                  </Anchor>
                </PersonName>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{partnersOf(leaver)}</Text>
              </Table.Td>
              <Table.Td ta="right">
                <Button size="xs" variant="default" onClick={() => setConfirming(leaver)}>
                  End {plural(leaver.relationships.length, 'relationship')}…
                  <span className="visually-hidden"> of {leaver.name}</span>
                </Button>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {data.total > data.items.length && (
        <Text size="xs" c="dimmed" mt="xs">
          Showing the first {data.items.length} of {data.total}; “End all” ends every one.
        </Text>
      )}
      {confirming && (
        <ConfirmModal
          onClose={close}
          title={
            confirming === 'all'
              ? `End all ${plural(data.total, 'relationship')} of people who left?`
              : `End ${confirming.name}’s ${plural(confirming.relationships.length, 'relationship')}?`
          }
          confirmLabel="End relationships"
          pending={end.isPending}
          onConfirm={confirm}
        >
          <Text size="sm">{explanation}</Text>
          <FormError error={end.error} />
        </ConfirmModal>
      )}
    </Paper>
  );
}

/** On the person page, for admins, once the person left: their open relationships in every program. */
export function PersonLeaversPanel({ personId, name }: { personId: string; name: string }) {
  const relationships = usePersonLeaverRelationships(personId, true);
  const end = useEndLeaverRelationships();
  const [confirming, setConfirming] = useState(false);
  const data = relationships.data;
  if (!data || data.total === 0) return null;
  const close = () => {
    end.reset();
    setConfirming(false);
  };

  return (
    <Paper withBorder p="lg" component="section" aria-labelledby="left-heading" bg="orange.0">
      <Group justify="space-between" align="flex-start" mb="xs">
        <Group gap="xs">
          <IconDoorExit size={20} aria-hidden="true" />
          <Title order={2} size="h4" id="left-heading">
            Left the organisation: {plural(data.total, 'open relationship')}
          </Title>
        </Group>
        <Button variant="default" onClick={() => setConfirming(true)}>
          End {plural(data.total, 'relationship')}…
        </Button>
      </Group>
      <Text size="sm" mb="sm">
        {name} no longer works here, but these relationships are still open until you end them.
      </Text>
      <Stack gap={6} component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
        {data.items.map((item) => {
          const asMentor = item.mentor.personId === personId;
          return (
            <Group key={item.id} component="li" gap="sm" wrap="wrap">
              <RelationshipStatusBadge status={item.status} />
              <Text size="sm">
                {asMentor ? 'Mentor of' : 'Mentee of'} <b>{asMentor ? item.mentee.name : item.mentor.name}</b>{' '}
                in{' '}
                <Anchor component={Link} to={`/programs/${item.program.id}/relationships`} size="sm">
                  {item.program.name}
                </Anchor>
              </Text>
            </Group>
          );
        })}
      </Stack>
      {confirming && (
        <ConfirmModal
          onClose={close}
          title={`End ${name}’s ${plural(data.total, 'relationship')}?`}
          confirmLabel="End relationships"
          pending={end.isPending}
          onConfirm={() =>
            end.mutate(
              { personId },
              {
                onSuccess: (result) => {
                  notifications.show({ color: 'trellis', message: endedMessage(result.ended) });
                  setConfirming(false);
                },
              },
            )
          }
        >
          <Text size="sm">{explanation}</Text>
          <FormError error={end.error} />
        </ConfirmModal>
      )}
    </Paper>
  );
}
