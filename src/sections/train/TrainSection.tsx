import { NotBuiltYet, Section } from '../../app/Section';

/** Cell 5. */
export function TrainSection() {
  return (
    <Section id="train" number={5} title="Train" status="empty">
      <NotBuiltYet what="the network settings, live loss curves and Stop" />
    </Section>
  );
}
