import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
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
}

/** A dry run waits for its result; a real import answers at once and is then polled for progress. */
export function useStartImport() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ csv, mapping, fileName, dryRun }: StartImport) =>
      api<ImportResult>('/people/imports', {
        method: 'POST',
        body: csv,
        contentType: 'text/csv',
        query: { dryRun, mapping: JSON.stringify(mapping), fileName, wait: dryRun },
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
      api<ImportHistory>('/people/imports', { query: { pageSize: 10 } }).then((data) => data.items),
  });
}
