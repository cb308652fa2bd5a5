import { useCallback, useEffect, useRef, useState } from 'react';
import type { TadaDocumentNode } from 'gql.tada';
import { ApiError, request } from './client';

export interface QueryState<R> {
  data: R | undefined;
  error: ApiError | undefined;
  loading: boolean;
  reload: () => void;
}

// Runs a query when its variables change (compared as JSON); the last answer wins. A skipped
// query holds no data, and a change of `owner` (whose query it is, e.g. the session's token)
// drops the previous owner's answer at once rather than showing it until the new one arrives.
export function useQuery<R, V>(
  document: TadaDocumentNode<R, V>,
  variables: V,
  options: { skip?: boolean; owner?: string | null } = {},
): QueryState<R> {
  const [state, setState] = useState<{ data?: R; error?: ApiError; loading: boolean }>({ loading: !options.skip });
  const [owner, setOwner] = useState(options.owner ?? null);
  if (owner !== (options.owner ?? null)) {
    setOwner(options.owner ?? null);
    setState({ loading: !options.skip });
  }
  const [tick, setTick] = useState(0);
  const key = JSON.stringify(variables) + (options.owner ?? '');
  useEffect(() => {
    if (options.skip) {
      setState({ loading: false });
      return;
    }
    const abort = new AbortController();
    setState((s) => ({ ...s, loading: true }));
    request(document, variables, { signal: abort.signal }).then(
      (data) => setState({ data, loading: false }),
      (error: unknown) => {
        if (abort.signal.aborted) return;
        setState({ error: error instanceof ApiError ? error : new ApiError(String(error), 'NETWORK'), loading: false });
      },
    );
    return () => abort.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [document, key, tick, options.skip]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { data: state.data, error: state.error, loading: state.loading, reload };
}

// A mutation with its pending state and last error, for forms.
export function useMutation<R, V>(document: TadaDocumentNode<R, V>) {
  const [state, setState] = useState<{ pending: boolean; error?: ApiError }>({ pending: false });
  const mounted = useRef(true);
  useEffect(() => () => void (mounted.current = false), []);
  const run = useCallback(
    async (variables: V): Promise<R | undefined> => {
      setState({ pending: true });
      try {
        const data = await request(document, variables);
        if (mounted.current) setState({ pending: false });
        return data;
      } catch (err) {
        if (mounted.current) setState({ pending: false, error: err instanceof ApiError ? err : new ApiError(String(err), 'NETWORK') });
        return undefined;
      }
    },
    [document],
  );
  return { run, ...state };
}
