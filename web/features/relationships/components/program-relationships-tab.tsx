import { ActionIcon, Group, Menu, Modal, Paper, Select, Stack, Table, Text, Textarea } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconDots, IconHeartHandshake, IconUserShare, IconX } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { Link } from 'react-router';
import type { Program } from '../../../../src/contracts/programs.contracts.ts';
import type {
  RelationshipStatus,
  RelationshipSummary,
} from '../../../../src/contracts/relationships.contracts.ts';
import { FormActions } from '../../../components/form-actions.tsx';
import { TablePageFooter } from '../../../components/labelled-pagination.tsx';
import { PersonName, personPickerProps } from '../../../components/person-name.tsx';
import { formatDate, plural } from '../../../lib/format.ts';
import { useProgramEnrolments } from '../../enrolment/api/enrolment.api.ts';
import { formatScore } from '../../matching/api/matching.api.ts';
import { EmptyState, FormError, ListState, PlaceholderRows } from '../../shell/components/states.tsx';
import {
  originLabel,
  relationshipStatusLabel,
  useProgramRelationships,
  useRelationshipAction,
} from '../api/relationships.api.ts';
import { ProgramLeaversPanel } from './leavers-panel.tsx';
import { PairHealthPanel } from './pair-health-panel.tsx';
import { RelationshipStatusBadge } from './relationship-status-badge.tsx';

