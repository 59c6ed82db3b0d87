import type { Progress } from '../core/context.ts';

/**
 * A one-line stage progress on stderr for interactive terminals (nothing when stderr is not a TTY,
 * so logs and CI output stay clean). Throttled to ~10 updates a second.
 */
export function stderrProgress(label: string): (p: Progress) => void {
  if (!process.stderr.isTTY) return () => {};
  let last = 0;
  return (p) => {
    const now = Date.now();
    if (now - last < 100) return;
    last = now;
    let text: string;
    switch (p.type) {
      case 'stage':
        text = `${p.stage}${p.fraction !== undefined ? ` ${(100 * p.fraction).toFixed(0)}%` : ''}${p.detail ? ` ${p.detail}` : ''}`;
        break;
      case 'download':
        text = `download ${p.file} ${(p.loaded / 1e6).toFixed(1)}${p.total ? `/${(p.total / 1e6).toFixed(1)}` : ''} MB`;
        break;
      case 'train-data':
        text = `data ${p.source}`;
        break;
      case 'train-stage':
        text = `${p.stage} ${p.status}`;
        break;
      case 'train-batch':
        text = `${p.stage} epoch ${p.epoch}/${p.epochs} step ${p.step}/${p.steps}`;
        break;
      case 'train-epoch':
        text = `${p.stage} epoch ${p.epoch}/${p.epochs} done`;
        break;
      case 'message':
        text = p.text;
        break;
      default: {
        const never: never = p;
        text = String(never);
      }
    }
    process.stderr.write(`\r\x1b[2K${label}: ${text}`.slice(0, (process.stderr.columns ?? 100) + 8));
  };
}
