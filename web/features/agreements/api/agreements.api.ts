import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  AgreementTemplate,
  AgreementVersionView,
  PairAgreement,
} from '../../../../src/contracts/agreements.contracts.ts';
import type { AgreementContent } from '../../../../src/contracts/workspace-shapes.contracts.ts';
import { api } from '../../../lib/api.ts';
import { homeKeys } from '../../home/api/home.api.ts';
import { workspaceKeys } from '../../workspace/api/workspace.api.ts';

const agreementKeys = {
  template: (programId: string) => ['agreements', 'template', programId] as const,
  pair: (relationshipId: string) => ['agreements', 'pair', relationshipId] as const,
  version: (relationshipId: string, version: number) =>
    ['agreements', 'pair', relationshipId, version] as const,
};

export function useAgreementTemplate(programId: string) {
  return useQuery({
    queryKey: agreementKeys.template(programId),
    queryFn: ({ signal }) => api<AgreementTemplate>(`/programs/${programId}/agreement-template`, { signal }),
  });
}

export function useSaveAgreementTemplate(programId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (content: AgreementContent) =>
      api<AgreementTemplate>(`/programs/${programId}/agreement-template`, {
        method: 'PUT',
        body: { content },
      }),
    onSuccess: (data) => queryClient.setQueryData(agreementKeys.template(programId), data),
  });
}

export function usePairAgreement(relationshipId: string) {
  return useQuery({
    queryKey: agreementKeys.pair(relationshipId),
    queryFn: ({ signal }) => api<PairAgreement>(`/relationships/${relationshipId}/agreement`, { signal }),
  });
}

export function useAgreementVersion(relationshipId: string, version: number | null) {
  return useQuery({
    queryKey: agreementKeys.version(relationshipId, version ?? 0),
    queryFn: ({ signal }) =>
      api<AgreementVersionView>(`/relationships/${relationshipId}/agreement/versions/${version}`, { signal }),
    enabled: version !== null && version > 0,
  });
}

function useAgreementChange<T>(relationshipId: string, call: (input: T) => Promise<PairAgreement>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: call,
    onSuccess: (data) => {
      queryClient.setQueryData(agreementKeys.pair(relationshipId), data);
      // The workspace overview shows the agreement's status and the timeline; the home, an agreement to sign.
      return Promise.all([
        queryClient.invalidateQueries({ queryKey: workspaceKeys.all }),
        queryClient.invalidateQueries({ queryKey: homeKeys.all }),
      ]);
    },
  });
}

export function useSavePairAgreement(relationshipId: string) {
  return useAgreementChange(relationshipId, (content: AgreementContent) =>
    api<PairAgreement>(`/relationships/${relationshipId}/agreement`, { method: 'PUT', body: { content } }),
  );
}

export function useSignPairAgreement(relationshipId: string) {
  return useAgreementChange(relationshipId, (version: number) =>
    api<PairAgreement>(`/relationships/${relationshipId}/agreement/sign`, {
      method: 'POST',
      body: { version },
    }),
  );
}
