import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  BulkEnrolmentInput,
  BulkEnrolmentResult,
  Enrolment,
  EnrolmentDecision,
  EnrolmentDecisionsInput,
  EnrolmentDecisionsResult,
  EnrolmentImportPreview,
  EnrolmentInput,
  EnrolmentListQuery,
  EnrolmentListResponse,
  EnrolmentStatus,
  EnrolmentUpdate,
  MyEnrolmentsResponse,
} from '../../../../src/contracts/enrolments.contracts.ts';
import { api } from '../../../lib/api.ts';
import { homeKeys } from '../../home/api/home.api.ts';
import { programKeys } from '../../programs/api/programs.api.ts';

export const enrolmentKeys = {
  all: ['enrolments'] as const,
  program: (programId: string, query: Partial<EnrolmentListQuery>) =>
    ['enrolments', 'program', programId, query] as const,
  mine: ['enrolments', 'mine'] as const,
};

export function useProgramEnrolments(programId: string, query: Partial<EnrolmentListQuery>) {
  return useQuery({
    queryKey: enrolmentKeys.program(programId, query),
    queryFn: ({ signal }) =>
      api<EnrolmentListResponse>(`/programs/${programId}/enrolments`, { query, signal }),
    placeholderData: keepPreviousData,
  });
}

export function useMyEnrolments() {
  return useQuery({
    queryKey: enrolmentKeys.mine,
    queryFn: ({ signal }) =>
      api<MyEnrolmentsResponse>('/me/enrolments', { signal }).then((data) => data.items),
  });
}

function useInvalidate() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: enrolmentKeys.all }),
      queryClient.invalidateQueries({ queryKey: programKeys.all }),
      queryClient.invalidateQueries({ queryKey: homeKeys.all }),
    ]);
}

export function useEnrol(programId: string) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (input: EnrolmentInput) =>
      api<Enrolment>(`/programs/${programId}/enrolments`, { method: 'POST', body: input }),
    onSuccess: invalidate,
  });
}

export function useUpdateEnrolment(id: string) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (input: EnrolmentUpdate) =>
      api<Enrolment>(`/enrolments/${id}`, { method: 'PATCH', body: input }),
    onSuccess: invalidate,
  });
}

export type EnrolmentAction = 'approve' | 'reject' | 'withdraw';

export function useEnrolmentAction() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ id, action, reason }: EnrolmentDecision & { id: string; action: EnrolmentAction }) =>
      api<Enrolment>(`/enrolments/${id}/${action}`, { method: 'POST', body: reason ? { reason } : {} }),
    onSuccess: invalidate,
  });
}

export function useBulkEnrol(programId: string) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (input: BulkEnrolmentInput) =>
      api<BulkEnrolmentResult>(`/programs/${programId}/enrolments/bulk`, { method: 'POST', body: input }),
    onSuccess: invalidate,
  });
}

/** Check an enrolment CSV without writing: who would be added, who is enrolled already, the problems by line. */
export function usePreviewEnrolmentCsv(programId: string) {
  return useMutation({
    mutationFn: (csv: string) =>
      api<EnrolmentImportPreview>(`/programs/${programId}/enrolments/import/preview`, {
        method: 'POST',
        body: csv,
        contentType: 'text/csv',
      }),
  });
}

/** Enrol the people of a CSV, all or nothing (after its preview). */
export function useImportEnrolmentCsv(programId: string) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (csv: string) =>
      api<BulkEnrolmentResult>(`/programs/${programId}/enrolments/import`, {
        method: 'POST',
        body: csv,
        contentType: 'text/csv',
      }),
    onSuccess: invalidate,
  });
}

/** Approve, reject or waitlist many enrolments at once; a dry run only reports (and changes nothing). */
export function useDecideEnrolments(programId: string) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (input: EnrolmentDecisionsInput) =>
      api<EnrolmentDecisionsResult>(`/programs/${programId}/enrolments/decisions`, {
        method: 'POST',
        body: input,
      }),
    onSuccess: (result) => (result.dryRun ? undefined : invalidate()),
  });
}

export const enrolmentStatusLabel: Record<EnrolmentStatus, string> = {
  pending_approval: 'Awaiting approval',
  approved: 'Approved',
  waitlisted: 'Waitlisted',
  rejected: 'Rejected',
  withdrawn: 'Withdrawn',
};
export const enrolmentStatusColor: Record<EnrolmentStatus, string> = {
  pending_approval: 'orange',
  approved: 'trellis',
  waitlisted: 'blue',
  rejected: 'red',
  withdrawn: 'gray',
};
