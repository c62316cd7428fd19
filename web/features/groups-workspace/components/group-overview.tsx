import { Anchor, Badge, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import type { GroupWorkspace } from '../../../../src/contracts/group-workspace.contracts.ts';
import { PersonName } from '../../../components/person-name.tsx';
import { formatDate, formatDateTime } from '../../../lib/format.ts';
import { badgeProps, groupRoleLabel } from './group-labels.ts';

function Card({
  title,
  children,
  link,
}: {
  title: string;
  children: React.ReactNode;
  link?: { to: string; label: string };
}) {
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-label={title}>
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4">
          {title}
        </Title>
        {link && (
          <Anchor component={Link} to={link.to} size="sm">
            {link.label}
          </Anchor>
        )}
      </Group>
      {children}
    </Paper>
  );
}

const agreementWords = {
  draft: 'Not signed yet: read the draft and sign it.',
  awaiting_signatures: 'Waiting for signatures.',
  signed: 'Signed by everyone: in force.',
} as const;

/** The group at a glance: who is in it, the agreement, the next meeting, goals and the newest shared notes. */
export function GroupOverview({ workspace }: { workspace: GroupWorkspace }) {
  const base = `/groups/${workspace.group.id}`;
  const next = workspace.nextMeeting;
  return (
    <Stack gap="md">
      {workspace.group.description && <Text size="sm">{workspace.group.description}</Text>}
      <Card title="Members">
        <Stack gap="sm" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {workspace.members.map((member) => (
            <li key={member.personId}>
              <Group justify="space-between" wrap="nowrap">
                <PersonName
                  person={member}
                  badge={
                    <>
                      <Badge size="sm" {...badgeProps(member.role === 'mentee' ? 'blue' : 'grape')}>
                        {groupRoleLabel[member.role]}
                      </Badge>
                      {member.status === 'left' && (
                        <Badge size="sm" variant="outline" color="gray">
                          Left{member.leftAt ? ` ${formatDate(member.leftAt)}` : ''}
                        </Badge>
                      )}
                    </>
                  }
                />
              </Group>
            </li>
          ))}
        </Stack>
      </Card>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <Card title="Agreement" link={{ to: `${base}/agreement`, label: 'Open the agreement' }}>
          <Text size="sm">{agreementWords[workspace.agreement.status]}</Text>
          <Text size="sm" c="dimmed">
            {workspace.agreement.signed} of {workspace.agreement.of} members signed
            {workspace.agreement.version > 0 ? ` version ${workspace.agreement.version}` : ' the draft'}.
          </Text>
        </Card>
        <Card title="Next meeting" link={{ to: `${base}/meetings`, label: 'All meetings' }}>
          {next ? (
            <Stack gap={2}>
              <Text size="sm" fw={500}>
                {next.title}
              </Text>
              <Text size="sm">{formatDateTime(next.startsAt)}</Text>
              {next.location && (
                <Text size="sm" c="dimmed">
                  {next.location}
                </Text>
              )}
            </Stack>
          ) : (
            <Text size="sm" c="dimmed">
              No meeting planned.{' '}
              {workspace.myRole === 'mentee'
                ? 'Your mentor schedules the group’s meetings.'
                : 'Schedule one from the Meetings tab.'}
            </Text>
          )}
        </Card>
        <Card title="Group goals" link={{ to: `${base}/goals`, label: 'Goals and actions' }}>
          {workspace.goals.length === 0 ? (
            <Text size="sm" c="dimmed">
              No group goals yet.
            </Text>
          ) : (
            <Stack gap={4} component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
              {workspace.goals.slice(0, 5).map((goal) => (
                <Text key={goal.id} size="sm" component="li">
                  {goal.title} · {goal.progressPercent}%
                </Text>
              ))}
            </Stack>
          )}
        </Card>
        <Card title="Latest shared notes" link={{ to: `${base}/notes`, label: 'All notes' }}>
          {workspace.recentNotes.length === 0 ? (
            <Text size="sm" c="dimmed">
              No shared notes yet.
            </Text>
          ) : (
            <Stack gap={4} component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
              {workspace.recentNotes.map((note) => (
                <Text key={note.id} size="sm" component="li" lineClamp={1}>
                  {note.author.name}: {note.body}
                </Text>
              ))}
            </Stack>
          )}
        </Card>
      </SimpleGrid>
    </Stack>
  );
}
