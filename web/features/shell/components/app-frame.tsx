import {
  AppShell,
  Avatar,
  Badge,
  Burger,
  Group,
  Menu,
  NavLink,
  ScrollArea,
  Stack,
  Text,
  Tooltip,
  UnstyledButton,
  VisuallyHidden,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import {
  IconAddressBook,
  IconBellCog,
  IconChartLine,
  IconChevronDown,
  IconFileImport,
  IconHeartHandshake,
  IconHome,
  IconLogout,
  IconMail,
  IconSettings,
  IconTargetArrow,
  IconUserCircle,
  IconUsersGroup,
} from '@tabler/icons-react';
import type { ComponentType } from 'react';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import type { Me } from '../../../../src/contracts/accounts.contracts.ts';
import { initials } from '../../../lib/format.ts';
import { NotificationsBell } from '../../notifications/components/notifications-bell.tsx';
import { useCoordinatesAnyProgram } from '../../programs/api/programs.api.ts';
import { useSignOut } from '../../session/api/session.api.ts';
import { Logo } from './logo.tsx';

interface NavItem {
  label: string;
  to: string;
  icon: ComponentType<{ size?: number; stroke?: number }>;
  /** Other paths that keep this item highlighted. */
  matches?: (pathname: string) => boolean;
}

/** Your mentoring profile (issue 13 §3), which links on to your directory entry: both keep the item lit. */
function myProfile(personId: string): NavItem {
  return {
    label: 'My profile',
    to: '/profile',
    icon: IconUserCircle,
    matches: (pathname) => pathname === '/profile' || pathname === `/people/${personId}`,
  };
}

function navItems(me: Me, coordinates: boolean): NavItem[] {
  const home: NavItem = { label: 'Home', to: '/', icon: IconHome, matches: (pathname) => pathname === '/' };
  const directory: NavItem = {
    label: 'Directory',
    to: '/people',
    icon: IconAddressBook,
    matches: (pathname) =>
      pathname.startsWith('/people') &&
      !(me.personId && pathname === `/people/${me.personId}` && me.role !== 'admin'),
  };
  const mentoring: NavItem = { label: 'Mentoring', to: '/mentoring', icon: IconHeartHandshake };
  if (me.role === 'admin') {
    return [
      home,
      directory,
      { label: 'Programs', to: '/programs', icon: IconTargetArrow },
      { label: 'Outcomes', to: '/outcomes', icon: IconChartLine },
      mentoring,
      { label: 'Import people', to: '/import', icon: IconFileImport },
      { label: 'Team & invitations', to: '/users', icon: IconUsersGroup },
      { label: 'Mailbox', to: '/mailbox', icon: IconMail },
      // An admin's own directory entry stays under Directory, where they manage everyone's.
      ...(me.personId
        ? [{ ...myProfile(me.personId), matches: (pathname: string) => pathname === '/profile' }]
        : []),
    ];
  }
  const items = [home, directory, mentoring];
  if (coordinates) {
    items.splice(
      2,
      0,
      { label: 'Programs', to: '/programs', icon: IconTargetArrow },
      { label: 'Outcomes', to: '/outcomes', icon: IconChartLine },
    );
  }
  if (me.personId) items.push(myProfile(me.personId));
  return items;
}

export function AppFrame({ me }: { me: Me }) {
  const [opened, { toggle, close }] = useDisclosure(false);
  const location = useLocation();
  const navigate = useNavigate();
  const signOut = useSignOut();
  const coordinates = useCoordinatesAnyProgram(me.role !== 'admin').data ?? false;
  const items = navItems(me, coordinates);

  const onSignOut = () => {
    signOut.mutate(undefined, { onSettled: () => navigate('/sign-in', { replace: true }) });
  };

  return (
    <AppShell
      header={{ height: 60 }}
      navbar={{ width: 248, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding={{ base: 'md', md: 'xl' }}
    >
      <a href="#main-content" className="skip-link">
        Skip to main content
      </a>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label={opened ? 'Close navigation' : 'Open navigation'}
            />
            <UnstyledButton component={Link} to="/" aria-label="Trellis home" className="logo-link">
              <Logo size={26} />
            </UnstyledButton>
            <Text c="gray.4" aria-hidden="true" visibleFrom="xs">
              /
            </Text>
            <Text fw={600} size="sm" truncate maw={260} visibleFrom="xs">
              {me.organisation.name}
            </Text>
            {me.organisation.isDemo && (
              <Tooltip label="Sample data for exploring Trellis. Nothing here is real.">
                <Badge color="orange" variant="filled" radius="sm" tabIndex={0}>
                  Demo
                </Badge>
              </Tooltip>
            )}
          </Group>
          <Group gap="xs" wrap="nowrap">
            <NotificationsBell />
            <Menu position="bottom-end" width={240} shadow="md">
              <Menu.Target>
                <UnstyledButton className="user-button">
                  <Group gap={8} wrap="nowrap">
                    <Avatar color="trellis" radius="xl" size={32} aria-hidden="true">
                      {initials(me.name)}
                    </Avatar>
                    <Stack gap={0} visibleFrom="sm">
                      <Text size="sm" fw={600} lh={1.2}>
                        {me.name}
                      </Text>
                      <Text size="xs" c="dimmed" lh={1.2}>
                        {me.role === 'admin' ? 'Administrator' : 'Member'}
                      </Text>
                    </Stack>
                    <IconChevronDown size={16} aria-hidden="true" />
                    <VisuallyHidden>{`${me.name}, account menu`}</VisuallyHidden>
                  </Group>
                </UnstyledButton>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Label>Signed in as {me.email}</Menu.Label>
                {me.personId && (
                  <Menu.Item
                    component={Link}
                    to="/profile"
                    leftSection={<IconUserCircle size={16} aria-hidden="true" />}
                  >
                    My profile
                  </Menu.Item>
                )}
                <Menu.Item
                  component={Link}
                  to="/account"
                  leftSection={<IconSettings size={16} aria-hidden="true" />}
                >
                  My account
                </Menu.Item>
                <Menu.Item
                  component={Link}
                  to="/account/notifications"
                  leftSection={<IconBellCog size={16} aria-hidden="true" />}
                >
                  Email and notifications
                </Menu.Item>
                <Menu.Item
                  color="red"
                  leftSection={<IconLogout size={16} aria-hidden="true" />}
                  onClick={onSignOut}
                  disabled={signOut.isPending}
                >
                  Sign out
                </Menu.Item>
              </Menu.Dropdown>
            </Menu>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="sm" aria-label="Main">
        <ScrollArea>
          <Stack gap={4}>
            {items.map((item) => {
              const active = item.matches
                ? item.matches(location.pathname)
                : location.pathname === item.to || location.pathname.startsWith(`${item.to}/`);
              const Icon = item.icon;
              return (
                <NavLink
                  key={item.to}
                  component={Link}
                  to={item.to}
                  label={item.label}
                  active={active}
                  aria-current={active ? 'page' : undefined}
                  leftSection={<Icon size={20} stroke={1.7} />}
                  onClick={close}
                  variant="light"
                  className="nav-link"
                />
              );
            })}
          </Stack>
        </ScrollArea>
      </AppShell.Navbar>
      <AppShell.Main id="main-content" tabIndex={-1} className="main-content">
        <div className="page-container">
          <Outlet />
        </div>
      </AppShell.Main>
    </AppShell>
  );
}
