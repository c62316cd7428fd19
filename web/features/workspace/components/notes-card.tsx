import { Badge, Group, Paper, Stack, Text } from '@mantine/core';
import { IconLock, IconNotes } from '@tabler/icons-react';
import type { WorkspaceOverview } from '../../../../src/contracts/workspace.contracts.ts';
import { formatDateTime, plural } from '../../../lib/format.ts';
import { NoteMarkdown } from '../../notes/components/note-markdown.tsx';
import { OverviewCard, TabLink } from './overview-card.tsx';

/** The latest notes the reader may see, shared or their own private ones. */
export function NotesCard({ data, base }: { data: WorkspaceOverview; base: string }) {
  const n = data.notes;
  return (
    <OverviewCard
      id="notes-heading"
      title="Recent notes"
      icon={<IconNotes size={16} />}
      action={<TabLink to={`${base}/notes`}>All notes</TabLink>}
    >
      {n.recent.length === 0 ? (
        <Text size="sm" c="dimmed">
          No notes yet. Shared notes are for both of you; private notes are only ever yours.
        </Text>
      ) : (
        <>
          <Text size="sm" c="dimmed">
            {plural(n.sharedCount, 'shared note')} · {plural(n.myPrivateCount, 'private note')} of yours
          </Text>
          <Stack gap="sm" component="ul" className="plain-list">
            {n.recent.map((note) => (
              <li key={note.id}>
                <Paper bg="gray.0" p="sm" radius="sm">
                  <Group gap={6} mb={4}>
                    <Text size="xs" fw={600}>
                      {note.mine ? 'You' : note.author.name}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {formatDateTime(note.createdAt)}
                    </Text>
                    {note.visibility === 'private' && (
                      <Badge
                        size="xs"
                        color="gray"
                        variant="outline"
                        radius="sm"
                        tt="none"
                        leftSection={<IconLock size={10} aria-hidden="true" />}
                      >
                        Private
                      </Badge>
                    )}
                  </Group>
                  {/* Rendered like the note itself (no raw HTML), not shown as "**bold**" and "- item". */}
                  <NoteMarkdown text={note.truncated ? `${note.excerpt}…` : note.excerpt} />
                </Paper>
              </li>
            ))}
          </Stack>
        </>
      )}
    </OverviewCard>
  );
}
