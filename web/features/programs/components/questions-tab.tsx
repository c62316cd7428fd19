import {
  ActionIcon,
  Badge,
  Button,
  Group,
  Modal,
  Paper,
  Select,
  Stack,
  Switch,
  TagsInput,
  Text,
  Textarea,
  TextInput,
  Title,
  Tooltip,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowDown, IconArrowUp, IconForms, IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import {
  type Program,
  type Question,
  type QuestionAudience,
  type QuestionKind,
  questionAudience,
  questionKind,
} from '../../../../src/contracts/programs.contracts.ts';
import { FormActions } from '../../../components/form-actions.tsx';
import { errorMessage } from '../../../lib/api.ts';
import { useFormState } from '../../../lib/form-state.ts';
import { ConfirmModal } from '../../shell/components/confirm-modal.tsx';
import { EmptyState, FormError, ListState, LoadingState } from '../../shell/components/states.tsx';
import {
  useDeleteQuestion,
  useQuestions,
  useReorderQuestions,
  useSaveQuestion,
} from '../api/programs.api.ts';
import { audienceLabel, questionKindLabel } from './program-labels.ts';

const isChoice = (kind: QuestionKind) => kind === 'single_choice' || kind === 'multiple_choice';

export function QuestionsTab({ program }: { program: Program }) {
  const questions = useQuestions(program.id);
  const reorder = useReorderQuestions(program.id);
  const remove = useDeleteQuestion(program.id);
  const [editing, setEditing] = useState<Question | 'new' | null>(null);
  const [deleting, setDeleting] = useState<Question | null>(null);

  const move = (index: number, delta: number) => {
    const items = questions.data ?? [];
    const ids = items.map((question) => question.id);
    const target = index + delta;
    if (target < 0 || target >= ids.length) return;
    [ids[index], ids[target]] = [ids[target]!, ids[index]!];
    reorder.mutate(ids, {
      onError: (error) =>
        notifications.show({ color: 'red', title: 'Order not saved', message: errorMessage(error) }),
    });
  };

  const addButton = (
    <Button leftSection={<IconPlus size={18} aria-hidden="true" />} onClick={() => setEditing('new')}>
      Add a question
    </Button>
  );

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        <Stack gap={2}>
          <Title order={2} size="h3">
            Enrolment form
          </Title>
          <Text size="sm" c="dimmed" maw={680}>
            Everyone answers the profile questions (skills, goals, learning style…). Add your own here; a
            choice question can also feed matching, so mentors and mentees who answer alike score higher.
          </Text>
        </Stack>
        {(questions.data?.length ?? 0) > 0 && addButton}
      </Group>
      <ListState
        query={questions}
        loading={<LoadingState label="Loading the form…" />}
        isEmpty={(items) => items.length === 0}
        empty={
          <EmptyState
            icon={<IconForms size={30} />}
            title="No custom questions yet"
            description="The standard profile is enough to match people. Add questions for what is special about this program — a track, a region, a certification."
          >
            {addButton}
          </EmptyState>
        }
      >
        {(items) => (
          <Stack gap="sm" component="ol" className="plain-list" aria-label="Questions">
            {items.map((question, index) => (
              <Paper key={question.id} component="li" withBorder p="md">
                <Group justify="space-between" wrap="nowrap" align="flex-start" gap="md">
                  <Group wrap="nowrap" align="flex-start" gap="md" style={{ minWidth: 0 }}>
                    <Text fw={700} c="dimmed" size="sm" w={22} ta="right" aria-hidden="true">
                      {index + 1}.
                    </Text>
                    <Stack gap={6} style={{ minWidth: 0 }}>
                      <Text fw={600}>
                        {question.label}
                        {question.required && (
                          <Text component="span" c="red.9" aria-label="required">
                            {' '}
                            *
                          </Text>
                        )}
                      </Text>
                      {question.help && (
                        <Text size="sm" c="dimmed">
                          {question.help}
                        </Text>
                      )}
                      <Group gap={6}>
                        <Badge variant="light" color="gray" radius="sm" size="sm">
                          {questionKindLabel[question.kind]}
                        </Badge>
                        <Badge variant="light" color="blue" radius="sm" size="sm">
                          {audienceLabel[question.audience]}
                        </Badge>
                        {question.useInMatching && (
                          <Badge variant="light" color="trellis" radius="sm" size="sm">
                            Used in matching
                          </Badge>
                        )}
                      </Group>
                      {isChoice(question.kind) && question.options.length > 0 && (
                        <Text size="xs" c="dimmed">
                          Options: {question.options.join(' · ')}
                        </Text>
                      )}
                    </Stack>
                  </Group>
                  <Group gap={4} wrap="nowrap">
                    <Tooltip label="Move up">
                      <ActionIcon
                        variant="subtle"
                        color="gray"
                        aria-label={`Move “${question.label}” up`}
                        disabled={index === 0 || reorder.isPending}
                        onClick={() => move(index, -1)}
                      >
                        <IconArrowUp size={18} aria-hidden="true" />
                      </ActionIcon>
                    </Tooltip>
                    <Tooltip label="Move down">
                      <ActionIcon
                        variant="subtle"
                        color="gray"
                        aria-label={`Move “${question.label}” down`}
                        disabled={index === items.length - 1 || reorder.isPending}
                        onClick={() => move(index, 1)}
                      >
                        <IconArrowDown size={18} aria-hidden="true" />
                      </ActionIcon>
                    </Tooltip>
                    <Tooltip label="Edit">
                      <ActionIcon
                        variant="subtle"
                        color="gray"
                        aria-label={`Edit “${question.label}”`}
                        onClick={() => setEditing(question)}
                      >
                        <IconPencil size={18} aria-hidden="true" />
                      </ActionIcon>
                    </Tooltip>
                    <Tooltip label="Delete">
                      <ActionIcon
                        variant="subtle"
                        color="red"
                        aria-label={`Delete “${question.label}”`}
                        onClick={() => setDeleting(question)}
                      >
                        <IconTrash size={18} aria-hidden="true" />
                      </ActionIcon>
                    </Tooltip>
                  </Group>
                </Group>
              </Paper>
            ))}
          </Stack>
        )}
      </ListState>
      {editing && (
        <QuestionModal
          programId={program.id}
          question={editing === 'new' ? undefined : editing}
          onClose={() => setEditing(null)}
        />
      )}
      <ConfirmModal
        opened={deleting !== null}
        onClose={() => setDeleting(null)}
        title="Delete this question?"
        confirmLabel="Delete question"
        pending={remove.isPending}
        onConfirm={() =>
          deleting &&
          remove.mutate(deleting.id, {
            onSuccess: () => setDeleting(null),
            onError: (error) =>
              notifications.show({ color: 'red', title: 'Not deleted', message: errorMessage(error) }),
          })
        }
      >
        <Text size="sm">
          “{deleting?.label}” and everyone’s answers to it are removed. Matching stops using it.
        </Text>
      </ConfirmModal>
    </Stack>
  );
}