export function ProgramRelationshipsTab({ program }: { program: Program }) {
  const [status, setStatus] = useState<RelationshipStatus | null>(null);
  const [page, setPage] = useState(1);
  const relationships = useProgramRelationships(program.id, {
    status: status ?? undefined,
    page,
    pageSize: 25,
  });
  const [ending, setEnding] = useState<RelationshipSummary | null>(null);
  const [reassigning, setReassigning] = useState<RelationshipSummary | null>(null);
  const data = relationships.data;

  return (
    <>
      <ProgramLeaversPanel programId={program.id} />
      <PairHealthPanel programId={program.id} />
      <Paper withBorder style={{ overflow: 'hidden' }} component="section" aria-label="Relationships">
        <Group
          justify="space-between"
          p="md"
          align="flex-end"
          style={{ borderBottom: '1px solid var(--mantine-color-gray-3)' }}
        >
          <Select
            label="Status"
            placeholder="Any status"
            data={Object.entries(relationshipStatusLabel).map(([value, label]) => ({ value, label }))}
            value={status}
            onChange={(value) => {
              setStatus(value as RelationshipStatus | null);
              setPage(1);
            }}
            clearable
            w={200}
          />
          <Text size="sm" c="dimmed" role="status" aria-live="polite">
            {data ? plural(data.total, 'relationship') : 'Loading…'}
          </Text>
        </Group>
        <ListState
          query={relationships}
          inset
          empty={
            <EmptyState
              icon={<IconHeartHandshake size={30} />}
              title={status ? 'No relationship with this status' : 'No relationships yet'}
              description="Relationships appear when you publish a match run or a mentor accepts a request."
            />
          }
        >
          <Table.ScrollContainer minWidth={860}>
            <Table aria-label="Relationships" aria-busy={relationships.isFetching}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Mentee</Table.Th>
                  <Table.Th>Mentor</Table.Th>
                  <Table.Th>Status</Table.Th>
                  <Table.Th ta="right">Score</Table.Th>
                  <Table.Th>Origin</Table.Th>
                  <Table.Th>Since</Table.Th>
                  <Table.Th w={60}>
                    <span className="visually-hidden">Actions</span>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {!data ? (
                  <PlaceholderRows rows={3} columns={7} height={24} />
                ) : (
                  data.items.map((item) => (
                    <Table.Tr key={item.id}>
                      <Table.Td>
                        <PersonName person={item.mentee}>
                          <Link to={`/people/${item.mentee.personId}`} className="row-link">
                            {item.mentee.name}
                          </Link>
                        </PersonName>
                      </Table.Td>
                      <Table.Td>
                        <PersonName person={item.mentor}>
                          <Link to={`/people/${item.mentor.personId}`} className="row-link">
                            {item.mentor.name}
                          </Link>
                        </PersonName>
                      </Table.Td>
                      <Table.Td>
                        <RelationshipStatusBadge status={item.status} />
                      </Table.Td>
                      <Table.Td ta="right" className="stat-value">
                        {formatScore(item.score)}
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{originLabel[item.origin] ?? item.origin}</Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{formatDate(item.startedAt ?? item.createdAt)}</Text>
                      </Table.Td>
                      <Table.Td>
                        {(item.status === 'active' || item.status === 'proposed') && (
                          <Menu position="bottom-end" shadow="md">
                            <Menu.Target>
                              <ActionIcon
                                variant="subtle"
                                color="gray"
                                aria-label={`Actions for ${item.mentee.name} and ${item.mentor.name}`}
                              >
                                <IconDots size={18} aria-hidden="true" />
                              </ActionIcon>
                            </Menu.Target>
                            <Menu.Dropdown>
                              <Menu.Item
                                leftSection={<IconUserShare size={16} aria-hidden="true" />}
                                onClick={() => setReassigning(item)}
                              >
                                Reassign mentor…
                              </Menu.Item>
                              <Menu.Item
                                color="red"
                                leftSection={<IconX size={16} aria-hidden="true" />}
                                onClick={() => setEnding(item)}
                              >
                                End early…
                              </Menu.Item>
                            </Menu.Dropdown>
                          </Menu>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  ))
                )}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </ListState>
        <TablePageFooter result={data} page={page} onChange={setPage} />
        {ending && <EndModal relationship={ending} onClose={() => setEnding(null)} />}
        {reassigning && (
          <ReassignRelationshipModal
            programId={program.id}
            relationship={reassigning}
            onClose={() => setReassigning(null)}
          />
        )}
      </Paper>
    </>
  );
}

function EndModal({ relationship, onClose }: { relationship: RelationshipSummary; onClose: () => void }) {
  const [reason, setReason] = useState('');
  const action = useRelationshipAction();
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    action.mutate(
      { id: relationship.id, action: 'end', body: { reason: reason.trim() } },
      {
        onSuccess: () => {
          notifications.show({
            color: 'trellis',
            message: 'The relationship was ended. Both sides were told.',
          });
          onClose();
        },
      },
    );
  };
  return (
    <Modal opened onClose={onClose} title="End this relationship early?" centered>
      <form onSubmit={onSubmit} noValidate>
        <Stack>
          <Text size="sm">
            {relationship.mentee.name} and {relationship.mentor.name} stop meeting through this program. The
            mentor’s place is freed.
          </Text>
          <FormError error={action.error} />
          <Textarea
            label="Reason"
            required
            description="Kept in the relationship’s history"
            value={reason}
            onChange={(event) => setReason(event.currentTarget.value)}
            autosize
            minRows={2}
            data-autofocus
          />
          <FormActions
            onCancel={onClose}
            submitLabel="End relationship"
            pending={action.isPending}
            disabled={!reason.trim()}
            color="red"
          />
        </Stack>
      </form>
    </Modal>
  );
}

export function ReassignRelationshipModal({
  programId,
  relationship,
  onClose,
}: {
  programId: string;
  relationship: RelationshipSummary;
  onClose: () => void;
}) {
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search, 250);
  const [mentor, setMentor] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const mentors = useProgramEnrolments(programId, {
    role: 'mentor',
    status: 'approved',
    q: q || undefined,
    pageSize: 50,
  });
  const action = useRelationshipAction();
  // Two mentors of the same name are told apart by a second line: title · department · email.
  const picker = personPickerProps(
    (mentors.data?.items ?? []).filter((enrolment) => enrolment.id !== relationship.mentor.enrolmentId),
    (enrolment) => ({ ...enrolment.person, value: enrolment.id }),
  );
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (!mentor) return;
    action.mutate(
      { id: relationship.id, action: 'reassign', body: { mentorEnrolmentId: mentor, reason: reason.trim() } },
      {
        onSuccess: () => {
          notifications.show({ color: 'trellis', message: `${relationship.mentee.name} has a new mentor.` });
          onClose();
        },
      },
    );
  };
  return (
    <Modal opened onClose={onClose} title={`New mentor for ${relationship.mentee.name}`} centered>
      <form onSubmit={onSubmit} noValidate>
        <Stack>
          <FormError error={action.error} />
          <Select
            label="Mentor"
            placeholder="Search mentors"
            data={picker.data}
            renderOption={picker.renderOption}
            description={picker.secondLineOf(mentor) || undefined}
            // The server searches the mentors; the options are not filtered again by their label.
            filter={({ options }) => options}
            value={mentor}
            onChange={setMentor}
            searchable
            searchValue={search}
            onSearchChange={setSearch}
            nothingFoundMessage={mentors.isFetching ? 'Searching…' : 'No mentor matches'}
            data-autofocus
          />
          <Textarea
            label="Reason"
            required
            value={reason}
            onChange={(event) => setReason(event.currentTarget.value)}
            autosize
            minRows={2}
          />
          <FormActions
            onCancel={onClose}
            submitLabel="Reassign"
            pending={action.isPending}
            disabled={!mentor || !reason.trim()}
          />
        </Stack>
      </form>
    </Modal>
  );
}
