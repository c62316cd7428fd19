import {
  Alert,
  Anchor,
  Badge,
  Button,
  Grid,
  Group,
  Paper,
  Skeleton,
  Stack,
  Tabs,
  Text,
  Title,
  UnstyledButton,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import {
  IconCalendarEvent,
  IconCalendarX,
  IconClock,
  IconInbox,
  IconInfoCircle,
  IconLock,
  IconMail,
  IconPaperclip,
} from '@tabler/icons-react';
import { Fragment, type ReactNode, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import type {
  MailAttachment,
  MailMessage,
  MailSummary,
} from '../../../../src/contracts/mailbox.contracts.ts';
import { LabelledPagination } from '../../../components/labelled-pagination.tsx';
import { SearchInput } from '../../../components/search-input.tsx';
import { formatDateTime } from '../../../lib/format.ts';
import { PageHeader } from '../../shell/components/page-header.tsx';
import { EmptyState, ErrorState, ListState } from '../../shell/components/states.tsx';
import { useMailbox, useMailMessage } from '../api/mailbox.api.ts';

const kindLabels: Record<string, string> = {
  invitation: 'Invitation',
  'password-reset': 'Password reset',
  password_reset: 'Password reset',
  password_reset_notice: 'Password reset notice',
  password_changed: 'Password changed',
};

function kindLabel(kind: string): string {
  return kindLabels[kind] ?? kind.replace(/[-_]/g, ' ').replace(/^\w/, (letter) => letter.toUpperCase());
}

const statusColor: Record<MailSummary['status'], string> = {
  stored: 'gray',
  sent: 'trellis',
  pending: 'blue',
  failed: 'red',
};

export function MailboxPage() {
  const { id } = useParams();
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number(params.get('page')) || 1);
  const [to, setTo] = useState('');
  const [debouncedTo] = useDebouncedValue(to.trim(), 300);
  const mailbox = useMailbox({ page, to: debouncedTo || undefined });
  const data = mailbox.data;
  const search = params.toString() ? `?${params.toString()}` : '';

  return (
    <>
      <PageHeader title="Mailbox" description="Every email Trellis sends, kept here so nothing is lost." />
      <Alert
        color="blue"
        variant="light"
        icon={<IconInfoCircle aria-hidden="true" />}
        mb="lg"
        title="The built-in mailbox"
      >
        When no mail server (SMTP) is configured, Trellis keeps its emails — invitations, password resets,
        reminders — here instead of sending them; set <code>SMTP_URL</code> to send real email. One-time links
        are hidden here: only their recipient may use them. To give someone a link, use Resend invitation or
        Reset password on the{' '}
        <Anchor component={Link} to="/users">
          Team &amp; invitations
        </Anchor>{' '}
        page.
      </Alert>
      <ListState
        query={mailbox}
        isEmpty={(loaded) => loaded.total === 0 && !debouncedTo}
        empty={
          <EmptyState
            icon={<IconInbox size={30} />}
            title="No emails yet"
            description="Invitations and password resets will appear here as soon as Trellis sends them."
          />
        }
      >
        <Grid gutter="lg">
          <Grid.Col span={{ base: 12, md: 5 }}>
            <Paper
              withBorder
              component="section"
              aria-labelledby="messages-heading"
              style={{ overflow: 'hidden' }}
            >
              <Stack gap="xs" p="md" style={{ borderBottom: '1px solid var(--mantine-color-gray-3)' }}>
                <Title order={2} size="h5" id="messages-heading">
                  Messages {data ? `(${data.total})` : ''}
                </Title>
                <SearchInput
                  label="Filter by recipient"
                  placeholder="name@example.com"
                  value={to}
                  onSearch={(value) => {
                    setTo(value);
                    if (page !== 1) setParams({});
                  }}
                  size="sm"
                />
              </Stack>
              {!data ? (
                <Stack p="md" gap="sm">
                  {[0, 1, 2, 3].map((key) => (
                    <Skeleton key={key} height={48} />
                  ))}
                </Stack>
              ) : data.items.length === 0 ? (
                <Text size="sm" c="dimmed" p="md">
                  No message to this address.
                </Text>
              ) : (
                <Stack gap={0} component="ul" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
                  {data.items.map((mail) => (
                    <li key={mail.id}>
                      <MailListItem
                        mail={mail}
                        active={mail.id === id}
                        href={`/mailbox/${mail.id}${search}`}
                      />
                    </li>
                  ))}
                </Stack>
              )}
              {data && data.total > data.pageSize && (
                <Group justify="center" p="sm" style={{ borderTop: '1px solid var(--mantine-color-gray-3)' }}>
                  <LabelledPagination
                    size="sm"
                    total={Math.ceil(data.total / data.pageSize)}
                    value={page}
                    onChange={(next) => setParams(next === 1 ? {} : { page: String(next) })}
                  />
                </Group>
              )}
            </Paper>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 7 }}>
            {id ? (
              <MessageView id={id} />
            ) : (
              <Paper withBorder p="xl" h="100%" bg="gray.0">
                <Stack align="center" justify="center" gap="xs" mih={240} ta="center">
                  <IconMail size={36} stroke={1.4} aria-hidden="true" color="var(--mantine-color-dimmed)" />
                  <Text c="dimmed" size="sm">
                    Select a message to read it.
                  </Text>
                </Stack>
              </Paper>
            )}
          </Grid.Col>
        </Grid>
      </ListState>
    </>
  );
}

