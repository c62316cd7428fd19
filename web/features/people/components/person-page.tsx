import {
  Anchor,
  Avatar,
  Badge,
  Breadcrumbs,
  Button,
  Group,
  List,
  Menu,
  Paper,
  SimpleGrid,
  Skeleton,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import {
  IconChevronDown,
  IconDownload,
  IconEdit,
  IconMail,
  IconPlayerPause,
  IconPlayerPlay,
  IconSend,
  IconTrash,
} from '@tabler/icons-react';
import { Link, useNavigate, useParams } from 'react-router';
import type { PersonDetail, PersonSummary } from '../../../../src/contracts/people.contracts.ts';
import { ApiError } from '../../../lib/api.ts';
import { formatDate, initials } from '../../../lib/format.ts';
import { usePageTitle } from '../../../lib/page-title.ts';
import { PersonCareerCard } from '../../people-imports/components/person-career.tsx';
import { PersonLeaversPanel } from '../../relationships/components/leavers-panel.tsx';
import { useMe } from '../../session/api/session.api.ts';
import { ConfirmModal } from '../../shell/components/confirm-modal.tsx';
import { EmptyState, ErrorState, FormError } from '../../shell/components/states.tsx';
import { usePerson, useSetPersonActive } from '../api/people.api.ts';
import { ErasePersonModal } from './erase-person-modal.tsx';
import { InvitePersonModal } from './invite-person-modal.tsx';
import { PersonEditModal } from './person-edit-modal.tsx';

export function PersonPage() {
  const { id = '' } = useParams();
  const person = usePerson(id);
  usePageTitle(person.data?.name ?? (person.isError ? 'Person not found' : 'Person'));

  if (person.isPending) return <PersonSkeleton />;
  if (person.isError) {
    if (person.error instanceof ApiError && (person.error.status === 404 || person.error.status === 400)) {
      return (
        <EmptyState
          order={1}
          title="This person is not in the directory"
          description="They may have been erased, or the link is wrong."
        >
          <Button component={Link} to="/people">
            Back to the directory
          </Button>
        </EmptyState>
      );
    }
    return <ErrorState error={person.error} onRetry={() => person.refetch()} />;
  }
  return <PersonView person={person.data} />;
}

function PersonSkeleton() {
  return (
    <Stack gap="lg" aria-busy="true" aria-label="Loading person">
      <Skeleton height={16} width={280} />
      <Paper withBorder p="xl">
        <Group>
          <Skeleton height={72} circle />
          <Stack gap="xs" style={{ flex: 1 }}>
            <Skeleton height={24} width="40%" />
            <Skeleton height={14} width="25%" />
          </Stack>
        </Group>
      </Paper>
      <Skeleton height={220} radius="lg" />
    </Stack>
  );
}

function PersonView({ person }: { person: PersonDetail }) {
  const me = useMe().data;
  const isAdmin = me?.role === 'admin';
  const isMe = me?.personId === person.id;
  const chainTopDown = [...person.managerChain].reverse();

  return (
    <Stack gap="lg">
      <Anchor component={Link} to="/people" size="sm" c="dimmed">
        ← Directory
      </Anchor>

      <Paper withBorder p={{ base: 'md', sm: 'xl' }}>
        <Group justify="space-between" align="flex-start" gap="lg">
          <Group gap="lg" align="flex-start" wrap="nowrap">
            <Avatar size={72} radius="xl" color="trellis" variant="filled">
              {initials(person.name)}
            </Avatar>
            <Stack gap={6}>
              <Group gap="xs">
                <Title order={1} size="h2">
                  {person.name}
                </Title>
                {isMe && (
                  <Badge variant="light" color="trellis">
                    You
                  </Badge>
                )}
                <StatusBadge status={person.status} />
              </Group>
              <Text size="md">
                {[person.title, person.department].filter(Boolean).join(' · ') || 'No title recorded'}
              </Text>
              <Group gap="xs">
                <IconMail size={16} aria-hidden="true" color="var(--mantine-color-dimmed)" />
                <Anchor href={`mailto:${person.email}`} size="sm">
                  {person.email}
                </Anchor>
                {isAdmin && (
                  <Badge variant="outline" color={person.hasAccount ? 'trellis' : 'gray'} size="sm">
                    {person.hasAccount ? 'Has a Trellis account' : 'No Trellis account'}
                  </Badge>
                )}
              </Group>
            </Stack>
          </Group>
          {isAdmin && <AdminActions person={person} />}
        </Group>
      </Paper>

      {isAdmin && person.status !== 'active' && (
        <PersonLeaversPanel personId={person.id} name={person.name} />
      )}

      <SimpleGrid cols={{ base: 1, md: 3 }} spacing="lg">
        <Paper
          withBorder
          p="lg"
          component="section"
          aria-labelledby="details-heading"
          style={{ gridColumn: 'span 2' }}
        >
          <Title order={2} size="h4" mb="md" id="details-heading">
            Details
          </Title>
          <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="md" verticalSpacing="md" component="dl" m={0}>
            <Detail label="Department" value={person.department} />
            <Detail label="Job function" value={person.jobFunction} />
            <Detail label="Level" value={person.level !== null ? `Level ${person.level}` : null} />
            <Detail label="Location" value={person.location} />
            <Detail label="Time zone" value={person.timeZone} />
            <Detail label="Languages" value={person.languages.length ? person.languages.join(', ') : null} />
            <Detail label="Hire date" value={person.hireDate ? formatDate(person.hireDate) : null} />
            <Detail label="Status" value={statusLabel(person.status)} />
            {isAdmin && <Detail label="HRIS ID" value={person.hrisId} />}
          </SimpleGrid>
        </Paper>

        <Stack gap="lg">
          <Paper withBorder p="lg" component="section" aria-labelledby="reporting-heading">
            <Title order={2} size="h4" mb="sm" id="reporting-heading">
              Reporting line
            </Title>
            {chainTopDown.length === 0 ? (
              <Text size="sm" c="dimmed">
                {person.name} has no manager recorded: they are at the top of the organisation.
              </Text>
            ) : (
              <nav aria-label="Reporting line">
                <Breadcrumbs
                  separator="›"
                  separatorMargin={6}
                  style={{ flexWrap: 'wrap', rowGap: 6 }}
                  data-testid="manager-chain"
                >
                  {chainTopDown.map((manager) => (
                    <Anchor key={manager.id} component={Link} to={`/people/${manager.id}`} size="sm">
                      {manager.name}
                    </Anchor>
                  ))}
                  <Text size="sm" fw={600} aria-current="page">
                    {person.name}
                  </Text>
                </Breadcrumbs>
              </nav>
            )}
            {person.manager && (
              <Text size="sm" mt="sm" c="dimmed">
                Reports to{' '}
                <Anchor component={Link} to={`/people/${person.manager.id}`} size="sm" underline="always">
                  {person.manager.name}
                </Anchor>
                {person.manager.title ? `, ${person.manager.title}` : ''}
              </Text>
            )}
          </Paper>

          <Paper withBorder p="lg" component="section" aria-labelledby="reports-heading">
            <Group justify="space-between" mb="sm">
              <Title order={2} size="h4" id="reports-heading">
                Direct reports
              </Title>
              <Badge variant="light" color="gray">
                {person.directReports.length}
              </Badge>
            </Group>
            {person.directReports.length === 0 ? (
              <Text size="sm" c="dimmed">
                No one reports to {person.name}.
              </Text>
            ) : (
              <Stack gap={10} component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
                {person.directReports.map((report) => (
                  <ReportItem key={report.id} person={report} />
                ))}
              </Stack>
            )}
          </Paper>
        </Stack>
      </SimpleGrid>
      {isAdmin && <PersonCareerCard personId={person.id} name={person.name} />}
    </Stack>
  );
}

function ReportItem({ person }: { person: PersonSummary }) {
  return (
    <Group component="li" gap="sm" wrap="nowrap">
      <Avatar size={32} radius="xl" color="gray" aria-hidden="true">
        {initials(person.name)}
      </Avatar>
      <Stack gap={0} style={{ minWidth: 0 }}>
        <Anchor component={Link} to={`/people/${person.id}`} size="sm" fw={600} truncate>
          {person.name}
        </Anchor>
        <Text size="xs" c="dimmed" truncate>
          {person.title ?? person.department ?? person.email}
        </Text>
      </Stack>
    </Group>
  );
}

function Detail({ label, value }: { label: string; value: string | null | undefined }) {
  return (
    <div>
      <Text component="dt" size="xs" c="dimmed" fw={600} tt="uppercase" style={{ letterSpacing: '0.04em' }}>
        {label}
      </Text>
      <Text component="dd" size="sm" m={0} mt={2}>
        {value || '—'}
      </Text>
    </div>
  );
}

function statusLabel(status: PersonDetail['status']): string {
  return status === 'active' ? 'Active' : status === 'inactive' ? 'Inactive (left or on leave)' : 'Erased';
}

function StatusBadge({ status }: { status: PersonDetail['status'] }) {
  if (status === 'active') return null;
  return (
    <Badge color={status === 'inactive' ? 'gray' : 'red'} variant="filled">
      {status === 'inactive' ? 'Inactive' : 'Erased'}
    </Badge>
  );
}

function AdminActions({ person }: { person: PersonDetail }) {
  const navigate = useNavigate();
  const [editOpened, edit] = useDisclosure(false);
  const [eraseOpened, erase] = useDisclosure(false);
  const [inviteOpened, invite] = useDisclosure(false);
  const [statusOpened, statusModal] = useDisclosure(false);
  const setActive = useSetPersonActive(person.id);
  const active = person.status === 'active';

  const toggleActive = () =>
    setActive.mutate(!active, {
      onSuccess: () => {
        statusModal.close();
        notifications.show({
          color: 'trellis',
          title: active ? 'Deactivated' : 'Reactivated',
          message: active
            ? `${person.name} is now inactive and hidden from the default directory.${person.hasAccount ? ' Their account is disabled and signed out.' : ''}`
            : `${person.name} is active again.${person.hasAccount ? ' Their account stays disabled until you re-enable it in Users.' : ''}`,
        });
      },
    });

  if (person.status === 'erased') return null;
  return (
    <>
      <Group gap="sm">
        <Button variant="default" leftSection={<IconEdit size={16} aria-hidden="true" />} onClick={edit.open}>
          Edit
        </Button>
        {!person.hasAccount && active && (
          <Button
            variant="light"
            leftSection={<IconSend size={16} aria-hidden="true" />}
            onClick={invite.open}
          >
            Invite to Trellis
          </Button>
        )}
        <Menu position="bottom-end" shadow="md" width={230}>
          <Menu.Target>
            <Button variant="default" rightSection={<IconChevronDown size={16} aria-hidden="true" />}>
              More
            </Button>
          </Menu.Target>
          <Menu.Dropdown>
            <Menu.Item
              component="a"
              href={`/api/people/${person.id}/export`}
              download={`${person.name.replace(/[^\w -]+/g, '')}.json`}
              leftSection={<IconDownload size={16} aria-hidden="true" />}
            >
              Export data (JSON)
            </Menu.Item>
            <Menu.Item
              leftSection={
                active ? (
                  <IconPlayerPause size={16} aria-hidden="true" />
                ) : (
                  <IconPlayerPlay size={16} aria-hidden="true" />
                )
              }
              onClick={() => {
                setActive.reset();
                statusModal.open();
              }}
            >
              {active ? 'Deactivate…' : 'Reactivate…'}
            </Menu.Item>
            <Menu.Divider />
            <Menu.Item
              color="red"
              leftSection={<IconTrash size={16} aria-hidden="true" />}
              onClick={erase.open}
            >
              Erase personal data…
            </Menu.Item>
          </Menu.Dropdown>
        </Menu>
      </Group>
      <ConfirmModal
        opened={statusOpened}
        onClose={statusModal.close}
        title={active ? `Deactivate ${person.name}?` : `Reactivate ${person.name}?`}
        confirmLabel={active ? 'Deactivate' : 'Reactivate'}
        confirmColor={active ? 'red' : 'trellis'}
        pending={setActive.isPending}
        onConfirm={toggleActive}
      >
        {active ? (
          <List size="sm" spacing={4}>
            <List.Item>They leave the default directory; their history stays.</List.Item>
            {person.hasAccount && (
              <List.Item>
                Their Trellis account is disabled and signed out everywhere at once. If they were an admin,
                they no longer are.
              </List.Item>
            )}
            <List.Item>
              Their open mentoring relationships are listed under “Left the organisation” for you to end.
            </List.Item>
          </List>
        ) : (
          <Text size="sm">
            {person.name} comes back to the directory.
            {person.hasAccount &&
              ' Their account stays disabled: re-enable it in Users if they need Trellis again. It comes back as a member account; give admin rights again there if they need them.'}
          </Text>
        )}
        <FormError error={setActive.error} />
      </ConfirmModal>
      <PersonEditModal person={person} opened={editOpened} onClose={edit.close} />
      <InvitePersonModal person={person} opened={inviteOpened} onClose={invite.close} />
      <ErasePersonModal
        person={person}
        opened={eraseOpened}
        onClose={erase.close}
        onErased={() => navigate('/people', { replace: true })}
      />
    </>
  );
}
