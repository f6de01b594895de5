import {
  LoadingState,
  type DataQueryRequest,
  type DataQueryResponse,
  type DataSourceApi,
  type PanelData,
} from '@grafana/data';
import { toDataQueryError } from '@grafana/runtime';
import { Observable, catchError, from, isObservable, map, of, startWith } from 'rxjs';

/**
 * Grafana's runRequest: emits Loading, then Done with the datasource's frames or Error with the datasource's error.
 * Streaming responses (several emissions) pass through as they arrive.
 */
export function runRequest(
  datasource: DataSourceApi,
  request: DataQueryRequest,
  queryFunction?: DataSourceApi['query']
): Observable<PanelData> {
  const timeRange = request.range;
  const query = queryFunction ?? datasource.query.bind(datasource);
  const loading: PanelData = { state: LoadingState.Loading, series: [], timeRange, request };
  let response$: Observable<DataQueryResponse>;
  try {
    const result = query(request);
    response$ = isObservable(result) ? result : from(result);
  } catch (error) {
    response$ = new Observable((subscriber) => subscriber.error(error));
  }
  return response$.pipe(
    map((response): PanelData => ({
      state: response.error ? LoadingState.Error : (response.state ?? LoadingState.Done),
      series: response.data,
      error: response.error,
      errors: response.errors ?? (response.error ? [response.error] : undefined),
      timeRange,
      request,
    })),
    catchError((error: unknown) => {
      const dataError = toDataQueryError(error);
      return of<PanelData>({
        state: LoadingState.Error,
        series: [],
        error: dataError,
        errors: [dataError],
        timeRange,
        request,
      });
    }),
    startWith(loading)
  );
}
