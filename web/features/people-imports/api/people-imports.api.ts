import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  CareerEventList,
  ImportField,
  ImportHistory,
  ImportMapping,
  ImportPreview,
  ImportResult,
} from '../../../../src/contracts/people-imports.contracts.ts';
import { api } from '../../../lib/api.ts';
import { peopleKeys } from '../../people/api/people.api.ts';

const importKeys = {
  all: ['imports'] as const,
  detail: (id: string | null) => ['imports', 'detail', id] as const,
  history: ['imports', 'history'] as const,
  careerHistory: ['imports', 'history', 'career_events'] as const,
  personCareer: (personId: string) => ['imports', 'person-career', personId] as const,
};

export const importFieldLabels: Record<ImportField, string> = {
  name: 'Full name',
  firstName: 'First name',
  lastName: 'Last name',
  email: 'Work email',
  hrisId: 'HRIS employee ID',
  title: 'Job title',
  department: 'Department',
  jobFunction: 'Job function',
  level: 'Level',
  managerEmail: "Manager's email",
  managerHrisId: "Manager's HRIS ID",
  location: 'Location',
  timeZone: 'Time zone',
  languages: 'Languages',
  hireDate: 'Hire date',
  status: 'Status (active / inactive)',
  exitType: 'Exit type (voluntary / involuntary)',
  gender: 'Gender (optional, self-declared)',
  ageBand: 'Age band (optional, self-declared)',
  ethnicity: 'Ethnicity (optional, self-declared)',
  disability: 'Disability (optional, self-declared)',
  caringResponsibilities: 'Caring responsibilities (optional, self-declared)',
};

export const importFields = Object.keys(importFieldLabels) as ImportField[];

export function usePreviewImport() {
  return useMutation({
    mutationFn: (csv: string) =>
      api<ImportPreview>('/people/imports/preview', { method: 'POST', body: csv, contentType: 'text/csv' }),
  });
}

interface StartImport {
  csv: string;
  mapping: ImportMapping;
  fileName: string;
  dryRun: boolean;
  /** YYYY-MM-DD: the day the file describes (promotions and moves it implies fall on it); empty for today. */
  effectiveOn?: string;
}

/** A dry run waits for its result; a real import answers at once and is then polled for progress. */
export function useStartImport() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ csv, mapping, fileName, dryRun, effectiveOn }: StartImport) =>
      api<ImportResult>('/people/imports', {
        method: 'POST',
        body: csv,
        contentType: 'text/csv',
        query: {
          dryRun,
          mapping: JSON.stringify(mapping),
          fileName,
          wait: dryRun,
          ...(effectiveOn ? { effectiveOn } : {}),
        },
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: importKeys.all }),
  });
}

export function useImportProgress(id: string | null) {
  const queryClient = useQueryClient();
  return useQuery({
    queryKey: importKeys.detail(id),
    queryFn: async () => {
      const result = await api<ImportResult>(`/people/imports/${id}`);
      if (result.status !== 'running') {
        void queryClient.invalidateQueries({ queryKey: peopleKeys.all });
        void queryClient.invalidateQueries({ queryKey: importKeys.history });
      }
      return result;
    },
    enabled: Boolean(id),
    refetchInterval: (query) => (query.state.data?.status === 'running' || !query.state.data ? 500 : false),
  });
}

export function useImportHistory() {
  return useQuery({
    queryKey: importKeys.history,
    queryFn: () =>
      api<ImportHistory>('/people/imports', { query: { pageSize: 10, kind: 'people' } }).then(
        (data) => data.items,
      ),
  });
}

export function useCareerImportHistory() {
  return useQuery({
    queryKey: importKeys.careerHistory,
    queryFn: () =>
      api<ImportHistory>('/people/imports', { query: { pageSize: 10, kind: 'career_events' } }).then(
        (data) => data.items,
      ),
  });
}

/**
 * Check (dry run) or import a career events file. A row-level rejection of a real import comes back as a 422 whose
 * details are the result: it is returned like a dry run's, so the page shows the rows to fix either way.
 */
export function useImportCareerEvents() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ csv, fileName, dryRun }: { csv: string; fileName: string; dryRun: boolean }) => {
      try {
        return await api<ImportResult>('/people/imports/career-events', {
          method: 'POST',
          body: csv,
          contentType: 'text/csv',
          query: { dryRun, fileName },
        });
      } catch (error) {
        const details = (error as { details?: unknown }).details as ImportResult | undefined;
        if (details && typeof details === 'object' && 'errors' in details) return details;
        throw error;
      }
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: importKeys.all }),
  });
}

/** A person's career history (admins only). */
export function usePersonCareerEvents(personId: string, enabled: boolean) {
  return useQuery({
    queryKey: importKeys.personCareer(personId),
    queryFn: () => api<CareerEventList>(`/people/${personId}/career-events`),
    enabled,
  });
}
