import {
  Group,
  Modal,
  NumberInput,
  Radio,
  Select,
  SimpleGrid,
  Stack,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useEffect, useState } from 'react';
import type { Goal, UpdateGoalInput } from '../../../../src/contracts/goals.contracts.ts';
import { type GoalStatus, goalStatuses } from '../../../../src/contracts/workspace-shapes.contracts.ts';
import { FormActions } from '../../../components/form-actions.tsx';
import { ApiError } from '../../../lib/api.ts';
import { goalStatusLabel, smartHelp } from './goal-labels.ts';

interface GoalFormValues {
  title: string;
  measurable: string;
  achievable: string;
  relevant: string;
  dueOn: string;
  progressMode: Goal['progressMode'];
  progressPercent: number;
  status: GoalStatus;
  milestones: string;
}

function initialValues(goal: Goal | null): GoalFormValues {
  return {
    title: goal?.title ?? '',
    measurable: goal?.measurable ?? '',
    achievable: goal?.achievable ?? '',
    relevant: goal?.relevant ?? '',
    dueOn: goal?.dueOn ?? '',
    progressMode: goal?.progressMode ?? 'milestones',
    progressPercent: goal?.progressPercent ?? 0,
    status: goal?.status ?? 'not_started',
    milestones: '',
  };
}

/** The request body for a new goal. */
export function createBody(values: GoalFormValues) {
  return {
    title: values.title,
    measurable: values.measurable,
    achievable: values.achievable,
    relevant: values.relevant,
    dueOn: values.dueOn || null,
    progressMode: values.progressMode,
    milestones: values.milestones
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean)
      .map((title) => ({ title })),
  };
}

/** The request body for an edit: every field, the percent only when progress is tracked by hand. */
export function updateBody(values: GoalFormValues): UpdateGoalInput {
  return {
    title: values.title,
    measurable: values.measurable,
    achievable: values.achievable,
    relevant: values.relevant,
    dueOn: values.dueOn || null,
    progressMode: values.progressMode,
    status: values.status,
    ...(values.progressMode === 'percent' ? { progressPercent: values.progressPercent } : {}),
  };
}

/** Add or edit a goal, with each SMART field explained in plain words. */
export function GoalFormModal({
  opened,
  goal,
  saving,
  error,
  onClose,
  onSubmit,
}: {
  opened: boolean;
  /** null: a new goal. */
  goal: Goal | null;
  saving: boolean;
  error: unknown;
  onClose: () => void;
  onSubmit: (values: GoalFormValues) => void;
}) {
  const [values, setValues] = useState<GoalFormValues>(() => initialValues(goal));
  // Fill the form when it opens (not when the goal is refetched meanwhile, which would lose what was typed).
  const goalId = goal?.id ?? null;
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset on open or on another goal only
  useEffect(() => {
    if (opened) setValues(initialValues(goal));
  }, [opened, goalId]);
  const errors = error instanceof ApiError ? error.fieldErrors : {};
  const set = <K extends keyof GoalFormValues>(key: K, value: GoalFormValues[K]) =>
    setValues((current) => ({ ...current, [key]: value }));

  return (
    <Modal opened={opened} onClose={onClose} title={goal ? 'Edit goal' : 'Add a SMART goal'} size="lg">
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          onSubmit(values);
        }}
      >
        <Stack gap="md">
          <TextInput
            label={smartHelp.specific.label}
            description={smartHelp.specific.hint}
            required
            data-autofocus
            value={values.title}
            onChange={(event) => set('title', event.currentTarget.value)}
            error={errors.title}
            maxLength={200}
          />
          <Textarea
            label={smartHelp.measurable.label}
            description={smartHelp.measurable.hint}
            autosize
            minRows={2}
            value={values.measurable}
            onChange={(event) => set('measurable', event.currentTarget.value)}
            error={errors.measurable}
          />
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
            <Textarea
              label={smartHelp.achievable.label}
              description={smartHelp.achievable.hint}
              autosize
              minRows={2}
              value={values.achievable}
              onChange={(event) => set('achievable', event.currentTarget.value)}
              error={errors.achievable}
            />
            <Textarea
              label={smartHelp.relevant.label}
              description={smartHelp.relevant.hint}
              autosize
              minRows={2}
              value={values.relevant}
              onChange={(event) => set('relevant', event.currentTarget.value)}
              error={errors.relevant}
            />
          </SimpleGrid>
          <TextInput
            type="date"
            label={smartHelp.timeBound.label}
            description={smartHelp.timeBound.hint}
            value={values.dueOn}
            onChange={(event) => set('dueOn', event.currentTarget.value)}
            error={errors.dueOn}
            maw={260}
          />
          <Radio.Group
            label="Track progress by"
            value={values.progressMode}
            onChange={(value) => set('progressMode', value as GoalFormValues['progressMode'])}
            error={errors.progressMode}
          >
            <Group gap="lg" mt={6}>
              <Radio value="milestones" label="Milestones reached" />
              <Radio value="percent" label="A percentage we set by hand" />
            </Group>
          </Radio.Group>
          {goal === null && values.progressMode === 'milestones' && (
            <Textarea
              label="First milestones (optional)"
              description="The steps on the way, one per line. You can add more later."
              autosize
              minRows={3}
              value={values.milestones}
              onChange={(event) => set('milestones', event.currentTarget.value)}
              error={errors.milestones}
            />
          )}
          {goal !== null && (
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
              <Select
                label="Status"
                data={goalStatuses.map((status) => ({ value: status, label: goalStatusLabel[status] }))}
                value={values.status}
                allowDeselect={false}
                onChange={(value) => value && set('status', value as GoalStatus)}
                error={errors.status}
              />
              {values.progressMode === 'percent' && (
                <NumberInput
                  label="Progress (%)"
                  min={0}
                  max={100}
                  clampBehavior="strict"
                  allowDecimal={false}
                  value={values.progressPercent}
                  onChange={(value) => set('progressPercent', typeof value === 'number' ? value : 0)}
                  error={errors.progressPercent}
                />
              )}
            </SimpleGrid>
          )}
          <FormActions
            onCancel={onClose}
            cancelDisabled={saving}
            submitLabel={goal ? 'Save goal' : 'Add goal'}
            pending={saving}
          />
        </Stack>
      </form>
    </Modal>
  );
}
