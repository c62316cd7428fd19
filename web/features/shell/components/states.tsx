import {
  Alert,
  Button,
  Center,
  Group,
  Loader,
  Paper,
  Skeleton,
  Stack,
  Table,
  Text,
  ThemeIcon,
  Title,
} from '@mantine/core';
import { IconAlertTriangle, IconMoodEmpty } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { errorMessage } from '../../../lib/api.ts';

export function LoadingState({ label = 'Loading…' }: { label?: string }) {
  return (
    <Center py={64} role="status" aria-live="polite">
      <Stack align="center" gap="sm">
        <Loader size="md" aria-hidden="true" />
        <Text c="dimmed" size="sm">
          {label}
        </Text>
      </Stack>
    </Center>
  );
}

export function ErrorState({
  error,
  onRetry,
  title = 'This could not be loaded',
}: {
  error: unknown;
  onRetry?: () => void;
  title?: string;
}) {
  return (
    <Alert
      color="red"
      variant="light"
      title={title}
      icon={<IconAlertTriangle aria-hidden="true" />}
      role="alert"
    >
      <Stack gap="sm" align="flex-start">
        <Text size="sm">{errorMessage(error)}</Text>
        {onRetry && (
          <Button size="xs" variant="white" color="red" onClick={onRetry}>
            Try again
          </Button>
        )}
      </Stack>
    </Alert>
  );
}

/**
 * A form's error that concerns no one field, above the fields, from a message or a failed mutation's error;
 * nothing when there is none.
 */
export function FormError({ message, error }: { message?: string; error?: unknown }) {
  const text = message || (error ? errorMessage(error) : undefined);
  if (!text) return null;
  return (
    <Alert color="red" variant="light" role="alert">
      {text}
    </Alert>
  );
}

export function EmptyState({
  icon,
  title,
  description,
  children,
  order = 2,
}: {
  order?: 1 | 2 | 3;
  icon?: ReactNode;
  title: string;
  description?: ReactNode;
  children?: ReactNode;
}) {
  return (
    <Paper withBorder radius="lg" p={48} bg="gray.0" style={{ borderStyle: 'dashed' }}>
      <Stack align="center" gap="sm" maw={460} mx="auto" ta="center">
        <ThemeIcon size={56} radius="xl" variant="light" aria-hidden="true">
          {icon ?? <IconMoodEmpty size={30} />}
        </ThemeIcon>
        <Title order={order} size="h3">
          {title}
        </Title>
        {description && (
          <Text c="dimmed" size="sm">
            {description}
          </Text>
        )}
        {children && (
          <Group mt="sm" justify="center">
            {children}
          </Group>
        )}
      </Stack>
    </Paper>
  );
}

/** What a list needs to know of its query (a TanStack Query result fits). */
interface ListQuery<Data> {
  data: Data | undefined;
  isError: boolean;
  error: unknown;
  refetch: () => unknown;
}

/**
 * A list's states in one place: the error (with a retry), the empty message, or the list. Until the first data
 * arrives it shows `loading`, or without it the children (a table drawing `PlaceholderRows`); children given as a
 * function are called with the data once it is there. `inset` pads the error and the empty message when the list
 * sits in a panel under its own toolbar.
 */
export function ListState<Data>({
  query,
  empty,
  isEmpty = (data) => (data as { total?: number }).total === 0,
  loading,
  inset = false,
  errorTitle,
  children,
}: {
  query: ListQuery<Data>;
  empty: ReactNode;
  isEmpty?: (data: Data) => boolean;
  loading?: ReactNode;
  inset?: boolean;
  errorTitle?: string;
  children: ReactNode | ((data: Data) => ReactNode);
}) {
  const framed = (node: ReactNode) => (inset ? <div style={{ padding: 16 }}>{node}</div> : node);
  if (query.isError) {
    return framed(<ErrorState error={query.error} title={errorTitle} onRetry={() => query.refetch()} />);
  }
  if (query.data === undefined) {
    if (loading !== undefined) return loading;
    return typeof children === 'function' ? null : children;
  }
  if (isEmpty(query.data)) return framed(empty);
  return typeof children === 'function' ? children(query.data) : children;
}

/** Grey rows standing in a table's body while its first page loads. */
export function PlaceholderRows({
  rows,
  columns,
  height,
}: {
  rows: number;
  columns: number;
  height: number;
}) {
  return Array.from({ length: rows }, (_, row) => (
    // biome-ignore lint/suspicious/noArrayIndexKey: placeholders have no identity
    <Table.Tr key={row}>
      <Table.Td colSpan={columns}>
        <Skeleton height={height} />
      </Table.Td>
    </Table.Tr>
  ));
}
