import { useState } from 'react';
import { api } from '../api.ts';

/**
 * Drop files or folders here, or press Enter / click to pick files. Dropped File objects become
 * paths through window.api.files.pathOf (the preload's webUtils); main validates them.
 */
export function DropZone({ onPaths, onPick, onPickFolder, disabled }: { onPaths: (paths: string[]) => void; onPick: () => void; onPickFolder: () => void; disabled?: boolean }) {
  const [over, setOver] = useState(false);
  const onDrop = (e: React.DragEvent) => {
    e.preventDefault();
    setOver(false);
    const paths = [...e.dataTransfer.files].map((f) => api().files.pathOf(f)).filter((p) => p !== '');
    if (paths.length > 0) onPaths(paths);
  };
  return (
    <div
      className={`drop-zone${over ? ' over' : ''}`}
      data-testid="drop-zone"
      role="button"
      tabIndex={0}
      aria-disabled={disabled}
      aria-label="Drop video or audio files or folders here, or press Enter to choose files"
      onDragOver={(e) => {
        e.preventDefault();
        e.dataTransfer.dropEffect = 'copy';
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
      onClick={onPick}
      onKeyDown={(e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          onPick();
        }
      }}
    >
      <svg className="drop-icon" viewBox="0 0 24 24" aria-hidden="true">
        <path d="M12 3v12m0 0-4-4m4 4 4-4M4 17v2a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2v-2" />
      </svg>
      <strong>Drop clips or folders</strong>
      <span className="muted small">video or audio · or click to choose files</span>
      <button
        type="button"
        className="link"
        onClick={(e) => {
          e.stopPropagation();
          onPickFolder();
        }}
      >
        Choose a folder…
      </button>
    </div>
  );
}
