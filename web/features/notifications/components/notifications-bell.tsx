import './notifications.css';
import {
  ActionIcon,
  Button,
  Group,
  Indicator,
  Popover,
  ScrollArea,
  Stack,
  Text,
  UnstyledButton,
} from '@mantine/core';
import { IconBell, IconBellCog, IconBellOff, IconChecks } from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import type { Notification } from '../../../../src/contracts/notifications.contracts.ts';
import { formatDateTime } from '../../../lib/format.ts';
import { ErrorState, LoadingState } from '../../shell/components/states.tsx';
import { useMarkNotificationsRead, useNotifications } from '../api/notifications.api.ts';

/** The header bell: unread count, the latest notifications, mark one or all read. */
export function NotificationsBell() {
  const [opened, setOpened] = useState(false);
  const notifications = useNotifications();
  const markRead = useMarkNotificationsRead();
  const navigate = useNavigate();
  const unread = notifications.data?.unread ?? 0;
  const label = unread > 0 ? `Notifications, ${unread} unread` : 'Notifications';

  const open = (item: Notification) => {
    if (!item.readAt) markRead.mutate([item.id]);
    setOpened(false);
    if (item.link) navigate(item.link);
  };

  return (
    <Popover opened={opened} onChange={setOpened} position="bottom-end" width={360} shadow="md" trapFocus>
      <Indicator
        label={unread > 99 ? '99+' : unread}
        size={18}
        disabled={unread === 0}
        color="red"
        offset={6}
        zIndex={2}
      >
        <Popover.Target>
          <ActionIcon
            variant="subtle"
            color="gray"
            size="lg"
            radius="xl"
            aria-label={label}
            onClick={() => setOpened((value) => !value)}
            data-testid="notifications-bell"
          >
            <IconBell size={20} stroke={1.7} aria-hidden="true" />
          </ActionIcon>
        </Popover.Target>
      </Indicator>
      <Popover.Dropdown p={0} aria-label="Notifications">
        <Group
          justify="space-between"
          px="md"
          py="sm"
          style={{ borderBottom: '1px solid var(--mantine-color-gray-3)' }}
        >
          <Text fw={700} size="sm">
            Notifications
          </Text>
          <Button
            variant="subtle"
            size="compact-xs"
            leftSection={<IconChecks size={14} aria-hidden="true" />}
            disabled={unread === 0 || markRead.isPending}
            onClick={() => markRead.mutate(undefined)}
          >
            Mark all read
          </Button>
        </Group>
        {notifications.isPending ? (
          <LoadingState label="Loading notifications…" />
        ) : notifications.isError ? (
          <div style={{ padding: 12 }}>
            <ErrorState error={notifications.error} onRetry={() => notifications.refetch()} />
          </div>
        ) : notifications.data.items.length === 0 ? (
          <Stack align="center" gap={6} py="xl" px="md" ta="center">
            <IconBellOff size={28} aria-hidden="true" color="var(--mantine-color-gray-5)" />
            <Text size="sm" fw={600}>
              You are all caught up
            </Text>
            <Text size="xs" c="dimmed">
              Requests, matches and program news will appear here.
            </Text>
          </Stack>
        ) : (
          <ScrollArea.Autosize mah={420}>
            <ul className="notification-list">
              {notifications.data.items.map((item) => (
                <li key={item.id}>
                  <UnstyledButton
                    className="notification-item"
                    data-unread={item.readAt ? undefined : true}
                    onClick={() => open(item)}
                  >
                    <Group gap="sm" wrap="nowrap" align="flex-start">
                      <span className="notification-dot" aria-hidden="true" />
                      <Stack gap={2} style={{ minWidth: 0 }}>
                        <Text size="sm" fw={item.readAt ? 500 : 700}>
                          {item.title}
                          {!item.readAt && <span className="visually-hidden"> (unread)</span>}
                        </Text>
                        {item.body && (
                          <Text size="xs" c="dimmed" lineClamp={2}>
                            {item.body}
                          </Text>
                        )}
                        <Text size="xs" c="dimmed">
                          {formatDateTime(item.createdAt)}
                        </Text>
                      </Stack>
                    </Group>
                  </UnstyledButton>
                </li>
              ))}
            </ul>
          </ScrollArea.Autosize>
        )}
        <Group px="md" py={8} style={{ borderTop: '1px solid var(--mantine-color-gray-3)' }}>
          <Button
            component={Link}
            to="/account/notifications"
            variant="subtle"
            size="compact-xs"
            leftSection={<IconBellCog size={14} aria-hidden="true" />}
            onClick={() => setOpened(false)}
          >
            Email and notification settings
          </Button>
        </Group>
      </Popover.Dropdown>
    </Popover>
  );
}
