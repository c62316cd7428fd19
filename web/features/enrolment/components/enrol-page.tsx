import '../../programs/components/programs.css';
import { Alert, Anchor, Button, Group, Stack } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconUserCircle } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import type {
  AnswersInput,
  Enrolment,
  EnrolmentRole,
} from '../../../../src/contracts/enrolments.contracts.ts';
import type { MentoringProfile } from '../../../../src/contracts/mentoring-profiles.contracts.ts';
import { useFormState } from '../../../lib/form-state.ts';
import { useProgram, useQuestions, useSkills } from '../../programs/api/programs.api.ts';
import { useMe } from '../../session/api/session.api.ts';
import { PageBreadcrumbs } from '../../shell/components/page-breadcrumbs.tsx';
import { PageHeader } from '../../shell/components/page-header.tsx';
import { EmptyState, ErrorState, FormError, LoadingState } from '../../shell/components/states.tsx';
import { useEnrol, useMyEnrolments, useUpdateEnrolment } from '../api/enrolment.api.ts';
import { useMyMentoringProfile } from '../api/mentoring-profile.api.ts';
import {
  initialProfileValues,
  type ProfileValues,
  toProfileInput,
  unansweredQuestions,
} from './enrol-form-values.ts';
import { EnrolProfileFields } from './enrol-profile-fields.tsx';
import { EnrolRoleChoice } from './enrol-role-choice.tsx';
import { isBlankProfile, prefilledProfileValues, roleFieldsFromProfile } from './profile-prefill.ts';
import { ProgramQuestions } from './program-questions.tsx';

/** Joining a program: the form starts from the person's own profile (issue 13 §3). */
export function EnrolPage() {
  const linked = Boolean(useMe().data?.personId);
  const profile = useMyMentoringProfile(linked);
  if (linked && profile.isPending) return <LoadingState label="Loading your profile…" />;
  return <EnrolForm prefill={profile.data} />;
}

/** A person's own enrolment, to complete or change their profile and answers. */
export function EditEnrolmentPage() {
  const { enrolmentId = '' } = useParams();
  const mine = useMyEnrolments();
  // Staff may have enrolled them with nothing said (a profile reminder links here): start from their profile.
  const profile = useMyMentoringProfile(Boolean(useMe().data?.personId));
  if (mine.isPending || (profile.isPending && profile.fetchStatus !== 'idle'))
    return <LoadingState label="Loading your enrolment…" />;
  if (mine.isError) return <ErrorState error={mine.error} onRetry={() => mine.refetch()} />;
  const existing = mine.data.find((enrolment) => enrolment.id === enrolmentId);
  if (!existing) {
    return (
      <EmptyState
        order={1}
        title="This enrolment was not found"
        description="It may have been withdrawn. Your programs are listed under Mentoring."
      />
    );
  }
  return <EnrolForm key={existing.id} existing={existing} prefill={profile.data} />;
}