function MailListItem({ mail, active, href }: { mail: MailSummary; active: boolean; href: string }) {
  return (
    <UnstyledButton
      component={Link}
      to={href}
      aria-current={active ? 'true' : undefined}
      display="block"
      px="md"
      py="sm"
      style={{
        borderBottom: '1px solid var(--mantine-color-gray-2)',
        background: active ? 'var(--mantine-color-trellis-0)' : undefined,
        borderLeft: `3px solid ${active ? 'var(--mantine-color-trellis-7)' : 'transparent'}`,
      }}
    >
      <Group justify="space-between" wrap="nowrap" gap="xs">
        <Text size="sm" fw={600} truncate>
          {mail.subject}
        </Text>
        <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
          {formatDateTime(mail.createdAt)}
        </Text>
      </Group>
      <Group justify="space-between" wrap="nowrap" gap="xs" mt={2}>
        <Text size="xs" c="dimmed" truncate>
          To {mail.toAddress}
        </Text>
        <Group gap={4} wrap="nowrap">
          {mail.attachmentCount > 0 && (
            <IconPaperclip
              size={14}
              role="img"
              aria-label={mail.attachmentCount === 1 ? '1 attachment' : `${mail.attachmentCount} attachments`}
              color="var(--mantine-color-dimmed)"
            />
          )}
          {mail.linkHidden && (
            <Badge
              size="xs"
              variant="light"
              color="orange"
              leftSection={<IconLock size={10} aria-hidden="true" />}
            >
              Link hidden
            </Badge>
          )}
          <Badge size="xs" variant="light" color="gray">
            {kindLabel(mail.kind)}
          </Badge>
        </Group>
      </Group>
    </UnstyledButton>
  );
}

