import { useId } from 'react';

interface Props {
  /** The button's text, also the input's accessible name (tests and screen readers find it by this). */
  label: string;
  onFiles: (files: File[]) => void;
  isPrimary?: boolean;
  isMultiple?: boolean;
  isDisabled?: boolean;
  accept?: string;
}

/**
 * A file input shown as a button. The input is cleared after each choice so choosing the same
 * file again opens it again.
 */
export function FileButton({ label, onFiles, isPrimary = false, isMultiple = true, isDisabled = false, accept }: Props) {
  const inputId = useId();
  return (
    <>
      <label htmlFor={inputId} className={`button${isPrimary ? ' primary' : ''}${isDisabled ? ' is-disabled' : ''}`}>
        {label}
      </label>
      <input
        id={inputId}
        className="visually-hidden-input"
        type="file"
        multiple={isMultiple}
        disabled={isDisabled}
        aria-label={label}
        {...(accept === undefined ? {} : { accept })}
        onChange={(event) => {
          const files = Array.from(event.currentTarget.files ?? []);
          event.currentTarget.value = '';
          if (files.length > 0) onFiles(files);
        }}
      />
    </>
  );
}
