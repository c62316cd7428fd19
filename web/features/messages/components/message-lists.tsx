import { Anchor, Badge, Group, Paper, Select, Stack, Table, Text, Title } from '@mantine/core';
import { IconCalendarTime, IconMailForward } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
import type {
  NudgeKindName,
  ProgramMessageSettings,
  SentMessage,
} from '../../../../src/contracts/messages.contracts.ts';
import { TablePageFooter } from '../../../components/labelled-pagination.tsx';
import { plural } from '../../../lib/format.ts';
import { EmptyState, ListState, PlaceholderRows } from '../../shell/components/states.tsx';
import { useScheduledMessages, useSentMessages } from '../api/messages.api.ts';
import { formatRelative, formatWhen, readerZone, sentStatusColour } from './message-labels.ts';

const pageSize = 20;

function ListHeader({
  id,
  title,
  description,
  children,
}: {
  id: string;
  title: string;
  description: string;
  children?: React.ReactNode;
}) {
  return (
    <Group
      justify="space-between"
      align="flex-end"
      p="md"
      px="lg"
      className="messages-section-head"
      wrap="wrap"
    >
      <Stack gap={2}>
        <Title order={2} size="h4" id={id}>
          {title}
        </Title>
        <Text size="sm" c="dimmed">
          {description}
        </Text>
      </Stack>
      <Group align="flex-end" gap="md">
        {children}
      </Group>
    </Group>
  );
}

/** A time in the reader's zone with how far it is, on two lines. */
function When({ at, upcoming = false }: { at: string; upcoming?: boolean }) {
  // A scheduled message whose time has passed goes out with the next run (every few minutes), not "3 days ago".
  const hint = upcoming && new Date(at).getTime() <= Date.now() ? 'Due now' : formatRelative(at);
  return (
    <Stack gap={0}>
      <Text size="sm" fw={500} style={{ whiteSpace: 'nowrap' }}>
        <time dateTime={at}>{formatWhen(at)}</time>
      </Text>
      <Text size="xs" c="dimmed">
        {hint}
      </Text>
    </Stack>
  );
}

/** Staff: what the program's reminders and nudges will send in the next 30 days, soonest first. */
export function ScheduledMessagesPanel({
  programId,
  settings,
}: {
  programId: string;
  settings: ProgramMessageSettings | undefined;
}) {
  const [kind, setKind] = useState<NudgeKindName | null>(null);
  const [page, setPage] = useState(1);
  const scheduled = useScheduledMessages(programId, { kind: kind ?? undefined, page, pageSize });
  const data = scheduled.data;

  return (
    <Paper withBorder component="section" aria-labelledby="scheduled-heading" style={{ overflow: 'hidden' }}>
      <ListHeader
        id="scheduled-heading"
        title="Scheduled (next 30 days)"
        description={`Times in your time zone (${readerZone()}). Each person gets them in their own waking hours.`}
      >
        <Select
          label="Kind"
          placeholder="Every kind"
          data={(settings?.kinds ?? []).map((item) => ({ value: item.kind, label: item.label }))}
          value={kind}
          onChange={(value) => {
            setKind(value as NudgeKindName | null);
            setPage(1);
          }}
          clearable
          w={260}
        />
        <Text size="sm" c="dimmed" role="status" aria-live="polite" pb={6}>
          {data ? plural(data.total, 'message') : scheduled.isPending ? 'Loading…' : ''}
        </Text>
      </ListHeader>
      <ListState
        query={scheduled}
        inset
        empty={
          <EmptyState
            icon={<IconCalendarTime size={30} />}
            title={kind ? 'Nothing of this kind is scheduled' : 'Nothing is scheduled for the next 30 days'}
            description="Reminders and nudges appear here as meetings, requests, agreements and quiet pairs call for them."
          />
        }
      >
        <Table.ScrollContainer minWidth={860}>
          <Table aria-labelledby="scheduled-heading" aria-busy={scheduled.isFetching}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>When</Table.Th>
                <Table.Th>To</Table.Th>
                <Table.Th>What</Table.Th>
                <Table.Th>Why</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data ? (
                data.items.map((item) => (
                  <Table.Tr key={item.id} data-paused={item.paused || undefined}>
                    <Table.Td w={190}>
                      <When at={item.sendAt} upcoming />
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                        {item.recipientName}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Group gap={6}>
                        <Text size="sm">{item.kindLabel}</Text>
                        {item.paused && (
                          <Badge size="sm" color="yellow" variant="light" c="dark.8" radius="sm">
                            Paused
                          </Badge>
                        )}
                      </Group>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" c="dimmed">
                        {item.reason}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                ))
              ) : (
                <PlaceholderRows rows={3} columns={4} height={32} />
              )}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        <TablePageFooter result={data} page={page} onChange={setPage} />
      </ListState>
    </Paper>
  );
}

