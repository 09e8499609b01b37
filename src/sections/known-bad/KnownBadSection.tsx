import { NotBuiltYet, Section } from '../../app/Section';

/** Cell 3. */
export function KnownBadSection() {
  return (
    <Section id="known-bad" number={3} title="Known bad" status="empty">
      <NotBuiltYet what="importing known-bad events and IOC lists, the seeded generator and class balancing" />
    </Section>
  );
}