interface QuestionValues extends Record<string, unknown> {
  kind: QuestionKind;
  label: string;
  help: string;
  options: string[];
  required: boolean;
  useInMatching: boolean;
  audience: QuestionAudience;
}

function QuestionModal({
  programId,
  question,
  onClose,
}: {
  programId: string;
  question?: Question;
  onClose: () => void;
}) {
  const save = useSaveQuestion(programId);
  const form = useFormState<QuestionValues>({
    kind: question?.kind ?? 'single_choice',
    label: question?.label ?? '',
    help: question?.help ?? '',
    options: question?.options ?? [],
    required: question?.required ?? false,
    useInMatching: question?.useInMatching ?? false,
    audience: question?.audience ?? 'both',
  });
  const choice = isChoice(form.values.kind);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const v = form.values;
    save.mutate(
      {
        id: question?.id,
        kind: v.kind,
        label: v.label.trim(),
        help: v.help.trim() || null,
        options: choice || v.kind === 'scale' ? v.options : [],
        ...(v.kind === 'scale' && v.options.length === 0 ? { scale: { min: 1, max: 5 } } : {}),
        required: v.required,
        useInMatching: choice && v.useInMatching,
        audience: v.audience,
      },
      {
        onSuccess: () => {
          notifications.show({ color: 'trellis', message: question ? 'Question saved.' : 'Question added.' });
          onClose();
        },
        onError: form.fail,
      },
    );
  };

  return (
    <Modal opened onClose={onClose} title={question ? 'Edit question' : 'Add a question'} size="lg" centered>
      <form onSubmit={onSubmit} noValidate>
        <Stack gap="md">
          <FormError message={form.formError} />
          <Select
            label="Kind of answer"
            data={questionKind.options.map((value) => ({ value, label: questionKindLabel[value] }))}
            value={form.values.kind}
            onChange={(value) => value && form.setField('kind', value as QuestionKind)}
            allowDeselect={false}
            error={form.errors.kind}
          />
          <TextInput label="Question" required data-autofocus {...form.text('label')} />
          <Textarea
            label="Help text"
            description="Optional, shown under the question"
            autosize
            minRows={1}
            {...form.text('help')}
          />
          {(choice || form.values.kind === 'scale') && (
            <TagsInput
              label={choice ? 'Options' : 'Scale labels'}
              description={
                choice
                  ? 'Type an option and press Enter'
                  : 'Optional, lowest to highest (e.g. Beginner, Confident, Expert); empty means 1 to 5'
              }
              value={form.values.options}
              onChange={(value) => form.setField('options', value)}
              error={form.errors.options}
              clearable
            />
          )}
          <Select
            label="Asked of"
            data={questionAudience.options.map((value) => ({ value, label: audienceLabel[value] }))}
            value={form.values.audience}
            onChange={(value) => value && form.setField('audience', value as QuestionAudience)}
            allowDeselect={false}
            error={form.errors.audience}
          />
          <Switch
            label="Required"
            checked={form.values.required}
            onChange={(event) => form.setField('required', event.currentTarget.checked)}
          />
          <Switch
            label="Use in matching"
            description={
              choice
                ? 'Mentors and mentees with the same answer score higher (weight under Criteria › Custom answers)'
                : 'Only choice questions can feed matching'
            }
            disabled={!choice}
            checked={choice && form.values.useInMatching}
            onChange={(event) => form.setField('useInMatching', event.currentTarget.checked)}
          />
          <FormActions
            onCancel={onClose}
            submitLabel={question ? 'Save question' : 'Add question'}
            pending={save.isPending}
          />
        </Stack>
      </form>
    </Modal>
  );
}