function MessageView({ id }: { id: string }) {
  const message = useMailMessage(id);
  if (message.isPending) return <Skeleton height={420} radius="lg" />;
  if (message.isError) return <ErrorState error={message.error} onRetry={() => message.refetch()} />;
  const mail = message.data;
  return (
    <Paper withBorder p="lg" component="article" aria-labelledby="message-subject">
      <Stack gap="xs" mb="md">
        <Title order={2} size="h4" id="message-subject">
          {mail.subject}
        </Title>
        <Group gap="xs">
          <Text size="sm">
            To <strong>{mail.toAddress}</strong>
          </Text>
          <Badge size="sm" variant="light" color={statusColor[mail.status]}>
            {mail.status === 'stored' ? 'Kept in mailbox' : mail.status}
          </Badge>
          <Badge size="sm" variant="outline" color="gray">
            {kindLabel(mail.kind)}
          </Badge>
        </Group>
        <Text size="xs" c="dimmed">
          {formatDateTime(mail.createdAt)}
          {mail.sentAt ? ` · sent ${formatDateTime(mail.sentAt)}` : ''}
        </Text>
        {mail.status === 'pending' && mail.notBefore && new Date(mail.notBefore) > new Date() && (
          <Group gap={6} wrap="nowrap">
            <IconClock size={14} aria-hidden="true" color="var(--mantine-color-blue-7)" />
            <Text size="xs">
              Held until {formatDateTime(mail.notBefore)}, within the recipient’s waking hours (08:00–20:00
              their time).
            </Text>
          </Group>
        )}
        {mail.lastError && (
          <Alert color="red" variant="light" title="Sending failed">
            {mail.lastError}
          </Alert>
        )}
      </Stack>
      {mail.linkHidden && (
        <Alert
          color="orange"
          variant="light"
          icon={<IconLock aria-hidden="true" />}
          title="Link hidden — only the recipient can use it"
          mb="md"
        >
          This email carries a one-time link meant for {mail.toAddress} alone, so it is not shown here. To
          give them a new link, use Resend invitation or Reset password on the{' '}
          <Anchor component={Link} to="/users">
            Team &amp; invitations
          </Anchor>{' '}
          page.
        </Alert>
      )}
      <MessageLinks message={mail} />
      <MessageExtras message={mail} />
      <Tabs defaultValue={mail.htmlBody ? 'html' : 'text'} keepMounted={false}>
        <Tabs.List mb="sm">
          {mail.htmlBody && <Tabs.Tab value="html">Formatted</Tabs.Tab>}
          <Tabs.Tab value="text">Plain text</Tabs.Tab>
        </Tabs.List>
        {mail.htmlBody && (
          <Tabs.Panel value="html">
            <EmailFrame key={mail.id} title={`Email: ${mail.subject}`} html={mail.htmlBody} />
          </Tabs.Panel>
        )}
        <Tabs.Panel value="text">
          <Paper withBorder p="md" bg="gray.0" radius="md">
            <pre className="mail-text">{linkify(mail.textBody)}</pre>
          </Paper>
        </Tabs.Panel>
      </Tabs>
    </Paper>
  );
}

/**
 * The email's HTML in a sandboxed frame: no script runs in it (no `allow-scripts`), so it can neither act nor reach
 * this page, and the app's content policy (no outside images) applies to it. `allow-same-origin` only lets this page
 * read the frame's height, so the whole email shows without a second scrollbar.
 */
function EmailFrame({ title, html }: { title: string; html: string }) {
  const [height, setHeight] = useState<number | null>(null);
  return (
    <iframe
      title={title}
      className="mail-frame"
      sandbox="allow-same-origin"
      srcDoc={html}
      style={height ? { height } : undefined}
      onLoad={(event) => {
        const document = event.currentTarget.contentDocument;
        if (document) setHeight(document.documentElement.scrollHeight + 2);
      }}
    />
  );
}

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  return `${(bytes / 1024).toFixed(bytes < 10_240 ? 1 : 0)} KB`;
}

function AttachmentLine({ file }: { file: MailAttachment }) {
  const cancel = file.calendarMethod === 'CANCEL';
  const Icon = file.calendarMethod ? (cancel ? IconCalendarX : IconCalendarEvent) : IconPaperclip;
  return (
    <Group gap="xs" wrap="nowrap">
      <Icon size={16} aria-hidden="true" style={{ flexShrink: 0 }} />
      <Text size="sm" fw={600} style={{ wordBreak: 'break-all' }}>
        {file.filename}
      </Text>
      <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
        {formatSize(file.size)}
      </Text>
      {file.calendarMethod && (
        <Badge size="sm" variant="light" color={cancel ? 'red' : 'trellis'} style={{ flexShrink: 0 }}>
          {cancel
            ? 'Cancels the event (CANCEL)'
            : file.calendarMethod === 'REQUEST'
              ? 'Calendar invitation (REQUEST)'
              : file.calendarMethod}
        </Badge>
      )}
    </Group>
  );
}

