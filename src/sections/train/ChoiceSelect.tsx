interface Props<T extends string> {
  /** Visible label, also the accessible name (unless `ariaLabel`). */
  label?: string;
  /** Accessible name when no label is shown (table cells). */
  ariaLabel?: string;
  value: T;
  /** Every choice, in the order shown. */
  choices: readonly T[];
  /** How each choice reads; the choice itself when absent. */
  labels?: Readonly<Record<T, string>>;
  onChange: (value: T) => void;
  disabled?: boolean;
}

/**
 * A <select> over a fixed list of string choices: the value handed on is always one of them
 * (found in the list, not cast), so the store never receives a string outside its type.
 */
export function ChoiceSelect<T extends string>({ label, ariaLabel, value, choices, labels, onChange, disabled }: Props<T>) {
  const select = (
    <select
      aria-label={ariaLabel}
      value={value}
      disabled={disabled}
      onChange={(e) => {
        const chosen = choices.find((choice) => choice === e.currentTarget.value);
        if (chosen !== undefined) onChange(chosen);
      }}
    >
      {choices.map((choice) => (
        <option key={choice} value={choice}>
          {labels?.[choice] ?? choice}
        </option>
      ))}
    </select>
  );
  if (label === undefined) return select;
  return (
    <div className="field">
      <label>
        {label}
        {select}
      </label>
    </div>
  );
}
