import {
  Button,
  Group,
  Modal,
  NumberInput,
  Radio,
  Select,
  SimpleGrid,
  Stack,
  Stepper,
  Switch,
  TagsInput,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type FormEvent, useState } from 'react';
import { useNavigate } from 'react-router';
import {
  type MatchingMode,
  type MeetingCadence,
  matchingMode,
  meetingCadence,
  type Program,
  type ProgramInput,
  type ProgramType,
  programType,
} from '../../../../src/contracts/programs.contracts.ts';
import { useFormState } from '../../../lib/form-state.ts';
import { FormError } from '../../shell/components/states.tsx';
import { useCreateProgram, useSkills, useUpdateProgram } from '../api/programs.api.ts';
import {
  cadenceLabel,
  matchingModeDescription,
  matchingModeLabel,
  programTypeDescription,
  programTypeLabel,
} from './program-labels.ts';

interface Values extends Record<string, unknown> {
  name: string;
  description: string;
  goals: string;
  type: ProgramType;
  matchingMode: MatchingMode;
  startsOn: string;
  endsOn: string;
  enrolmentOpensOn: string;
  enrolmentClosesOn: string;
  meetingCadence: MeetingCadence;
  relationshipMonths: number;
  mentorDefaultCapacity: number;
  groupMinSize: number;
  groupMaxSize: number;
  flashCloseDays: number;
  requiresApproval: boolean;
  selfRatedSkills: string[];
}

function initialValues(program?: Program): Values {
  return {
    name: program?.name ?? '',
    description: program?.description ?? '',
    goals: program?.goals ?? '',
    type: program?.type ?? 'one_to_one',
    matchingMode: program?.matchingMode ?? 'admin',
    startsOn: program?.startsOn ?? '',
    endsOn: program?.endsOn ?? '',
    enrolmentOpensOn: program?.enrolmentOpensOn ?? '',
    enrolmentClosesOn: program?.enrolmentClosesOn ?? '',
    meetingCadence: program?.meetingCadence ?? 'fortnightly',
    relationshipMonths: program?.relationshipMonths ?? 6,
    mentorDefaultCapacity: program?.mentorDefaultCapacity ?? 2,
    groupMinSize: program?.groupMinSize ?? 3,
    groupMaxSize: program?.groupMaxSize ?? 8,
    flashCloseDays: program?.flashCloseDays ?? 7,
    requiresApproval: program?.requiresApproval ?? false,
    selfRatedSkills: program?.selfRatedSkills ?? [],
  };
}

const STEP_FIELDS: (keyof Values)[][] = [
  ['name', 'description', 'goals', 'type'],
  [
    'matchingMode',
    'mentorDefaultCapacity',
    'groupMinSize',
    'groupMaxSize',
    'flashCloseDays',
    'requiresApproval',
  ],
  [
    'startsOn',
    'endsOn',
    'enrolmentOpensOn',
    'enrolmentClosesOn',
    'meetingCadence',
    'relationshipMonths',
    'selfRatedSkills',
  ],
];

