import {
  Alert,
  Anchor,
  Badge,
  Button,
  Checkbox,
  Group,
  Modal,
  Paper,
  SegmentedControl,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCalendarDown, IconCalendarPlus, IconMapPin, IconVideo } from '@tabler/icons-react';
import { useState } from 'react';
import type { GroupMeeting, GroupWorkspace } from '../../../../src/contracts/group-workspace.contracts.ts';
import { errorMessage } from '../../../lib/api.ts';
import { MeetingFormModal, type MeetingFormValues } from '../../meetings/components/meeting-form-modal.tsx';
import { MeetingRating } from '../../meetings/components/meeting-rating.tsx';
import { browserTimeZone, meetingDay, meetingHours } from '../../meetings/meeting-time.ts';
import { ConfirmModal } from '../../shell/components/confirm-modal.tsx';
import { EmptyState, ErrorState, LoadingState } from '../../shell/components/states.tsx';
import { groupMeetingIcsUrl, useGroupMeetingAction, useGroupMeetings } from '../api/group-workspace.api.ts';
import { badgeProps } from './group-labels.ts';

const statusBadge: Record<GroupMeeting['status'], { label: string; color: string }> = {
  scheduled: { label: 'Scheduled', color: 'blue' },
  held: { label: 'Held', color: 'green' },
  cancelled: { label: 'Cancelled', color: 'gray' },
};
const attendanceWords = {
  scheduled: 'not recorded yet',
  attended: 'came',
  absent: 'absent',
  cancelled: 'cancelled',
} as const;

function toInput(values: MeetingFormValues) {
  return {
    title: values.title,
    date: values.date,
    time: values.time,
    durationMinutes: values.durationMinutes,
    timeZone: values.timeZone,
    location: values.location.trim() || null,
    videoUrl: values.videoUrl.trim() || null,
    agenda: values.agenda,
  };
}

/** Who came: a checkbox per mentee invited (all ticked to start with); saving marks the meeting held. */
function AttendanceModal({
  meeting,
  workspace,
  onClose,
}: {
  meeting: GroupMeeting | null;
  workspace: GroupWorkspace;
  onClose: () => void;
}) {
  if (!meeting) return null;
  return (
    <Modal opened onClose={onClose} title={`Who came to “${meeting.title}”?`}>
      <AttendanceForm key={meeting.id} meeting={meeting} workspace={workspace} onClose={onClose} />
    </Modal>
  );
}

