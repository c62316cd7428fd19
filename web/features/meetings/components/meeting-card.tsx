import { Anchor, Badge, Button, Collapse, Divider, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import {
  IconCalendarDown,
  IconCalendarTime,
  IconCheck,
  IconChevronDown,
  IconChevronUp,
  IconMapPin,
  IconUserX,
  IconVideo,
  IconX,
} from '@tabler/icons-react';
import { type ReactNode, useEffect, useRef, useState } from 'react';
import type { ActionItem } from '../../../../src/contracts/action-items.contracts.ts';
import type { Meeting } from '../../../../src/contracts/meetings.contracts.ts';
import type { MeetingStatus } from '../../../../src/contracts/workspace-shapes.contracts.ts';
import { errorMessage } from '../../../lib/api.ts';
import type { WorkspaceContext } from '../../workspace/workspace-context.ts';
import { meetingIcsUrl, useMeetingAction } from '../api/meetings.api.ts';
import { browserTimeZone, differentWallClock, meetingDay, meetingHours } from '../meeting-time.ts';
import { ActionItemsList } from './action-items.tsx';
import { AgendaEditor } from './agenda-editor.tsx';
import { MeetingRating } from './meeting-rating.tsx';

const statusLabel: Record<MeetingStatus, string> = {
  scheduled: 'Scheduled',
  held: 'Held',
  cancelled: 'Cancelled',
  no_show: 'Missed',
};
const statusColor: Record<MeetingStatus, string> = {
  scheduled: 'blue',
  held: 'green',
  cancelled: 'gray',
  no_show: 'orange',
};

/** A scheduled meeting's badge tells whether it is still ahead, happening now, or over and waiting to be marked. */
function badgeLabel(meeting: Meeting, now = Date.now()): string {
  if (meeting.status !== 'scheduled') return statusLabel[meeting.status];
  const start = new Date(meeting.startsAt).getTime();
  if (now < start) return statusLabel.scheduled;
  return now < start + meeting.durationMinutes * 60_000 ? 'Happening now' : 'Did it happen?';
}

/** One meeting: when (in the reader's zone), where, what to do next, agenda, action items, rating and notes. */
export function MeetingCard({
  meeting,
  workspace,
  readOnly,
  actionItems,
  defaultExpanded,
  notes,
  onReschedule,
  onCancel,
  onMarked,
  takeFocus,
  onFocusTaken,
}: {
  meeting: Meeting;
  workspace: WorkspaceContext;
  readOnly: boolean;
  actionItems: ActionItem[];
  defaultExpanded: boolean;
  /** The meeting's notes (rendered for held meetings). */
  notes: ReactNode;
  onReschedule: () => void;
  onCancel: () => void;
  /** Marked held or missed: the panel moves the keyboard focus to the card where it lands. */
  onMarked: () => void;
  /** Move the focus to this card's title (once it has moved to the past meetings). */
  takeFocus: boolean;
  onFocusTaken: () => void;
}) {
  const action = useMeetingAction(workspace.relationshipId);
  const [expanded, setExpanded] = useState(defaultExpanded);
  const myZone = browserTimeZone();
  const showOrganiserZone = differentWallClock(meeting.startsAt, myZone, meeting.timeZone);
  const scheduled = meeting.status === 'scheduled';
  const detailsId = `meeting-details-${meeting.id}`;
  const headingId = `meeting-title-${meeting.id}`;

  // A meeting marked held or missed moves to the past ones, so this card unmounts before the mutation settles:
  // mutate()'s own callbacks would be dropped, a promise's are not.
  const mark = (kind: 'held' | 'no-show') =>
    action.mutateAsync({ kind, meetingId: meeting.id }).then(
      () => {
        notifications.show({
          color: 'trellis',
          message: kind === 'held' ? 'Marked as held. How was it? Rate it below.' : 'Marked as missed.',
        });
        onMarked();
      },
      (error) => notifications.show({ color: 'red', title: 'Not saved', message: errorMessage(error) }),
    );
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (!takeFocus) return;
    heading.current?.focus();
    heading.current?.scrollIntoView({ block: 'start' });
    onFocusTaken();
  }, [takeFocus, onFocusTaken]);
  const openItems = actionItems.filter((item) => !item.done).length;

  return (
    <Paper withBorder radius="md" p="md" component="article" aria-labelledby={headingId}>
      <Stack gap="xs">
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <div style={{ minWidth: 0 }}>
            <Group gap="xs">
              <Title
                order={3}
                size="h5"
                id={headingId}
                ref={heading}
                tabIndex={-1}
                td={meeting.status === 'cancelled' ? 'line-through' : undefined}
              >
                {meeting.title}
              </Title>
              <Badge
                {...(meeting.status === 'held'
                  ? { color: 'trellis', variant: 'filled' }
                  : { color: statusColor[meeting.status], c: 'dark.7', variant: 'light' })}
              >
                {badgeLabel(meeting)}
              </Badge>
            </Group>
            <Group gap={6} mt={4} wrap="nowrap">
              <IconCalendarTime size={16} aria-hidden="true" />
              <Text size="sm">
                {meetingDay(meeting.startsAt, myZone)}, {meetingHours(meeting, myZone)}
              </Text>
            </Group>
            {showOrganiserZone && (
              <Text size="xs" c="dimmed" ml={22}>
                {meetingDay(meeting.startsAt, meeting.timeZone)}, {meetingHours(meeting, meeting.timeZone)} in{' '}
                {meeting.timeZone.replace(/_/g, ' ')} ({meeting.organiser?.name ?? 'organiser'}’s time zone)
              </Text>
            )}
            {meeting.location && (
              <Group gap={6} mt={2} wrap="nowrap">
                <IconMapPin size={16} aria-hidden="true" />
                <Text size="sm">{meeting.location}</Text>
              </Group>
            )}
            {/* Only a meeting still to happen has a call to join: not one held, missed or cancelled, nor one left
                scheduled in a relationship that is over. */}
            {meeting.videoUrl && scheduled && !readOnly && (
              <Group gap={6} mt={2} wrap="nowrap">
                <IconVideo size={16} aria-hidden="true" />
                <Anchor href={meeting.videoUrl} target="_blank" rel="noopener noreferrer" size="sm">
                  Join the video call
                </Anchor>
              </Group>
            )}
            {meeting.organiser && (
              <Text size="xs" c="dimmed" mt={2}>
                Organised by{' '}
                {meeting.organiser.personId === workspace.me.personId ? 'you' : meeting.organiser.name}
              </Text>
            )}
          </div>
        </Group>

        <Group gap="xs">
          {meeting.status !== 'held' && meeting.status !== 'no_show' && (
            <Button
              component="a"
              href={meetingIcsUrl(meeting.id)}
              download
              size="xs"
              variant="default"
              leftSection={<IconCalendarDown size={14} aria-hidden="true" />}
            >
              {meeting.status === 'cancelled' ? 'Send cancellation to calendar' : 'Add to calendar'}
            </Button>
          )}
          {!readOnly && scheduled && (
            <>
              <Button size="xs" variant="default" onClick={onReschedule}>
                Reschedule
              </Button>
              <Button
                size="xs"
                variant="subtle"
                color="red"
                leftSection={<IconX size={14} aria-hidden="true" />}
                onClick={onCancel}
              >
                Cancel meeting
              </Button>
            </>
          )}
          {!readOnly && meeting.hasStarted && (scheduled || meeting.status === 'no_show') && (
            <Button
              size="xs"
              color="trellis"
              variant="light"
              leftSection={<IconCheck size={14} aria-hidden="true" />}
              loading={action.isPending}
              onClick={() => mark('held')}
            >
              Mark as held
            </Button>
          )}
          {!readOnly && meeting.hasStarted && scheduled && (
            <Button
              size="xs"
              variant="default"
              leftSection={<IconUserX size={14} aria-hidden="true" />}
              onClick={() => mark('no-show')}
            >
              Didn’t happen
            </Button>
          )}
        </Group>

        <Button
          variant="subtle"
          size="compact-sm"
          onClick={() => setExpanded((value) => !value)}
          aria-expanded={expanded}
          aria-controls={detailsId}
          rightSection={
            expanded ? (
              <IconChevronUp size={14} aria-hidden="true" />
            ) : (
              <IconChevronDown size={14} aria-hidden="true" />
            )
          }
          style={{ alignSelf: 'flex-start', maxWidth: '100%' }}
          // A long label wraps on a phone instead of pushing the page sideways.
          styles={{
            root: { height: 'auto', minHeight: 'var(--button-height)' },
            label: { whiteSpace: 'normal', textAlign: 'left' },
          }}
        >
          {expanded ? 'Hide details' : 'Agenda, action items'}
          {meeting.status === 'held' ? ', rating and notes' : ''}
          {!expanded && openItems > 0 ? ` (${openItems} open)` : ''}
        </Button>

        <Collapse in={expanded} id={detailsId}>
          <Stack gap="md" pt="xs">
            <div>
              <Title order={4} size="h6" mb={4}>
                Agenda
              </Title>
              <AgendaEditor meeting={meeting} workspace={workspace} editable={!readOnly && scheduled} />
            </div>
            <Divider />
            <div>
              <Title order={4} size="h6" mb={4}>
                Action items
              </Title>
              <ActionItemsList
                workspace={workspace}
                items={actionItems}
                meetingId={meeting.id}
                readOnly={readOnly || meeting.status === 'cancelled'}
                emptyText="No action items from this meeting yet."
              />
            </div>
            {meeting.status === 'held' && (
              <>
                <Divider />
                {/* Rating stays open after the relationship ends: the meeting happened. */}
                <MeetingRating meeting={meeting} relationshipId={workspace.relationshipId} />
                <Divider />
                <div>
                  <Title order={4} size="h6" mb={4}>
                    Notes
                  </Title>
                  {notes}
                </div>
              </>
            )}
          </Stack>
        </Collapse>
      </Stack>
    </Paper>
  );
}
