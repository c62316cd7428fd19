import {
  Button,
  Checkbox,
  Group,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useEffect, useState } from 'react';
import ReactMarkdown from 'react-markdown';
import {
  type AgreementContent,
  communicationModes,
  meetingFrequencies,
} from '../../../../src/contracts/workspace-shapes.contracts.ts';
import { ApiError } from '../../../lib/api.ts';
import { formatDate } from '../../../lib/format.ts';

const meetingFrequencyLabels: Record<AgreementContent['meetingFrequency'], string> = {
  weekly: 'Every week',
  fortnightly: 'Every two weeks',
  monthly: 'Every month',
  as_needed: 'When either of us asks',
};

const communicationModeLabels: Record<AgreementContent['communicationModes'][number], string> = {
  video: 'Video call',
  in_person: 'In person',
  phone: 'Phone',
  chat: 'Chat',
  email: 'Email',
};

/** Field errors of an agreement form, from the API's `body.content.<field>` issues. */
function agreementFieldErrors(error: unknown): Partial<Record<keyof AgreementContent, string>> {
  if (!(error instanceof ApiError)) return {};
  const errors: Partial<Record<keyof AgreementContent, string>> = {};
  for (const issue of error.issues) {
    const field = issue.path.replace(/^content\./, '').split('.')[0] as keyof AgreementContent;
    errors[field] ??= issue.message.charAt(0).toUpperCase() + issue.message.slice(1);
  }
  return errors;
}

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <Stack gap={4}>
      <Title order={3} size="h5">
        {title}
      </Title>
      {children}
    </Stack>
  );
}

function Markdown({ text, empty }: { text: string; empty: string }) {
  if (!text.trim()) {
    return (
      <Text size="sm" c="dimmed">
        {empty}
      </Text>
    );
  }
  return (
    <div className="agreement-markdown" style={{ fontSize: 'var(--mantine-font-size-sm)' }}>
      <ReactMarkdown>{text}</ReactMarkdown>
    </div>
  );
}

/** The agreement as the pair reads it. */
export function AgreementView({
  content,
  showEndDate = true,
}: {
  content: AgreementContent;
  showEndDate?: boolean;
}) {
  return (
    <Stack gap="md">
      <Section title="Our goals">
        <Markdown text={content.goals} empty="No goals written yet." />
      </Section>
      <SimpleGrid cols={{ base: 1, sm: showEndDate ? 3 : 2 }} spacing="md">
        <Section title="How often we meet">
          <Text size="sm">{meetingFrequencyLabels[content.meetingFrequency]}</Text>
        </Section>
        <Section title="How we talk">
          <Text size="sm">
            {content.communicationModes.length === 0
              ? 'Not agreed yet'
              : content.communicationModes.map((mode) => communicationModeLabels[mode]).join(', ')}
          </Text>
        </Section>
        {showEndDate && (
          <Section title="Ends on">
            <Text size="sm">{content.endDate ? formatDate(content.endDate) : 'No end date'}</Text>
          </Section>
        )}
      </SimpleGrid>
      <Section title="Confidentiality">
        <Markdown text={content.confidentiality} empty="Nothing agreed yet." />
      </Section>
      <Section title="Ground rules">
        <Markdown text={content.groundRules} empty="No ground rules yet." />
      </Section>
    </Stack>
  );
}

/** Edit an agreement (a pair's, or a program's template when `template` is set: no end date there). */
export function AgreementForm({
  initial,
  template = false,
  error,
  saving,
  submitLabel,
  onSubmit,
  onCancel,
  cancelLabel = 'Cancel',
}: {
  initial: AgreementContent;
  template?: boolean;
  error: unknown;
  saving: boolean;
  submitLabel: string;
  onSubmit: (content: AgreementContent) => void;
  onCancel?: () => void;
  cancelLabel?: string;
}) {
  const [value, setValue] = useState<AgreementContent>(initial);
  useEffect(() => setValue(initial), [initial]);
  const errors = agreementFieldErrors(error);
  const set = <K extends keyof AgreementContent>(key: K, next: AgreementContent[K]) =>
    setValue((current) => ({ ...current, [key]: next }));

  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        onSubmit(value);
      }}
      noValidate
    >
      <Stack gap="md">
        <Textarea
          label="Goals"
          description="What the mentee wants to get out of the relationship. Markdown works (lists, bold)."
          autosize
          minRows={3}
          maxRows={12}
          value={value.goals}
          onChange={(event) => set('goals', event.currentTarget.value)}
          error={errors.goals}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          <Select
            label="How often we meet"
            data={meetingFrequencies.map((frequency) => ({
              value: frequency,
              label: meetingFrequencyLabels[frequency],
            }))}
            value={value.meetingFrequency}
            allowDeselect={false}
            onChange={(next) => next && set('meetingFrequency', next as AgreementContent['meetingFrequency'])}
            error={errors.meetingFrequency}
          />
          {!template && (
            <TextInput
              type="date"
              label="End date"
              description="When the relationship is planned to end."
              value={value.endDate ?? ''}
              onChange={(event) => set('endDate', event.currentTarget.value || null)}
              error={errors.endDate}
            />
          )}
        </SimpleGrid>
        <Checkbox.Group
          label="How we talk"
          description="Pick every way you are happy to use."
          value={value.communicationModes}
          onChange={(next) => set('communicationModes', next as AgreementContent['communicationModes'])}
          error={errors.communicationModes}
        >
          <Group gap="lg" mt={6}>
            {communicationModes.map((mode) => (
              <Checkbox key={mode} value={mode} label={communicationModeLabels[mode]} />
            ))}
          </Group>
        </Checkbox.Group>
        <Textarea
          label="Confidentiality"
          description="What stays between you, and when something may be shared."
          autosize
          minRows={2}
          maxRows={10}
          value={value.confidentiality}
          onChange={(event) => set('confidentiality', event.currentTarget.value)}
          error={errors.confidentiality}
        />
        <Textarea
          label="Ground rules"
          description="How you work together: preparation, rescheduling, feedback. One per line as a “- ” list reads well."
          autosize
          minRows={4}
          maxRows={14}
          value={value.groundRules}
          onChange={(event) => set('groundRules', event.currentTarget.value)}
          error={errors.groundRules}
        />
        <Group justify="flex-end">
          {onCancel && (
            <Button variant="default" onClick={onCancel} disabled={saving}>
              {cancelLabel}
            </Button>
          )}
          <Button type="submit" loading={saving}>
            {submitLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function AgreementCard({ children, label }: { children: React.ReactNode; label: string }) {
  return (
    <Paper withBorder p="lg" component="section" aria-label={label}>
      {children}
    </Paper>
  );
}
