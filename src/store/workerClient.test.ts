import { describe, expect, it } from 'vitest';
import { workerErrorText } from './workerClient';

describe('workerErrorText', () => {
  it('keeps a real message', () => {
    expect(workerErrorText({ message: 'Uncaught RangeError: Array buffer allocation failed', filename: 'train.worker.js', lineno: 3 })).toBe(
      'RangeError: Array buffer allocation failed',
    );
  });

  it('never shows [object ErrorEvent]: says where the error came from instead', () => {
    const text = workerErrorText({ message: 'Uncaught [object ErrorEvent]', filename: 'http://127.0.0.1/assets/train.worker.js', lineno: 12 });
    expect(text).not.toContain('[object');
    expect(text).toBe('an error it could not describe at http://127.0.0.1/assets/train.worker.js line 12 (see the browser console)');
    expect(workerErrorText({ message: '', filename: 'blob:http://127.0.0.1/abc', lineno: 0 })).toBe(
      'an error it could not describe at a script it made (see the browser console)',
    );
  });
});