function EnrolForm({ existing, prefill }: { existing?: Enrolment; prefill?: MentoringProfile }) {
  const { id: routeId = '' } = useParams();
  const id = existing?.programId ?? routeId;
  const [params, setParams] = useSearchParams();
  const role: EnrolmentRole = existing?.role ?? (params.get('role') === 'mentor' ? 'mentor' : 'mentee');
  const update = useUpdateEnrolment(existing?.id ?? '');
  const program = useProgram(id);
  const questions = useQuestions(id);
  const skills = useSkills();
  const enrol = useEnrol(id);
  const navigate = useNavigate();
  const [answers, setAnswers] = useState<AnswersInput>(existing?.answers ?? {});
  const [answerErrors, setAnswerErrors] = useState<Record<string, string>>({});
  // A new enrolment starts from the profile; so does one staff made with nothing said yet.
  const fromProfile =
    prefill !== undefined &&
    (existing === undefined || (prefill.source !== 'none' && isBlankProfile(existing.profile)));
  const form = useFormState<ProfileValues>(
    fromProfile
      ? prefilledProfileValues(role, prefill, existing?.capacity)
      : initialProfileValues(role, existing),
  );
  const prefilled = fromProfile && prefill.source !== 'none';

  if (program.isPending) return <LoadingState label="Loading the program…" />;
  if (program.isError) return <ErrorState error={program.error} onRetry={() => program.refetch()} />;
  const data = program.data;
  const myQuestions = (questions.data ?? []).filter((q) => q.audience === 'both' || q.audience === role);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const missing = unansweredQuestions(myQuestions, answers);
    setAnswerErrors(missing);
    if (Object.keys(missing).length > 0) return;
    const profile = toProfileInput(form.values, role);
    if (existing) {
      update.mutate(
        { profile, answers },
        {
          onSuccess: () => {
            notifications.show({ color: 'trellis', message: `Your profile in ${data.name} is saved.` });
            navigate('/mentoring');
          },
          onError: (error) => {
            form.fail(error);
            window.scrollTo({ top: 0, behavior: 'smooth' });
          },
        },
      );
      return;
    }
    enrol.mutate(
      { role, profile, answers },
      {
        onSuccess: (enrolment) => {
          notifications.show({
            color: 'trellis',
            title: `You joined ${data.name}`,
            message:
              enrolment.status === 'pending_approval'
                ? 'The program team will approve your enrolment.'
                : enrolment.status === 'waitlisted'
                  ? 'You are on the waitlist; you will be told when a place opens.'
                  : `You are enrolled as a ${role}.`,
          });
          navigate('/mentoring');
        },
        onError: (error) => {
          form.fail(error);
          window.scrollTo({ top: 0, behavior: 'smooth' });
        },
      },
    );
  };

  return (
    <>
      <PageBreadcrumbs links={[{ to: '/mentoring', label: 'Mentoring' }]} current={data.name} />
      <PageHeader
        title={existing ? `Your profile in ${data.name}` : `Join ${data.name}`}
        description={data.description || 'Tell the program about yourself so it can find you a good match.'}
      />
      <form onSubmit={onSubmit} noValidate>
        <Stack gap="lg" maw={860}>
          <FormError message={form.formError} />
          {!existing && (
            <EnrolRoleChoice
              role={role}
              onChange={(value) => {
                setParams({ role: value }, { replace: true });
                // Mentor and mentee say different things: take this role's from the profile.
                if (prefill)
                  form.setValues((current) => ({ ...current, ...roleFieldsFromProfile(value, prefill) }));
              }}
            />
          )}
          {prefilled && (
            <Alert variant="light" color="trellis" icon={<IconUserCircle aria-hidden="true" />}>
              Filled in from your profile. Change anything for this program: what you change here is kept as
              your profile too. You can also edit it on{' '}
              <Anchor component={Link} to="/profile" inherit>
                My profile
              </Anchor>
              .
            </Alert>
          )}

          <EnrolProfileFields
            form={form}
            role={role}
            skills={skills.data}
            suggestedCapacity={data.mentorDefaultCapacity}
          />

          {myQuestions.length > 0 && (
            <ProgramQuestions
              questions={myQuestions}
              answers={answers}
              errors={answerErrors}
              fallbackError={form.errors[`answers` as keyof ProfileValues]}
              onAnswer={(questionId, value) => {
                setAnswers((current) => ({ ...current, [questionId]: value }));
                setAnswerErrors((current) => ({ ...current, [questionId]: '' }));
              }}
            />
          )}
          <Group justify="flex-end">
            <Button variant="default" component={Link} to="/mentoring">
              Cancel
            </Button>
            <Button type="submit" loading={enrol.isPending || update.isPending} size="md">
              {existing ? 'Save profile' : `Join as a ${role}`}
            </Button>
          </Group>
        </Stack>
      </form>
    </>
  );
}