/** Where an email is; a held one says until when on its own line (a badge would cut the time off). */
function SentStatus({ message }: { message: SentMessage }) {
  const waitingUntil =
    message.status === 'pending' && message.notBefore && new Date(message.notBefore) > new Date()
      ? message.notBefore
      : null;
  const label =
    message.status === 'sent'
      ? 'Sent'
      : message.status === 'stored'
        ? 'In the mailbox'
        : message.status === 'failed'
          ? 'Failed'
          : waitingUntil
            ? 'Waiting'
            : 'Sending';
  return (
    <Stack gap={2} align="flex-start">
      <Badge color={sentStatusColour[message.status]} variant="light" c="dark.8" radius="sm" tt="none">
        {label}
      </Badge>
      {waitingUntil && (
        <Text size="xs" c="dimmed">
          until <time dateTime={waitingUntil}>{formatWhen(waitingUntil)}</time>, their waking hours
        </Text>
      )}
    </Stack>
  );
}

/**
 * Staff: what the program sent, newest first, with where each email is (sent, kept in the built-in mailbox when no
 * mail server is set, waiting for the recipient's morning, failed). Administrators can open the message itself.
 */
export function SentMessagesPanel({ programId, isAdmin }: { programId: string; isAdmin: boolean }) {
  const [page, setPage] = useState(1);
  const sent = useSentMessages(programId, { page, pageSize });
  const data = sent.data;

  return (
    <Paper withBorder component="section" aria-labelledby="sent-heading" style={{ overflow: 'hidden' }}>
      <ListHeader
        id="sent-heading"
        title="Sent"
        description="Every email this program sent to its people, newest first."
      >
        <Text size="sm" c="dimmed" role="status" aria-live="polite">
          {data ? plural(data.total, 'email') : sent.isPending ? 'Loading…' : ''}
        </Text>
      </ListHeader>
      <ListState
        query={sent}
        inset
        empty={
          <EmptyState
            icon={<IconMailForward size={30} />}
            title="Nothing sent yet"
            description="Emails about this program’s matches, meetings, reminders and nudges appear here once they go out."
          />
        }
      >
        <Table.ScrollContainer minWidth={860}>
          <Table aria-labelledby="sent-heading" aria-busy={sent.isFetching}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>When</Table.Th>
                <Table.Th>To</Table.Th>
                <Table.Th>Subject</Table.Th>
                <Table.Th>Status</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data ? (
                data.items.map((item) => (
                  <Table.Tr key={item.id}>
                    <Table.Td w={190}>
                      <When at={item.sentAt ?? item.createdAt} />
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{item.recipientName ?? item.toAddress}</Text>
                      {item.recipientName && (
                        <Text size="xs" c="dimmed">
                          {item.toAddress}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      {isAdmin ? (
                        <Anchor component={Link} to={`/mailbox/${item.id}`} size="sm">
                          {item.subject}
                        </Anchor>
                      ) : (
                        <Text size="sm">{item.subject}</Text>
                      )}
                    </Table.Td>
                    <Table.Td w={220}>
                      <SentStatus message={item} />
                    </Table.Td>
                  </Table.Tr>
                ))
              ) : (
                <PlaceholderRows rows={3} columns={4} height={32} />
              )}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        <TablePageFooter result={data} page={page} onChange={setPage} />
      </ListState>
    </Paper>
  );
}
