import {
  Avatar,
  Badge,
  Button,
  Group,
  Modal,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  Timeline,
  Title,
} from '@mantine/core';
import { IconArrowRight, IconHeartHandshake, IconHistory } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
import type { MyRelationship } from '../../../../src/contracts/relationships.contracts.ts';
import { formatDate, formatDateTime, initials } from '../../../lib/format.ts';
import { useMyGroups } from '../../groups/api/groups.api.ts';
import { MyGroupsSection } from '../../groups/components/my-groups-section.tsx';
import { EmptyState, ErrorState, LoadingState } from '../../shell/components/states.tsx';
import {
  originLabel,
  relationshipStatusLabel,
  useMyRelationships,
  useRelationship,
} from '../api/relationships.api.ts';
import { RelationshipStatusBadge } from './relationship-status-badge.tsx';

/** Relationships whose pair has a workspace: open now, or read-only after it ended. */
const WORKSPACE_STATUSES = new Set(['active', 'completed', 'ended_early']);

export function MyRelationshipsTab() {
  const relationships = useMyRelationships('all');
  const groups = useMyGroups('all');
  const [history, setHistory] = useState<string | null>(null);
  if (relationships.isPending) return <LoadingState label="Loading your relationships…" />;
  if (relationships.isError)
    return <ErrorState error={relationships.error} onRetry={() => relationships.refetch()} />;
  // A group's relationships show as the group (My groups below), not one card per member.
  const items = relationships.data.items.filter(
    (item) => (item.status !== 'proposed' || item.origin !== 'request') && !item.groupId,
  );
  const mentors = items.filter((item) => item.myRole === 'mentee');
  const mentees = items.filter((item) => item.myRole === 'mentor');
  if (items.length === 0 && !groups.data?.items.length) {
    return (
      <EmptyState
        icon={<IconHeartHandshake size={30} />}
        title="No mentor or mentee yet"
        description="When you are matched in a program, or a mentor accepts your request, they appear here."
      />
    );
  }
  const section = (id: string, title: string, list: MyRelationship[]) =>
    list.length > 0 && (
      <section aria-labelledby={id}>
        <Title order={2} size="h4" id={id} mb="sm">
          {title}
        </Title>
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md" component="ul" className="plain-list">
          {list.map((item) => (
            <li key={item.id}>
              <RelationshipCard relationship={item} onHistory={() => setHistory(item.id)} />
            </li>
          ))}
        </SimpleGrid>
      </section>
    );
  return (
    <Stack gap="xl">
      {section('my-mentors-heading', mentors.length === 1 ? 'My mentor' : 'My mentors', mentors)}
      {section('my-mentees-heading', mentees.length === 1 ? 'My mentee' : 'My mentees', mentees)}
      <MyGroupsSection />
      {history && <HistoryModal id={history} onClose={() => setHistory(null)} />}
    </Stack>
  );
}

function RelationshipCard({
  relationship,
  onHistory,
}: {
  relationship: MyRelationship;
  onHistory: () => void;
}) {
  const partner = relationship.partner;
  return (
    <Paper withBorder p="lg" h="100%" data-testid="relationship-card">
      <Stack gap="sm" h="100%">
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Avatar color="trellis" radius="xl" size={44} aria-hidden="true">
              {initials(partner.name)}
            </Avatar>
            <Stack gap={0}>
              <Title order={3} size="h5">
                <Link to={`/people/${partner.personId}`} className="row-link">
                  {partner.name}
                </Link>
              </Title>
              <Text size="xs" c="dimmed">
                {[partner.title, partner.department].filter(Boolean).join(' · ')}
              </Text>
            </Stack>
          </Group>
          <RelationshipStatusBadge status={relationship.status} />
        </Group>
        <Group gap={6}>
          <Badge variant="outline" color="gray" radius="sm" tt="none">
            {relationship.program.name}
          </Badge>
          {relationship.score !== null && (
            <Badge variant="light" color="gray" radius="sm" tt="none">
              Match {Math.round(relationship.score)}
            </Badge>
          )}
        </Group>
        <Group justify="space-between" mt="auto">
          <Text size="xs" c="dimmed">
            {relationship.startedAt
              ? `Since ${formatDate(relationship.startedAt)}`
              : `${originLabel[relationship.origin] ?? ''} · ${formatDate(relationship.createdAt)}`}
            {relationship.endedAt ? ` · ended ${formatDate(relationship.endedAt)}` : ''}
          </Text>
        </Group>
        <Group justify="space-between" gap="xs">
          <Button
            variant="subtle"
            size="compact-sm"
            leftSection={<IconHistory size={14} aria-hidden="true" />}
            onClick={onHistory}
            aria-label={`History with ${partner.name}`}
          >
            History
          </Button>
          {WORKSPACE_STATUSES.has(relationship.status) && (
            <Button
              component={Link}
              to={`/mentoring/relationships/${relationship.id}`}
              size="sm"
              variant={relationship.status === 'active' ? 'filled' : 'light'}
              rightSection={<IconArrowRight size={16} aria-hidden="true" />}
              aria-label={`Open workspace with ${partner.name}`}
            >
              Open workspace
            </Button>
          )}
        </Group>
      </Stack>
    </Paper>
  );
}

function HistoryModal({ id, onClose }: { id: string; onClose: () => void }) {
  const detail = useRelationship(id);
  return (
    <Modal opened onClose={onClose} title="History" centered>
      {detail.isPending ? (
        <LoadingState />
      ) : detail.isError ? (
        <ErrorState error={detail.error} onRetry={() => detail.refetch()} />
      ) : (
        <Stack>
          <Text size="sm">
            {detail.data.mentor.name} mentoring {detail.data.mentee.name} in {detail.data.program.name}
          </Text>
          <Timeline active={detail.data.events.length - 1} bulletSize={14} lineWidth={2}>
            {detail.data.events.map((event) => (
              <Timeline.Item key={event.id} title={relationshipStatusLabel[event.toStatus] ?? event.toStatus}>
                <Text size="xs" c="dimmed">
                  {formatDateTime(event.createdAt)}
                  {event.actorName ? ` · ${event.actorName}` : ''}
                </Text>
                {(event.reason || event.message) && <Text size="sm">{event.reason ?? event.message}</Text>}
              </Timeline.Item>
            ))}
          </Timeline>
        </Stack>
      )}
    </Modal>
  );
}
