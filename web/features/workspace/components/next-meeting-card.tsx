import { Anchor, Button, Stack, Text } from '@mantine/core';
import { IconCalendarEvent } from '@tabler/icons-react';
import { Link } from 'react-router';
import type { WorkspaceOverview } from '../../../../src/contracts/workspace.contracts.ts';
import { formatDate, formatDateTime, plural } from '../../../lib/format.ts';
import { OverviewCard, TabLink } from './overview-card.tsx';

const viewerZone = Intl.DateTimeFormat().resolvedOptions().timeZone;

function timeIn(iso: string, timeZone: string): string {
  try {
    return new Intl.DateTimeFormat(undefined, { timeStyle: 'short', timeZone }).format(new Date(iso));
  } catch {
    return '';
  }
}

/** The next meeting in both time zones, and how many were held. */
export function NextMeetingCard({ data, base }: { data: WorkspaceOverview; base: string }) {
  // Once the relationship ended, a meeting left scheduled will not happen: show only what was held.
  const next = data.readOnly ? null : data.meetings.next;
  const partnerZone = data.partner.timeZone;
  return (
    <OverviewCard
      id="next-meeting-heading"
      title={data.readOnly ? 'Meetings' : 'Next meeting'}
      icon={<IconCalendarEvent size={16} />}
      action={<TabLink to={`${base}/meetings`}>All meetings</TabLink>}
    >
      {next ? (
        <Stack gap={4}>
          <Text fw={600}>{next.title}</Text>
          <Text size="sm">
            {formatDateTime(next.startsAt)} · {next.durationMinutes} min
          </Text>
          <Text size="xs" c="dimmed">
            Your time ({viewerZone})
            {partnerZone && partnerZone !== viewerZone
              ? ` · ${timeIn(next.startsAt, partnerZone)} for ${data.partner.name.split(' ')[0]} (${partnerZone})`
              : ''}
          </Text>
          {next.videoUrl && (
            <Anchor href={next.videoUrl} target="_blank" rel="noopener noreferrer" size="sm">
              Join the video call
            </Anchor>
          )}
          {next.location && <Text size="sm">{next.location}</Text>}
        </Stack>
      ) : (
        <Text size="sm" c="dimmed">
          {data.readOnly ? 'The relationship has ended: no more meetings.' : 'Nothing planned yet.'}
        </Text>
      )}
      <Text size="sm" c="dimmed" mt="auto">
        {plural(data.meetings.heldCount, 'meeting')} held
        {data.meetings.lastHeldAt ? `, the last on ${formatDate(data.meetings.lastHeldAt)}` : ''}.
      </Text>
      {!next && !data.readOnly && (
        <Button component={Link} to={`${base}/meetings`} variant="light">
          Schedule a meeting
        </Button>
      )}
    </OverviewCard>
  );
}
