import { Group, Modal, Select, Stack, Tabs, Text, Textarea, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import {
  type ProgramResource,
  RESOURCE_BODY_MAX,
  type ResourceAudience,
  type ResourceKind,
} from '../../../../src/contracts/resources.contracts.ts';
import { resourceAudiences, resourceKinds } from '../../../../src/contracts/workspace-shapes.contracts.ts';
import { FormActions } from '../../../components/form-actions.tsx';
import { ApiError, errorMessage } from '../../../lib/api.ts';
import { resourceAudienceLabel, resourceKindSingular, useSaveResource } from '../api/resources.api.ts';
import { MarkdownView } from './markdown-view.tsx';

const audienceHelp: Record<ResourceAudience, string> = {
  both: 'Mentors and mentees see it',
  mentor: 'Only mentors see it',
  mentee: 'Only mentees see it',
};

/** Add or edit one resource of a program's library: Markdown with a preview, and/or a link. */
export function ResourceFormModal({
  programId,
  resource,
  initialKind = 'guide',
  onClose,
}: {
  programId: string;
  /** null: a new resource. */
  resource: ProgramResource | null;
  initialKind?: ResourceKind;
  onClose: () => void;
}) {
  const save = useSaveResource(programId);
  const [kind, setKind] = useState<ResourceKind>(resource?.kind ?? initialKind);
  const [title, setTitle] = useState(resource?.title ?? '');
  const [audience, setAudience] = useState<ResourceAudience>(
    resource?.audience ?? (initialKind === 'training' ? 'mentor' : 'both'),
  );
  const [body, setBody] = useState(resource?.body ?? '');
  const [url, setUrl] = useState(resource?.url ?? '');
  const [bodyTab, setBodyTab] = useState<string | null>('write');
  const [errors, setErrors] = useState<Record<string, string>>({});

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    const local: Record<string, string> = {};
    if (!title.trim()) local.title = 'Give the resource a title';
    if (!body.trim() && !url.trim()) local.body = 'Write something, or give a link below';
    if (url.trim() && !/^https?:\/\//i.test(url.trim()))
      local.url = 'Use a link starting with https:// or http://';
    setErrors(local);
    if (Object.keys(local).length > 0) return;
    const input = { kind, title: title.trim(), body, url: url.trim() || null, audience };
    save.mutate(
      { id: resource?.id ?? null, input },
      {
        onSuccess: (saved) => {
          notifications.show({
            color: 'trellis',
            message: resource ? `“${saved.title}” saved.` : `“${saved.title}” added to the library.`,
          });
          onClose();
        },
        onError: (error) => {
          if (error instanceof ApiError && error.issues.length > 0) setErrors(error.fieldErrors);
          else notifications.show({ color: 'red', title: 'Not saved', message: errorMessage(error) });
        },
      },
    );
  };

  return (
    <Modal
      opened
      onClose={onClose}
      size="xl"
      title={resource ? `Edit “${resource.title}”` : 'Add a resource'}
      closeOnClickOutside={false}
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <Group grow align="flex-start">
            <Select
              label="Kind"
              data={resourceKinds.map((value) => ({ value, label: resourceKindSingular[value] }))}
              value={kind}
              onChange={(value) => value && setKind(value as ResourceKind)}
              allowDeselect={false}
              error={errors.kind}
            />
            <Select
              label="Who sees it"
              data={resourceAudiences.map((value) => ({
                value,
                label: resourceAudienceLabel[value] ?? value,
              }))}
              value={audience}
              onChange={(value) => value && setAudience(value as ResourceAudience)}
              allowDeselect={false}
              description={audienceHelp[audience]}
              error={errors.audience}
            />
          </Group>
          <TextInput
            label="Title"
            required
            value={title}
            onChange={(event) => setTitle(event.currentTarget.value)}
            maxLength={200}
            error={errors.title}
            data-autofocus
          />
          <Stack gap={4}>
            <Text size="sm" fw={500} id="resource-body-label">
              Text
            </Text>
            <Text size="xs" c="dimmed">
              Markdown: **bold**, _italic_, lists with “-”, headings with “#”, links with [text](https://…).
            </Text>
            <Tabs value={bodyTab} onChange={setBodyTab} variant="outline">
              <Tabs.List>
                <Tabs.Tab value="write">Write</Tabs.Tab>
                <Tabs.Tab value="preview">Preview</Tabs.Tab>
              </Tabs.List>
              <Tabs.Panel value="write" pt="xs">
                <Textarea
                  aria-labelledby="resource-body-label"
                  value={body}
                  onChange={(event) => setBody(event.currentTarget.value)}
                  autosize
                  minRows={8}
                  maxRows={20}
                  maxLength={RESOURCE_BODY_MAX}
                  error={errors.body}
                  placeholder={
                    kind === 'prompt'
                      ? 'What would you attempt if you knew you could not fail?'
                      : '## Before your first meeting\n\n- Share what you hope to get out of the program\n- Agree how often you will meet'
                  }
                  styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
                />
              </Tabs.Panel>
              <Tabs.Panel value="preview" pt="xs">
                {body.trim() ? (
                  <div
                    style={{ border: '1px solid var(--mantine-color-gray-3)', borderRadius: 8, padding: 16 }}
                  >
                    <MarkdownView text={body} />
                  </div>
                ) : (
                  <Text size="sm" c="dimmed">
                    Nothing to preview yet.
                  </Text>
                )}
              </Tabs.Panel>
            </Tabs>
          </Stack>
          <TextInput
            label="Link"
            description="Optional: a video, a course or a page elsewhere (opens in a new tab)"
            placeholder="https://"
            type="url"
            value={url}
            onChange={(event) => setUrl(event.currentTarget.value)}
            error={errors.url}
          />
          <FormActions
            onCancel={onClose}
            submitLabel={resource ? 'Save' : 'Add to the library'}
            pending={save.isPending}
          />
        </Stack>
      </form>
    </Modal>
  );
}
