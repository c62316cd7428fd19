import {
  MultiSelect,
  NumberInput,
  Paper,
  Select,
  TagsInput,
  Text,
  Textarea,
  TextInput,
  type TextInputProps,
  Title,
} from '@mantine/core';
import type { ReactNode } from 'react';
import type { EnrolmentProfile, EnrolmentRole } from '../../../../src/contracts/enrolments.contracts.ts';
import type { Skill } from '../../../../src/contracts/skills.contracts.ts';
import { LabelledSegmentedControl } from '../../../components/labelled-segmented-control.tsx';
import type { FormState } from '../../../lib/form-state.ts';

/*
 * The fields of a mentoring profile, each written once: the enrolment form ("Your profile") and "My profile" lay them
 * out differently but show the same label, description, choices and limits. Import as a namespace
 * (`import * as Fields`): `<Fields.Skills … />`, `<Fields.Section … />`, `Fields.bound(form, 'skills')`.
 */

const learningStyles: { value: NonNullable<EnrolmentProfile['learningStyle']>; label: string }[] = [
  { value: 'visual', label: 'Visual — diagrams, demos' },
  { value: 'auditory', label: 'Auditory — talking it through' },
  { value: 'reading', label: 'Reading — notes and articles' },
  { value: 'kinesthetic', label: 'Hands-on — doing it together' },
];
const meetingModes: { value: NonNullable<EnrolmentProfile['meetingMode']>; label: string }[] = [
  { value: 'video', label: 'Video call' },
  { value: 'in_person', label: 'In person' },
  { value: 'phone', label: 'Phone' },
  { value: 'chat', label: 'Chat' },
  { value: 'any', label: 'No preference' },
];
const languages = [
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
const departmentPreferences: { value: EnrolmentProfile['departmentPreference']; label: string }[] = [
  { value: 'any', label: 'Any department' },
  { value: 'same', label: 'My department' },
  { value: 'different', label: 'Another department' },
];
const skillsNoteLabel = 'Anything else about skills';
const capacityLimits = { min: 1, max: 20 } as const;

/** A field drawn from its value: what it shows, what to do with a new value, and the error to show under it. */
interface Controlled<V> {
  value: V;
  onChange: (value: V) => void;
  error?: string;
}

/** What `form.text(key)` gives a text field. */
type TextBinding = ReturnType<FormState<Record<string, unknown>>['text']>;

/** The value and change handler of one of a form's fields, for the controlled fields below. */
export function bound<T extends Record<string, unknown>, K extends keyof T & string>(
  form: FormState<T>,
  key: K,
): Controlled<T[K]> {
  return { value: form.values[key], onChange: (value: T[K]) => form.setField(key, value) };
}

/** A bordered section of the profile with its heading and, if given, a line saying what it is for. */
export function Section({
  headingId,
  title,
  description,
  children,
}: {
  headingId: string;
  title: string;
  description?: string;
  children: ReactNode;
}) {
  return (
    <Paper withBorder p="lg" component="section" aria-labelledby={headingId}>
      <Title order={2} size="h4" id={headingId} mb={description ? undefined : 'md'}>
        {title}
      </Title>
      {description && (
        <Text size="sm" c="dimmed" mb="md">
          {description}
        </Text>
      )}
      {children}
    </Paper>
  );
}

/** The skills a mentee wants to develop, or a mentor can help with, from the organisation's list. */
export function Skills({
  role,
  skills,
  noteBelow = false,
  ...field
}: Controlled<string[]> & {
  role: EnrolmentRole;
  /** The organisation's skills vocabulary (undefined while it loads). */
  skills: Skill[] | undefined;
  /** Whether the skills note comes right below (its place in the enrolment form). */
  noteBelow?: boolean;
}) {
  return (
    <MultiSelect
      label={role === 'mentor' ? 'Skills you can help with' : 'Skills you want to develop'}
      description="Choose from your organisation’s list"
      data={(skills ?? []).map((skill) => ({ value: skill.name, label: skill.name }))}
      {...field}
      searchable
      clearable
      maxValues={30}
      nothingFoundMessage={
        noteBelow
          ? 'No such skill — describe it below'
          : `No such skill — describe it under “${skillsNoteLabel}”`
      }
    />
  );
}

/** Skills outside the organisation's list, in the person's own words. */
export function SkillsNote({ mt, ...field }: TextBinding & Pick<TextInputProps, 'mt'>) {
  return <TextInput mt={mt} label={skillsNoteLabel} description="Optional, in your own words" {...field} />;
}

/** A mentee's career goals, or what a mentor can help with. */
export function Goals({ role, ...field }: TextBinding & { role: EnrolmentRole }) {
  return (
    <Textarea
      label={role === 'mentor' ? 'What you can help with' : 'Your career goals'}
      description={
        role === 'mentor'
          ? 'Experiences, transitions, areas you know well'
          : 'Where you want to be in one to three years, and what is in the way'
      }
      autosize
      minRows={3}
      {...field}
    />
  );
}

/** The job function a mentee aims for. */
export function TargetFunction(field: TextBinding) {
  return <TextInput label="Job function you aim for" placeholder="e.g. Product management" {...field} />;
}

export function LearningStyle(field: Controlled<string | null>) {
  return (
    <Select
      label="How you learn best"
      placeholder="Choose a style"
      data={learningStyles}
      {...field}
      clearable
    />
  );
}

export function MeetingMode(field: Controlled<string | null>) {
  return (
    <Select
      label="Preferred way to meet"
      placeholder="Choose a way to meet"
      data={meetingModes}
      {...field}
      clearable
    />
  );
}

export function Languages(field: Controlled<string[]>) {
  return <TagsInput label="Languages" data={languages} {...field} clearable />;
}

export function Availability(field: TextBinding) {
  return <TextInput label="Availability" placeholder="e.g. Tuesday and Thursday afternoons" {...field} />;
}

/** Where a mentee would like their mentor to come from. */
export function DepartmentPreference({
  labelId,
  value,
  onChange,
}: Controlled<EnrolmentProfile['departmentPreference']> & { labelId: string }) {
  return (
    <LabelledSegmentedControl
      labelId={labelId}
      label="A mentor from"
      value={value}
      onChange={(choice) => onChange(choice as EnrolmentProfile['departmentPreference'])}
      data={departmentPreferences}
      w="fit-content"
    />
  );
}

/** How many mentees a mentor takes in this program, which suggests a number. */
export function ProgramCapacity({ suggested, value, onChange }: Controlled<number> & { suggested: number }) {
  return (
    <NumberInput
      label="Mentees you can take"
      description={`The program suggests ${suggested}`}
      {...capacityLimits}
      value={value}
      onChange={(next) => onChange(Number(next) || 1)}
    />
  );
}

/** How many mentees a mentor usually takes; empty takes each program's suggestion. */
export function UsualCapacity({ value, onChange, error }: Controlled<number | string>) {
  return (
    <NumberInput
      label="Mentees you usually take"
      description="Leave empty to take what each program suggests"
      {...capacityLimits}
      value={value}
      onChange={(next) => onChange(next === '' ? '' : Number(next))}
      error={error}
      w={260}
    />
  );
}
