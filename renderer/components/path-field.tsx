/** A path chosen with a native dialog: shown read-only with a Choose… button (no typing of paths). */
export function PathField({ label, value, onChoose, placeholder, testId }: { label: string; value: string | null; onChoose: () => void; placeholder?: string; testId?: string }) {
  return (
    <div className="path-field" data-testid={testId}>
      <span className="field-label">{label}</span>
      <span className={`path-value mono${value ? '' : ' muted'}`} title={value ?? ''}>
        {value ?? placeholder ?? 'not chosen'}
      </span>
      <button type="button" onClick={onChoose}>
        Choose…
      </button>
    </div>
  );
}
