import { useId, useState } from 'react';
import { isWithin, limitText, type Limit } from '../../formats/limits';

interface Props {
  /** Visible label, also the accessible name (unless `ariaLabel`). */
  label: string;
  /** Accessible name when the label is not shown (table cells). */
  ariaLabel?: string;
  value: number;
  limit: Limit;
  /** Called with every valid value typed. */
  onCommit: (value: number) => void;
  /** A further rule; returns why the value is refused, or null. */
  check?: (value: number) => string | null;
  step?: number | 'any';
  disabled?: boolean;
  className?: string;
}

/**
 * A number input that only hands valid values to the store: what is typed stays as typed, an
 * invalid entry is marked and explained, and the store keeps its last valid value meanwhile.
 */
export function NumberField({ label, ariaLabel, value, limit, onCommit, check, step, disabled, className }: Props) {
  const id = useId();
  const errorId = useId();
  const [text, setText] = useState(String(value));
  const [committed, setCommitted] = useState(value);
  // The store changed from elsewhere (a link, a reset): show its value.
  if (value !== committed) {
    setCommitted(value);
    setText(String(value));
  }
  const parsed = text.trim() === '' ? Number.NaN : Number(text);
  const error = !isWithin(parsed, limit) ? `Enter ${limitText(limit)}.` : (check?.(parsed) ?? null);
  return (
    <div className={`field ${className ?? ''}`}>
      {ariaLabel === undefined ? <label htmlFor={id}>{label}</label> : null}
      <input
        id={id}
        type="number"
        inputMode="decimal"
        min={limit.min}
        max={limit.max}
        step={step ?? (limit.isInteger ? 1 : 'any')}
        value={text}
        disabled={disabled}
        aria-label={ariaLabel}
        aria-invalid={error !== null}
        aria-describedby={error !== null ? errorId : undefined}
        onChange={(event) => {
          const next = event.currentTarget.value;
          setText(next);
          const number = next.trim() === '' ? Number.NaN : Number(next);
          if (isWithin(number, limit) && (check?.(number) ?? null) === null) {
            setCommitted(number);
            onCommit(number);
          }
        }}
      />
      {error !== null ? (
        <span id={errorId} className="field-error">
          {error}
        </span>
      ) : null}
    </div>
  );
}
