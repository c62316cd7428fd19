import { Alert, Modal, NumberInput, Select, SimpleGrid, Stack, Textarea, TextInput } from '@mantine/core';
import { useEffect, useMemo, useState } from 'react';
import type { Meeting } from '../../../../src/contracts/meetings.contracts.ts';
import { FormActions } from '../../../components/form-actions.tsx';
import { ApiError, errorMessage } from '../../../lib/api.ts';
import { browserTimeZone, nextHourLocal, timeZoneOptions } from '../meeting-time.ts';

/** The form's fields, all given: a new meeting is sent as they are (a `CreateMeetingRequest`). */
export interface MeetingFormValues {
  title: string;
  date: string;
  time: string;
  durationMinutes: number;
  timeZone: string;
  location: string;
  videoUrl: string;
  agenda: string;
}

/** What the form reads of a meeting it reschedules (a pair's, or a group's meeting). */
export type MeetingFormSource = Pick<
  Meeting,
  'title' | 'localDate' | 'localTime' | 'durationMinutes' | 'timeZone' | 'location' | 'videoUrl' | 'agenda'
>;

function initialValues(meeting: MeetingFormSource | null): MeetingFormValues {
  if (meeting) {
    return {
      title: meeting.title,
      date: meeting.localDate,
      time: meeting.localTime,
      durationMinutes: meeting.durationMinutes,
      timeZone: meeting.timeZone,
      location: meeting.location ?? '',
      videoUrl: meeting.videoUrl ?? '',
      agenda: meeting.agenda,
    };
  }
  const next = nextHourLocal();
  return {
    title: '',
    date: next.date,
    time: next.time,
    durationMinutes: 45,
    timeZone: browserTimeZone(),
    location: '',
    videoUrl: '',
    agenda: '',
  };
}

/** Schedule a meeting, or reschedule one (date, time, duration, zone, place); the partner is told either way. */
export function MeetingFormModal({
  opened,
  meeting,
  saving,
  error,
  onClose,
  onSubmit,
}: {
  opened: boolean;
  /** null: a new meeting. */
  meeting: MeetingFormSource | null;
  saving: boolean;
  error: unknown;
  onClose: () => void;
  onSubmit: (values: MeetingFormValues) => void;
}) {
  const [values, setValues] = useState<MeetingFormValues>(() => initialValues(meeting));
  useEffect(() => {
    if (opened) setValues(initialValues(meeting));
  }, [opened, meeting]);
  const zones = useMemo(() => timeZoneOptions(values.timeZone), [values.timeZone]);
  const errors = error instanceof ApiError ? error.fieldErrors : {};
  const set = <K extends keyof MeetingFormValues>(key: K, value: MeetingFormValues[K]) =>
    setValues((current) => ({ ...current, [key]: value }));
  const otherError =
    error && !(error instanceof ApiError && error.issues.length > 0) ? errorMessage(error) : null;

  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={meeting ? 'Reschedule meeting' : 'Schedule a meeting'}
      size="lg"
    >
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          onSubmit(values);
        }}
      >
        <Stack gap="md">
          <TextInput
            label="Title"
            required
            data-autofocus
            maxLength={200}
            value={values.title}
            onChange={(event) => set('title', event.currentTarget.value)}
            error={errors.title}
            placeholder="e.g. Monthly check-in"
          />
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <TextInput
              type="date"
              label="Date"
              required
              value={values.date}
              onChange={(event) => set('date', event.currentTarget.value)}
              error={errors.date}
            />
            <TextInput
              type="time"
              label="Start time"
              required
              value={values.time}
              onChange={(event) => set('time', event.currentTarget.value.slice(0, 5))}
              error={errors.time}
            />
            <NumberInput
              label="Duration (minutes)"
              required
              min={15}
              max={480}
              step={15}
              value={values.durationMinutes}
              onChange={(value) =>
                set('durationMinutes', typeof value === 'number' ? value : Number(value) || 0)
              }
              error={errors.durationMinutes}
            />
          </SimpleGrid>
          <Select
            label="Time zone"
            description="The date and time above are in this zone. Your partner sees the meeting in their own time."
            searchable
            required
            allowDeselect={false}
            data={zones}
            value={values.timeZone}
            onChange={(value) => value && set('timeZone', value)}
            error={errors.timeZone}
            limit={50}
          />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput
              label="Place"
              description="A room or address (optional)"
              maxLength={300}
              value={values.location}
              onChange={(event) => set('location', event.currentTarget.value)}
              error={errors.location}
            />
            <TextInput
              type="url"
              label="Video link"
              description="https://… (optional)"
              maxLength={2000}
              value={values.videoUrl}
              onChange={(event) => set('videoUrl', event.currentTarget.value)}
              error={errors.videoUrl}
            />
          </SimpleGrid>
          {!meeting && (
            <Textarea
              label="Agenda"
              description="What you want to talk about (Markdown). You can add discussion prompts later."
              autosize
              minRows={3}
              maxRows={12}
              value={values.agenda}
              onChange={(event) => set('agenda', event.currentTarget.value)}
              error={errors.agenda}
            />
          )}
          {otherError && (
            <Alert color="red" variant="light" role="alert">
              {otherError}
            </Alert>
          )}
          <FormActions
            onCancel={onClose}
            submitLabel={meeting ? 'Save new time' : 'Schedule'}
            pending={saving}
          />
        </Stack>
      </form>
    </Modal>
  );
}