/** What went with the message besides its text: files (a meeting's calendar invitation) and headers of note. */
function MessageExtras({ message }: { message: MailMessage }) {
  if (message.attachments.length === 0 && message.headers.length === 0) return null;
  return (
    <Paper withBorder p="sm" mb="md" radius="md">
      {message.attachments.length > 0 && (
        <Stack gap={6} mb={message.headers.length > 0 ? 'sm' : 0}>
          <Text size="xs" fw={700} tt="uppercase" c="dimmed" style={{ letterSpacing: '0.04em' }}>
            {message.attachments.length === 1 ? 'Attachment' : 'Attachments'}
          </Text>
          {message.attachments.map((file) => (
            <AttachmentLine key={file.filename} file={file} />
          ))}
        </Stack>
      )}
      {message.headers.length > 0 && (
        <Stack gap={4}>
          <Text size="xs" fw={700} tt="uppercase" c="dimmed" style={{ letterSpacing: '0.04em' }}>
            Headers
          </Text>
          {message.headers.some((header) => header.name.toLowerCase() === 'list-unsubscribe') && (
            <Text size="xs" c="dimmed">
              Mail clients show an Unsubscribe button from these: one click stops this kind of email for the
              recipient.
            </Text>
          )}
          <dl className="mail-headers">
            {message.headers.map((header) => (
              <Fragment key={header.name}>
                <dt>{header.name}</dt>
                <dd>{header.value}</dd>
              </Fragment>
            ))}
          </dl>
        </Stack>
      )}
    </Paper>
  );
}

const urlPattern = /(https?:\/\/[^\s<>"')]+)/g;

function extractLinks(text: string): string[] {
  return [...new Set(text.match(urlPattern) ?? [])];
}

/** The links in an email (invitation, reset) as buttons: the reason an admin opens this mailbox. */
function MessageLinks({ message }: { message: MailMessage }) {
  const links = extractLinks(message.textBody);
  if (links.length === 0) return null;
  return (
    <Paper withBorder p="sm" mb="md" bg="trellis.0" radius="md">
      <Text size="xs" fw={700} tt="uppercase" c="trellis.9" mb={6} style={{ letterSpacing: '0.04em' }}>
        Links in this email
      </Text>
      <Stack gap={6}>
        {links.map((link) => {
          const local = toLocalPath(link);
          return (
            <Group key={link} gap="xs" wrap="nowrap">
              {local ? (
                <Button
                  component={Link}
                  to={local}
                  size="compact-sm"
                  variant="light"
                  style={{ flexShrink: 0 }}
                >
                  Open
                </Button>
              ) : null}
              <Anchor
                href={link}
                size="sm"
                style={{ wordBreak: 'break-all' }}
                target="_blank"
                rel="noreferrer"
              >
                {link}
              </Anchor>
            </Group>
          );
        })}
      </Stack>
    </Paper>
  );
}

function toLocalPath(link: string): string | null {
  try {
    const url = new URL(link);
    if (url.origin !== window.location.origin) return null;
    return `${url.pathname}${url.search}`;
  } catch {
    return null;
  }
}

function linkify(text: string): ReactNode[] {
  return text.split(urlPattern).map((part, index) =>
    index % 2 === 1 ? (
      // biome-ignore lint/suspicious/noArrayIndexKey: parts of one immutable string
      <Anchor key={index} href={part} target="_blank" rel="noreferrer">
        {part}
      </Anchor>
    ) : (
      // biome-ignore lint/suspicious/noArrayIndexKey: parts of one immutable string
      <Fragment key={index}>{part}</Fragment>
    ),
  );
}