/** New program as a three-step wizard; editing shows the same fields in one form. */
export function ProgramFormModal({
  opened,
  onClose,
  program,
}: {
  opened: boolean;
  onClose: () => void;
  program?: Program;
}) {
  const editing = Boolean(program);
  const create = useCreateProgram();
  const update = useUpdateProgram(program?.id ?? '');
  const mutation = editing ? update : create;
  const form = useFormState<Values>(initialValues(program));
  const [step, setStep] = useState(0);
  const navigate = useNavigate();
  const skills = useSkills();

  const close = () => {
    form.setValues(initialValues(program));
    form.setErrors({});
    setStep(0);
    mutation.reset();
    onClose();
  };

  const toInput = (): ProgramInput => {
    const v = form.values;
    const date = (value: string) => value || null;
    return {
      name: v.name.trim(),
      description: v.description.trim(),
      goals: v.goals.trim(),
      type: v.type,
      matchingMode: v.matchingMode,
      startsOn: date(v.startsOn),
      endsOn: date(v.endsOn),
      enrolmentOpensOn: date(v.enrolmentOpensOn),
      enrolmentClosesOn: date(v.enrolmentClosesOn),
      meetingCadence: v.meetingCadence,
      relationshipMonths: v.relationshipMonths,
      mentorDefaultCapacity: v.mentorDefaultCapacity,
      groupMinSize: v.groupMinSize,
      groupMaxSize: v.groupMaxSize,
      flashCloseDays: v.flashCloseDays,
      requiresApproval: v.requiresApproval,
      selfRatedSkills: v.selfRatedSkills,
    };
  };

  const submit = () => {
    mutation.mutate(toInput(), {
      onSuccess: (saved) => {
        notifications.show({
          color: 'trellis',
          message: editing ? 'Program saved.' : `${saved.name} was created as a draft.`,
        });
        close();
        if (!editing) navigate(`/programs/${saved.id}`);
      },
      onError: (error) => {
        form.fail(error);
        // Go back to the first step that has a field error.
        const failing = STEP_FIELDS.findIndex((fields) =>
          fields.some((field) => (error as { fieldErrors?: Record<string, string> }).fieldErrors?.[field]),
        );
        if (!editing && failing >= 0) setStep(failing);
      },
    });
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (!editing && step < 2) {
      if (step === 0 && !form.values.name.trim()) {
        form.setErrors({ name: 'Give the program a name' });
        return;
      }
      setStep(step + 1);
      return;
    }
    submit();
  };

  const basics = (
    <Stack gap="md">
      <TextInput
        label="Name"
        required
        data-autofocus
        placeholder="e.g. Women in Engineering 2026"
        {...form.text('name')}
      />
      <Textarea
        label="Description"
        description="Shown to people deciding whether to join"
        autosize
        minRows={2}
        maxRows={6}
        {...form.text('description')}
      />
      <Textarea
        label="Goals of the program"
        description="What success looks like, for participants and for the organisation"
        autosize
        minRows={2}
        maxRows={6}
        {...form.text('goals')}
      />
      <Radio.Group
        label="Type"
        value={form.values.type}
        onChange={(value) => form.setField('type', value as ProgramType)}
        error={form.errors.type}
      >
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs" mt="xs">
          {programType.options.map((type) => (
            <Radio.Card key={type} value={type} radius="md" p="sm" className="choice-card">
              <Group wrap="nowrap" align="flex-start" gap="sm">
                <Radio.Indicator />
                <div>
                  <Text fw={600} size="sm">
                    {programTypeLabel[type]}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {programTypeDescription[type]}
                  </Text>
                </div>
              </Group>
            </Radio.Card>
          ))}
        </SimpleGrid>
      </Radio.Group>
    </Stack>
  );

  const matching = (
    <Stack gap="md">
      <Radio.Group
        label="Matching mode"
        value={form.values.matchingMode}
        onChange={(value) => form.setField('matchingMode', value as MatchingMode)}
        error={form.errors.matchingMode}
      >
        <Stack gap="xs" mt="xs">
          {matchingMode.options.map((mode) => (
            <Radio.Card key={mode} value={mode} radius="md" p="sm" className="choice-card">
              <Group wrap="nowrap" align="flex-start" gap="sm">
                <Radio.Indicator />
                <div>
                  <Text fw={600} size="sm">
                    {matchingModeLabel[mode]}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {matchingModeDescription[mode]}
                  </Text>
                </div>
              </Group>
            </Radio.Card>
          ))}
        </Stack>
      </Radio.Group>
      <NumberInput
        label="Mentor capacity"
        description="Mentees each mentor takes by default; mentors can change theirs when enrolling"
        min={1}
        max={20}
        value={form.values.mentorDefaultCapacity}
        onChange={(value) => form.setField('mentorDefaultCapacity', Number(value) || 1)}
        error={form.errors.mentorDefaultCapacity}
        w={{ base: '100%', sm: 320 }}
      />
      {form.values.type === 'group' && (
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md" maw={660}>
          <NumberInput
            label="Smallest group"
            description="Mentees a group needs before it forms"
            min={2}
            max={20}
            value={form.values.groupMinSize}
            onChange={(value) => form.setField('groupMinSize', Number(value) || 2)}
            error={form.errors.groupMinSize}
          />
          <NumberInput
            label="Largest group"
            description="Seats in each group"
            min={2}
            max={20}
            value={form.values.groupMaxSize}
            onChange={(value) => form.setField('groupMaxSize', Number(value) || 2)}
            error={form.errors.groupMaxSize}
          />
        </SimpleGrid>
      )}
      {form.values.type === 'flash' && (
        <NumberInput
          label="Days until a session closes itself"
          description="A flash session's relationship ends once both people gave feedback, or this many days after the session"
          min={1}
          max={60}
          value={form.values.flashCloseDays}
          onChange={(value) => form.setField('flashCloseDays', Number(value) || 1)}
          error={form.errors.flashCloseDays}
          w={{ base: '100%', sm: 320 }}
        />
      )}
      <Switch
        label="Enrolments need approval"
        description="You approve each mentor and mentee before they can be matched"
        checked={form.values.requiresApproval}
        onChange={(event) => form.setField('requiresApproval', event.currentTarget.checked)}
      />
    </Stack>
  );

  const schedule = (
    <Stack gap="md">
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
        <TextInput type="date" label="Enrolment opens" {...form.text('enrolmentOpensOn')} />
        <TextInput type="date" label="Enrolment closes" {...form.text('enrolmentClosesOn')} />
        <TextInput type="date" label="Program starts" {...form.text('startsOn')} />
        <TextInput type="date" label="Program ends" {...form.text('endsOn')} />
        <Select
          label="Expected meeting cadence"
          data={meetingCadence.options.map((value) => ({ value, label: cadenceLabel[value] }))}
          value={form.values.meetingCadence}
          onChange={(value) => value && form.setField('meetingCadence', value as MeetingCadence)}
          allowDeselect={false}
          error={form.errors.meetingCadence}
        />
        <NumberInput
          label="Relationship length (months)"
          min={1}
          max={36}
          value={form.values.relationshipMonths}
          onChange={(value) => form.setField('relationshipMonths', Number(value) || 1)}
          error={form.errors.relationshipMonths}
        />
      </SimpleGrid>
      <TagsInput
        label="Skills participants rate themselves on"
        description="At the check-in and again in the closing survey, each participant rates themselves from 1 to 5 on each skill, so you can see how they changed. Pick from your skills list or type your own; up to 8."
        data={(skills.data ?? []).map((skill) => skill.name)}
        value={form.values.selfRatedSkills}
        onChange={(value) => form.setField('selfRatedSkills', value)}
        maxTags={8}
        clearable
        splitChars={[',']}
        error={form.errors.selfRatedSkills}
      />
    </Stack>
  );

  return (
    <Modal
      opened={opened}
      onClose={close}
      title={editing ? 'Program settings' : 'New program'}
      size="xl"
      centered
    >
      <form onSubmit={onSubmit} noValidate>
        <Stack gap="lg">
          <FormError message={form.formError} />
          {editing ? (
            <>
              {basics}
              {matching}
              {schedule}
            </>
          ) : (
            <Stepper active={step} onStepClick={setStep} size="sm" allowNextStepsSelect={false}>
              <Stepper.Step label="Basics" description="Name and type">
                {basics}
              </Stepper.Step>
              <Stepper.Step label="Matching" description="Mode and capacity">
                {matching}
              </Stepper.Step>
              <Stepper.Step label="Schedule" description="Dates and cadence">
                {schedule}
              </Stepper.Step>
            </Stepper>
          )}
          <Group justify="space-between">
            <Button variant="default" onClick={!editing && step > 0 ? () => setStep(step - 1) : close}>
              {!editing && step > 0 ? 'Back' : 'Cancel'}
            </Button>
            <Button type="submit" loading={mutation.isPending}>
              {editing ? 'Save changes' : step < 2 ? 'Continue' : 'Create program'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