function AttendanceForm({
  meeting,
  workspace,
  onClose,
}: {
  meeting: GroupMeeting;
  workspace: GroupWorkspace;
  onClose: () => void;
}) {
  const action = useGroupMeetingAction(workspace.group.id);
  // Mentees still in the group (one who left is no longer asked about).
  const current = new Set(
    workspace.members.filter((m) => m.role === 'mentee' && m.status === 'active').map((m) => m.personId),
  );
  const lines = meeting.attendance.filter((line) => current.has(line.personId));
  const [came, setCame] = useState<string[]>(() =>
    lines.filter((line) => line.status !== 'absent').map((line) => line.personId),
  );
  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        action.mutate(
          {
            kind: 'attendance',
            meetingId: meeting.id,
            input: {
              attendance: lines.map((line) => ({
                personId: line.personId,
                attended: came.includes(line.personId),
              })),
            },
          },
          {
            onSuccess: () => {
              notifications.show({
                color: 'trellis',
                message: 'Attendance saved. Who came is asked to rate it.',
              });
              onClose();
            },
          },
        );
      }}
    >
      <Stack gap="md">
        <Checkbox.Group
          label="Tick each member who came"
          description="Those not ticked are recorded as absent."
          value={came}
          onChange={setCame}
        >
          <Stack gap="xs" mt="xs">
            {lines.map((line) => (
              <Checkbox key={line.personId} value={line.personId} label={line.name} />
            ))}
          </Stack>
        </Checkbox.Group>
        {action.isError && (
          <Alert color="red" variant="light" role="alert">
            {errorMessage(action.error)}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={action.isPending}>
            Save attendance
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function MeetingItem({
  meeting,
  workspace,
  onReschedule,
  onCancel,
  onAttendance,
}: {
  meeting: GroupMeeting;
  workspace: GroupWorkspace;
  onReschedule: () => void;
  onCancel: () => void;
  onAttendance: () => void;
}) {
  const zone = browserTimeZone();
  const leader = workspace.myRole !== 'mentee';
  const canChange = leader && !workspace.readOnly;
  const badge = statusBadge[meeting.status];
  const headingId = `group-meeting-${meeting.id}`;
  return (
    <Paper withBorder radius="md" p="md" component="article" aria-labelledby={headingId}>
      <Group justify="space-between" align="flex-start">
        <Stack gap={2}>
          <Group gap="xs">
            <Title order={3} size="h5" id={headingId}>
              {meeting.title}
            </Title>
            <Badge {...badgeProps(badge.color)} size="sm">
              {badge.label}
            </Badge>
          </Group>
          <Text size="sm">
            {meetingDay(meeting.startsAt, zone)} · {meetingHours(meeting, zone)}
          </Text>
          {meeting.location && (
            <Group gap={4}>
              <IconMapPin size={14} aria-hidden="true" />
              <Text size="sm">{meeting.location}</Text>
            </Group>
          )}
          {meeting.videoUrl && (
            <Group gap={4}>
              <IconVideo size={14} aria-hidden="true" />
              <Anchor href={meeting.videoUrl} size="sm" target="_blank" rel="noreferrer">
                Join the video call
              </Anchor>
            </Group>
          )}
        </Stack>
        <Group gap="xs">
          {meeting.status !== 'cancelled' && (
            <Button
              component="a"
              href={groupMeetingIcsUrl(workspace.group.id, meeting.id)}
              variant="subtle"
              size="xs"
              leftSection={<IconCalendarDown size={14} aria-hidden="true" />}
            >
              Add to calendar
            </Button>
          )}
          {canChange && meeting.status !== 'cancelled' && meeting.hasStarted && (
            <Button size="xs" onClick={onAttendance}>
              {meeting.status === 'held' ? 'Correct attendance' : 'Record attendance'}
            </Button>
          )}
          {canChange && meeting.status === 'scheduled' && !meeting.hasStarted && (
            <>
              <Button size="xs" variant="default" onClick={onReschedule}>
                Reschedule
              </Button>
              <Button size="xs" variant="subtle" color="red" onClick={onCancel}>
                Cancel meeting
              </Button>
            </>
          )}
        </Group>
      </Group>
      {meeting.attendance.length > 0 && meeting.status !== 'cancelled' && (
        <Stack gap={2} mt="sm">
          <Text size="sm" fw={500}>
            {leader ? 'Attendance' : 'Your attendance'}
          </Text>
          <Text size="sm" c="dimmed">
            {meeting.attendance.map((line) => `${line.name}: ${attendanceWords[line.status]}`).join(' · ')}
          </Text>
        </Stack>
      )}
      {meeting.agenda.trim() && (
        <Text size="sm" mt="sm" style={{ whiteSpace: 'pre-wrap' }}>
          {meeting.agenda}
        </Text>
      )}
      {workspace.myRole === 'mentee' &&
        meeting.myStatus === 'attended' &&
        meeting.myMeetingId &&
        workspace.myRelationshipId && (
          <Stack mt="sm">
            <MeetingRating
              meeting={{ id: meeting.myMeetingId, myFeedback: meeting.myFeedback, partnerHasRated: false }}
              relationshipId={workspace.myRelationshipId}
              others="group"
            />
          </Stack>
        )}
    </Paper>
  );
}

/** The group's meetings: the mentor schedules one for all, records who came; each member rates what they attended. */
export function GroupMeetingsPanel({ workspace }: { workspace: GroupWorkspace }) {
  const groupId = workspace.group.id;
  const [when, setWhen] = useState<'upcoming' | 'past'>('upcoming');
  const meetings = useGroupMeetings(groupId, when);
  const action = useGroupMeetingAction(groupId);
  const [form, setForm] = useState<{ meeting: GroupMeeting | null } | null>(null);
  const [cancelling, setCancelling] = useState<GroupMeeting | null>(null);
  const [attendance, setAttendance] = useState<GroupMeeting | null>(null);
  const canSchedule = workspace.myRole !== 'mentee' && !workspace.readOnly;

  return (
    <Stack gap="md">
      <Title order={2} size="h4">
        Group meetings
      </Title>
      <Group justify="space-between">
        <SegmentedControl
          aria-label="Which meetings"
          value={when}
          onChange={(value) => setWhen(value as 'upcoming' | 'past')}
          data={[
            { value: 'upcoming', label: 'Upcoming' },
            { value: 'past', label: 'Past' },
          ]}
        />
        {canSchedule && (
          <Button
            leftSection={<IconCalendarPlus size={16} aria-hidden="true" />}
            onClick={() => setForm({ meeting: null })}
          >
            Schedule a group meeting
          </Button>
        )}
      </Group>
      {meetings.isPending ? (
        <LoadingState label="Loading the meetings…" />
      ) : meetings.isError ? (
        <ErrorState error={meetings.error} onRetry={() => meetings.refetch()} />
      ) : meetings.data.items.length === 0 ? (
        <EmptyState
          title={when === 'upcoming' ? 'No meeting planned' : 'No past meetings yet'}
          description={
            canSchedule
              ? 'Schedule a meeting: everyone in the group gets one invitation for their calendar.'
              : 'The group’s mentor schedules its meetings; you get an invitation by email.'
          }
        />
      ) : (
        <Stack gap="sm">
          {meetings.data.items.map((meeting) => (
            <MeetingItem
              key={meeting.id}
              meeting={meeting}
              workspace={workspace}
              onReschedule={() => setForm({ meeting })}
              onCancel={() => setCancelling(meeting)}
              onAttendance={() => setAttendance(meeting)}
            />
          ))}
        </Stack>
      )}
      <MeetingFormModal
        opened={form !== null}
        meeting={form?.meeting ?? null}
        saving={action.isPending}
        error={action.error}
        onClose={() => {
          setForm(null);
          action.reset();
        }}
        onSubmit={(values) => {
          const editing = form?.meeting;
          action.mutate(
            editing
              ? { kind: 'update', meetingId: editing.id, input: toInput(values) }
              : { kind: 'create', input: toInput(values) },
            {
              onSuccess: () => {
                setForm(null);
                notifications.show({
                  color: 'trellis',
                  message: editing
                    ? 'Rescheduled. Everyone gets the updated invitation.'
                    : 'Scheduled. Everyone in the group gets an invitation.',
                });
              },
            },
          );
        }}
      />
      {cancelling && (
        <ConfirmModal
          title={`Cancel “${cancelling.title}”?`}
          confirmLabel="Cancel the meeting"
          cancelLabel="Keep it"
          focusCancel
          pending={action.isPending}
          onClose={() => setCancelling(null)}
          onConfirm={() =>
            action.mutate(
              { kind: 'cancel', meetingId: cancelling.id },
              {
                onSuccess: () => {
                  setCancelling(null);
                  notifications.show({
                    color: 'trellis',
                    message: 'Cancelled. Everyone’s calendar is updated.',
                  });
                },
                onError: (error) =>
                  notifications.show({ color: 'red', title: 'Not cancelled', message: errorMessage(error) }),
              },
            )
          }
        >
          <Text size="sm">
            Everyone in the group gets a cancellation that removes it from their calendar.
          </Text>
        </ConfirmModal>
      )}
      <AttendanceModal meeting={attendance} workspace={workspace} onClose={() => setAttendance(null)} />
    </Stack>
  );
}
