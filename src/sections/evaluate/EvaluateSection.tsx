import { NotBuiltYet, Section } from '../../app/Section';

/** Cell 6. */
export function EvaluateSection() {
  return (
    <Section id="evaluate" number={6} title="Evaluate" status="empty">
      <NotBuiltYet what="held-out metrics, honest splits, the leakage alarm and ranked suspicious events" />
    </Section>
  );
}
