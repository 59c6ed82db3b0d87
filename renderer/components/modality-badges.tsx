import type { ClipResult } from '../../preload/contract.ts';
import { percent } from '../format.ts';

const MODS = [
  ['text', 'Text', 'l'],
  ['audio', 'Voice', 'a'],
  ['visual', 'Face', 'v'],
] as const;

type State = 'usable' | 'unusable' | 'unused';

/** One badge per modality: usable, unusable (with the reason), or not used by this model. */
export function ModalityBadges({ result }: { result: ClipResult }) {
  return (
    <ul className="badges" aria-label="Modalities">
      {MODS.map(([key, name, short]) => {
        const m = result.modalities[key];
        const trained = result.model.trainedModalities.includes(short);
        const state: State = !trained ? 'unused' : m.usable ? 'usable' : 'unusable';
        const title = state === 'usable' ? 'usable' : state === 'unusable' ? 'unusable' : 'not used by this model';
        return (
          <li key={key} className={`badge ${state}`} data-modality={key} data-state={state}>
            <div className="badge-head">
              <span className="badge-dot" aria-hidden="true" />
              <strong>{name}</strong>
              <span className="badge-state">{title}</span>
            </div>
            <div className="badge-body">
              {state === 'unused' ? (
                <span>
                  Model {result.model.id} was not trained with {key}; it is fed as zeros.
                  {m.usable ? ' The clip has usable ' + key + '.' : m.reason ? ` (${m.reason})` : ''}
                </span>
              ) : m.usable ? (
                <span>coverage {percent(m.coverage)}</span>
              ) : (
                <span className="reason">{m.reason ?? 'no reason given'}</span>
              )}
            </div>
          </li>
        );
      })}
    </ul>
  );
}
