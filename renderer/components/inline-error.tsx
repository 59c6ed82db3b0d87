/** An action's error, shown where it happened (role=alert so screen readers announce it). */
export function InlineError({ text, onDismiss }: { text: string | null; onDismiss?: () => void }) {
  if (!text) return null;
  return (
    <div className="inline-error" role="alert">
      <span>{text}</span>
      {onDismiss ? (
        <button type="button" className="ghost small" onClick={onDismiss} aria-label="Dismiss">
          ×
        </button>
      ) : null}
    </div>
  );
}
