import type { CodeId, CoderId, CodingId, ProjectId, SourceId } from '../../../shared/domain/ids';
import type { Code, Coding, ProjectInfo, SourceDetail, SourceSummary } from '../../../shared/domain/types';
import type { ArgsOf, Channel, EventName, EventPayloads, ResultOf } from '../../../shared/ipc/contract';
import type { Result } from '../../../shared/ipc/result';
import type { MenuCommand, RendererBridge } from '../../../renderer/bridge/types';

let counter = 0;
/** A fresh UUID-shaped id (tests only: the real renderer never mints ids). */
export function testId<T extends string>(): T {
  counter += 1;
  return `00000000-0000-4000-8000-${counter.toString(16).padStart(12, '0')}` as T;
}

export function makeCode(overrides: Partial<Code> & Pick<Code, 'name'>): Code {
  return {
    id: testId<CodeId>(),
    parentId: null,
    path: overrides.name,
    color: '#0072b2',
    description: '',
    position: 0,
    depth: 0,
    segmentCount: 0,
    documentCount: 0,
    ...overrides,
  };
}

export const CODER_ID = testId<CoderId>();

export function makeCoding(sourceId: SourceId, codeId: CodeId, start: number, end: number): Coding {
  return {
    id: testId<CodingId>(),
    sourceId,
    codeId,
    start,
    end,
    coderId: CODER_ID,
    coderName: 'Researcher',
    createdAt: '2025-01-01T00:00:00.000Z',
    memo: '',
  };
}

export function makeSource(text: string, overrides: Partial<SourceDetail> = {}): SourceDetail {
  return {
    id: testId<SourceId>(),
    name: 'interview',
    kind: 'transcript',
    length: text.length,
    textHash: `hash-${text.length}`,
    importedAt: '2025-01-01T00:00:00.000Z',
    attributes: {},
    codingCount: overrides.codings?.length ?? 0,
    text,
    codings: [],
    structure: [],
    ...overrides,
  };
}

export function summaryOf(detail: SourceDetail): SourceSummary {
  const { text: _text, codings: _codings, structure: _structure, ...summary } = detail;
  return summary;
}

type Handler<C extends Channel> = (args: ArgsOf<C>) => ResultOf<C> | Result<ResultOf<C>>;
export type Handlers = { [C in Channel]?: Handler<C> };

export type FakeBridge = RendererBridge & {
  calls: { channel: Channel; args: unknown }[];
  emit<E extends EventName>(event: E, payload: EventPayloads[E]): void;
  menu(command: MenuCommand): void;
  callsTo(channel: Channel): unknown[];
};

function isResult(value: unknown): value is Result<unknown> {
  return (
    typeof value === 'object' && value !== null && 'ok' in value && typeof (value as { ok: unknown }).ok === 'boolean'
  );
}

/**
 * An in-memory bridge: answers each channel from `handlers` (a value, or a Result for
 * errors) and records every call, so tests can assert what the renderer asked the backend.
 * Channels without a handler answer with a `not-found` error value.
 */
export function fakeBridge(handlers: Handlers): FakeBridge {
  const calls: { channel: Channel; args: unknown }[] = [];
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const menuListeners = new Set<(command: MenuCommand) => void>();
  return {
    mode: 'browser',
    calls,
    callsTo: (channel) => calls.filter((call) => call.channel === channel).map((call) => call.args),
    async call<C extends Channel>(channel: C, args: ArgsOf<C>): Promise<Result<ResultOf<C>>> {
      calls.push({ channel, args });
      const handler = handlers[channel] as Handler<C> | undefined;
      if (!handler) return { ok: false, error: { code: 'not-found', message: `No handler for ${channel}` } };
      const answer = handler(args);
      return isResult(answer) ? (answer as Result<ResultOf<C>>) : { ok: true, value: answer as ResultOf<C> };
    },
    on(event, listener) {
      const set = listeners.get(event) ?? new Set();
      set.add(listener as (payload: unknown) => void);
      listeners.set(event, set);
      return () => set.delete(listener as (payload: unknown) => void);
    },
    onMenu(listener) {
      menuListeners.add(listener);
      return () => menuListeners.delete(listener);
    },
    emit(event, payload) {
      for (const listener of listeners.get(event) ?? []) listener(payload);
    },
    menu(command) {
      for (const listener of menuListeners) listener(command);
    },
  };
}

/** Resolves after pending promises and a macrotask (store actions chain several awaits). */
export function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** An open project as the backend describes it, for tests that start inside the workspace. */
export function makeProject(overrides: Partial<ProjectInfo> = {}): ProjectInfo {
  return {
    id: testId<ProjectId>(),
    name: 'Study',
    path: '/tmp/study.marginalia',
    createdAt: '2025-01-01T00:00:00.000Z',
    schemaVersion: 1,
    currentCoder: { id: CODER_ID, name: 'Researcher' },
    warnings: [],
    ...overrides,
  };
}
