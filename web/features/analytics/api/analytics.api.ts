import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  AnalyticsOverview,
  AnalyticsSettingsInput,
  AnalyticsSettingsView,
  DashboardTable,
  ProgramDashboard,
  ProgramDashboardQuery,
} from '../../../../src/contracts/analytics.contracts.ts';
import { api } from '../../../lib/api.ts';

export const analyticsKeys = {
  all: ['analytics'] as const,
  dashboard: (programId: string, query: ProgramDashboardQuery) =>
    ['analytics', 'dashboard', programId, query] as const,
  overview: ['analytics', 'overview'] as const,
  settings: ['analytics', 'settings'] as const,
};

/** Staff: the program dashboard for a period and cohort; the last answer stays on screen while filters change. */
export function useProgramDashboard(programId: string, query: ProgramDashboardQuery) {
  return useQuery({
    queryKey: analyticsKeys.dashboard(programId, query),
    queryFn: ({ signal }) =>
      api<ProgramDashboard>(`/programs/${programId}/dashboard`, { query: { ...query }, signal }),
    placeholderData: keepPreviousData,
  });
}

/** The address of one dashboard table as a CSV file, with the same period and cohort. */
export function dashboardCsvUrl(programId: string, query: ProgramDashboardQuery, table: DashboardTable) {
  const params = new URLSearchParams({ table });
  for (const [key, value] of Object.entries(query)) if (value) params.set(key, String(value));
  return `/api/programs/${programId}/dashboard.csv?${params.toString()}`;
}

/** The address of the organisation overview table as a CSV file (the same programs and figures). */
export const overviewCsvUrl = '/api/analytics/overview.csv';

/** Admins (every program) and coordinators (theirs): the organisation overview. */
export function useAnalyticsOverview(enabled = true) {
  return useQuery({
    queryKey: analyticsKeys.overview,
    queryFn: ({ signal }) => api<AnalyticsOverview>('/analytics/overview', { signal }),
    enabled,
  });
}

export function useAnalyticsSettings(enabled = true) {
  return useQuery({
    queryKey: analyticsKeys.settings,
    queryFn: ({ signal }) => api<AnalyticsSettingsView>('/analytics/settings', { signal }),
    enabled,
  });
}

/** Admin: change the smallest shown group; every analytics figure depends on it. */
export function useSaveAnalyticsSettings() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: AnalyticsSettingsInput) =>
      api<AnalyticsSettingsView>('/analytics/settings', { method: 'PUT', body: input }),
    onSuccess: () => client.invalidateQueries({ queryKey: analyticsKeys.all }),
  });
}
