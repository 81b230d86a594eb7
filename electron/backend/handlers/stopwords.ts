import type { StopwordsResults } from '../../../shared/ipc/channels/stopwords';
import { getStopwords, resetStopwords, setStopwords } from '../../services/analysis/stopwords';
import type { HandlerContext, HandlersFor } from './types';

/** Handlers of the stop-word channels (shared/ipc/channels/stopwords.ts). */
export function stopwordsHandlers({ need, changed }: HandlerContext): HandlersFor<keyof StopwordsResults> {
  return {
    'stopwords:get': ({ language }) => getStopwords(need(), language),
    // Word frequencies on show (and saved queries re-run) count differently now. There is no
    // narrower kind of change than 'project' for a list kept in the project file.
    'stopwords:set': ({ language, words }) =>
      changed('project', words === null ? resetStopwords(need(), language) : setStopwords(need(), language, words)),
  };
}
