import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type {
  DiversityQuery,
  DiversityReport,
  OutcomePrograms,
  OutcomesQuery,
  OutcomesReport,
  SkillsChangeReport,
} from '../../../../src/contracts/outcomes.contracts.ts';
import { api } from '../../../lib/api.ts';

export const outcomeKeys = {
  all: ['outcomes'] as const,
  programs: () => ['outcomes', 'programs'] as const,
  report: (query: Partial<OutcomesQuery>) => ['outcomes', 'report', query] as const,
  diversity: (query: Partial<DiversityQuery>) => ['outcomes', 'diversity', query] as const,
  skillsChange: (programId: string) => ['outcomes', 'skills-change', programId] as const,
};

/** The programs the caller may see outcomes of (admins: all, with "All programs"; coordinators: theirs). */
export function useOutcomePrograms() {
  return useQuery({
    queryKey: outcomeKeys.programs(),
    queryFn: ({ signal }) => api<OutcomePrograms>('/outcomes/programs', { signal }),
  });
}

export function useOutcomes(query: Partial<OutcomesQuery>, enabled = true) {
  return useQuery({
    queryKey: outcomeKeys.report(query),
    queryFn: ({ signal }) => api<OutcomesReport>('/outcomes', { query, signal }),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useDiversity(query: Partial<DiversityQuery>, enabled = true) {
  return useQuery({
    queryKey: outcomeKeys.diversity(query),
    queryFn: ({ signal }) => api<DiversityReport>('/outcomes/diversity', { query, signal }),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useSkillsChange(programId: string) {
  return useQuery({
    queryKey: outcomeKeys.skillsChange(programId),
    queryFn: ({ signal }) => api<SkillsChangeReport>(`/programs/${programId}/skills-change`, { signal }),
  });
}

/** The CSV download address of the diversity table for a query (the same figures, the same hidden cells). */
export function diversityCsvUrl(query: Partial<DiversityQuery>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query))
    if (value !== undefined && value !== '') params.set(key, String(value));
  return `/api/outcomes/diversity.csv?${params.toString()}`;
}

/** The CSV download address of a program's skills before and after. */
export function skillsChangeCsvUrl(programId: string): string {
  return `/api/programs/${programId}/skills-change.csv`;
}

/** The CSV download address of the outcomes report for a query. */
export function outcomesCsvUrl(query: Partial<OutcomesQuery>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query))
    if (value !== undefined && value !== '') params.set(key, String(value));
  return `/api/outcomes.csv?${params.toString()}`;
}
