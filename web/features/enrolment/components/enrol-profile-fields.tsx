import {
  MultiSelect,
  NumberInput,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  TagsInput,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import type { EnrolmentProfile, EnrolmentRole } from '../../../../src/contracts/enrolments.contracts.ts';
import type { Skill } from '../../../../src/contracts/skills.contracts.ts';
import { LabelledSegmentedControl } from '../../../components/labelled-segmented-control.tsx';
import type { FormState } from '../../../lib/form-state.ts';
import type { ProfileValues } from './enrol-form-values.ts';

export const learningStyles: { value: NonNullable<EnrolmentProfile['learningStyle']>; label: string }[] = [
  { value: 'visual', label: 'Visual — diagrams, demos' },
  { value: 'auditory', label: 'Auditory — talking it through' },
  { value: 'reading', label: 'Reading — notes and articles' },
  { value: 'kinesthetic', label: 'Hands-on — doing it together' },
];
export const meetingModes: { value: NonNullable<EnrolmentProfile['meetingMode']>; label: string }[] = [
  { value: 'video', label: 'Video call' },
  { value: 'in_person', label: 'In person' },
  { value: 'phone', label: 'Phone' },
  { value: 'chat', label: 'Chat' },
  { value: 'any', label: 'No preference' },
];
export const languages = [
  'English',
  'French',
  'German',
  'Spanish',
  'Portuguese',
  'Italian',
  'Dutch',
  'Polish',
  'Mandarin',
  'Hindi',
  'Japanese',
];

/** "Your profile": what matching reads — skills, goals, how the person learns and meets, languages, capacity. */
export function EnrolProfileFields({
  form,
  role,
  skills,
  suggestedCapacity,
}: {
  form: FormState<ProfileValues>;
  role: EnrolmentRole;
  /** The organisation's skills vocabulary (undefined while it loads). */
  skills: Skill[] | undefined;
  suggestedCapacity: number;
}) {
  return (
    <Paper withBorder p="lg" component="section" aria-labelledby="profile-heading">
      <Title order={2} size="h4" id="profile-heading" mb="md">
        Your profile
      </Title>
      <Stack gap="md">
        <MultiSelect
          label={role === 'mentor' ? 'Skills you can help with' : 'Skills you want to develop'}
          description="Choose from your organisation’s list"
          data={(skills ?? []).map((skill) => ({ value: skill.name, label: skill.name }))}
          value={form.values.skills}
          onChange={(value) => form.setField('skills', value)}
          error={form.errors.profile}
          searchable
          clearable
          maxValues={30}
          nothingFoundMessage="No such skill — describe it below"
        />
        <TextInput
          label="Anything else about skills"
          description="Optional, in your own words"
          {...form.text('skillsNote')}
        />
        <Textarea
          label={role === 'mentor' ? 'What you can help with' : 'Your career goals'}
          description={
            role === 'mentor'
              ? 'Experiences, transitions, areas you know well'
              : 'Where you want to be in one to three years, and what is in the way'
          }
          autosize
          minRows={3}
          {...form.text('goals')}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          {role === 'mentee' && (
            <TextInput
              label="Job function you aim for"
              placeholder="e.g. Product management"
              {...form.text('targetFunction')}
            />
          )}
          <Select
            label="How you learn best"
            placeholder="Choose a style"
            data={learningStyles}
            value={form.values.learningStyle}
            onChange={(value) => form.setField('learningStyle', value)}
            clearable
          />
          <Select
            label="Preferred way to meet"
            placeholder="Choose a way to meet"
            data={meetingModes}
            value={form.values.meetingMode}
            onChange={(value) => form.setField('meetingMode', value)}
            clearable
          />
          <TagsInput
            label="Languages"
            data={languages}
            value={form.values.languages}
            onChange={(value) => form.setField('languages', value)}
            clearable
          />
          {role === 'mentor' && (
            <NumberInput
              label="Mentees you can take"
              description={`The program suggests ${suggestedCapacity}`}
              min={1}
              max={20}
              value={form.values.capacity}
              onChange={(value) => form.setField('capacity', Number(value) || 1)}
            />
          )}
          <TextInput
            label="Availability"
            placeholder="e.g. Tuesday and Thursday afternoons"
            {...form.text('availability')}
          />
        </SimpleGrid>
        {role === 'mentee' && (
          <LabelledSegmentedControl
            labelId="department-label"
            label="A mentor from"
            value={form.values.departmentPreference}
            onChange={(value) =>
              form.setField('departmentPreference', value as ProfileValues['departmentPreference'])
            }
            data={[
              { value: 'any', label: 'Any department' },
              { value: 'same', label: 'My department' },
              { value: 'different', label: 'Another department' },
            ]}
            w="fit-content"
          />
        )}
      </Stack>
    </Paper>
  );
}
